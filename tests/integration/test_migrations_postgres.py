"""Schema migrations on a real PostgreSQL: a schema made by the pre-migration
DDL, with rows, is upgraded in place (the SQLite twin is in tests/unit/test_migrations.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from eventx.services.sink.storage import PostgresEventStore
from eventx.services.sink.storage.postgres import split_postgres_url
from tests.pg import temp_schema_url
from tests.unit.test_migrations import check_upgraded, fill_previous_schema, previous_schema_sql

pytestmark = pytest.mark.integration


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_schema_url()


def _connect(pg_url: str) -> psycopg.Connection[Any]:
    url, schema = split_postgres_url(pg_url)
    conn = psycopg.connect(url, autocommit=True)
    conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    conn.execute(f'SET search_path TO "{schema}"')
    return conn


def test_upgrades_a_postgres_schema_made_by_the_previous_schema(pg_url: str) -> None:
    with _connect(pg_url) as conn:
        for stmt in previous_schema_sql("postgresql"):
            conn.execute(stmt)  # type: ignore[arg-type]

        def execute(query: str, params: Any) -> None:
            # JSONB columns (actors, payload, event_ids) take their JSON text as Jsonb
            conn.execute(query, [Jsonb(json.loads(p)) if isinstance(p, str) and p[:1] in "[{"
                                 else p for p in params])  # type: ignore[arg-type]

        events = fill_previous_schema(execute, "%s")

    store = PostgresEventStore.from_url(pg_url)
    with store, _connect(pg_url) as reader:
        check_upgraded(store, events, lambda q: reader.execute(q).fetchall())  # type: ignore[arg-type]
    with PostgresEventStore.from_url(pg_url) as again:
        assert again.applied_migrations == []
