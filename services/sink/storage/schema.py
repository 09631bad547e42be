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


# PostgreSQL: where each queryable column of ``events`` comes from in the
# event's JSONB payload (``Event.model_dump_json``), so the server derives the
# columns from the one string Python builds per event. ``actors`` is the
# payload's actor list as it is (name, role, kind, country, title). (SQLite
# re-parses the JSON for every path it extracts, so there Python builds the row.)
_PAYLOAD_PATHS: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id",), "event_type": ("event_type",), "article_id": ("article_id",),
    "article_url": ("article_url",), "published_at": ("published_at",), "event_date": ("date",),
    "status": ("status",), "actors": ("actors",), "project_name": ("project", "name"),
    "location_name": ("location", "name"), "location_country": ("location", "country"),
    "amount_value": ("amount", "value"), "amount_currency": ("amount", "currency"),
    "confidence": ("confidence",), "schema_version": ("schema_version",),
    "extractor_version": ("extractor", "version"), "extracted_at": ("extracted_at",),
}
_PG_CASTS = {"published_at": "date", "event_date": "date", "amount_value": "float8", "confidence": "real",
             "extracted_at": "timestamptz"}


def _pg_column(column: str) -> str:
    if column == "payload":
        return "b.payload"
    if column == "stored_at":
        return "%s"
    path = _PAYLOAD_PATHS[column]
    if column == "actors":
        return "b.payload -> 'actors'"
    expr = f"(b.payload #>> '{{{','.join(path)}}}')"
    return f"{expr}::{_PG_CASTS[column]}" if column in _PG_CASTS else expr


def upsert_event_sql(dialect: Dialect) -> str:
    """INSERT ... ON CONFLICT DO UPDATE: same syntax in SQLite >= 3.24 and PostgreSQL.

    SQLite takes one row of parameters per event (``executemany``); PostgreSQL
    upserts the whole batch from the temporary table ``eventx_batch`` it was
    COPYed into, deriving the columns from the JSONB payload (``%s`` is stored_at).
    """
    cols = ", ".join(EVENT_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in EVENT_COLUMNS if c != "event_id")
    if dialect == "sqlite":
        source = f"VALUES ({', '.join(['?'] * len(EVENT_COLUMNS))})"
    else:
        source = f"SELECT {', '.join(map(_pg_column, EVENT_COLUMNS))} FROM eventx_batch AS b"
    return f"INSERT INTO events ({cols}) {source} ON CONFLICT (event_id) DO UPDATE SET {updates}"


def delete_actors_sql(dialect: Dialect) -> str:
    """The actor rows of a list of events (bound as one parameter)."""
    return f"DELETE FROM event_actors WHERE {in_list(dialect, 'event_id')}"


def insert_actor_sql(dialect: Dialect) -> str:
    """SQLite: one row of parameters per actor. PostgreSQL: every actor of ``eventx_batch``."""
    cols = ", ".join(ACTOR_COLUMNS)
    if dialect == "sqlite":
        return f"INSERT INTO event_actors ({cols}) VALUES ({', '.join(['?'] * len(ACTOR_COLUMNS))})"
    picks = ", ".join(f"a.value ->> '{f}'" for f in ("name", "role", "kind", "country", "title"))
    return (f"INSERT INTO event_actors ({cols}) SELECT b.payload ->> 'event_id', a.ord - 1, {picks} "
            "FROM eventx_batch AS b CROSS JOIN LATERAL jsonb_array_elements(b.payload -> 'actors') "
            "WITH ORDINALITY AS a(value, ord)")


BATCH_TABLE_SQL = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS eventx_batch (payload JSONB NOT NULL) ON COMMIT DELETE ROWS"
)
"""PostgreSQL: where a batch is COPYed before the upsert; private to the session, emptied at commit."""


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
