"""How fast the store writes, next to the fastest possible load of the same rows.

For ``eventx bench`` (issue 9: sink >= 0.8x a raw COPY into PostgreSQL, >=
30,000 events/s into SQLite, from an empty table). Both measurements start
from empty tables in a throw-away place (a fresh PostgreSQL schema, dropped
afterwards; for SQLite the file the URL names, which should be new) and
include turning events into rows: every sink has to do that.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


from eventx.contracts.models import Actor, Event, ExtractorInfo, Location, TextSpan

from . import make_store
from .base import ACTOR_COLUMNS, EVENT_COLUMNS, actor_rows, event_row
from .postgres import PostgresEventStore
from .schema import copy_sql

BATCH_SIZE = 200
"""Events per write: the sink's default batch (``EVENTX_SINK_BATCH_SIZE``)."""


@contextmanager
def _scratch(url: str) -> Iterator[str]:
    """``url`` itself (SQLite) or the same PostgreSQL database in a fresh schema, dropped after."""
    if not url.startswith("postgres"):
        yield url
        return
    sep = "&" if "?" in url else "?"
    scratch = f"{url}{sep}schema=eventx_bench_{uuid.uuid4().hex[:12]}"
    try:
        yield scratch
    finally:
        store = PostgresEventStore.from_url(scratch)
        store.open()
        store.drop_schema()
        store.close()


def _batches(events: Sequence[Event], size: int) -> Iterator[Sequence[Event]]:
    for start in range(0, len(events), size):
        yield events[start:start + size]


def measure_sink(url: str, events: Sequence[Event], batch_size: int = BATCH_SIZE) -> float:
    """Events/s of ``EventStore.apply`` writing ``events`` batch by batch into empty tables."""
    with _scratch(url) as target:
        store = make_store(target)
        store.open()
        try:
            started = time.perf_counter()
            for batch in _batches(events, batch_size):
                store.apply(batch)
            elapsed = time.perf_counter() - started
        finally:
            store.close()
    return len(events) / elapsed


def measure_raw_copy(url: str, events: Sequence[Event], batch_size: int = BATCH_SIZE) -> float:
    """Events/s of a bare ``COPY`` of the same rows (events and actors) into empty PostgreSQL tables.

    One transaction per batch like the sink, but no reads, no upsert, no checks:
    the ceiling any PostgreSQL sink can reach on this machine.
    """
    with _scratch(url) as target:
        store = PostgresEventStore.from_url(target)
        store.open()  # creates the tables through the migrations
        conn = store._connection()  # noqa: SLF001 - the measurement wants the bare driver
        try:
            started = time.perf_counter()
            for batch in _batches(events, batch_size):
                stored_at = dt.datetime.now(dt.timezone.utc)
                with conn.transaction(), conn.cursor() as cur:
                    with cur.copy(copy_sql("events", EVENT_COLUMNS)) as copy:
                        for e in batch:
                            copy.write_row(event_row(e, stored_at))
                    with cur.copy(copy_sql("event_actors", ACTOR_COLUMNS)) as copy:
                        for e in batch:
                            for row in actor_rows(e):
                                copy.write_row(row)
            elapsed = time.perf_counter() - started
        finally:
            store.close()
    return len(events) / elapsed


def synthetic_events(n: int, per_article: int = 4) -> list[Event]:
    """``n`` distinct, realistic-sized events (invented text), ``per_article`` to an article."""
    at = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    sentence = ("The foreign minister of Ruritania met his counterpart from Freedonia in the capital "
                "on Tuesday to discuss a loan for the northern port and a new rail link.")
    extractor = ExtractorInfo(version="bench", model="en_core_web_sm-3.8.0")
    return [
        Event(
            event_id=f"bench-{i:08d}", event_type="meeting", article_id=f"bench-article-{i // per_article:07d}",
            article_url=f"https://news.example.org/{i // per_article}", published_at=at.date(), date=at.date(),
            actors=[Actor(name="Ann Example", role="participant", kind="person", country="USA", title="Minister"),
                    Actor(name="Bo Sample", role="participant", kind="person", country="CAN", title="Minister")],
            location=Location(name="Capital City", country="USA"), trigger=TextSpan(text="met", start=40, end=43),
            evidence=[TextSpan(text=sentence, start=0, end=len(sentence))], cameo="040", plover="CONSULT",
            confidence=0.9, extractor=extractor, extracted_at=at,
        )
        for i in range(n)
    ]
