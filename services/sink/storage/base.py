"""The storage contract every sink backend implements, plus row flattening.

Backends differ only in SQL dialect and driver; what goes into each column is
decided here once, so SQLite and PostgreSQL hold the same data and analysts can
move queries between them.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from contracts.models import Event


class StoreError(Exception):
    """A write or read failed; the batch should be retried later (e.g. DB down)."""


class RejectedEventError(StoreError):
    """The database refused the *data* (not the connection).

    Retrying the same event will fail forever, so the sink isolates it and sends
    it to the dead-letter topic instead of blocking the partition.
    """


class EventStore(abc.ABC):
    """Synchronous, idempotent event storage keyed by ``event_id``.

    Synchronous on purpose: both drivers (sqlite3, psycopg) are simplest and best
    tested in blocking mode, and the sink writes one batch at a time, so running
    ``write`` in a worker thread (``asyncio.to_thread``) costs nothing.
    """

    @abc.abstractmethod
    def open(self) -> None:
        """Connect and create the schema if missing. Idempotent."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection. Idempotent."""

    @abc.abstractmethod
    def write(self, events: Sequence[Event]) -> int:
        """Upsert ``events`` in one transaction; returns distinct rows written.

        Last write wins: a replayed ``event_id`` overwrites the row and its actor
        rows. Raises :class:`RejectedEventError` when the data itself is refused
        and :class:`StoreError` for anything else.
        """

    @abc.abstractmethod
    def count(self) -> int:
        """Number of stored events."""

    @abc.abstractmethod
    def get(self, event_id: str) -> Event | None:
        """The stored event, or None."""

    @abc.abstractmethod
    def query(
        self, article_id: str | None = None, event_type: str | None = None
    ) -> list[Event]:
        """Events filtered by article and/or type, ordered by article, date, id."""

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def dedupe_last(events: Sequence[Event]) -> list[Event]:
    """Keep only the last occurrence of each ``event_id``, in first-seen order.

    A batch can carry the same event twice (producer retry); writing both would
    violate the actor table's key, and "last write wins" says which one counts.
    """
    latest: dict[str, Event] = {}
    for event in events:
        latest[event.event_id] = event
    return list(latest.values())


def actors_summary(event: Event) -> list[dict[str, Any]]:
    """The compact actor list stored in ``events.actors`` (JSON)."""
    return [
        {"name": a.name, "role": a.role, "kind": a.kind, "country": a.country, "title": a.title}
        for a in event.actors
    ]


def event_columns(event: Event, stored_at: dt.datetime) -> dict[str, Any]:
    """Queryable columns of one event, as Python values (drivers adapt them)."""
    return {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "article_id": event.article_id,
        "article_url": event.article_url,
        "published_at": event.published_at,
        "event_date": event.date,
        "status": event.status,
        "project_name": event.project.name if event.project else None,
        "location_name": event.location.name if event.location else None,
        "location_country": event.location.country if event.location else None,
        "amount_value": event.amount.value if event.amount else None,
        "amount_currency": event.amount.currency if event.amount else None,
        "confidence": event.confidence,
        "schema_version": event.schema_version,
        "extracted_at": event.extracted_at,
        "stored_at": stored_at,
    }


EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_type",
    "article_id",
    "article_url",
    "published_at",
    "event_date",
    "status",
    "actors",
    "project_name",
    "location_name",
    "location_country",
    "amount_value",
    "amount_currency",
    "confidence",
    "schema_version",
    "extracted_at",
    "stored_at",
    "payload",
)

ACTOR_COLUMNS: tuple[str, ...] = ("event_id", "position", "name", "role", "kind", "country", "title")


def actor_rows(event: Event) -> list[tuple[Any, ...]]:
    """Rows for ``event_actors``; ``position`` keeps the article's actor order."""
    return [
        (event.event_id, i, a.name, a.role, a.kind, a.country, a.title)
        for i, a in enumerate(event.actors)
    ]


def payload_json(event: Event) -> str:
    """The full event as compact JSON, exactly what ``Event.model_validate_json`` reads back."""
    return event.model_dump_json()


def to_utc(ts: dt.datetime) -> dt.datetime:
    """Aware UTC datetime; naive values are taken to be UTC already."""
    if ts.tzinfo is None:
        return ts.replace(tzinfo=dt.timezone.utc)
    return ts.astimezone(dt.timezone.utc)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
