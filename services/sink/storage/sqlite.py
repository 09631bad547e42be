"""SQLite backend: the zero-setup default (a single file, WAL mode)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contracts.models import Event

from . import schema
from .base import (
    EventStore,
    RejectedEventError,
    StoreError,
    actor_rows,
    actors_summary,
    dedupe_last,
    dumps,
    event_columns,
    payload_json,
    to_utc,
)

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


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return to_utc(value).isoformat()
    return value.isoformat()


class SQLiteEventStore(EventStore):
    """Events in one SQLite file.

    One connection shared across worker threads (``check_same_thread=False``),
    serialised by a lock: the sink only ever runs one write at a time anyway.
    """

    dialect: schema.Dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, db_url: str) -> SQLiteEventStore:
        return cls(sqlite_path(db_url))

    def open(self) -> None:
        with self._lock:
            if self._conn is not None:
                return
            if self.path != MEMORY:
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = sqlite3.connect(
                    Path(self.path).expanduser() if self.path != MEMORY else MEMORY,
                    check_same_thread=False,
                    isolation_level=None,  # explicit BEGIN/COMMIT below
                    timeout=30.0,
                )
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("BEGIN")
                for stmt in schema.ddl(self.dialect):
                    conn.execute(stmt)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open sqlite database {self.path}: {exc}") from exc
            self._conn = conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("store is not open")
        return self._conn

    def _event_params(self, event: Event, stored_at: dt.datetime) -> tuple[Any, ...]:
        cols = event_columns(event, stored_at)
        cols = {k: _iso(v) if isinstance(v, dt.date) else v for k, v in cols.items()}
        cols["actors"] = dumps(actors_summary(event))
        cols["payload"] = payload_json(event)
        return tuple(cols[c] for c in schema.EVENT_COLUMNS)

    def write(self, events: Sequence[Event]) -> int:
        unique = dedupe_last(events)
        if not unique:
            return 0
        stored_at = dt.datetime.now(dt.timezone.utc)
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    schema.upsert_event_sql(self.dialect),
                    [self._event_params(e, stored_at) for e in unique],
                )
                conn.executemany(
                    schema.delete_actors_sql(self.dialect), [(e.event_id,) for e in unique]
                )
                conn.executemany(
                    schema.insert_actor_sql(self.dialect),
                    [row for e in unique for row in actor_rows(e)],
                )
                conn.execute("COMMIT")
            except (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError) as exc:
                self._rollback(conn)
                raise RejectedEventError(str(exc)) from exc
            except sqlite3.Error as exc:
                self._rollback(conn)
                raise StoreError(str(exc)) from exc
            except BaseException:
                self._rollback(conn)
                raise
        return len(unique)

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def count(self) -> int:
        with self._lock:
            (n,) = self._connection().execute("SELECT COUNT(*) FROM events").fetchone()
        return int(n)

    def get(self, event_id: str) -> Event | None:
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT payload FROM events WHERE event_id = ?", (event_id,))
                .fetchone()
            )
        return Event.model_validate_json(row[0]) if row else None

    def query(
        self, article_id: str | None = None, event_type: str | None = None
    ) -> list[Event]:
        params = [p for p in (article_id, event_type) if p is not None]
        sql = schema.select_payload_sql(self.dialect, article_id, event_type)
        with self._lock:
            rows = self._connection().execute(sql, params).fetchall()
        return [Event.model_validate_json(r[0]) for r in rows]
