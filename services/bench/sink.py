"""Sink speed: events/s through the store (as the sink writes them) against a raw ``COPY`` of the same rows.

Both start from empty tables in a throw-away place (a temporary SQLite file, a
fresh PostgreSQL schema dropped afterwards), in batches of the sink's default
size, so the figure includes the upsert planning the sink really does.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Sequence
from typing import Any

from contracts.models import Event
from services.common.config import Settings

BATCH = Settings.model_fields["sink_batch_size"].default


def replicate(events: Sequence[Event], n: int) -> list[Event]:
    """``n`` distinct events (fresh event and article ids) cycled from ``events``."""
    out = []
    for i in range(n):
        ev = events[i % len(events)]
        out.append(ev.model_copy(update={"event_id": f"bench{i:07d}", "article_id": f"{ev.article_id}~{i}"}))
    return out


def measure_sink(db_url: str, events: Sequence[Event]) -> float:
    """Events/s written by the sink's store from an empty table."""
    from services.sink.storage import open_store

    with open_store(db_url) as store:
        started = time.perf_counter()
        for i in range(0, len(events), BATCH):
            store.apply(events[i:i + BATCH])
        return len(events) / (time.perf_counter() - started)


def measure_raw_copy(db_url: str, events: Sequence[Event]) -> float:
    """Events/s of a bare ``COPY`` of the same rows (events and actors) into unindexed tables."""
    import datetime as dt

    import psycopg
    from psycopg import sql
    from psycopg.types.json import Jsonb

    from services.sink.storage.base import ACTOR_COLUMNS, EVENT_COLUMNS, actor_rows, actors_summary, event_columns
    from services.sink.storage.postgres import split_postgres_url

    url, schema = split_postgres_url(db_url)
    now = dt.datetime.now(dt.timezone.utc)
    rows = []
    for ev in events:
        cols = event_columns(ev, now)
        cols["actors"], cols["payload"] = Jsonb(actors_summary(ev)), Jsonb(ev.model_dump(mode="json"))
        rows.append(tuple(cols[c] for c in EVENT_COLUMNS))
    actors = [row for ev in events for row in actor_rows(ev)]
    with psycopg.connect(url, autocommit=True) as conn:
        if schema:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        conn.execute("CREATE TABLE raw_events (LIKE events)")
        conn.execute("CREATE TABLE raw_actors (LIKE event_actors)")
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            for table, columns, data in (("raw_events", EVENT_COLUMNS, rows), ("raw_actors", ACTOR_COLUMNS, actors)):
                stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
                with cur.copy(stmt) as copy:
                    for row in data:
                        copy.write_row(row)
        return len(events) / (time.perf_counter() - started)


def sink_speed(events: Sequence[Event], n: int, postgres_url: str | None) -> dict[str, Any]:
    """``sink``: SQLite and (given a server) PostgreSQL events/s, and PostgreSQL's ratio to a raw COPY."""
    work = replicate(events, n)
    with tempfile.TemporaryDirectory(prefix="eventx-bench-") as tmp:
        sqlite = measure_sink(f"sqlite:///{tmp}/sink.db", work)
    out: dict[str, Any] = {"sqlite_events_per_s": round(sqlite), "postgres_events_per_s": None,
                           "postgres_copy_events_per_s": None, "postgres_ratio_to_copy": None, "events": n}
    if postgres_url:
        url = _schema_url(postgres_url, f"eventx_bench_{uuid.uuid4().hex[:10]}")
        try:
            pg = measure_sink(url, work)
            copy = measure_raw_copy(url, work)
        finally:
            _drop(url)
        out.update(postgres_events_per_s=round(pg), postgres_copy_events_per_s=round(copy),
                   postgres_ratio_to_copy=round(pg / copy, 3))
    return out


def _schema_url(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def _drop(url: str) -> None:
    from services.sink.storage.postgres import PostgresEventStore

    store = PostgresEventStore.from_url(url)
    store.open()
    try:
        store.drop_schema()
    finally:
        store.close()
