"""Committing exactly what a batch read, and only onto the broker it was read from.

FastStream's ack commits the consumer's current positions. After a broker
restart (the embedded broker keeps nothing) or a group reset, those positions
belong to a log that no longer exists: the consumer fetches from them on the
new log and commits them, silently skipping every record below (issue 7,
defect 6). Before committing a batch, :class:`OffsetGuard` asks the broker
for the group's committed offset of each partition and checks it against what
this process committed last (or, with nothing committed, the log start):

* committed offset went **down** (state lost, or an operator reset the group),
  or the batch started **past** the committed offset / log start:
  the partition's commit is dropped and the consumer seeks to the broker's
  offset, so the records below are read (replays are idempotent downstream);
* partitions no longer assigned (a rebalance during the batch) are not
  committed: their new owner reads them from the last commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition

from eventx.services.common.logs import get_logger

log = get_logger("eventx.offsets")


def _spans(records: Sequence[ConsumerRecord]) -> dict[TopicPartition, tuple[int, int]]:
    """(first offset, next offset) per partition of the batch."""
    spans: dict[TopicPartition, tuple[int, int]] = {}
    for r in records:
        tp = TopicPartition(r.topic, r.partition)
        lo, hi = spans.get(tp, (r.offset, r.offset + 1))
        spans[tp] = (min(lo, r.offset), max(hi, r.offset + 1))
    return spans


class OffsetGuard:
    """Per consumer: commit a processed batch, or rewind a failed one, without trusting stale positions."""

    def __init__(self) -> None:
        self._last: dict[TopicPartition, int] = {}  # what this process committed last, per partition
        self._gaps: set[tuple[TopicPartition, int]] = set()  # gaps already rewound once (no loops)

    async def _expected(self, consumer: Any, tp: TopicPartition) -> tuple[int, bool]:
        """The offset the batch should start at, and whether it came from a commit."""
        committed = await consumer.committed(tp)
        if committed is not None:
            return committed, True
        return (await consumer.beginning_offsets([tp]))[tp], False

    async def commit(self, consumer: Any, records: Sequence[ConsumerRecord]) -> None:
        assigned = consumer.assignment()
        to_commit: dict[TopicPartition, int] = {}
        for tp, (first, nxt) in _spans(records).items():
            if tp not in assigned:
                log.warning("commit_dropped_revoked", topic=tp.topic, partition=tp.partition, next_offset=nxt)
                self._last.pop(tp, None)
                continue
            expected, _ = await self._expected(consumer, tp)
            # The consumer may already have followed the reset (it re-read from the broker's offset).
            regressed = tp in self._last and expected < self._last[tp] and first != expected
            skipped = first > expected and (tp, expected) not in self._gaps
            if regressed or skipped:
                self._gaps.add((tp, expected))
                log.warning("offset_reset_detected", topic=tp.topic, partition=tp.partition, batch_first=first,
                            broker_offset=expected, last_committed=self._last.get(tp), action="seek, no commit")
                consumer.seek(tp, expected)
                self._last[tp] = expected
                continue
            to_commit[tp] = nxt
        if to_commit:
            await consumer.commit(to_commit)
            self._last.update(to_commit)

    def rewind(self, consumer: Any, records: Sequence[ConsumerRecord]) -> None:
        """A failed batch: seek each still-assigned partition back to the batch's first record."""
        assigned = consumer.assignment()
        for tp, (first, _) in _spans(records).items():
            if tp in assigned:
                consumer.seek(tp, first)
