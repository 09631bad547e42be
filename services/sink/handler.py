"""What the sink does with one consumed batch, independent of FastStream.

Kept apart from ``app.py`` so the rules (parse each record, dead-letter the bad
ones, write the rest in one transaction, raise if the write fails so the batch
is not committed) can be tested without a broker.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog
from pydantic import ValidationError

from contracts.models import ErrorKind, Event
from services.common.deadletter import Failure

from .metrics import SinkMetrics
from .storage import EventStore, RejectedEventError
from .storage.base import dedupe_last

class Record(Protocol):
    """The parts of an aiokafka ``ConsumerRecord`` the sink uses."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


DeadLetterPublisher = Callable[[Record, Failure], Awaitable[None]]
"""``(record, failure)`` -> published to the events dead-letter topic (``DeadLetters.send``)."""


@dataclass
class DeadLetter:
    record: Record
    kind: ErrorKind
    error: str
    exception: BaseException | None = None


@dataclass
class BatchResult:
    received: int
    written: int
    dead_lettered: int
    types: dict[str, int] = field(default_factory=dict)


def parse_record(record: Record) -> Event | DeadLetter:
    """The record as an ``Event``, or a description of why it isn't one."""
    if not record.value:
        return DeadLetter(record, ErrorKind.EMPTY_RECORD, "record has no value")
    try:
        return Event.model_validate_json(record.value)
    except ValidationError as exc:
        kinds = {e["type"] for e in exc.errors()}
        kind = ErrorKind.INVALID_JSON if "json_invalid" in kinds else ErrorKind.INVALID_EVENT
        return DeadLetter(record, kind, str(exc), exc)
    except Exception as exc:  # anything else about the bytes: still the record's fault
        return DeadLetter(record, ErrorKind.INVALID_EVENT, str(exc), exc)


class EventSink:
    """Turns a batch of Kafka records into one store write plus dead letters.

    Contract with the caller (the FastStream subscriber, ``AckPolicy.NACK_ON_ERROR``):
    returning means every record is either durably stored or durably
    dead-lettered, so offsets may be committed; raising means nothing may be
    committed and the whole batch must be redelivered (writes are idempotent).
    """

    def __init__(
        self,
        store: EventStore,
        publish_dead_letter: DeadLetterPublisher,
        metrics: SinkMetrics,
        *,
        retry_backoff_s: float = 1.0,
        max_retry_backoff_s: float = 30.0,
        logger: Any | None = None,
    ) -> None:
        self.store = store
        self.publish_dead_letter = publish_dead_letter
        self.metrics = metrics
        self.retry_backoff_s = retry_backoff_s
        self.max_retry_backoff_s = max_retry_backoff_s
        self.log = logger or structlog.get_logger("eventx.sink")
        self._consecutive_failures = 0

    async def handle(self, records: Sequence[Record]) -> BatchResult:
        started = time.perf_counter()
        self.metrics.batch_size.observe(len(records))

        parsed: list[tuple[Record, Event]] = []
        dead: list[DeadLetter] = []
        for record in records:
            outcome = parse_record(record)
            if isinstance(outcome, DeadLetter):
                dead.append(outcome)
            else:
                parsed.append((record, outcome))

        try:
            written, rejected = await self._write([e for _, e in parsed])
        except Exception as exc:
            await self._on_write_failure(records, exc)
            raise
        self._consecutive_failures = 0

        for record, event in parsed:
            if event.event_id in rejected:
                err = rejected[event.event_id]
                dead.append(DeadLetter(record, ErrorKind.STORE_REJECTED, str(err), err))

        # Written before dead-lettering: if a DLQ publish fails the batch is
        # redelivered and re-written harmlessly; the reverse order would repeat
        # DLQ records on every failed write.
        for dl in dead:
            await self.publish_dead_letter(dl.record, Failure(dl.kind, dl.error, dl.exception))
            self.metrics.dlq.labels(reason=dl.kind.value).inc()
            self.log.warning(
                "sink.dead_letter",
                reason=dl.kind.value,
                error_type=type(dl.exception).__name__ if dl.exception else dl.kind.value,
                error=dl.error[:300],
                topic=dl.record.topic,
                partition=dl.record.partition,
                offset=dl.record.offset,
            )

        types = dict(Tally(e.event_type for e in written))
        for event_type, n in types.items():
            self.metrics.events_written.labels(event_type=event_type).inc(n)
        result = BatchResult(len(records), len(written), len(dead), types)
        self.log.info(
            "sink.batch",
            received=result.received,
            written=result.written,
            dead_lettered=result.dead_lettered,
            types=types,
            partitions=_offset_ranges(records),
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return result

    async def _write(self, events: list[Event]) -> tuple[list[Event], dict[str, Exception]]:
        """Write all events in one transaction; on a data rejection, isolate the culprits.

        Returns (written events, {event_id: error} for events the DB refused).
        Other errors propagate: they are about the DB, not the data.
        """
        unique = dedupe_last(events)
        if not unique:
            return [], {}
        try:
            await self._timed_write(unique)
            return unique, {}
        except RejectedEventError as exc:
            if len(unique) == 1:
                return [], {unique[0].event_id: exc}
            self.log.warning("sink.batch_rejected_isolating", events=len(unique), error=str(exc)[:300])
        written: list[Event] = []
        rejected: dict[str, Exception] = {}
        for event in unique:
            try:
                await self._timed_write([event])
                written.append(event)
            except RejectedEventError as exc:
                rejected[event.event_id] = exc
        return written, rejected

    async def _timed_write(self, events: list[Event]) -> int:
        started = time.perf_counter()
        try:
            return await asyncio.to_thread(self.store.write, events)
        finally:
            self.metrics.write_seconds.observe(time.perf_counter() - started)

    async def _on_write_failure(self, records: Sequence[Record], exc: Exception) -> None:
        """Count, log, and back off before the batch is handed back for redelivery.

        The back-off keeps a down database from turning into a hot redelivery
        loop; it stays well under the consumer's max poll interval.
        """
        self._consecutive_failures += 1
        self.metrics.write_errors.inc()
        delay = min(self.max_retry_backoff_s, self.retry_backoff_s * 2 ** (self._consecutive_failures - 1))
        self.log.error(
            "sink.write_failed",
            error=str(exc)[:500],
            error_type=type(exc).__name__,
            records=len(records),
            consecutive_failures=self._consecutive_failures,
            retry_in_s=delay,
            partitions=_offset_ranges(records),
        )
        if delay > 0:
            await asyncio.sleep(delay)


def _offset_ranges(records: Sequence[Record]) -> dict[str, list[int]]:
    """``{"topic/partition": [first_offset, last_offset]}`` for log lines."""
    ranges: dict[str, list[int]] = {}
    for r in records:
        key = f"{r.topic}/{r.partition}"
        if key in ranges:
            lo, hi = ranges[key]
            ranges[key] = [min(lo, r.offset), max(hi, r.offset)]
        else:
            ranges[key] = [r.offset, r.offset]
    return ranges
