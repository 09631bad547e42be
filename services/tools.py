"""``eventx publish`` and ``eventx tail``: a crawler's and an analyst's view of the topics."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from contracts.models import EVENT_TYPES
from services.common.config import Settings


def _article_key(line: bytes) -> bytes | None:
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if isinstance(obj, dict) and obj.get("id") not in (None, ""):
        return str(obj["id"]).encode("utf-8")
    return None


def read_records(paths: Iterable[str]) -> list[tuple[bytes | None, bytes]]:
    """(key, value) per non-blank line; lines go out as written, bad ones too (the extractor judges)."""
    out = []
    for path in paths:
        with open(path, "rb") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    out.append((_article_key(line), line))
    return out


async def publish_records(bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes]]) -> int:
    # Big records go out as they are: judging them (too_large) is the extractor's job, not the producer's.
    biggest = max((len(v) + len(k or b"") for k, v in records), default=0)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False,
                                max_request_size=max(1_048_576, biggest + 65_536))
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key, headers=[("content-type", b"application/json")])
                   for key, value in records]
        for fut in futures:
            await fut
    finally:
        await producer.stop()
    return len(records)


def publish(files: list[str], bootstrap: str | None = None) -> int:
    settings = Settings()
    n = asyncio.run(publish_records(bootstrap or settings.kafka_bootstrap, settings.topic_articles,
                                    read_records(files)))
    print(f"eventx: published {n} article(s) to {settings.topic_articles}", file=sys.stderr)
    return 0


async def _tail(bootstrap: str, topics: list[str], from_beginning: bool, limit: int) -> None:
    consumer = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest" if from_beginning else "latest")
    await consumer.start()
    seen = 0
    try:
        async for record in consumer:
            sys.stdout.write(record.value.decode("utf-8", "replace") + "\n")
            sys.stdout.flush()
            seen += 1
            if limit and seen >= limit:
                return
    finally:
        await consumer.stop()


def tail(bootstrap: str | None = None, from_beginning: bool = False, limit: int = 0) -> int:
    settings = Settings()
    topics = [settings.event_topic(t) for t in EVENT_TYPES]
    asyncio.run(_tail(bootstrap or settings.kafka_bootstrap, topics, from_beginning, limit))
    return 0
