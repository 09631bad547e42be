"""Sink speed: events/s through the store (as the sink writes them) against a raw ``COPY`` of the same rows.

The measuring itself lives with the stores (``eventx.services.sink.storage.throughput``:
empty tables in a throw-away place, batches of the sink's default size, so the
figure includes the upsert planning the sink really does); this module picks
the events and lays out the ``sink`` section of ``eventx bench``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import Any

from eventx.contracts.models import Event
from eventx.services.sink.storage.throughput import measure_raw_copy, measure_sink


def replicate(events: Sequence[Event], n: int) -> list[Event]:
    """``n`` distinct events (fresh event and article ids) cycled from ``events``."""
    out = []
    for i in range(n):
        ev = events[i % len(events)]
        out.append(ev.model_copy(update={"event_id": f"bench{i:07d}", "article_id": f"{ev.article_id}~{i}"}))
    return out


def sink_speed(events: Sequence[Event], n: int, postgres_url: str | None) -> dict[str, Any]:
    """``sink``: SQLite and (given a server) PostgreSQL events/s, and PostgreSQL's ratio to a raw COPY."""
    work = replicate(events, n)
    with tempfile.TemporaryDirectory(prefix="eventx-bench-") as tmp:
        sqlite = measure_sink(f"sqlite:///{tmp}/sink.db", work)
    out: dict[str, Any] = {"sqlite_events_per_s": round(sqlite), "postgres_events_per_s": None,
                           "postgres_copy_events_per_s": None, "postgres_ratio_to_copy": None, "events": n}
    if postgres_url:
        pg = measure_sink(postgres_url, work)
        copy = measure_raw_copy(postgres_url, work)
        out.update(postgres_events_per_s=round(pg), postgres_copy_events_per_s=round(copy),
                   postgres_ratio_to_copy=round(pg / copy, 3))
    return out
