"""Small aiokafka helpers for tests that talk to the real broker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord


async def produce(bootstrap: str, topic: str, items: Sequence[tuple[bytes | None, bytes]],
                  headers: list[tuple[str, bytes]] | None = None, max_request_size: int = 1048576) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=max_request_size)
    await producer.start()
    try:
        for key, value in items:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def consume(bootstrap: str, topics: Sequence[str], count: int, timeout: float = 30.0) -> list[ConsumerRecord]:
    """Read at least ``count`` records from the start of ``topics`` (no group, no commits)."""
    consumer = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest")
    await consumer.start()
    out: list[ConsumerRecord] = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < count and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                out.extend(records)
    finally:
        await consumer.stop()
    return out


async def eventually(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)
