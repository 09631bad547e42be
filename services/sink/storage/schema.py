"""The sink's reads and writes, per dialect, in one place.

The tables themselves are made by the numbered migrations in ``migrations/``
(see ``migrate.py``). The column list is documented for analysts in
``services/sink/README.md``; keep the two in sync.
"""

from __future__ import annotations

from typing import Literal

from .base import ACTOR_COLUMNS, EVENT_COLUMNS, MANIFEST_COLUMNS


Dialect = Literal["sqlite", "postgresql"]


def _ph(dialect: Dialect) -> str:
    return "?" if dialect == "sqlite" else "%s"


def upsert_event_sql(dialect: Dialect) -> str:
    """SQLite: INSERT ... ON CONFLICT DO UPDATE, one row of parameters per event.

    (PostgreSQL deletes the rows it overwrites and COPYs the batch: ``copy_sql``.)
    """
    cols = ", ".join(EVENT_COLUMNS)
    values = ", ".join([_ph(dialect)] * len(EVENT_COLUMNS))
    updates = ", ".join(f"{c} = excluded.{c}" for c in EVENT_COLUMNS if c != "event_id")
    return f"INSERT INTO events ({cols}) VALUES ({values}) ON CONFLICT (event_id) DO UPDATE SET {updates}"


def copy_sql(table: str, columns: tuple[str, ...]) -> str:
    """PostgreSQL: COPY rows of ``table`` (our own constant names) from the client."""
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"


def delete_actors_sql(dialect: Dialect) -> str:
    """The actor rows of a list of events (bound as one parameter)."""
    return f"DELETE FROM event_actors WHERE {in_list(dialect, 'event_id')}"


def insert_actor_sql(dialect: Dialect) -> str:
    cols = ", ".join(ACTOR_COLUMNS)
    return f"INSERT INTO event_actors ({cols}) VALUES ({', '.join([_ph(dialect)] * len(ACTOR_COLUMNS))})"


def upsert_manifest_sql(dialect: Dialect) -> str:
    cols = ", ".join(MANIFEST_COLUMNS)
    values = ", ".join([_ph(dialect)] * len(MANIFEST_COLUMNS))
    updates = ", ".join(f"{c} = excluded.{c}" for c in MANIFEST_COLUMNS if c != "article_id")
    return (
        f"INSERT INTO article_manifests ({cols}) VALUES ({values}) "
        f"ON CONFLICT (article_id) DO UPDATE SET {updates}"
    )


def in_list(dialect: Dialect, column: str) -> str:
    """``column`` is one of a list bound as ONE parameter (a text[] or a JSON array).

    One parameter whatever the batch size: no statement-size or
    bound-variable limits, and one cached plan.
    """
    if dialect == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(?))"
    return f"{column} = ANY(%s)"


def stored_events_sql(dialect: Dialect) -> str:
    return (
        "SELECT event_id, article_id, event_type, extracted_at FROM events "
        f"WHERE {in_list(dialect, 'event_id')} OR {in_list(dialect, 'article_id')}"
    )


def stored_manifests_sql(dialect: Dialect) -> str:
    return (
        "SELECT article_id, extracted_at, event_ids FROM article_manifests "
        f"WHERE {in_list(dialect, 'article_id')}"
    )


def delete_events_sql(dialect: Dialect) -> str:
    """Actor rows go with them (``ON DELETE CASCADE``)."""
    return f"DELETE FROM events WHERE {in_list(dialect, 'event_id')}"


def select_payload_sql(
    dialect: Dialect, article_id: str | None, event_type: str | None
) -> str:
    """SELECT payload with optional filters, in a stable order for callers and tests.

    ``event_date IS NULL`` first puts undated events last in both dialects
    (SQLite and PostgreSQL disagree on where NULLs sort by default).
    """
    where = []
    if article_id is not None:
        where.append(f"article_id = {_ph(dialect)}")
    if event_type is not None:
        where.append(f"event_type = {_ph(dialect)}")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT payload FROM events{clause} ORDER BY article_id, event_date IS NULL, event_date, event_id"
