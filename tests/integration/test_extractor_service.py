"""The extractor shell against the real broker, with a stub extraction core.

The stub keeps these tests about delivery (acks, DLQ, keys), not accuracy;
the full pipeline test uses the real core.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from contracts.models import Event, ExtractorInfo, TextSpan
from services.common.broker import all_topics, ensure_topics
from services.extractor.app import create_app
from services.progress import lag
from tests.integration.kafka_helpers import consume, eventually, produce

pytestmark = pytest.mark.integration


class StubExtractor:
    """One meeting per article, trigger on the first word; records what it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_many(self, articles):
        out = []
        for a in articles:
            self.seen.append(a.id)
            word = a.text.split()[0]
            start = a.text.index(word)
            out.append([Event(event_id=f"{a.id}-m", event_type="meeting", article_id=a.id,
                              trigger=TextSpan(text=word, start=start, end=start + len(word)),
                              confidence=0.9, extractor=ExtractorInfo(version="stub", model="none"),
                              extracted_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))])
        return out


def article(i: str, text: str = "Ministers met in Hanoi on Monday.") -> tuple[bytes, bytes]:
    return i.encode(), json.dumps({"id": i, "text": text}).encode()


async def start_service(settings, stub):
    await ensure_topics(settings.kafka_bootstrap, all_topics(settings))
    app, broker, service = create_app(settings, extractor=stub)
    await broker.start()
    return broker, service


async def test_events_are_published_per_type_keyed_by_article(settings):
    stub = StubExtractor()
    broker, _ = await start_service(settings, stub)
    try:
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("a-1"), article("a-2")])
        records = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 2)
    finally:
        await broker.stop()
    assert sorted(r.key for r in records) == [b"a-1", b"a-2"]
    events = [Event.model_validate_json(r.value) for r in records]
    assert {e.event_id for e in events} == {"a-1-m", "a-2-m"}


async def test_bad_records_go_to_dlq_with_reason_and_the_next_good_one_is_processed(settings):
    stub = StubExtractor()
    broker, service = await start_service(settings, stub)
    try:
        await produce(settings.kafka_bootstrap, settings.topic_articles, [
            (b"junk", b"this is {not json"),
            (b"no-text", json.dumps({"id": "no-text"}).encode()),
            (b"empty", json.dumps({"id": "empty", "text": "   "}).encode()),
            article("good-1"),
        ])
        dead = await consume(settings.kafka_bootstrap, [settings.topic_dlq], 3)
        good = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
    finally:
        await broker.stop()
    reasons = {r.key: dict(r.headers)["x-error-type"].decode() for r in dead}
    assert reasons == {b"junk": "invalid_json", b"no-text": "invalid_article", b"empty": "empty_text"}
    junk = next(r for r in dead if r.key == b"junk")
    assert junk.value == b"this is {not json"  # original bytes, untouched
    assert b"text" in dict(next(r for r in dead if r.key == b"no-text").headers)["x-error"]
    assert [r.key for r in good] == [b"good-1"]
    assert service.metrics.dlq.labels("invalid_json")._value.get() == 1


async def test_plain_text_body_uses_the_kafka_key_as_id(settings):
    stub = StubExtractor()
    broker, _ = await start_service(settings, stub)
    try:
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [(b"plain-7", b"Envoys met in Lima on Friday.")],
                      headers=[("content-type", b"text/plain")])
        records = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
    finally:
        await broker.stop()
    assert Event.model_validate_json(records[0].value).article_id == "plain-7"


async def test_offsets_are_committed_only_after_events_are_published(settings):
    """At-least-once: a publish failure leaves the offset uncommitted and the article is redelivered."""
    stub = StubExtractor()
    broker, service = await start_service(settings, stub)
    real_publish = service.publish_events
    gate = asyncio.Event()
    calls = 0

    async def flaky_publish(events):
        nonlocal calls
        calls += 1
        if calls == 1:
            await gate.wait()
            raise ConnectionError("broker unavailable (simulated)")
        await real_publish(events)

    service.publish_events = flaky_publish
    try:
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("retry-1")])
        await eventually(lambda: asyncio.sleep(0, result=calls >= 1))
        # Parsed but not yet published: the offset must not be committed.
        assert await lag(settings.kafka_bootstrap, settings.extractor_group, [settings.topic_articles]) == 1
        gate.set()
        records = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)

        async def committed() -> bool:
            return await lag(settings.kafka_bootstrap, settings.extractor_group, [settings.topic_articles]) == 0

        await eventually(committed)
    finally:
        await broker.stop()
    assert [r.key for r in records] == [b"retry-1"]
    assert stub.seen.count("retry-1") == 2  # redelivered after the failure


class PoisonAwareStub(StubExtractor):
    """Crashes on any batch containing an article whose text says POISON."""

    def extract_many(self, articles):
        if any("POISON" in a.text for a in articles):
            raise RuntimeError("parser blew up")
        return super().extract_many(articles)


async def test_an_article_that_crashes_extraction_is_dead_lettered_and_its_batch_mates_survive(settings):
    stub = PoisonAwareStub()
    broker, service = await start_service(settings, stub)
    try:
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [article("ok-1"), article("bad-2", "POISON pill text."), article("ok-3")])
        dead = await consume(settings.kafka_bootstrap, [settings.topic_dlq], 1)
        good = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 2)
    finally:
        await broker.stop()
    assert [r.key for r in dead] == [b"bad-2"]
    headers = dict(dead[0].headers)
    assert headers["x-error-type"] == b"extraction_error"
    assert b"parser blew up" in headers["x-error"]
    assert sorted(r.key for r in good) == [b"ok-1", b"ok-3"]


async def test_metrics_count_articles_events_and_faststream_traffic(settings):
    from prometheus_client import generate_latest

    from services.common.metrics import new_registry

    registry = new_registry()
    await ensure_topics(settings.kafka_bootstrap, all_topics(settings))
    _, broker, _ = create_app(settings, extractor=StubExtractor(), registry=registry)
    await broker.start()
    try:
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("m-1"), (b"x", b"nope")])
        await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
        await consume(settings.kafka_bootstrap, [settings.topic_dlq], 1)

        async def counted() -> bool:  # counters move just after the broker acknowledges
            return "eventx_extractor_extraction_seconds_count 1.0" in generate_latest(registry).decode()

        await eventually(counted, timeout=10)
    finally:
        await broker.stop()
    text = generate_latest(registry).decode()
    assert 'eventx_extractor_articles_total{outcome="ok"} 1.0' in text
    assert 'eventx_extractor_articles_total{outcome="dlq"} 1.0' in text
    assert 'eventx_extractor_events_total{event_type="meeting"} 1.0' in text
    assert 'eventx_extractor_dlq_total{reason="invalid_json"} 1.0' in text
    assert "eventx_extractor_extraction_seconds_count 1.0" in text
    assert "faststream_received_messages_total" in text
    assert "process_resident_memory_bytes" in text
