"""The sink app's handler, through FastStream's in-memory ``TestKafkaBroker``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from prometheus_client import CollectorRegistry

from contracts.models import Event
from services.common.config import Settings
from services.sink.app import create_app
from services.sink.storage import EventStore, RejectedEventError, StoreError, open_store
from tests.factories import event_json, make_event


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path}/sink.db", sink_metrics_port=0)


@pytest.fixture
def store(settings: Settings) -> Iterator[EventStore]:
    with open_store(settings.db_url) as s:
        yield s


def metric(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def build(settings: Settings, store: EventStore):  # type: ignore[no-untyped-def]
    registry = CollectorRegistry()
    app, broker = create_app(
        settings, store, registry=registry, retry_backoff_s=0, serve_metrics_http=False
    )
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


class FlakyStore(EventStore):
    """Wraps a real store; fails the first ``failures`` writes like a DB outage."""

    def __init__(self, inner: EventStore, failures: int = 1, exc: Exception | None = None) -> None:
        self.inner = inner
        self.failures = failures
        self.exc = exc or StoreError("connection refused")
        self.attempts = 0

    def open(self) -> None:
        self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def write(self, events: Sequence[Event]) -> int:
        self.attempts += 1
        if self.failures > 0:
            self.failures -= 1
            raise self.exc
        return self.inner.write(events)

    def count(self) -> int:
        return self.inner.count()

    def get(self, event_id: str) -> Event | None:
        return self.inner.get(event_id)

    def query(self, article_id: str | None = None, event_type: str | None = None) -> list[Event]:
        return self.inner.query(article_id, event_type)


async def test_failed_write_raises_so_batch_is_not_committed(settings: Settings, store: EventStore) -> None:
    """A store failure must surface as a handler error (-> NACK, no commit), be counted,
    and send nothing to the DLQ; redelivery of the same batch then stores it."""
    flaky = FlakyStore(store, failures=1)
    broker, registry, dlq = build(settings, flaky)
    events = [make_event("pledge"), make_event("pledge")]
    async with TestKafkaBroker(broker):
        with pytest.raises(StoreError):
            await broker.publish_batch(*(event_json(e) for e in events), topic="events.pledge")
        assert store.count() == 0
        assert metric(registry, "eventx_sink_write_errors_total") == 1
        # what Kafka does after the NACK: the same records again
        await broker.publish_batch(*(event_json(e) for e in events), topic="events.pledge")
    assert store.count() == 2
    assert dlq == []
    assert flaky.attempts == 2


class RejectingStore(FlakyStore):
    """Refuses (as bad data) any batch that contains a given event id."""

    def __init__(self, inner: EventStore, poison_id: str) -> None:
        super().__init__(inner, failures=0)
        self.poison_id = poison_id

    def write(self, events: Sequence[Event]) -> int:
        self.attempts += 1
        if any(e.event_id == self.poison_id for e in events):
            raise RejectedEventError("invalid byte sequence")
        return self.inner.write(events)


async def test_event_the_database_rejects_is_isolated_and_dead_lettered(
    settings: Settings, store: EventStore
) -> None:
    poison = make_event("meeting", event_id="evt-poison")
    others = [make_event("meeting") for _ in range(3)]
    broker, registry, dlq = build(settings, RejectingStore(store, "evt-poison"))
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

    _, broker = create_app(settings, store, registry=CollectorRegistry(), serve_metrics_http=False)
    (sub,) = broker.subscribers
    assert sub.ack_policy is AckPolicy.NACK_ON_ERROR
    assert sub._connection_args["enable_auto_commit"] is False
    assert sorted(sub.topic_names) == sorted(
        ["events.meeting", "events.request", "events.pledge", "events.project_mention"]
    )
    assert sub.group_id == settings.sink_group
    assert sub.max_records == settings.sink_batch_size
