"""The sink app's handler, through FastStream's in-memory ``TestKafkaBroker``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from prometheus_client import CollectorRegistry

from eventx.contracts.models import ArticleManifest, Event
from eventx.services.common.config import Settings
from eventx.services.sink.app import build_app
from eventx.services.sink.handler import RetryPolicy
from eventx.services.sink.reconcile import Plan
from eventx.services.sink.storage import EventStore, RejectedEventError, SQLiteEventStore, StoreError, open_store
from tests.factories import EXTRACTED_AT, event_json, make_event


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path}/sink.db", sink_metrics_port=0)


@pytest.fixture
def store(settings: Settings) -> Iterator[EventStore]:
    with open_store(settings.db_url) as s:
        yield s


FAST_RETRY = RetryPolicy(initial_s=0.01, max_s=0.05, window_s=3.0)


def metric(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def build(settings: Settings, store: EventStore):  # type: ignore[no-untyped-def]
    registry = CollectorRegistry()
    app, broker = build_app(settings, store, registry=registry, retry=FAST_RETRY, serve_metrics_http=False)
    dlq_records: list[tuple[bytes, dict[str, str]]] = []

    async def raw_body(message: StreamMessage[Any]) -> bytes:
        return message.body

    @broker.subscriber(settings.topic_events_dlq, decoder=raw_body)
    async def capture(body: bytes, message: KafkaMessage) -> None:
        dlq_records.append((body, dict(message.headers)))

    return broker, registry, dlq_records


async def test_valid_events_from_all_topics_are_stored(settings: Settings, store: EventStore) -> None:
    broker, registry, dlq = build(settings, store)
    events = [make_event(t) for t in ("meeting", "request", "pledge", "project_mention")]
    async with TestKafkaBroker(broker):
        for e in events:
            await broker.publish_batch(event_json(e), topic=settings.event_topic(e.event_type))
    assert store.count() == 4
    for e in events:
        assert store.get(e.event_id) == e
    assert dlq == []
    assert metric(registry, "eventx_sink_events_written_total", event_type="pledge") == 1
    assert metric(registry, "eventx_sink_batch_size_count") == 4


async def test_invalid_record_goes_to_dlq_and_rest_of_batch_is_stored(
    settings: Settings, store: EventStore
) -> None:
    broker, registry, dlq = build(settings, store)
    good1, good2 = make_event("meeting"), make_event("meeting")
    not_json = b"{this is not json"
    missing_fields = b'{"event_id": "evt-x", "event_type": "meeting"}'
    async with TestKafkaBroker(broker):
        await broker.publish_batch(
            event_json(good1), not_json, missing_fields, event_json(good2), topic="events.meeting"
        )

    assert store.count() == 2
    assert store.get(good1.event_id) == good1 and store.get(good2.event_id) == good2

    assert [body for body, _ in dlq] == [not_json, missing_fields]
    h_json, h_event = (h for _, h in dlq)
    assert h_json["x-error-exception"] == "ValidationError"
    assert h_json["x-error-kind"] == "invalid_json"
    assert h_json["x-error-service"] == "sink"
    assert h_json["x-original-topic"] == "events.meeting"
    assert "Invalid JSON" in h_json["x-error-message"]
    assert "Traceback" in h_json["x-error-stacktrace"]
    assert h_event["x-error-kind"] == "invalid_event"
    assert "confidence" in h_event["x-error-message"]  # names a missing required field

    assert metric(registry, "eventx_sink_dlq_total", reason="invalid_json") == 1
    assert metric(registry, "eventx_sink_dlq_total", reason="invalid_event") == 1
    assert metric(registry, "eventx_sink_events_written_total", event_type="meeting") == 2


async def test_replayed_batch_creates_no_duplicates(settings: Settings, store: EventStore) -> None:
    broker, _, _ = build(settings, store)
    events = [make_event("request") for _ in range(5)]
    async with TestKafkaBroker(broker):
        for _ in range(3):
            await broker.publish_batch(*(event_json(e) for e in events), topic="events.request")
    assert store.count() == 5


class FlakyStore(SQLiteEventStore):
    """A real store on the same file that fails its first ``failures`` applies like a DB outage."""

    def __init__(self, path: str, failures: int = 1, exc: Exception | None = None) -> None:
        super().__init__(path)
        self.failures = failures
        self.exc = exc or StoreError("connection refused")
        self.attempts = 0

    def apply(self, events: Sequence[Event], manifests: Sequence[ArticleManifest] = ()) -> Plan:
        self.attempts += 1
        if self.failures > 0:
            self.failures -= 1
            raise self.exc
        return super().apply(events, manifests)


def flaky(store: EventStore, failures: int) -> FlakyStore:
    assert isinstance(store, SQLiteEventStore)
    flaky_store = FlakyStore(store.path, failures)
    flaky_store.open()
    return flaky_store


async def test_database_outage_is_waited_out_inside_the_batch(settings: Settings, store: EventStore) -> None:
    """Connection errors are retried with back-off (not dead-lettered), counted, and the
    batch completes once the database is back: no redelivery needed."""
    flaky_store = flaky(store, failures=2)
    broker, registry, dlq = build(settings, flaky_store)
    events = [make_event("pledge"), make_event("pledge")]
    async with TestKafkaBroker(broker):
        await broker.publish_batch(*(event_json(e) for e in events), topic="events.pledge")
    assert store.count() == 2
    assert dlq == []
    assert flaky_store.attempts == 3
    assert metric(registry, "eventx_sink_write_errors_total") == 2


async def test_outage_longer_than_the_window_raises_so_batch_is_not_committed(
    settings: Settings, store: EventStore
) -> None:
    """Past the retry window the handler raises (-> NACK, no commit, redelivery); nothing is
    dead-lettered; the redelivered batch is stored once the database is back."""
    flaky_store = flaky(store, failures=10_000)
    broker, _, dlq = build(settings, flaky_store)
    events = [make_event("pledge"), make_event("pledge")]
    async with TestKafkaBroker(broker):
        with pytest.raises(StoreError):
            await broker.publish_batch(*(event_json(e) for e in events), topic="events.pledge")
        assert store.count() == 0
        assert flaky_store.attempts > 1
        flaky_store.failures = 0
        await broker.publish_batch(*(event_json(e) for e in events), topic="events.pledge")
    assert store.count() == 2
    assert dlq == []


class RejectingStore(FlakyStore):
    """Refuses (as bad data) any batch that contains a given event id."""

    def __init__(self, path: str, poison_id: str) -> None:
        super().__init__(path, failures=0)
        self.poison_id = poison_id

    def apply(self, events: Sequence[Event], manifests: Sequence[ArticleManifest] = ()) -> Plan:
        if any(e.event_id == self.poison_id for e in events):
            raise RejectedEventError("invalid byte sequence")
        return super().apply(events, manifests)


async def test_event_the_database_rejects_is_isolated_and_dead_lettered(
    settings: Settings, store: EventStore
) -> None:
    poison = make_event("meeting", event_id="evt-poison")
    others = [make_event("meeting") for _ in range(3)]
    assert isinstance(store, SQLiteEventStore)
    rejecting = RejectingStore(store.path, "evt-poison")
    rejecting.open()
    broker, registry, dlq = build(settings, rejecting)
    async with TestKafkaBroker(broker):
        await broker.publish_batch(
            event_json(others[0]), event_json(poison), *(event_json(e) for e in others[1:]),
            topic="events.meeting",
        )
    assert store.count() == 3
    assert store.get("evt-poison") is None
    assert [body for body, _ in dlq] == [event_json(poison)]
    assert dlq[0][1]["x-error-kind"] == "store_rejected"
    assert dlq[0][1]["x-error-exception"] == "RejectedEventError"
    assert metric(registry, "eventx_sink_dlq_total", reason="store_rejected") == 1


async def test_subscriber_is_configured_for_commit_after_write(settings: Settings, store: EventStore) -> None:
    from faststream import AckPolicy

    _, broker = build_app(settings, store, registry=CollectorRegistry(), serve_metrics_http=False)
    (sub,) = broker.subscribers
    assert sub.ack_policy is AckPolicy.NACK_ON_ERROR
    assert sub._connection_args["enable_auto_commit"] is False
    assert sorted(sub.topic_names) == sorted(
        ["events.meeting", "events.request", "events.pledge", "events.project_mention", "events.articles"]
    )
    assert sub.group_id == settings.sink_group
    assert sub.max_records == settings.sink_batch_size


def manifest_json(article_id: str, event_ids: list[str], at: dt.datetime) -> bytes:
    return ArticleManifest(article_id=article_id, event_ids=event_ids, extracted_at=at,
                           extractor={"version": "0.1.0", "model": "m"}).model_dump_json().encode()


LATER = EXTRACTED_AT + dt.timedelta(hours=1)


async def test_a_newer_manifest_retracts_the_events_it_no_longer_lists(settings: Settings, store: EventStore) -> None:
    broker, registry, dlq = build(settings, store)
    kept, dropped = make_event("meeting", article_id="art-c"), make_event("meeting", article_id="art-c")
    other = make_event("meeting", article_id="art-other")
    async with TestKafkaBroker(broker):
        await broker.publish_batch(*(event_json(e) for e in (kept, dropped, other)), topic="events.meeting")
        await broker.publish_batch(manifest_json("art-c", [kept.event_id], LATER), topic="events.articles")
        # a late replay of the old extraction's retracted event must not bring it back
        await broker.publish_batch(event_json(dropped), topic="events.meeting")
    assert {e.event_id for e in store.query(article_id="art-c")} == {kept.event_id}
    assert store.get(other.event_id) == other
    assert dlq == []
    assert metric(registry, "eventx_sink_events_retracted_total") == 1
    assert metric(registry, "eventx_sink_events_stale_total") == 1
    assert metric(registry, "eventx_sink_manifests_total", outcome="applied") == 1


async def test_replayed_manifest_is_a_no_op(settings: Settings, store: EventStore) -> None:
    broker, registry, _ = build(settings, store)
    event = make_event("pledge", article_id="art-r")
    async with TestKafkaBroker(broker):
        await broker.publish_batch(event_json(event), topic="events.pledge")
        for _ in range(2):
            await broker.publish_batch(manifest_json("art-r", [event.event_id], LATER), topic="events.articles")
        await broker.publish_batch(manifest_json("art-r", [], EXTRACTED_AT), topic="events.articles")  # older
    assert store.get(event.event_id) == event
    assert metric(registry, "eventx_sink_manifests_total", outcome="applied") == 1
    assert metric(registry, "eventx_sink_manifests_total", outcome="stale") == 2


async def test_forged_events_are_dead_lettered_with_their_kind(settings: Settings, store: EventStore) -> None:
    broker, registry, dlq = build(settings, store)
    owner = make_event("meeting", event_id="evt-owned", article_id="art-owner")
    wrong_topic = make_event("pledge")
    other_article = make_event("meeting", event_id="evt-owned", article_id="art-forger")
    other_type = make_event("request", event_id="evt-owned", article_id="art-owner")
    empty_id = event_json(make_event("meeting")).replace(b'"event_id":"evt-', b'"event_id":"", "x":"')
    async with TestKafkaBroker(broker):
        await broker.publish_batch(event_json(owner), topic="events.meeting")
        await broker.publish_batch(event_json(wrong_topic), event_json(other_article), empty_id,
                                   topic="events.meeting")
        await broker.publish_batch(event_json(other_type), topic="events.request")
        await broker.publish_batch(b'{"article_id": "a"}', topic="events.articles")
    assert store.count() == 1 and store.get("evt-owned") == owner
    reasons = [h["x-error-kind"] for _, h in dlq]
    assert reasons == ["wrong_topic", "invalid_event", "id_conflict", "id_conflict", "invalid_manifest"]
    assert "another article" in dlq[2][1]["x-error-message"]
    assert "belongs to a meeting event" in dlq[3][1]["x-error-message"]
    assert metric(registry, "eventx_sink_dlq_total", reason="id_conflict") == 2
