"""The storage contract every sink backend implements, plus row flattening.

Backends differ only in SQL dialect and driver; what goes into each column is
decided here once, so SQLite and PostgreSQL hold the same data and analysts can
move queries between them.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from pydantic import TypeAdapter

from eventx.contracts.models import Actor, ArticleManifest, Event
from eventx.services.sink.reconcile import Plan, StoredEvent, StoredManifest, plan_batch

Tx = TypeVar("Tx")
T = TypeVar("T")


class StoreError(Exception):
    """A write or read failed; the batch should be retried later (e.g. DB down)."""


class RejectedEventError(StoreError):
    """The database refused the *data* (not the connection).

    Retrying the same event will fail forever, so the sink isolates it and sends
    it to the dead-letter topic instead of blocking the partition.
    """


class EventStore(abc.ABC, Generic[Tx]):
    """Synchronous, idempotent event storage keyed by ``event_id``.

    Synchronous on purpose: both drivers (sqlite3, psycopg) are simplest and best
    tested in blocking mode, and the sink writes one batch at a time, so running
    ``apply`` in a worker thread (``asyncio.to_thread``) costs nothing.

    ``apply`` is written once here: read what the store holds for the batch,
    let :func:`plan_batch` decide, execute the plan, all in one transaction.
    Backends provide the transaction (``_in_transaction``, which also turns
    driver errors into :class:`RejectedEventError` or :class:`StoreError`) and
    the primitive reads and writes on its handle ``Tx``.
    """

    dialect: str  # "sqlite" | "postgresql": picks the SQL in schema.py
    _ph: str  # the driver's parameter placeholder
    applied_migrations: list[str]
    """Schema migrations this store applied when it connected (``migrate.py``), oldest first."""

    @abc.abstractmethod
    def open(self) -> None:
        """Connect and apply pending schema migrations. Idempotent."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection. Idempotent."""

    @abc.abstractmethod
    def _in_transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one transaction; classify failures (data vs. database)."""

    @abc.abstractmethod
    def _stored_events(self, tx: Tx, event_ids: list[str], article_ids: list[str]) -> dict[str, StoredEvent]:
        """Stored events with one of ``event_ids`` or of one of ``article_ids``."""

    @abc.abstractmethod
    def _stored_manifests(self, tx: Tx, article_ids: list[str]) -> dict[str, StoredManifest]:
        """Current manifests of ``article_ids``."""

    @abc.abstractmethod
    def _execute(self, tx: Tx, plan: Plan, stored_at: dt.datetime) -> None:
        """Delete, upsert (events and their actor rows) and save manifests as planned."""

    @abc.abstractmethod
    def _fetch(self, query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (our own constant SQL)."""

    def _lock_articles(self, tx: Tx, article_ids: list[str]) -> None:
        """Serialise concurrent batches touching the same articles (no-op where writes are serial)."""

    def _read_stored(self, tx: Tx, event_ids: list[str], article_ids: list[str]
                     ) -> tuple[dict[str, StoredEvent], dict[str, StoredManifest]]:
        """Lock the articles, then read what the plan needs: stored events and manifests."""
        self._lock_articles(tx, article_ids)
        return self._stored_events(tx, event_ids, article_ids), self._stored_manifests(tx, article_ids)

    def apply(self, events: Sequence[Event], manifests: Sequence[ArticleManifest] = ()) -> Plan:
        """Apply events and manifests in one transaction; the plan says what happened to each.

        Raises :class:`RejectedEventError` when the data itself is refused and
        :class:`StoreError` for anything else (nothing is then written).
        """
        if not events and not manifests:
            return Plan()
        event_ids = sorted({e.event_id for e in events})
        article_ids = sorted({e.article_id for e in events} | {m.article_id for m in manifests})
        stored_at = dt.datetime.now(dt.timezone.utc)

        def work(tx: Tx) -> Plan:
            stored_events, stored_manifests = self._read_stored(tx, event_ids, article_ids)
            plan = plan_batch(events, manifests, stored_events, stored_manifests)
            self._execute(tx, plan, stored_at)
            return plan

        return self._in_transaction(work)

    def write(self, events: Sequence[Event]) -> int:
        """Upsert ``events`` (``apply`` without manifests); returns distinct rows written."""
        return len(self.apply(events).upserts)

    def ping(self) -> None:
        """Raise :class:`StoreError` unless the database answers (readiness)."""
        self._fetch("SELECT 1", ())

    def count(self) -> int:
        """Number of stored events."""
        ((n,),) = self._fetch("SELECT COUNT(*) FROM events", ())
        return int(n)

    def get(self, event_id: str) -> Event | None:
        """The stored event, or None."""
        rows = self._fetch(f"SELECT payload FROM events WHERE event_id = {self._ph}", (event_id,))
        return self._event(rows[0][0]) if rows else None

    def query(
        self, article_id: str | None = None, event_type: str | None = None
    ) -> list[Event]:
        """Events filtered by article and/or type, ordered by article, date, id."""
        from . import schema

        params = [p for p in (article_id, event_type) if p is not None]
        rows = self._fetch(schema.select_payload_sql(self.dialect, article_id, event_type), params)
        return [self._event(r[0]) for r in rows]

    def manifest(self, article_id: str) -> StoredManifest | None:
        """The manifest currently applied to ``article_id``, or None."""
        return self._stored_manifest_rows(
            self._fetch(f"SELECT article_id, extracted_at, event_ids FROM article_manifests "
                        f"WHERE article_id = {self._ph}", (article_id,))
        ).get(article_id)

    @staticmethod
    def _event(payload: Any) -> Event:
        return Event.model_validate_json(payload) if isinstance(payload, str) else Event.model_validate(payload)

    @staticmethod
    def _timestamp(value: Any) -> dt.datetime:
        return to_utc(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)

    @classmethod
    def _stored_event_rows(cls, rows: Sequence[tuple[Any, ...]]) -> dict[str, StoredEvent]:
        return {r[0]: StoredEvent(r[1], r[2], cls._timestamp(r[3])) for r in rows}

    @classmethod
    def _stored_manifest_rows(cls, rows: Sequence[tuple[Any, ...]]) -> dict[str, StoredManifest]:
        return {
            r[0]: StoredManifest(cls._timestamp(r[1]), frozenset(json.loads(r[2]) if isinstance(r[2], str) else r[2]))
            for r in rows
        }

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


