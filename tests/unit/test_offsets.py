"""OffsetGuard: a batch is committed only onto the log it was read from (issue 7, defect 6)."""

from __future__ import annotations

import asyncio

from aiokafka import ConsumerRecord, TopicPartition

from eventx.services.common.offsets import OffsetGuard

TP = TopicPartition("articles.raw", 0)


class FakeConsumer:
    def __init__(self, committed: int | None = None, begin: int = 0) -> None:
        self.broker_committed = committed
        self.begin = begin
        self.seeks: list[tuple[TopicPartition, int]] = []
        self.commits: list[dict[TopicPartition, int]] = []
        self.assigned = {TP}

    def assignment(self):
        return set(self.assigned)

    async def committed(self, tp):
        return self.broker_committed

    async def beginning_offsets(self, tps):
        return {tp: self.begin for tp in tps}

    def seek(self, tp, offset):
        self.seeks.append((tp, offset))

    async def commit(self, offsets):
        self.commits.append(dict(offsets))
        self.broker_committed = offsets[TP]


def batch(first: int, n: int) -> list[ConsumerRecord]:
    return [ConsumerRecord(TP.topic, TP.partition, o, 0, 0, None, b"x", None, 0, 1, []) for o in range(first, first + n)]


def test_a_normal_batch_commits_its_next_offset():
    guard, consumer = OffsetGuard(), FakeConsumer()
    asyncio.run(guard.commit(consumer, batch(0, 5)))
    asyncio.run(guard.commit(consumer, batch(5, 3)))
    assert consumer.commits == [{TP: 5}, {TP: 8}] and consumer.seeks == []


def test_after_the_broker_lost_the_group_stale_positions_are_not_committed_but_rewound():
    guard, consumer = OffsetGuard(), FakeConsumer()
    asyncio.run(guard.commit(consumer, batch(0, 40)))  # committed 40 on the old broker
    consumer.broker_committed = None  # restarted broker: no group, a new log from 0
    asyncio.run(guard.commit(consumer, batch(40, 10)))  # the consumer fetched from its stale position
    assert consumer.commits == [{TP: 40}]
    assert consumer.seeks == [(TP, 0)]  # records 0..39 of the new log will be read
    asyncio.run(guard.commit(consumer, batch(0, 50)))
    assert consumer.commits[-1] == {TP: 50}


def test_a_group_reset_to_an_earlier_offset_is_followed():
    guard, consumer = OffsetGuard(), FakeConsumer()
    asyncio.run(guard.commit(consumer, batch(0, 30)))
    consumer.broker_committed = 10  # an operator reset the group
    asyncio.run(guard.commit(consumer, batch(30, 5)))
    assert consumer.seeks == [(TP, 10)] and consumer.commits == [{TP: 30}]


def test_a_revoked_partition_is_not_committed():
    guard, consumer = OffsetGuard(), FakeConsumer()
    consumer.assigned = set()
    asyncio.run(guard.commit(consumer, batch(0, 5)))
    assert consumer.commits == [] and consumer.seeks == []


def test_a_real_gap_is_rewound_once_then_accepted():
    guard, consumer = OffsetGuard(), FakeConsumer(committed=None, begin=0)
    asyncio.run(guard.commit(consumer, batch(3, 2)))  # offsets 0..2 missing (e.g. control records)
    asyncio.run(guard.commit(consumer, batch(3, 2)))
    assert consumer.seeks == [(TP, 0)] and consumer.commits == [{TP: 5}]
