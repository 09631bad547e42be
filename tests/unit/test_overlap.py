"""PublishAhead: the next batch is extracted while the previous one publishes; only published batches commit."""

from __future__ import annotations

import asyncio

import pytest

from eventx.services.common.health import Progress
from eventx.services.common.offsets import OffsetGuard
from eventx.services.extractor.overlap import PublishAhead
from tests.unit.test_offsets import TP, FakeConsumer, batch


class GatedHandler:
    """prepare() records what it was given; deliver() waits for its gate and fails when told to."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.gates: dict[int, asyncio.Event] = {}
        self.fail: set[int] = set()

    async def prepare(self, records):
        self.log.append(f"extract {records[0].offset}")
        return records

    async def deliver(self, records):
        first = records[0].offset
        await self.gates.setdefault(first, asyncio.Event()).wait()
        if first in self.fail:
            raise ConnectionError("broker gone")
        self.log.append(f"published {first}")


def make() -> tuple[PublishAhead, GatedHandler, FakeConsumer]:
    handler = GatedHandler()
    return PublishAhead(handler, OffsetGuard(), Progress(60)), handler, FakeConsumer()  # type: ignore[arg-type]


def test_the_next_batch_is_extracted_while_the_previous_one_publishes_and_commits_follow_publishing():
    async def run():
        ahead, handler, consumer = make()
        await ahead.on_batch(batch(0, 4), consumer)
        second = asyncio.create_task(ahead.on_batch(batch(4, 4), consumer))
        await asyncio.sleep(0.05)
        assert handler.log == ["extract 0", "extract 4"]  # batch 4 extracted, batch 0 not yet published
        assert consumer.commits == []  # nothing committed before it is published
        handler.gates.setdefault(0, asyncio.Event()).set()
        await second
        assert consumer.commits == [{TP: 4}]
        handler.gates.setdefault(4, asyncio.Event()).set()
        await ahead.drain(5)
        assert consumer.commits == [{TP: 4}, {TP: 8}]
        assert handler.log == ["extract 0", "extract 4", "published 0", "published 4"]

    asyncio.run(run())


def test_a_failed_publish_rewinds_it_and_the_batch_behind_it_and_commits_neither():
    async def run():
        ahead, handler, consumer = make()
        handler.fail.add(0)
        await ahead.on_batch(batch(0, 4), consumer)
        handler.gates.setdefault(0, asyncio.Event()).set()
        with pytest.raises(ConnectionError):
            await ahead.on_batch(batch(4, 4), consumer)
        assert consumer.commits == []
        assert (TP, 0) in consumer.seeks and all(offset == 0 for _, offset in consumer.seeks)
        # read again: this time both go through and commit in order
        handler.fail.clear()
        await ahead.on_batch(batch(0, 4), consumer)
        await ahead.on_batch(batch(4, 4), consumer)
        handler.gates[4] = asyncio.Event()
        handler.gates[4].set()
        await ahead.drain(5)
        assert consumer.commits == [{TP: 4}, {TP: 8}]

    asyncio.run(run())


def test_a_failed_publish_with_no_batch_behind_it_is_rewound_at_once():
    async def run():
        ahead, handler, consumer = make()
        handler.fail.add(0)
        await ahead.on_batch(batch(0, 4), consumer)
        handler.gates.setdefault(0, asyncio.Event()).set()
        await ahead.drain(5)
        assert consumer.seeks == [(TP, 0)] and consumer.commits == []

    asyncio.run(run())


def test_an_extraction_failure_rewinds_the_batch_and_keeps_the_published_one_committed():
    async def run():
        ahead, handler, consumer = make()
        await ahead.on_batch(batch(0, 4), consumer)
        handler.gates.setdefault(0, asyncio.Event()).set()

        async def broken(records):
            raise RuntimeError("worker stopped")

        handler.prepare = broken  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            await ahead.on_batch(batch(4, 4), consumer)
        assert consumer.commits == [{TP: 4}]
        assert consumer.seeks == [(TP, 4)]

    asyncio.run(run())
