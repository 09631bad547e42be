"""Storage contract tests, run here against SQLite.

``StoreContract`` is reused by ``tests/integration/test_storage_postgres.py``
against PostgreSQL: the subclass only provides a different ``store`` fixture, so
both backends are held to exactly the same behaviour.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventx.contracts.models import Actor, ArticleManifest, Event
from eventx.services.sink.storage import (
    EventStore,
    PostgresEventStore,
    SQLiteEventStore,
    StoreError,
    make_store,
    open_store,
)
from eventx.services.sink.storage.sqlite import sqlite_path
from tests.factories import EXTRACTED_AT, make_event


class StoreContract:
    """Behaviour every ``EventStore`` must have. Subclasses define ``store``."""

    @staticmethod
    def actor_rows(store: EventStore, event_id: str) -> list[tuple[str, str, str | None]]:
        raise NotImplementedError

    def test_empty_store(self, store: EventStore) -> None:
        assert store.count() == 0
        assert store.get("missing") is None
        assert store.query() == []

    def test_write_then_get_roundtrips_the_full_event(self, store: EventStore) -> None:
        event = make_event("pledge", event_id="evt-roundtrip")
        assert store.write([event]) == 1
        got = store.get("evt-roundtrip")
        assert got == event
        assert got is not None and got.amount is not None and got.amount.currency == "USD"

    def test_same_event_twice_is_one_row(self, store: EventStore) -> None:
        event = make_event(event_id="evt-dup")
        store.write([event])
        store.write([event])
        assert store.count() == 1

    def test_duplicate_inside_one_batch_keeps_last(self, store: EventStore) -> None:
        first = make_event(event_id="evt-batchdup", confidence=0.5)
        second = make_event(event_id="evt-batchdup", confidence=0.8)
        assert store.write([first, second]) == 1
        assert store.count() == 1
        got = store.get("evt-batchdup")
        assert got is not None and got.confidence == pytest.approx(0.8)

    def test_replay_with_changes_overwrites(self, store: EventStore) -> None:
        old = make_event(event_id="evt-upd", confidence=0.4, status="planned")
        store.write([old])
        new = old.model_copy(
            update={
                "confidence": 0.95,
                "status": "occurred",
                "extractor": old.extractor.model_copy(update={"version": "0.2.0"}),
            }
        )
        store.write([new])
        got = store.get("evt-upd")
        assert got is not None
        assert got.confidence == pytest.approx(0.95)
        assert got.status == "occurred"
        assert got.extractor.version == "0.2.0"
        assert store.count() == 1

    def test_actor_rows_are_replaced_on_upsert(self, store: EventStore) -> None:
        event = make_event(event_id="evt-actors")
        store.write([event])
        assert [r[0] for r in self.actor_rows(store, "evt-actors")] == ["Xi Jinping", "William Ruto"]

        fewer = event.model_copy(
            update={"actors": [Actor(name="Wang Yi", role="participant", kind="person", country="CHN")]}
        )
        store.write([fewer])
        assert self.actor_rows(store, "evt-actors") == [("Wang Yi", "participant", "CHN")]

    def test_event_without_actors_or_optionals(self, store: EventStore) -> None:
        bare = make_event(
            event_id="evt-bare",
            actors=[],
            location=None,
            date=None,
            published_at=None,
            trigger=None,
            evidence=[],
            article_url=None,
        )
        store.write([bare])
        assert store.get("evt-bare") == bare
        assert self.actor_rows(store, "evt-bare") == []

    def test_query_filters(self, store: EventStore) -> None:
        a1 = [make_event(t, article_id="art-a") for t in ("meeting", "pledge", "request")]
        a2 = [make_event(t, article_id="art-b") for t in ("meeting", "project_mention")]
        store.write(a1 + a2)

        assert {e.event_id for e in store.query(article_id="art-a")} == {e.event_id for e in a1}
        meetings = store.query(event_type="meeting")
        assert {e.event_id for e in meetings} == {a1[0].event_id, a2[0].event_id}
        assert [e.event_id for e in store.query(article_id="art-b", event_type="project_mention")] == [
            a2[1].event_id
        ]
        assert store.query(article_id="art-b", event_type="pledge") == []
        assert len(store.query()) == 5

    def test_query_order_is_article_then_date_undated_last(self, store: EventStore) -> None:
        late = make_event(event_id="evt-o-late", article_id="art-o", date=dt.date(2024, 12, 9))
        undated = make_event(event_id="evt-o-none", article_id="art-o", date=None)
        early = make_event(event_id="evt-o-early", article_id="art-o", date=dt.date(2024, 12, 1))
        store.write([undated, late, early])
        assert [e.event_id for e in store.query(article_id="art-o")] == [
            "evt-o-early",
            "evt-o-late",
            "evt-o-none",
        ]

    def test_large_batch(self, store: EventStore) -> None:
        events = [
            make_event(("meeting", "request", "pledge", "project_mention")[i % 4], article_id=f"art-{i // 3}")
            for i in range(1200)
        ]
        assert store.write(events) == 1200
        assert store.count() == 1200
        assert store.write(events[:600]) == 600
        assert store.count() == 1200
        assert len(store.query(event_type="pledge")) == 300

    def test_empty_write_is_a_no_op(self, store: EventStore) -> None:
        assert store.write([]) == 0
        assert store.count() == 0

    def test_manifest_retracts_in_the_same_transaction(self, store: EventStore) -> None:
        later = EXTRACTED_AT + dt.timedelta(hours=1)
        old = [make_event(t, article_id="art-m") for t in ("meeting", "pledge", "request")]
        store.write(old)
        fresh = make_event("meeting", article_id="art-m", extracted_at=later)
        m = ArticleManifest(article_id="art-m", event_ids=[old[0].event_id, fresh.event_id],
                            extracted_at=later, extractor={"version": "0.2.0", "model": "m"})
        plan = store.apply([fresh], [m])
        assert sorted(plan.deletes) == sorted(e.event_id for e in old[1:])
        assert {e.event_id for e in store.query(article_id="art-m")} == {old[0].event_id, fresh.event_id}
        assert self.actor_rows(store, old[1].event_id) == []  # actor rows go with their event
        current = store.manifest("art-m")
        assert current is not None and current.extracted_at == later
        assert current.event_ids == {old[0].event_id, fresh.event_id}
        assert store.apply([], [m]).deletes == []  # the same manifest again: a no-op
        assert len(store.query(article_id="art-m")) == 2

    def test_an_id_keeps_its_article_and_type(self, store: EventStore) -> None:
        owner = make_event("meeting", event_id="evt-own", article_id="art-1")
        store.write([owner])
        forged = make_event("meeting", event_id="evt-own", article_id="art-2", confidence=0.1)
        plan = store.apply([forged])
        assert plan.upserts == [] and id(forged) in plan.conflicts
        assert store.get("evt-own") == owner


# ---------------------------------------------------------------- SQLite ----


class TestSQLiteStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[EventStore]:
        with open_store(f"sqlite:///{tmp_path}/events.db") as s:
            yield s

    @staticmethod
    def actor_rows(store: EventStore, event_id: str) -> list[tuple[str, str, str | None]]:
        assert isinstance(store, SQLiteEventStore)
        with sqlite3.connect(store.path) as conn:
            return conn.execute(
                "SELECT name, role, country FROM event_actors WHERE event_id = ? ORDER BY position",
                (event_id,),
            ).fetchall()


def test_sqlite_reopen_persists(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/nested/dir/events.db"
    events = [make_event("meeting"), make_event("pledge")]
    with open_store(url) as store:
        store.write(events)
    assert (tmp_path / "nested" / "dir" / "events.db").exists()
    with open_store(url) as store:
        assert store.count() == 2
        assert store.get(events[1].event_id) == events[1]


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/wal.db") as store:
        store.write([make_event()])
    with sqlite3.connect(tmp_path / "wal.db") as conn:
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_sqlite_columns_for_analysts(tmp_path: Path) -> None:
    """The documented SQL (README) works: 'all meetings involving CHN'."""
    path = tmp_path / "sql.db"
    meeting = make_event("meeting", event_id="evt-sql-m")
    pledge = make_event("pledge", event_id="evt-sql-p")
    other = make_event(
        "meeting",
        event_id="evt-sql-x",
        actors=[Actor(name="Emmanuel Macron", role="participant", kind="person", country="FRA")],
    )
    with open_store(f"sqlite:///{path}") as store:
        store.write([meeting, pledge, other])
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            """SELECT DISTINCT e.event_id FROM events e
               JOIN event_actors a ON a.event_id = e.event_id
               WHERE e.event_type = 'meeting' AND a.country = 'CHN'"""
        ).fetchall()
        assert rows == [("evt-sql-m",)]
        row = conn.execute(
            "SELECT event_type, event_date, amount_value, amount_currency, json_extract(payload, '$.content')"
            " FROM events WHERE event_id = 'evt-sql-p'"
        ).fetchone()
        assert row == ("pledge", "2024-12-04", 1.5e9, "USD", "loans for the second phase of the railway")
        (names,) = conn.execute(
            "SELECT json_extract(actors, '$[0].name') FROM events WHERE event_id = 'evt-sql-m'"
        ).fetchone()
        assert names == "Xi Jinping"


def test_sqlite_write_is_atomic(tmp_path: Path) -> None:
    """A batch that fails half-way (its second event's actor rows refused) leaves nothing behind."""
    path = tmp_path / "atomic.db"
    with open_store(f"sqlite:///{path}") as store:
        good = make_event(event_id="evt-good")
        bad = make_event(event_id="evt-bad")
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON event_actors WHEN NEW.event_id = 'evt-bad' "
                         "BEGIN SELECT RAISE(ABORT, 'refused'); END")
        with pytest.raises(StoreError):
            store.write([good, bad])
        assert store.count() == 0
        assert store.write([good]) == 1
        assert TestSQLiteStore.actor_rows(store, "evt-good")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///eventx.db", "eventx.db"),
        ("sqlite:///data/eventx.db", "data/eventx.db"),
        ("sqlite:////var/lib/eventx/events.db", "/var/lib/eventx/events.db"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_url_paths(url: str, expected: str) -> None:
    assert sqlite_path(url) == expected


def test_open_store_picks_backend_by_scheme() -> None:
    assert isinstance(make_store("sqlite:///x.db"), SQLiteEventStore)
    pg = make_store("postgresql://u@db.example:5432/ev?schema=eventx&sslmode=require")
    assert isinstance(pg, PostgresEventStore)
    assert pg.schema_name == "eventx"
    assert "schema=" not in pg.url and "sslmode=require" in pg.url
    assert isinstance(make_store("postgres://u@h/db"), PostgresEventStore)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "/tmp/events.db", "sqlite:/rel.db"])
def test_open_store_rejects_unknown_urls(url: str) -> None:
    with pytest.raises(ValueError, match="sqlite"):
        make_store(url)


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = make_store(f"sqlite:///{tmp_path}/c.db")
    with pytest.raises(StoreError):
        store.count()


@pytest.mark.parametrize("url", ["mysql://eventx:s3cr3t-pw@db:3306/ev", "postgresq://eventx:s3cr3t-pw@db/ev"])
def test_bad_database_url_errors_never_show_the_password(url: str) -> None:
    with pytest.raises(ValueError) as err:
        make_store(url)
    assert "s3cr3t-pw" not in str(err.value) and "EVENTX_DB_URL" in str(err.value)


def test_unreachable_postgres_error_names_no_password() -> None:
    store = make_store("postgresql://eventx:s3cr3t-pw@127.0.0.1:1/ev", connect_timeout=1)
    with pytest.raises(StoreError) as err:
        store.open()
    assert "s3cr3t-pw" not in str(err.value)
    with pytest.raises(StoreError):  # still open: the next use tries to connect again
        store.count()
