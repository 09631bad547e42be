"""PostgreSQL backend (psycopg 3), for production and for analysts' SQL.

Blocking psycopg rather than its async API: the sink writes one batch at a time
from a worker thread, and a synchronous store is reusable from scripts, the CLI
and tests without an event loop.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from yoyo.exceptions import LockTimeout

from eventx.services.sink.reconcile import Plan, StoredEvent, StoredManifest

from . import migrate, schema
from .base import (
    EventStore,
    RejectedEventError,
    StoreError,
    ACTOR_COLUMNS,
    EVENT_COLUMNS,
    actor_rows,
    event_row,
    manifest_columns,
)

T = TypeVar("T")

_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def split_postgres_url(db_url: str) -> tuple[str, str | None]:
    """Return (libpq URL, schema) from a ``postgresql://...[?schema=name]`` URL.

    ``schema`` is our own query parameter (libpq would reject it): it puts the
    tables in a dedicated namespace, which keeps test runs and tenants apart.
    """
    parts = urlsplit(db_url)
    if parts.scheme not in _SCHEMES:
        raise ValueError(f"not a postgresql URL (scheme {parts.scheme!r})")
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


# SQLSTATE classes that mean "this data can never be stored": data exception
# (22: NUL, bad encoding, out of range), integrity violation (23) and program
# limit exceeded (54: an index row over the btree limit). Everything else -
# connection failures (08), shutdowns (57P), no connection (no SQLSTATE) - is
# about the database and is retried.
DATA_SQLSTATE_CLASSES = frozenset({"22", "23", "54"})


def classify(exc: psycopg.Error) -> StoreError:
    """The store error a driver error means: refused data, or a database to retry."""
    message = f"{type(exc).__name__}: {exc}".strip()
    if (exc.sqlstate or "")[:2] in DATA_SQLSTATE_CLASSES:
        return RejectedEventError(message)
    return StoreError(message)


class PostgresEventStore(EventStore[psycopg.Cursor[Any]]):
    """Events in PostgreSQL; ``payload`` and ``actors`` are JSONB.

    Autocommit connection with explicit ``transaction()`` blocks, so reads
    never leave an idle transaction open. Whatever happened to the server, the
    next call after a failure connects afresh (and re-runs the idempotent DDL):
    the store never gives up on its own; the sink decides how long to wait.
    """

    dialect: schema.Dialect = "postgresql"
    _ph = "%s"

    def __init__(self, url: str, schema_name: str | None = None, connect_timeout: int = 5) -> None:
        self.url = url
        self.schema_name = schema_name
        self.connect_timeout = connect_timeout
        self._conn: psycopg.Connection[Any] | None = None
        self._opened = False
        self._lock = threading.Lock()
        self.applied_migrations: list[str] = []

    @classmethod
    def from_url(cls, db_url: str, connect_timeout: int = 5) -> PostgresEventStore:
        url, schema_name = split_postgres_url(db_url)
        return cls(url, schema_name=schema_name, connect_timeout=connect_timeout)

    # -- connection ---------------------------------------------------------

    def open(self) -> None:
        """Mark the store open and connect; a failure leaves it open, to connect on next use."""
        with self._lock:
            self._opened = True
            self._connection()

    def close(self) -> None:
        with self._lock:
            self._opened = False
            self._drop_connection()

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _connection(self) -> psycopg.Connection[Any]:
        if not self._opened:
            raise StoreError("store is not open")
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        self._drop_connection()
        try:
            # prepare_threshold=None: no server-side prepared statements. A cached
            # generic plan for "= ANY(array)" lookups degrades badly as tables
            # grow from empty; a fresh plan per statement costs little per batch.
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout,
                                   prepare_threshold=None)
            if self.schema_name:
                ident = sql.Identifier(self.schema_name)
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
                conn.execute(sql.SQL("SET search_path TO {}").format(ident))
            self.applied_migrations += migrate.upgrade(conn, self.dialect)
        except (psycopg.Error, LockTimeout) as exc:
            raise StoreError(f"cannot connect to postgresql: {type(exc).__name__}: {exc}") from exc
        self._conn = conn
        return conn

    def _run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Run ``work`` on a live connection; classify failures, and drop the
        connection after any that is not about the data, so the next call reconnects."""
        with self._lock:
            conn = self._connection()
            try:
                return work(conn)
            except psycopg.Error as exc:
                err = classify(exc)
                if not isinstance(err, RejectedEventError):
                    self._drop_connection()
                raise err from exc
            except (ValueError, TypeError, OverflowError) as exc:  # adapting a value failed
                raise RejectedEventError(f"{type(exc).__name__}: {exc}") from exc

    def _in_transaction(self, work: Callable[[psycopg.Cursor[Any]], T]) -> T:
        def in_tx(conn: psycopg.Connection[Any]) -> T:
            with conn.transaction(), conn.cursor() as cur:
                return work(cur)

        return self._run(in_tx)

    def _fetch(self, query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._run(lambda conn: conn.execute(query, params).fetchall())  # type: ignore[arg-type]

    # -- transaction steps --------------------------------------------------

    def _lock_articles(self, tx: psycopg.Cursor[Any], article_ids: list[str]) -> None:
        """Transaction-scoped advisory locks, in sorted order, so two sinks never
        interleave a manifest and events of one article."""
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(a, 0)) "
            "FROM (SELECT DISTINCT unnest(%s::text[]) AS a ORDER BY 1) AS articles",
            (article_ids,), binary=True,
        )

    def _read_stored(self, tx: psycopg.Cursor[Any], event_ids: list[str], article_ids: list[str]
                     ) -> tuple[dict[str, StoredEvent], dict[str, StoredManifest]]:
        """The locks and both reads in one round trip (a psycopg pipeline), by index whatever the statistics.

        Until a table has been analysed, PostgreSQL takes ``article_id = ANY(200 ids)`` to
        match every row (0.5% per id) and scans the whole table: from an empty table
        that made each batch slower than the last (7.5 ms per read at 20,000 events).
        A batch only ever looks up a few hundred keys, so its reads always go by index.
        """
        conn = tx.connection
        with conn.pipeline() as pipeline, conn.cursor() as stored, conn.cursor() as manifests:
            tx.execute("SET LOCAL enable_seqscan = off")
            self._lock_articles(tx, article_ids)
            stored.execute(schema.stored_events_sql(self.dialect), (event_ids, article_ids),  # type: ignore[arg-type]
                           binary=True)
            manifests.execute(schema.stored_manifests_sql(self.dialect), (article_ids,),  # type: ignore[arg-type]
                              binary=True)
            pipeline.sync()
            return self._stored_event_rows(stored.fetchall()), self._stored_manifest_rows(manifests.fetchall())

    def _stored_events(self, tx: psycopg.Cursor[Any], event_ids: list[str], article_ids: list[str]) -> dict[str, StoredEvent]:
        tx.execute(schema.stored_events_sql(self.dialect), (event_ids, article_ids))  # type: ignore[arg-type]
        return self._stored_event_rows(tx.fetchall())

    def _stored_manifests(self, tx: psycopg.Cursor[Any], article_ids: list[str]) -> dict[str, StoredManifest]:
        tx.execute(schema.stored_manifests_sql(self.dialect), (article_ids,))  # type: ignore[arg-type]
        return self._stored_manifest_rows(tx.fetchall())

    def _execute(self, tx: psycopg.Cursor[Any], plan: Plan, stored_at: dt.datetime) -> None:
        """Delete retracted and overwritten rows, then COPY the batch's rows in.

        Delete-then-COPY is the upsert at the speed of a bare COPY: the plan
        already knows which events are stored (``plan.overwrites``), the
        article locks keep other sinks off them, and their actor rows go by
        cascade. An id another sink stores for another article at the same
        moment makes COPY fail on the primary key (a data error: the batch is
        then applied item by item and the event found in conflict), where
        ``ON CONFLICT DO UPDATE`` would silently have taken it over.
        """
        gone = plan.deletes + plan.overwrites
        if gone:
            tx.execute(schema.delete_events_sql(self.dialect), (gone,))  # type: ignore[arg-type]
        if plan.upserts:
            with tx.copy(schema.copy_sql("events", EVENT_COLUMNS)) as copy:  # type: ignore[arg-type]
                for e in plan.upserts:
                    copy.write_row(event_row(e, stored_at))
            with tx.copy(schema.copy_sql("event_actors", ACTOR_COLUMNS)) as copy:  # type: ignore[arg-type]
                for e in plan.upserts:
                    for row in actor_rows(e):
                        copy.write_row(row)
        if plan.manifests:
            rows = []
            for m in plan.manifests:
                cols = manifest_columns(m, stored_at)
                cols["event_ids"] = Jsonb(m.event_ids)
                rows.append(tuple(cols[c] for c in schema.MANIFEST_COLUMNS))
            tx.executemany(schema.upsert_manifest_sql(self.dialect), rows)  # type: ignore[arg-type]

    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests, teardown)."""
        if not self.schema_name:
            raise StoreError("drop_schema needs a dedicated schema")
        ident = sql.Identifier(self.schema_name)
        self._run(lambda conn: conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident)))
