"""Schema migrations: a database made by the schema before migrations existed
(``0001``, the DDL the sink ran on every open) is upgraded in place, rows kept.

``PreviousSchema`` builds such a database with the driver alone, the way the
old sink left it; ``tests/integration/test_migrations_postgres.py`` reuses it
against PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from eventx.contracts.models import ArticleManifest, Event, ExtractorInfo
from eventx.services.cli import main
from eventx.services.sink.storage import EventStore, SQLiteEventStore
from eventx.services.sink.storage.migrate import MIGRATIONS_DIR, migration_ids
from tests.factories import EXTRACTED_AT, make_event

OLD_COLUMNS = ("event_id", "event_type", "article_id", "extracted_at", "actors", "payload")

Execute = Callable[[str, Sequence[Any]], None]


def previous_schema_sql(dialect: str) -> list[str]:
    """The statements of migration 0001: the DDL as it was before migrations."""
    text = (MIGRATIONS_DIR / dialect / "0001.initial-schema.sql").read_text()
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s for s in code.split(";") if s.strip()]


def old_events() -> list[Event]:
    """Two events of one article from extractor 0.1.0, one from another at 0.2.0."""
    v2 = ExtractorInfo(version="0.2.0", model="en_core_web_sm-3.8.0")
    return [make_event(article_id="art-old"), make_event("pledge", article_id="art-old"),
            make_event("request", article_id="art-other", extractor=v2)]


def fill_previous_schema(execute: Execute, ph: str) -> list[Event]:
    """Rows as the previous sink wrote them: events, their actors, one manifest."""
    events = old_events()
    values = ", ".join([ph] * len(OLD_COLUMNS))
    for e in events:
        actors = json.dumps([a.model_dump() for a in e.actors])
        execute(f"INSERT INTO events ({', '.join(OLD_COLUMNS)}) VALUES ({values})",
                (e.event_id, e.event_type, e.article_id, e.extracted_at.isoformat(), actors, e.model_dump_json()))
        for i, a in enumerate(e.actors):
            execute(f"INSERT INTO event_actors (event_id, position, name, role) VALUES ({ph}, {ph}, {ph}, {ph})",
                    (e.event_id, i, a.name, a.role))
    ids = json.dumps([e.event_id for e in events[:2]])
    execute(f"INSERT INTO article_manifests VALUES ({ph}, {ph}, {ph}, {ph}, {ph})",
            ("art-old", "0.1.0", EXTRACTED_AT.isoformat(), ids, EXTRACTED_AT.isoformat()))
    return events


def check_upgraded(store: EventStore, events: list[Event], fetch: Callable[[str], list[tuple[Any, ...]]]) -> None:
    """Every migration applied, old rows intact and backfilled, and the store works on them."""
    assert store.applied_migrations == migration_ids(store.dialect)  # type: ignore[arg-type]
    assert store.count() == len(events)
    for e in events:
        assert store.get(e.event_id) == e
    assert sorted(fetch("SELECT event_id, extractor_version FROM events")) == sorted(
        (e.event_id, e.extractor.version) for e in events)
    assert store.manifest("art-old").event_ids == {e.event_id for e in events[:2]}  # type: ignore[union-attr]
    later = EXTRACTED_AT + dt.timedelta(hours=1)
    keep = events[0].model_copy(update={"extracted_at": later})
    plan = store.apply([keep], [ArticleManifest(article_id="art-old", event_ids=[keep.event_id],
                                                extractor=keep.extractor, extracted_at=later)])
    assert plan.deletes == [events[1].event_id]
    assert fetch(f"SELECT COUNT(*) FROM event_actors WHERE event_id = '{events[1].event_id}'") == [(0,)]
    assert store.count() == len(events) - 1


def test_upgrades_a_sqlite_database_made_by_the_previous_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        for stmt in previous_schema_sql("sqlite"):
            conn.execute(stmt)
        events = fill_previous_schema(lambda q, p: conn.execute(q, p), "?")
    conn.close()
    with SQLiteEventStore(path) as store:
        def fetch(query: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path) as c:
                return c.execute(query).fetchall()

        check_upgraded(store, events, fetch)
    with SQLiteEventStore(path) as again:
        assert again.applied_migrations == []


def test_a_new_database_gets_every_migration_and_records_them(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with SQLiteEventStore(path) as store:
        assert store.applied_migrations == migration_ids("sqlite")
    with sqlite3.connect(path) as c:
        recorded = [r[0] for r in c.execute("SELECT migration_id FROM _yoyo_migration ORDER BY migration_id")]
    assert recorded == migration_ids("sqlite")


def test_every_dialect_has_the_same_migrations() -> None:
    assert migration_ids("sqlite") == migration_ids("postgresql")
    assert migration_ids("sqlite")[0] == "0001.initial-schema"


def test_eventx_db_upgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["db", "upgrade", "--db-url", url]) == 0
    assert "applied 0001.initial-schema" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db-url", url]) == 0
    assert "nothing to apply" in capsys.readouterr().out


def test_eventx_db_upgrade_unreachable_is_one_line_without_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--db-url", "postgresql://u:s3cret@127.0.0.1:1/x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s3cret" not in err and err.startswith("eventx: error:")
