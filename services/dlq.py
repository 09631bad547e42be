"""``eventx dlq``: count, list and replay dead letters (both services share one format).

Reads the dead-letter topics from the beginning up to their current end (no
consumer group, nothing committed), so it is safe to run at any time. Replay
publishes a dead letter's body to its original topic with its original key
and headers — for after the cause was fixed (a limit raised, a bug fixed).
Truncated dead letters cannot be replayed: their body is not the original.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from pydantic import ValidationError

from eventx.contracts.models import DeadLetter
from eventx.services.common.config import Settings
from eventx.services.common.deadletter import decode_original_headers, read_dead_letter
from eventx.services.common.errors import start_client


@dataclass(frozen=True)
class Letter:
    """One dead letter: where it sits on the DLQ, its metadata, key and body."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    meta: DeadLetter

    @property
    def where(self) -> str:
        return f"{self.topic}:{self.partition}:{self.offset}"


async def read_letters(bootstrap: str, topics: Sequence[str]) -> list[Letter]:
    """Every dead letter on ``topics`` up to their end offsets at the time of the call."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                fetch_max_bytes=64 * 1024 * 1024, max_partition_fetch_bytes=16 * 1024 * 1024)
    await start_client(consumer)
    try:
        await consumer.topics()  # refreshes metadata so partitions are known
        parts = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        if not parts:
            return []
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        out: list[Letter] = []
        while [tp for tp in parts if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(timeout_ms=1000)
            out.extend(_letter(r) for records in batch.values() for r in records)
        return [x for x in out if x is not None]
    finally:
        await consumer.stop()


def _letter(record: ConsumerRecord) -> Letter | None:
    try:
        meta = read_dead_letter(record.headers)
    except ValidationError:
        return None  # not in our format (written by something else): not ours to replay
    return Letter(record.topic, record.partition, record.offset, record.key, record.value or b"", meta)


def select(letters: Sequence[Letter], kinds: Sequence[str] = (), where: Sequence[str] = ()) -> list[Letter]:
    return [x for x in letters
            if (not kinds or x.meta.error_kind.value in kinds) and (not where or x.where in where)]


async def replay(bootstrap: str, letters: Sequence[Letter]) -> list[str]:
    """Publish each letter's body to its original topic; returns what was skipped and why."""
    skipped = [f"{x.where}: truncated, the original body is not on the DLQ" for x in letters if x.meta.truncated]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=16 * 1024 * 1024)
    await start_client(producer)
    try:
        for x in letters:
            if not x.meta.truncated:
                await producer.send_and_wait(x.meta.original_topic, x.value, key=x.key,
                                             headers=decode_original_headers(x.meta.original_headers))
    finally:
        await producer.stop()
    return skipped


def run(action: str, *, bootstrap: str | None, topics: Sequence[str], kinds: Sequence[str],
        where: Sequence[str], as_json: bool = False) -> int:
    settings = Settings()
    bootstrap = bootstrap or settings.kafka_bootstrap
    topics = list(topics) or [settings.topic_dlq, settings.topic_events_dlq]
    letters = select(asyncio.run(read_letters(bootstrap, topics)), kinds, where)
    if action == "count":
        counts = Counter((x.topic, x.meta.error_kind.value) for x in letters)
        for (topic, kind), n in sorted(counts.items()):
            print(json.dumps({"topic": topic, "kind": kind, "count": n}) if as_json else f"{n:>8}  {topic}  {kind}")
        return 0
    if action == "list":
        for x in letters:
            row = {"where": x.where, "key": (x.key or b"").decode("utf-8", "replace"), "kind": x.meta.error_kind.value,
                   "message": x.meta.error_message, "original": f"{x.meta.original_topic}:"
                   f"{x.meta.original_partition}:{x.meta.original_offset}", "size": x.meta.original_size,
                   "truncated": x.meta.truncated, "service": x.meta.error_service,
                   "at": x.meta.error_timestamp.isoformat()}
            print(json.dumps(row) if as_json else "  ".join(f"{v}" for v in row.values()))
        return 0
    if not kinds and not where:
        print("eventx dlq replay: choose what to replay with --kind or --where", file=sys.stderr)
        return 2
    skipped = asyncio.run(replay(bootstrap, letters))
    for line in skipped:
        print(f"eventx: skipped {line}", file=sys.stderr)
    print(f"eventx: replayed {len(letters) - len(skipped)} dead letter(s) to their original topics", file=sys.stderr)
    return 0
