"""The PostgreSQL server the integration tests use, and a throw-away schema per test.

Locally an unreachable server skips those tests; under CI (``CI`` set) it
fails them, so a green CI run always includes PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache

import psycopg
import pytest

PG_URL = os.environ.get("EVENTX_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@lru_cache(maxsize=1)
def pg_reachable() -> bool:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def require_pg() -> None:
    if pg_reachable():
        return
    message = f"PostgreSQL not reachable at {PG_URL}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def temp_schema_url() -> Iterator[str]:
    """Yield a URL whose tables live in a fresh schema, dropped afterwards."""
    require_pg()
    schema = f"eventx_test_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}schema={schema}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
