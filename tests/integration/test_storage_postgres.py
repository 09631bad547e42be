"""The storage contract against a real PostgreSQL (127.0.0.1:5432, database ``test``).

Each test gets its own schema (``?schema=`` in the URL) that is dropped
afterwards, so parallel and earlier runs never see each other's rows.
Override the server with ``EVENTX_TEST_PG_URL``.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from eventx.services.sink.storage import (
    EventStore,
    PostgresEventStore,
    RejectedEventError,
    StoreError,
    open_store,
)
from tests.factories import make_event
from tests.pg import PG_URL, require_pg, temp_schema_url
from tests.unit.test_storage import StoreContract

pytestmark = pytest.mark.integration

requires_pg = pytest.mark.usefixtures("_pg_available")


@pytest.fixture
def _pg_available() -> None:
    require_pg()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_schema_url()


@requires_pg
class TestPostgresStore(StoreContract):
    @pytest.fixture
    def store(self, pg_url: str) -> Iterator[EventStore]:
        with open_store(pg_url) as s:
            yield s

    @staticmethod
    def actor_rows(store: EventStore, event_id: str) -> list[tuple[str, str, str | None]]:
        assert isinstance(store, PostgresEventStore)
        with psycopg.connect(store.url) as conn:
            conn.execute(f'SET search_path TO "{store.schema_name}"')
            return conn.execute(
                "SELECT name, role, country FROM event_actors WHERE event_id = %s ORDER BY position",
                (event_id,),
            ).fetchall()


@requires_pg
def test_schema_is_isolated_and_reopen_persists(pg_url: str) -> None:
    event = make_event("request")
    with open_store(pg_url) as store:
        store.write([event])
    with open_store(pg_url) as store:
        assert store.count() == 1
        assert store.get(event.event_id) == event
    other = pg_url.rsplit("schema=", 1)[0] + f"schema=eventx_test_{uuid.uuid4().hex[:12]}"
    with open_store(other) as store:
        try:
            assert store.count() == 0
        finally:
            assert isinstance(store, PostgresEventStore)
            store.drop_schema()


@requires_pg
def test_jsonb_columns_answer_analyst_sql(pg_url: str) -> None:
    meeting = make_event("meeting", event_id="evt-pg-m")
    pledge = make_event("pledge", event_id="evt-pg-p")
    with open_store(pg_url) as store:
        store.write([meeting, pledge])
        assert isinstance(store, PostgresEventStore)
        with psycopg.connect(store.url) as conn:
            conn.execute(f'SET search_path TO "{store.schema_name}"')
            rows = conn.execute(
                """SELECT DISTINCT e.event_id FROM events e
                   JOIN event_actors a USING (event_id)
                   WHERE e.event_type = 'meeting' AND a.country = 'CHN'"""
            ).fetchall()
            assert rows == [("evt-pg-m",)]
            row = conn.execute(
                "SELECT event_date::text, amount_value, payload->>'content', actors->0->>'country'"
                " FROM events WHERE event_id = 'evt-pg-p'"
            ).fetchone()
            assert row == ("2024-12-04", 1.5e9, "loans for the second phase of the railway", "CHN")


# Random letters: PostgreSQL compresses index entries, so a repeated letter would fit.
INCOMPRESSIBLE_ID = "".join(random.Random(7).choices(string.ascii_letters + string.digits, k=3000))


@requires_pg
@pytest.mark.parametrize(
    "update",
    [
        {"content": "loans\x00for railway"},  # PostgreSQL refuses NUL in text/JSONB (SQLSTATE 22)
        {"article_id": INCOMPRESSIBLE_ID},  # over the btree index row limit (SQLSTATE 54)
    ],
    ids=["nul", "btree-limit"],
)
def test_data_the_database_refuses_is_rejected_not_retried(pg_url: str, update: dict[str, str]) -> None:
    """The contract keeps such values out (see test_contracts); should one get past it,
    the store still calls it a data error, not a database outage, and stays usable."""
    bad = make_event("pledge").model_copy(update=update)  # model_copy skips validation
    with open_store(pg_url) as store:
        with pytest.raises(RejectedEventError):
            store.write([bad])
        assert store.count() == 0
        assert store.write([make_event()]) == 1


@requires_pg
def test_reconnects_after_connection_loss(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresEventStore)
        store.write([make_event()])
        conn = store._conn
        assert conn is not None
        pid = conn.info.backend_pid
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError):
            store.count()  # the first call notices the dead connection
        assert store.write([make_event()]) == 1  # the next one reconnects
        assert store.count() == 2


@requires_pg
def test_an_id_taken_between_lookup_and_copy_is_refused_not_taken_over(pg_url: str) -> None:
    """Another sink storing the same id for another article after this batch looked
    (simulated by a lookup that sees nothing) makes the COPY hit the primary key:
    a data error, so the handler isolates the event, and the owner's row stays."""
    owner = make_event(event_id="evt-raced", article_id="art-owner")
    rival = make_event(event_id="evt-raced", article_id="art-rival")
    with open_store(pg_url) as store:
        store.write([owner])
        store._read_stored = lambda tx, ids, arts: ({}, {})  # type: ignore[method-assign]
        with pytest.raises(RejectedEventError):
            store.write([rival])
        assert store.get("evt-raced") == owner


@requires_pg
def test_batches_into_an_unanalysed_table_read_by_index(pg_url: str) -> None:
    """Without statistics PostgreSQL would scan the whole events table for every batch's
    lookup (each batch slower than the last); the store's reads go by index instead."""
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresEventStore)

        def seq_scans() -> int:
            store._fetch("SELECT pg_stat_force_next_flush()", ())
            ((n,),) = store._fetch("SELECT coalesce(seq_scan, 0) FROM pg_stat_user_tables "
                                   "WHERE schemaname = %s AND relname = 'events'", (store.schema_name,))
            return int(n)

        before = seq_scans()
        for batch in range(10):
            events = [make_event(event_id=f"evt-{batch}-{i}", article_id=f"art-{batch}-{i // 4}") for i in range(200)]
            assert store.write(events) == 200
        assert store.write([make_event(event_id="evt-3-7", article_id="art-3-1")]) == 1  # an overwrite too
        assert seq_scans() == before
