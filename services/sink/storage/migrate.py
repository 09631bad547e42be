"""The sink's schema, versioned: yoyo-migrations applied on the store's own connection.

Each dialect has its own folder of numbered SQL files under ``migrations/``
(``0001`` is the schema as it was before migrations existed, still written
``IF NOT EXISTS`` so databases created by that code are adopted as they are).
A new column or index is a new file in both folders, never an edit of an
applied one: yoyo records each applied migration (``_yoyo_migration``) and
applies only the pending ones, in order, each in its own transaction.

yoyo runs on the connection the store already holds rather than opening its
own from a URL: the store has chosen the PostgreSQL schema (``search_path``),
the timeout and the pragmas, and an in-memory SQLite database exists only on
that connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yoyo import read_migrations
from yoyo.backends.base import DatabaseBackend
from yoyo.backends.core.postgresql import PostgresqlPsycopgBackend
from yoyo.backends.core.sqlite3 import SQLiteBackend
from yoyo.connections import parse_uri

from .schema import Dialect

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_TABLE = "_yoyo_migration"
LOCK_TIMEOUT_S = 60
"""How long a starting sink waits for another one migrating the same database."""

_BACKENDS: dict[Dialect, tuple[type[DatabaseBackend], str]] = {
    "sqlite": (SQLiteBackend, "sqlite:///:memory:"),
    "postgresql": (PostgresqlPsycopgBackend, "postgresql+psycopg://localhost/eventx"),
}


def _backend(connection: Any, dialect: Dialect) -> DatabaseBackend:
    """A yoyo backend bound to ``connection``.

    yoyo runs each migration on a ``copy()`` of the backend and closes it
    afterwards; here every copy shares the store's connection, so closing is
    left to the store.
    """
    base, uri = _BACKENDS[dialect]

    class OnConnection(base):  # type: ignore[valid-type, misc]
        def connect(self, dburi: Any) -> Any:
            return connection

        def __exit__(self, *exc_info: object) -> None:
            return None

    backend = OnConnection(parse_uri(uri), MIGRATION_TABLE)
    backend.init_database()  # yoyo's lock table, as yoyo.get_backend does
    return backend


def migration_ids(dialect: Dialect) -> list[str]:
    """Every migration of ``dialect``, oldest first (the newest is the current schema)."""
    return [m.id for m in read_migrations(str(MIGRATIONS_DIR / dialect))]


def pending(connection: Any, dialect: Dialect) -> list[str]:
    """Ids of the migrations not yet applied to the database behind ``connection``."""
    backend = _backend(connection, dialect)
    return [m.id for m in backend.to_apply(read_migrations(str(MIGRATIONS_DIR / dialect)))]


def upgrade(connection: Any, dialect: Dialect) -> list[str]:
    """Apply pending migrations, under yoyo's lock so concurrent sinks migrate once.

    ``connection`` must be in autocommit mode (yoyo issues its own BEGIN/COMMIT).
    Returns the ids applied, oldest first (empty when the schema is current).
    """
    backend = _backend(connection, dialect)
    migrations = read_migrations(str(MIGRATIONS_DIR / dialect))
    with backend.lock(timeout=LOCK_TIMEOUT_S):
        todo = backend.to_apply(migrations)
        backend.apply_migrations(todo)
    return [m.id for m in todo]