_ACTOR_LIST = TypeAdapter(list[Actor])
_ACTOR_JSON = _ACTOR_LIST.serializer.to_json
_EVENT_JSON = Event.__pydantic_serializer__.to_json


def actors_json(event: Event) -> str:
    """The compact actor list stored in ``events.actors``: name, role, kind, country, title.

    Serialised by pydantic's core in one call (no Python wrapper: this runs once
    per stored event), exactly as the actors appear in the payload.
    """
    return _ACTOR_JSON(event.actors).decode()


def _same(value: Any) -> Any:
    return value


def event_row(event: Event, stored_at: Any, when: Callable[[Any], Any] = _same) -> tuple[Any, ...]:
    """The ``events`` row of one event in :data:`EVENT_COLUMNS` order.

    Built as one tuple with no intermediate dict: this runs once per stored
    event and is most of the sink's Python time. ``when`` converts the dates
    and timestamp for drivers without date types (``stored_at`` is passed as given).
    """
    loc, amount, project = event.location, event.amount, event.project
    return (
        event.event_id, event.event_type, event.article_id, event.article_url, when(event.published_at),
        when(event.date), event.status, actors_json(event), project.name if project else None, loc.name if loc else None,
        loc.country if loc else None, amount.value if amount else None, amount.currency if amount else None,
        event.confidence, event.schema_version, event.extractor.version, when(event.extracted_at), stored_at,
        payload_json(event),
    )


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
    "extractor_version",
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


def manifest_columns(manifest: ArticleManifest, stored_at: dt.datetime) -> dict[str, Any]:
    """Columns of ``article_manifests`` for one manifest, as Python values."""
    return {
        "article_id": manifest.article_id,
        "extractor_version": manifest.extractor.version,
        "extracted_at": manifest.extracted_at,
        "event_ids": manifest.event_ids,
        "stored_at": stored_at,
    }


MANIFEST_COLUMNS: tuple[str, ...] = ("article_id", "extractor_version", "extracted_at", "event_ids", "stored_at")


def payload_json(event: Event) -> str:
    """The full event as compact JSON, exactly what ``Event.model_validate_json`` reads back.

    ``model_dump_json`` with its defaults, minus the Python wrapper around pydantic's core.
    """
    return _EVENT_JSON(event).decode()


def to_utc(ts: dt.datetime) -> dt.datetime:
    """Aware UTC datetime; naive values are taken to be UTC already."""
    if ts.tzinfo is None:
        return ts.replace(tzinfo=dt.timezone.utc)
    return ts.astimezone(dt.timezone.utc)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
