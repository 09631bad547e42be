"""The extractor shell against the real broker, with a stub extraction core.

The stub keeps these tests about delivery (acks, DLQ, keys), not accuracy;
the full pipeline test uses the real core.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import pytest

from eventx.contracts.models import Event, ExtractorInfo, TextSpan
from eventx.services.common.broker import all_topics, ensure_topics
from eventx.services.extractor.app import build_app
from eventx.services.tooling.progress import lag
from tests.integration.kafka_helpers import consume, eventually, produce

pytestmark = pytest.mark.integration


class StubExtractor:
    """One meeting per article, trigger on the first word (runs in the worker process)."""

    def extract_many(self, articles):
        out = []
        for a in articles:
            if "SLOW" in a.text:
                time.sleep(600)
            word = a.text.split()[0]
            start = a.text.index(word)
            out.append([Event(event_id=f"{a.id}-m", event_type="meeting", article_id=a.id,
                              trigger=TextSpan(text=word, start=start, end=start + len(word)),
                              confidence=0.9, extractor=ExtractorInfo(version="stub", model="none"),
                              extracted_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))])
        return out


def article(i: str, text: str = "Ministers met in Hanoi on Monday.") -> tuple[bytes, bytes]:
    return i.encode(), json.dumps({"id": i, "text": text}).encode()


class Running:
    """The app's broker and handler, started as ``app.run`` would (worker first)."""

    def __init__(self, settings, core=StubExtractor, registry=None) -> None:
        kwargs = {"registry": registry} if registry is not None else {}
        _, self.broker, self.handler = build_app(settings, core_factory=core, **kwargs)
        self.settings = settings

    async def __aenter__(self):
        await ensure_topics(self.settings.kafka_bootstrap, all_topics(self.settings))
        await self.handler.start()
        await self.broker.start()
        return self

    async def __aexit__(self, *exc) -> None:
        self.handler.stop()
        await self.broker.stop()


def kinds(dead) -> dict[bytes, str]:
    return {r.key: dict(r.headers)["x-error-kind"].decode() for r in dead}


async def test_events_are_published_per_type_keyed_by_article(settings):
    async with Running(settings):
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("a-1"), article("a-2")])
        records = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 2)
    assert sorted(r.key for r in records) == [b"a-1", b"a-2"]
    events = [Event.model_validate_json(r.value) for r in records]
    assert {e.event_id for e in events} == {"a-1-m", "a-2-m"}


async def test_bad_records_go_to_dlq_with_their_kind_and_the_next_good_one_is_processed(settings):
    """Defect 1: whatever the content type says, bad bytes are dead-lettered, never retried forever."""
    json_header = [("content-type", b"application/json")]
    async with Running(settings) as running:
        await produce(settings.kafka_bootstrap, settings.topic_articles, [
            (b"junk", b"this is {not json"),
            (b"no-text", json.dumps({"id": "no-text"}).encode()),
            (b"empty", json.dumps({"id": "empty", "text": "   "}).encode()),
            (b"null", None),
            (b"latin1", "Caf\xe9 talks".encode("latin-1")),
            (b"deep", b"[" * 100_000 + b"]" * 100_000),
        ], headers=json_header)
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [(b"badhdr", b"{}")], headers=[("content-type", b"\xff\xfe")])
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("good-1")], headers=json_header)
        dead = await consume(settings.kafka_bootstrap, [settings.topic_dlq], 7)
        good = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
    print(f"pushed 8 records; dead letters {kinds(dead)}; events {[r.key for r in good]}")
    assert kinds(dead) == {b"junk": "invalid_json", b"no-text": "invalid_article", b"empty": "empty_text",
                           b"null": "empty_record", b"latin1": "invalid_encoding", b"deep": "invalid_json",
                           b"badhdr": "invalid_article"}
    junk = next(r for r in dead if r.key == b"junk")
    assert junk.value == b"this is {not json"  # original bytes, untouched
    assert b"text" in dict(next(r for r in dead if r.key == b"no-text").headers)["x-error-message"]
    assert [r.key for r in good] == [b"good-1"]
    assert running.handler.metrics.dlq.labels("invalid_json")._value.get() == 2


async def test_plain_text_body_uses_the_kafka_key_as_id(settings):
    async with Running(settings):
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [(b"plain-7", b"Envoys met in Lima on Friday.")],
                      headers=[("content-type", b"text/plain")])
        records = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
    assert Event.model_validate_json(records[0].value).article_id == "plain-7"


