"""SQLite backend: the zero-setup default (a single file, WAL mode)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from yoyo.exceptions import LockTimeout

from eventx.services.sink.reconcile import Plan, StoredEvent, StoredManifest

from . import migrate, schema
from .base import (
    EventStore,
    RejectedEventError,
    StoreError,
    actor_rows,
    dumps,
    event_row,
    manifest_columns,
    to_utc,
)

T = TypeVar("T")

MEMORY = ":memory:"


def sqlite_path(db_url: str) -> str:
    """File path from ``sqlite:///relative/path`` or ``sqlite:////abs/path``.

    Same convention as SQLAlchemy, so URLs people already know keep working.
    ``sqlite:///:memory:`` (or ``sqlite://``) gives a private in-memory DB.
    """
    if not db_url.startswith("sqlite:"):
        raise ValueError(f"not a sqlite URL: {db_url!r}")
    rest = db_url[len("sqlite:") :]
    if rest in ("", "//", "///:memory:", "//:memory:"):
        return MEMORY
    if not rest.startswith("///"):
        raise ValueError(
            f"bad sqlite URL {db_url!r}: use sqlite:///relative/path or sqlite:////absolute/path"
        )
    path = rest[3:].split("?", 1)[0]
    if not path:
        raise ValueError(f"bad sqlite URL {db_url!r}: no file path")
    return path


_UTC = dt.timezone.utc


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    """ISO text; timestamps in UTC. Three calls per stored event: the common cases go first."""
    if value is None:
        return None
    if type(value) is dt.date or getattr(value, "tzinfo", None) is _UTC:
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return to_utc(value).isoformat()
    return value.isoformat()


class SQLiteEventStore(EventStore[sqlite3.Cursor]):
    """Events in one SQLite file.

    One connection shared across worker threads (``check_same_thread=False``),
    serialised by a lock: the sink only ever runs one write at a time anyway,
    and ``BEGIN IMMEDIATE`` serialises writers from other processes.
    """

    dialect: schema.Dialect = "sqlite"
    _ph = "?"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: sqlite3.Connection | None = None
        self._opened = False
        self._lock = threading.Lock()
        self.applied_migrations: list[str] = []

    @classmethod
    def from_url(cls, db_url: str) -> SQLiteEventStore:
        return cls(sqlite_path(db_url))

    def open(self) -> None:
        """Mark the store open and connect; a failure leaves it open, to connect on next use."""
        with self._lock:
            self._opened = True
            self._connection()

    def close(self) -> None:
        with self._lock:
            self._opened = False
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if not self._opened:
            raise StoreError("store is not open")
        if self._conn is not None:
            return self._conn
        try:
            if self.path != MEMORY:
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                Path(self.path).expanduser() if self.path != MEMORY else MEMORY,
                check_same_thread=False,
                isolation_level=None,  # explicit BEGIN/COMMIT below
                timeout=30.0,
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # A checkpoint (WAL pages copied into the database, both synced) every
            # ~40 MB rather than SQLite's 4 MB: with synchronous=NORMAL those syncs
            # are the only ones, and at 4 MB they took most of a batch's time.
            conn.execute("PRAGMA wal_autocheckpoint=10000")
            conn.execute("PRAGMA journal_size_limit=67108864")
            conn.execute("PRAGMA foreign_keys=ON")
            self.applied_migrations += migrate.upgrade(conn, self.dialect)
        except (sqlite3.Error, OSError, LockTimeout) as exc:
            raise StoreError(f"cannot open sqlite database {self.path}: {exc}") from exc
        self._conn = conn
        return conn

    def _in_transaction(self, work: Callable[[sqlite3.Cursor], T]) -> T:
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                result = work(conn.cursor())
                conn.execute("COMMIT")
                return result
            except (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError,
                    ValueError, TypeError, OverflowError) as exc:
                self._rollback(conn)
                raise RejectedEventError(f"{type(exc).__name__}: {exc}") from exc
            except sqlite3.Error as exc:
                self._rollback(conn)
                raise StoreError(f"{type(exc).__name__}: {exc}") from exc
            except BaseException:
                self._rollback(conn)
                raise

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def _stored_events(self, tx: sqlite3.Cursor, event_ids: list[str], article_ids: list[str]) -> dict[str, StoredEvent]:
        rows = tx.execute(schema.stored_events_sql(self.dialect), (dumps(event_ids), dumps(article_ids)))
        return self._stored_event_rows(rows.fetchall())

    def _stored_manifests(self, tx: sqlite3.Cursor, article_ids: list[str]) -> dict[str, StoredManifest]:
        rows = tx.execute(schema.stored_manifests_sql(self.dialect), (dumps(article_ids),))
        return self._stored_manifest_rows(rows.fetchall())

    def _execute(self, tx: sqlite3.Cursor, plan: Plan, stored_at: dt.datetime) -> None:
        if plan.deletes:
            tx.execute(schema.delete_events_sql(self.dialect), (dumps(plan.deletes),))
        if plan.upserts:
            at = _iso(stored_at)
            tx.executemany(schema.upsert_event_sql(self.dialect), [event_row(e, at, _iso) for e in plan.upserts])
            if plan.overwrites:
                tx.execute(schema.delete_actors_sql(self.dialect), (dumps(plan.overwrites),))
            tx.executemany(schema.insert_actor_sql(self.dialect), [row for e in plan.upserts for row in actor_rows(e)])
        if plan.manifests:
            rows = []
            for m in plan.manifests:
                cols = manifest_columns(m, stored_at)
                cols.update(extracted_at=_iso(m.extracted_at), event_ids=dumps(m.event_ids),
                            stored_at=_iso(stored_at))
                rows.append(tuple(cols[c] for c in schema.MANIFEST_COLUMNS))
            tx.executemany(schema.upsert_manifest_sql(self.dialect), rows)

    def _fetch(self, query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._connection().execute(query, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{type(exc).__name__}: {exc}") from exc
