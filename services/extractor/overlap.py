"""Extract the next batch while the current one is published, committing only what is published.

One batch at a time leaves the worker processes idle while the event loop
publishes, waits for acknowledgements and commits (end to end was 0.86-0.93 of
the core). Here the subscriber returns as soon as a batch is extracted; its
publishing and commit run as a task while FastStream fetches and extracts the
next batch. At most one batch is in flight, and before the next one is handed
over that task must have succeeded, so offsets are still committed in order
and only after the batch's output was acknowledged.

If publishing failed, the failed batch and the one just extracted are both
rewound (the consumer seeks to the first record of either) and read again: the
task rewinds its own batch at once too, so a failure with no batch behind it
is retried as well. Replays are idempotent downstream (deterministic event
ids), so delivery stays at-least-once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

from aiokafka import ConsumerRecord

from eventx.services.common.health import Progress
from eventx.services.common.logs import get_logger
from eventx.services.common.offsets import OffsetGuard
from eventx.services.extractor.handler import ExtractorHandler, Extracted

log = get_logger("eventx.extractor")


class PublishAhead:
    """Per subscriber: one batch publishing in the background while the next is extracted."""

    def __init__(self, handler: ExtractorHandler, guard: OffsetGuard, progress: Progress) -> None:
        self.handler = handler
        self.guard = guard
        self.progress = progress
        self._task: asyncio.Task[None] | None = None
        self._records: Sequence[ConsumerRecord] = ()

    async def on_batch(self, records: Sequence[ConsumerRecord], consumer: Any) -> None:
        """Extract ``records``, wait for the previous batch to be published and committed, then publish
        these in the background; raises (both batches rewound) if either step failed."""
        try:
            extracted = await self.handler.prepare(records)
            await self._settle()
        except BaseException:
            await self._settle(quietly=True)
            self.guard.rewind(consumer, [*self._records, *records])
            self._records = ()
            raise
        self._records = records
        self._task = asyncio.create_task(self._publish_and_commit(extracted, records, consumer))

    async def _publish_and_commit(self, extracted: Extracted, records: Sequence[ConsumerRecord],
                                  consumer: Any) -> None:
        try:
            await self.handler.deliver(extracted)
        except BaseException:
            self.guard.rewind(consumer, records)  # read again even if no batch follows
            raise
        await self.guard.commit(consumer, records)
        self.progress.completed(records)

    async def _settle(self, quietly: bool = False) -> None:
        """Wait for the batch in flight; its error is raised unless ``quietly``."""
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await task
        except BaseException as exc:
            if not quietly:
                log.warning("batch_publish_failed", error=f"{type(exc).__name__}: {exc}", size=len(self._records))
                raise
        else:
            self._records = ()

    async def drain(self, timeout_s: float) -> None:
        """At shutdown: give the batch in flight a moment to be published and committed."""
        task = self._task
        if task is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(asyncio.shield(task), timeout_s)
