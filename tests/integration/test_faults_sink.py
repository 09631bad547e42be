"""Fault suite, sink side (issue 7 rows 4, 5, 7, 8): real broker, real PostgreSQL, services as processes.

Each test is bounded in time, prints how many records it pushed and how many
rows it found, and asserts exact sets: every event in the table exactly once,
or on the dead-letter topic with its kind; nothing stale.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from aiokafka import AIOKafkaProducer

from eventx.contracts.models import EVENT_TYPES, ArticleManifest, Event
from eventx.services.common.broker import EmbeddedBroker, all_topics, ensure_topics, free_port
from eventx.services.common.config import Settings
from eventx.services.common.processes import stop_process
from eventx.services.sink.storage import open_store
from tests.factories import event_json, make_event
from tests.integration.kafka_helpers import consume
from tests.integration.test_pipeline import STORY
from tests.pg import PG_URL, require_pg, temp_schema_url

pytestmark = [pytest.mark.integration, pytest.mark.timeout(420)]

EVENTX = [sys.executable, "-m", "eventx.services.cli"]


# ----------------------------------------------------------------------------------------- helpers
@dataclass
class Service:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def readiness(self) -> tuple[int, dict[str, str]]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=3) as resp:
                return resp.status, json.loads(resp.read())["checks"]
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())["checks"]
        except OSError:
            return 0, {}

    def stop(self) -> int | None:
        return stop_process(self.proc, 30)


def spawn(name: str, settings: Settings, db_url: str, tmp_path: Path, tag: str = "") -> Service:
    port = free_port()
    env = dict(
        os.environ,
        EVENTX_KAFKA_BOOTSTRAP=settings.kafka_bootstrap, EVENTX_DB_URL=db_url,
        EVENTX_SINK_GROUP=settings.sink_group, EVENTX_EXTRACTOR_GROUP=settings.extractor_group,
        EVENTX_SINK_METRICS_PORT=str(port), EVENTX_EXTRACTOR_METRICS_PORT=str(port),
        EVENTX_HEALTH_INTERVAL_S="1", EVENTX_HEALTH_TIMEOUT_S="2", EVENTX_SINK_BATCH_TIMEOUT_MS="100",
        EVENTX_SINK_BATCH_SIZE="100", EVENTX_KAFKA_CREATE_TOPICS="false",
    )
    log = tmp_path / f"{name}{tag}.log"
    proc = subprocess.Popen([*EVENTX, "serve", name], env=env, stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    return Service(name, proc, port, log)


def wait_for(predicate: Callable[[], object], timeout: float, what: str, interval: float = 0.5) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:g}s: {what}")
        time.sleep(interval)


async def _produce(bootstrap: str, records: Sequence[tuple[str, bytes | None, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key) for topic, key, value in records]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce(settings: Settings, records: Sequence[tuple[str, bytes | None, bytes]]) -> None:
    asyncio.run(_produce(settings.kafka_bootstrap, records))


def event_records(settings: Settings, events: Sequence[Event]) -> list[tuple[str, bytes | None, bytes]]:
    return [(settings.event_topic(e.event_type), e.article_id.encode(), event_json(e)) for e in events]


def wave(tag: str, n: int) -> list[Event]:
    return [make_event(EVENT_TYPES[i % 4], article_id=f"art-{tag}-{i // 4}") for i in range(n)]


def stored_ids(db_url: str, article_id: str | None = None) -> set[str]:
    with open_store(db_url) as store:
        return {e.event_id for e in store.query(article_id=article_id)}


def row_count(db_url: str) -> int:
    with open_store(db_url) as store:
        return store.count()


def create_topics(settings: Settings) -> None:
    asyncio.run(ensure_topics(settings.kafka_bootstrap, all_topics(settings)))


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    yield from temp_schema_url()


@pytest.fixture
def pg_database() -> Iterator[tuple[str, str]]:
    """A database of its own (name, URL), so the test can refuse its connections
    without touching the shared server; dropped afterwards."""
    require_pg()
    name = f"eventx_fault_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_URL.rsplit("/", 1)[0]
    try:
        yield name, f"{base}/{name}"
    finally:
        set_connections(name, allowed=True)
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def set_connections(database: str, *, allowed: bool) -> None:
    """Refuse (and cut) or allow connections to one database: the outage of issue 7 row 4."""
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                          (database,))


def not_ready_because(service: Service, check: str) -> bool:
    status, checks = service.readiness()
    return status == 503 and checks.get(check, "ok") != "ok"


def ready(service: Service) -> bool:
    return service.readiness()[0] == 200


# ----------------------------------------------------------------------------------------- row 4
def test_postgres_refusing_connections_for_20s_mid_stream_loses_nothing(settings, tmp_path, pg_database):
    database, db_url = pg_database
    create_topics(settings)
    waves = [wave("before", 200), wave("during", 200), wave("after", 200)]
    sink = spawn("sink", settings, db_url, tmp_path)
    try:
        produce(settings, event_records(settings, waves[0]))
        wait_for(lambda: row_count(db_url) == 200, 120, "first wave stored")
        set_connections(database, allowed=False)
        refused_at = time.monotonic()
        produce(settings, event_records(settings, waves[1]))
        wait_for(lambda: not_ready_because(sink, "database"), 15, "readiness names the database")
        time.sleep(max(0.0, 20 - (time.monotonic() - refused_at)))
        set_connections(database, allowed=True)
        produce(settings, event_records(settings, waves[2]))
        expected = {e.event_id for w in waves for e in w}
        wait_for(lambda: stored_ids(db_url) == expected, 180, "every event stored after the outage")
        assert sink.proc.poll() is None, "the sink must recover without a restart"
        wait_for(lambda: ready(sink), 30, "ready again")
        found = row_count(db_url)
    finally:
        code = sink.stop()
    print(f"\npushed {len(expected)} events (200 during a 20 s outage), found {found} rows")
    assert found == len(expected)
    assert code == 0, sink.log.read_text()[-3000:]
    assert "sink.store_unavailable" in sink.log.read_text()


def test_sink_started_while_postgres_refuses_waits_instead_of_exiting(settings, tmp_path, pg_database):
    database, db_url = pg_database
    create_topics(settings)
    events = wave("startup", 60)
    set_connections(database, allowed=False)
    sink = spawn("sink", settings, db_url, tmp_path)
    try:
        produce(settings, event_records(settings, events))
        wait_for(lambda: not_ready_because(sink, "database"), 60, "not ready while the database refuses")
        assert sink.proc.poll() is None, "an unreachable database at start-up must not stop the sink"
        set_connections(database, allowed=True)
        wait_for(lambda: stored_ids(db_url) == {e.event_id for e in events}, 180, "stored once allowed")
        found = row_count(db_url)
    finally:
        sink.stop()
    print(f"\npushed {len(events)} events with the database refusing at start-up, found {found} rows")
    assert found == len(events)


# ----------------------------------------------------------------------------------------- row 5
def test_oversized_and_unstorable_values_are_dead_lettered_and_the_stream_goes_on(settings, tmp_path, pg_schema_url):
    create_topics(settings)
    good = wave("good", 40)
    template = json.loads(event_json(make_event("meeting")))
    bad_bodies = [
        json.dumps({**template, "event_id": "evt-long-article", "article_id": "x" * 3000}).encode(),
        json.dumps({**template, "event_id": "evt-long-actor",
                    "actors": [{"name": "y" * 3000, "role": "participant"}]}).encode(),
        json.dumps({**template, "event_id": "evt-nul", "content": "loans\u0000for railway"}).encode(),
    ]
    bad = [("events.meeting", b"bad", body) for body in bad_bodies]
    sink = spawn("sink", settings, pg_schema_url, tmp_path)
    try:
        produce(settings, event_records(settings, good[:20]) + bad + event_records(settings, good[20:]))
        wait_for(lambda: stored_ids(pg_schema_url) == {e.event_id for e in good}, 120, "good events stored")
        dead = asyncio.run(consume(settings.kafka_bootstrap, [settings.topic_events_dlq], len(bad), timeout=60))
    finally:
        sink.stop()
    kinds = sorted(dict(r.headers)["x-error-kind"].decode() for r in dead)
    print(f"\npushed {len(good)} good + {len(bad)} oversized/NUL events, found "
          f"{len(stored_ids(pg_schema_url))} rows and {len(dead)} dead letters")
    assert kinds == ["invalid_event"] * 3  # refused by the contract, identically for SQLite and PostgreSQL


# ----------------------------------------------------------------------------------------- row 7
def _manifests(settings: Settings, n: int) -> list[ArticleManifest]:
    records = asyncio.run(consume(settings.kafka_bootstrap, [settings.topic_manifests], n, timeout=5))
    return [ArticleManifest.model_validate_json(r.value) for r in records]


def test_a_corrected_article_leaves_exactly_its_new_events_and_a_retraction_signal(settings, tmp_path, pg_schema_url):
    create_topics(settings)
    v1 = STORY
    v2 = STORY.replace("Minh asked Australia to provide concessional loans for the Mekong Delta Coastal Highway. ", "")
    assert v2 != v1
    services = [spawn(name, settings, pg_schema_url, tmp_path) for name in ("extractor", "sink")]
    try:
        produce(settings, [(settings.topic_articles, b"story-c", json.dumps({"id": "story-c", "text": v1}).encode())])
        (first,) = wait_for(lambda: _manifests(settings, 1), 240, "first manifest")
        wait_for(lambda: stored_ids(pg_schema_url, "story-c") == set(first.event_ids), 60, "first version stored")
        produce(settings, [(settings.topic_articles, b"story-c", json.dumps({"id": "story-c", "text": v2}).encode())])
        wait_for(lambda: len(_manifests(settings, 2)) == 2, 120, "second manifest")
        second = _manifests(settings, 2)[1]
        wait_for(lambda: stored_ids(pg_schema_url, "story-c") == set(second.event_ids), 60, "correction applied")
        found = stored_ids(pg_schema_url, "story-c")
    finally:
        codes = [s.stop() for s in services]
    retracted = set(first.event_ids) - set(second.event_ids)
    print(f"\npushed 2 versions of one article: {len(first.event_ids)} then {len(second.event_ids)} events; "
          f"found {len(found)} rows, {len(retracted)} retracted")
    assert found == set(second.event_ids)
    assert retracted and not (retracted & found)  # the removed sentence's events are gone
    assert second.extracted_at > first.extracted_at
    assert codes == [0, 0]


def test_forged_events_are_dead_lettered_and_change_nothing(settings, tmp_path, pg_schema_url):
    create_topics(settings)
    owner = make_event("meeting", event_id="evt-owned", article_id="art-owner")
    legit = [owner, *wave("legit", 12)]
    template = json.loads(event_json(make_event("meeting")))
    forged = [
        ("events.meeting", b"f", event_json(make_event("pledge"))),  # wrong topic
        ("events.meeting", b"f", json.dumps({**template, "event_id": ""}).encode()),  # empty id
        ("events.meeting", b"f", json.dumps({**template, "event_id": "../../etc"}).encode()),  # malformed id
        ("events.meeting", b"f", event_json(make_event("meeting", event_id="evt-owned", article_id="art-forger"))),
        ("events.request", b"f", event_json(make_event("request", event_id="evt-owned", article_id="art-owner"))),
    ]
    sink = spawn("sink", settings, pg_schema_url, tmp_path)
    try:
        produce(settings, event_records(settings, legit))
        wait_for(lambda: stored_ids(pg_schema_url) == {e.event_id for e in legit}, 120, "legit events stored")
        produce(settings, forged)
        dead = asyncio.run(consume(settings.kafka_bootstrap, [settings.topic_events_dlq], len(forged), timeout=90))
        found = stored_ids(pg_schema_url)
        with open_store(pg_schema_url) as store:
            kept = store.get("evt-owned")
    finally:
        sink.stop()
    kinds = sorted(dict(r.headers)["x-error-kind"].decode() for r in dead)
    print(f"\npushed {len(legit)} legit + {len(forged)} forged events, found {len(found)} rows, {len(dead)} dead letters")
    assert kinds == sorted(["wrong_topic", "invalid_event", "invalid_event", "id_conflict", "id_conflict"])
    assert found == {e.event_id for e in legit}
    assert kept == owner


# ----------------------------------------------------------------------------------------- row 8
def test_readiness_follows_the_broker(kafka: EmbeddedBroker, settings, tmp_path):
    create_topics(settings)
    db_url = f"sqlite:///{tmp_path / 'ready.db'}"
    services = [spawn(name, settings, db_url, tmp_path) for name in ("sink", "extractor")]
    try:
        for s in services:
            wait_for(lambda s=s: ready(s), 240, f"{s.name} ready at start")
        port = kafka.port
        kafka.stop()
        killed = time.monotonic()
        for s in services:
            wait_for(lambda s=s: not_ready_because(s, "broker"), max(1.0, 15 - (time.monotonic() - killed)),
                     f"{s.name} not ready within 15 s of the broker going away")
        took = time.monotonic() - killed
        kafka.port = port
        kafka.start()
        create_topics(settings)
        for s in services:
            wait_for(lambda s=s: ready(s), 120, f"{s.name} ready again after the broker returned")
        assert all(s.proc.poll() is None for s in services)
    finally:
        for s in services:
            s.stop()
    print(f"\nboth services not ready {took:.1f} s after the broker was killed, ready again after it returned")


# ----------------------------------------------------------------------------------------- kill -9
def test_sink_killed_mid_stream_loses_and_duplicates_nothing(settings, tmp_path, pg_schema_url):
    create_topics(settings)
    events = wave("kill", 2000)
    produce(settings, event_records(settings, events))
    sink = spawn("sink", settings, pg_schema_url, tmp_path)
    try:
        wait_for(lambda: row_count(pg_schema_url) >= 400, 120, "part of the stream stored", interval=0.05)
        os.killpg(sink.proc.pid, signal.SIGKILL)
        sink.proc.wait(30)
        at_kill = row_count(pg_schema_url)
        sink = spawn("sink", settings, pg_schema_url, tmp_path, tag="-2")
        wait_for(lambda: row_count(pg_schema_url) == len(events), 180, "the rest stored after the restart")
        found = stored_ids(pg_schema_url)
    finally:
        sink.stop()
    print(f"\npushed {len(events)} events, killed the sink (-9) at {at_kill} rows, found {len(found)} rows")
    assert found == {e.event_id for e in events}