async def test_offsets_are_committed_only_after_events_are_published(settings):
    """At-least-once: a publish failure leaves the offset uncommitted and the article is redelivered."""
    gate = asyncio.Event()
    calls = 0
    async with Running(settings) as running:
        real_publish = running.handler.publish

        async def flaky_publish(value, topic, key, headers):
            nonlocal calls
            calls += 1
            if calls == 1:
                await gate.wait()
                raise ConnectionError("broker unavailable (simulated)")
            await real_publish(value, topic, key, headers)

        running.handler.publish = flaky_publish
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("retry-1")])
        await eventually(lambda: asyncio.sleep(0, result=calls >= 1))
        # Parsed but not yet published: the offset must not be committed.
        assert await lag(settings.kafka_bootstrap, settings.extractor_group, [settings.topic_articles]) == 1
        gate.set()
        records = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)

        async def committed() -> bool:
            return await lag(settings.kafka_bootstrap, settings.extractor_group, [settings.topic_articles]) == 0

        await eventually(committed)
    assert [r.key for r in records] == [b"retry-1"]
    assert calls == 3  # redelivered after the failure: the event again, then the article manifest


class PoisonAwareStub(StubExtractor):
    """Crashes on any batch containing an article whose text says POISON."""

    def extract_many(self, articles):
        if any("POISON" in a.text for a in articles):
            raise RuntimeError("parser blew up")
        return super().extract_many(articles)


async def test_an_article_that_crashes_extraction_is_dead_lettered_and_its_batch_mates_survive(settings):
    async with Running(settings, PoisonAwareStub):
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [article("ok-1"), article("bad-2", "POISON pill text."), article("ok-3")])
        dead = await consume(settings.kafka_bootstrap, [settings.topic_dlq], 1)
        good = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 2)
    assert [r.key for r in dead] == [b"bad-2"]
    headers = dict(dead[0].headers)
    assert headers["x-error-kind"] == b"extraction_error"
    assert headers["x-error-exception"] == b"RuntimeError"
    assert b"parser blew up" in headers["x-error-message"]
    assert sorted(r.key for r in good) == [b"ok-1", b"ok-3"]


async def test_a_too_slow_article_is_killed_dead_lettered_and_the_next_one_processed(settings):
    """Defect 3: the worker process is killed at the deadline and replaced."""
    settings = settings.model_copy(update={"extraction_timeout_s": 3.0})
    async with Running(settings):
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [article("slow-1", "SLOW SLOW SLOW."), article("after-2")])
        dead = await consume(settings.kafka_bootstrap, [settings.topic_dlq], 1, timeout=120)
        good = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1, timeout=120)
    print(f"pushed 2; dead letters {kinds(dead)}; events {[r.key for r in good]}")
    assert kinds(dead) == {b"slow-1": "extraction_timeout"}
    assert [r.key for r in good] == [b"after-2"]


async def test_oversized_and_non_english_articles_are_dead_lettered_with_their_kind(settings):
    """Defect 2: a 5 MB record is dead-lettered (truncated, with its size and digest), not retried forever."""
    huge = json.dumps({"id": "huge", "text": "Ministers met. " * 350_000}).encode()
    french = json.dumps({"id": "fr-1", "text": "Les ministres se sont réunis à Hanoï lundi pour discuter "
                         "du commerce et de la sécurité régionale entre les deux pays voisins."}).encode()
    declared = json.dumps({"id": "de-1", "text": "Ministers met.", "language": "de"}).encode()
    async with Running(settings):
        await produce(settings.kafka_bootstrap, settings.topic_articles,
                      [(b"huge", huge), (b"fr-1", french), (b"de-1", declared), article("ok-1")],
                      max_request_size=8_000_000)
        dead = await consume(settings.kafka_bootstrap, [settings.topic_dlq], 3, timeout=60)
        good = await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
    print(f"pushed 4 ({len(huge):,} bytes); dead letters {kinds(dead)}; events {[r.key for r in good]}")
    assert kinds(dead) == {b"huge": "too_large", b"fr-1": "unsupported_language", b"de-1": "unsupported_language"}
    big = dict(next(r for r in dead if r.key == b"huge").headers)
    assert big["x-truncated"] == b"true" and int(big["x-original-size"]) == len(huge)
    assert [r.key for r in good] == [b"ok-1"]


async def test_metrics_count_articles_events_and_faststream_traffic(settings):
    from prometheus_client import generate_latest

    from eventx.services.common.metrics import new_registry

    registry = new_registry()
    async with Running(settings, registry=registry):
        await produce(settings.kafka_bootstrap, settings.topic_articles, [article("m-1"), (b"x", b"nope")])
        await consume(settings.kafka_bootstrap, [settings.event_topic("meeting")], 1)
        await consume(settings.kafka_bootstrap, [settings.topic_dlq], 1)

        async def counted() -> bool:  # counters move just after the broker acknowledges
            return "eventx_extractor_extraction_seconds_count 1.0" in generate_latest(registry).decode()

        await eventually(counted, timeout=10)
    text = generate_latest(registry).decode()
    assert 'eventx_extractor_articles_total{outcome="ok"} 1.0' in text
    assert 'eventx_extractor_articles_total{outcome="dlq"} 1.0' in text
    assert 'eventx_extractor_events_total{event_type="meeting"} 1.0' in text
    assert 'eventx_extractor_dlq_total{reason="invalid_json"} 1.0' in text
    assert "eventx_extractor_extraction_seconds_count 1.0" in text
    assert "faststream_received_messages_total" in text
    assert "process_resident_memory_bytes" in text
