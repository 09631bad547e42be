"""PostgreSQL backend (psycopg 3), for production and for analysts' SQL.

Blocking psycopg rather than its async API: the sink writes one batch at a time
from a worker thread, and a synchronous store is reusable from scripts, the CLI
and tests without an event loop.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from contracts.models import Event

from . import schema
from .base import (
    EventStore,
    RejectedEventError,
    StoreError,
    actor_rows,
    actors_summary,
    dedupe_last,
    event_columns,
)

_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def split_postgres_url(db_url: str) -> tuple[str, str | None]:
    """Return (libpq URL, schema) from a ``postgresql://...[?schema=name]`` URL.

    ``schema`` is our own query parameter (libpq would reject it): it puts the
    tables in a dedicated namespace, which keeps test runs and tenants apart.
    """
    parts = urlsplit(db_url)
    if parts.scheme not in _SCHEMES:
        raise ValueError(f"not a postgresql URL: {db_url!r}")
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema_name = None
    kept = []
    for key, value in query:
        if key == "schema":
            schema_name = value or None
        else:
            kept.append((key, value))
    url = urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(kept), parts.fragment))
    return url, schema_name


class PostgresEventStore(EventStore):
    """Events in PostgreSQL; ``payload`` and ``actors`` are JSONB.

    Autocommit connection with explicit ``transaction()`` blocks for writes, so
    reads never leave an idle transaction open. A broken connection (server
    restart) is replaced on the next call; the failed batch is retried by the
    sink because its offsets were not committed.
    """

    dialect: schema.Dialect = "postgresql"

    def __init__(self, url: str, schema_name: str | None = None, connect_timeout: int = 10) -> None:
        self.url = url
        self.schema_name = schema_name
        self.connect_timeout = connect_timeout
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, db_url: str) -> PostgresEventStore:
        url, schema_name = split_postgres_url(db_url)
        return cls(url, schema_name=schema_name)

    # -- connection ---------------------------------------------------------

    def open(self) -> None:
        with self._lock:
            self._ensure_connection()

    def _ensure_connection(self) -> psycopg.Connection[Any]:
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if conn is not None:
            conn.close()
            self._conn = None
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
            with conn.transaction():
                if self.schema_name:
                    ident = sql.Identifier(self.schema_name)
                    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
                    conn.execute(sql.SQL("SET search_path TO {}").format(ident))
                for stmt in schema.ddl(self.dialect):
                    conn.execute(stmt)  # type: ignore[arg-type]  # our own constant DDL
        except psycopg.Error as exc:
            raise StoreError(f"cannot open postgresql database: {exc}") from exc
        self._conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _require_open(self) -> None:
        if self._conn is None:
            raise StoreError("store is not open")

    # -- writes -------------------------------------------------------------

    @staticmethod
    def _event_params(event: Event, stored_at: dt.datetime) -> tuple[Any, ...]:
        cols = event_columns(event, stored_at)
        cols["actors"] = Jsonb(actors_summary(event))
        cols["payload"] = Jsonb(event.model_dump(mode="json"))
        return tuple(cols[c] for c in schema.EVENT_COLUMNS)

    def write(self, events: Sequence[Event]) -> int:
        unique = dedupe_last(events)
        if not unique:
            return 0
        stored_at = dt.datetime.now(dt.timezone.utc)
        with self._lock:
            self._require_open()
            try:
                conn = self._ensure_connection()
                with conn.transaction(), conn.cursor() as cur:
                    cur.executemany(
                        schema.upsert_event_sql(self.dialect),  # type: ignore[arg-type]
                        [self._event_params(e, stored_at) for e in unique],
                    )
                    cur.execute(
                        "DELETE FROM event_actors WHERE event_id = ANY(%s)",
                        ([e.event_id for e in unique],),
                    )
                    cur.executemany(
                        schema.insert_actor_sql(self.dialect),  # type: ignore[arg-type]
                        [row for e in unique for row in actor_rows(e)],
                    )
            except (psycopg.DataError, psycopg.IntegrityError) as exc:
                raise RejectedEventError(str(exc)) from exc
            except psycopg.Error as exc:
                raise StoreError(str(exc)) from exc
        return len(unique)

    # -- reads --------------------------------------------------------------

    def _fetch(self, query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            self._require_open()
            try:
                conn = self._ensure_connection()
                return conn.execute(query, params).fetchall()  # type: ignore[arg-type]
            except psycopg.Error as exc:
                raise StoreError(str(exc)) from exc

    def count(self) -> int:
        ((n,),) = self._fetch("SELECT COUNT(*) FROM events", ())
        return int(n)

    def get(self, event_id: str) -> Event | None:
        rows = self._fetch("SELECT payload FROM events WHERE event_id = %s", (event_id,))
        return Event.model_validate(rows[0][0]) if rows else None

    def query(
        self, article_id: str | None = None, event_type: str | None = None
    ) -> list[Event]:
        params = [p for p in (article_id, event_type) if p is not None]
        rows = self._fetch(schema.select_payload_sql(self.dialect, article_id, event_type), params)
        return [Event.model_validate(r[0]) for r in rows]

    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests, teardown)."""
        if not self.schema_name:
            raise StoreError("drop_schema needs a dedicated schema")
        with self._lock:
            conn = self._ensure_connection()
            conn.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema_name))
            )
