"""`eventx dlq`: count and list dead letters by kind, replay chosen ones to their original topic."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest
from aiokafka import ConsumerRecord

from eventx.contracts.models import ErrorKind
from eventx.services.common.broker import all_topics, ensure_topics
from eventx.services.common.deadletter import Failure, build_dead_letter
from tests.integration.kafka_helpers import consume, produce

pytestmark = pytest.mark.integration

EVENTX = [sys.executable, "-m", "eventx.services.cli"]


async def put_dead_letter(settings, topic, offset, key, value, kind, headers, max_bytes=1_000_000):
    original = ConsumerRecord(settings.topic_articles, 0, offset, 0, 0, key, value, None, 0, len(value), headers)
    out = build_dead_letter(original, Failure(kind, f"{kind.value} here"), service="extractor", max_bytes=max_bytes)
    await produce(settings.kafka_bootstrap, topic, [(out.key, out.value)],
                  headers=[(k, v.encode()) for k, v in out.headers.items()])


def test_dlq_count_list_and_replay(settings):
    asyncio.run(ensure_topics(settings.kafka_bootstrap, all_topics(settings)))
    json_hdr = [("content-type", b"application/json"), ("x-crawler", b"\xff7")]

    async def seed() -> None:
        await put_dead_letter(settings, settings.topic_dlq, 3, b"a-1", b"{broken", ErrorKind.INVALID_JSON, json_hdr)
        await put_dead_letter(settings, settings.topic_dlq, 4, b"a-2", b"{also broken", ErrorKind.INVALID_JSON,
                              json_hdr)
        await put_dead_letter(settings, settings.topic_dlq, 5, b"a-3", b"x" * 50_000, ErrorKind.TOO_LARGE, [],
                              max_bytes=20_000)
        await put_dead_letter(settings, settings.topic_events_dlq, 9, b"e-1", b"{}", ErrorKind.INVALID_EVENT, [])

    asyncio.run(seed())
    env = dict(os.environ, EVENTX_KAFKA_BOOTSTRAP=settings.kafka_bootstrap)

    def eventx(*args: str) -> str:
        result = subprocess.run([*EVENTX, "dlq", *args], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    counts = [json.loads(x) for x in eventx("count", "--json").splitlines()]
    print(f"seeded 4 dead letters; counted {counts}")
    assert {(c["topic"], c["kind"]): c["count"] for c in counts} == {
        ("articles.dlq", "invalid_json"): 2, ("articles.dlq", "too_large"): 1, ("events.dlq", "invalid_event"): 1}
    listed = [json.loads(x) for x in eventx("list", "--json", "--topic", "articles.dlq").splitlines()]
    assert sorted(x["key"] for x in listed) == ["a-1", "a-2", "a-3"]
    assert next(x for x in listed if x["key"] == "a-3")["truncated"] is True

    first = next(x for x in listed if x["key"] == "a-1")["where"]
    eventx("replay", "--where", first)
    replayed = asyncio.run(consume(settings.kafka_bootstrap, [settings.topic_articles], 1, timeout=10))
    assert [(r.key, r.value) for r in replayed] == [(b"a-1", b"{broken")]
    assert list(replayed[0].headers) == json_hdr  # byte for byte, even the non-UTF-8 one

    eventx("replay", "--kind", "too_large")  # truncated: refused, nothing published
    assert len(asyncio.run(consume(settings.kafka_bootstrap, [settings.topic_articles], 2, timeout=5))) == 1
