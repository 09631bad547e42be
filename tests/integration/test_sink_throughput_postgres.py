"""The PostgreSQL throughput helpers and the plan settings they rely on (no timing assertions)."""

from __future__ import annotations

import psycopg
import pytest

from eventx.services.sink.storage import PostgresEventStore
from eventx.services.sink.storage.throughput import measure_raw_copy, measure_sink, synthetic_events
from tests.pg import PG_URL, require_pg, temp_schema_url

pytestmark = pytest.mark.integration


def _bench_schemas() -> set[str]:
    with psycopg.connect(PG_URL) as conn:
        rows = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'eventx_bench_%'").fetchall()
    return {r[0] for r in rows}


def test_measurements_run_in_throw_away_schemas() -> None:
    require_pg()
    before = _bench_schemas()
    events = synthetic_events(300)
    assert measure_sink(PG_URL, events) > 0
    assert measure_raw_copy(PG_URL, events) > 0
    assert _bench_schemas() == before  # both dropped their schema


def test_store_uses_no_server_side_prepared_plans() -> None:
    """A generic plan cached for ``= ANY(array)`` degraded 85x as tables grew from empty (issue 9)."""
    for url in temp_schema_url():
        with PostgresEventStore.from_url(url) as store:
            events = synthetic_events(50)
            for _ in range(8):  # past psycopg's default prepare_threshold of 5
                store.write(events)
            conn = store._connection()  # noqa: SLF001
            assert conn.prepare_threshold is None
            assert conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone() == (0,)
            assert store.count() == 50
