"""How far a consumer group has got: used by ``eventx up --once`` and the integration tests.

A group is caught up when its committed offset on every partition of its
topics has reached that partition's end offset. Because both services commit
only after their output is safe, "caught up" means "everything is persisted".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition


async def lag(bootstrap: str, group: str, topics: Sequence[str]) -> int:
    """Total records in ``topics`` not yet committed by ``group``."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # refreshes metadata so partitions are known
        parts: list[TopicPartition] = []
        for topic in topics:
            for p in sorted(consumer.partitions_for_topic(topic) or ()):
                parts.append(TopicPartition(topic, p))
        if not parts:
            return 0
        ends = await consumer.end_offsets(parts)
        total = 0
        for tp in parts:
            committed = await consumer.committed(tp)
            total += max(0, ends[tp] - (committed or 0))
        return total
    finally:
        await consumer.stop()


async def wait_caught_up(bootstrap: str, group: str, topics: Sequence[str], timeout: float,
                         interval: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while True:
        remaining = await lag(bootstrap, group, topics)
        if remaining == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"group {group!r} still has {remaining} record(s) to commit on {list(topics)}")
        await asyncio.sleep(interval)
