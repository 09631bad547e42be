"""All DDL and upsert SQL, per dialect, in one place.

Migrations are ``CREATE ... IF NOT EXISTS`` run on every open: the schema is
small and append-only, so a migration framework would cost more than it saves.
The column list is documented for analysts in ``services/sink/README.md``; keep
the two in sync.
"""

from __future__ import annotations

from typing import Literal

from .base import ACTOR_COLUMNS, EVENT_COLUMNS, MANIFEST_COLUMNS


Dialect = Literal["sqlite", "postgresql"]

_TYPES: dict[Dialect, dict[str, str]] = {
    # SQLite has no native date/JSON types: dates are ISO-8601 text, timestamps
    # ISO-8601 UTC text, JSON is text queryable with json_extract()/json_each().
    "sqlite": {"date": "DATE", "ts": "TIMESTAMP", "json": "TEXT", "float": "REAL"},
    "postgresql": {"date": "DATE", "ts": "TIMESTAMPTZ", "json": "JSONB", "float": "DOUBLE PRECISION"},
}


def ddl(dialect: Dialect) -> list[str]:
    """Statements creating tables and indexes if they do not exist yet."""
    t = _TYPES[dialect]
    return [
        f"""
        CREATE TABLE IF NOT EXISTS events (
            event_id         TEXT PRIMARY KEY,
            event_type       TEXT NOT NULL,
            article_id       TEXT NOT NULL,
            article_url      TEXT,
            published_at     {t['date']},
            event_date       {t['date']},
            status           TEXT,
            actors           {t['json']},
            project_name     TEXT,
            location_name    TEXT,
            location_country TEXT,
            amount_value     {t['float']},
            amount_currency  TEXT,
            confidence       REAL,
            schema_version   TEXT,
            extracted_at     {t['ts']},
            stored_at        {t['ts']},
            payload          {t['json']} NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS events_article_id_idx ON events (article_id)",
        "CREATE INDEX IF NOT EXISTS events_type_date_idx ON events (event_type, event_date)",
        """
        CREATE TABLE IF NOT EXISTS event_actors (
            event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name     TEXT NOT NULL,
            role     TEXT NOT NULL,
            kind     TEXT,
            country  TEXT,
            title    TEXT,
            PRIMARY KEY (event_id, position)
        )""",
        "CREATE INDEX IF NOT EXISTS event_actors_country_idx ON event_actors (country)",
        "CREATE INDEX IF NOT EXISTS event_actors_name_idx ON event_actors (name)",
        f"""
        CREATE TABLE IF NOT EXISTS article_manifests (
            article_id        TEXT PRIMARY KEY,
            extractor_version TEXT NOT NULL,
            extracted_at      {t['ts']} NOT NULL,
            event_ids         {t['json']} NOT NULL,
            stored_at         {t['ts']} NOT NULL
        )""",
    ]


def _ph(dialect: Dialect) -> str:
    return "?" if dialect == "sqlite" else "%s"


def upsert_event_sql(dialect: Dialect) -> str:
    """INSERT ... ON CONFLICT DO UPDATE: same syntax in SQLite >= 3.24 and PostgreSQL."""
    cols = ", ".join(EVENT_COLUMNS)
    values = ", ".join([_ph(dialect)] * len(EVENT_COLUMNS))
    updates = ", ".join(f"{c} = excluded.{c}" for c in EVENT_COLUMNS if c != "event_id")
    return (
        f"INSERT INTO events ({cols}) VALUES ({values}) "
        f"ON CONFLICT (event_id) DO UPDATE SET {updates}"
    )


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


def delete_actors_sql(dialect: Dialect) -> str:
    return f"DELETE FROM event_actors WHERE event_id = {_ph(dialect)}"


def insert_actor_sql(dialect: Dialect) -> str:
    cols = ", ".join(ACTOR_COLUMNS)
    values = ", ".join([_ph(dialect)] * len(ACTOR_COLUMNS))
    return f"INSERT INTO event_actors ({cols}) VALUES ({values})"


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
