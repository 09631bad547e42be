"""What the sink does with one consumed batch, independent of FastStream.

Kept apart from ``app.py`` so the rules can be tested without a broker: parse
each record (events and article manifests), dead-letter the bad ones, apply
the rest in one store transaction (retrying while the database is away),
dead-letter what the store refused, and raise only when the database stayed
away past the retry window, so the batch is not committed and comes back.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_delay, wait_exponential_jitter

from eventx.contracts.models import ArticleManifest, ErrorKind, Event
from eventx.services.common.deadletter import Record
from eventx.services.sink.reconcile import Plan

from .metrics import SinkMetrics
from .storage import EventStore, RejectedEventError, StoreError


@dataclass
class DeadLetter:
    record: Record
    kind: ErrorKind
    error: str
    exception: BaseException | None = None


DeadLetterPublisher = Callable[[DeadLetter], Awaitable[None]]
"""Publishes one dead letter to the events dead-letter topic."""


@dataclass(frozen=True)
class Routes:
    """Which topic carries what: each event topic one event type, plus the manifest topic."""

    event_types: Mapping[str, str]
    """topic -> the only event type it may carry."""
    manifest_topic: str


@dataclass(frozen=True)
class RetryPolicy:
    """How long the sink waits for an unreachable database inside one batch.

    The window must stay under the consumer's ``max.poll.interval.ms``
    (5 minutes): past it the batch is handed back (not committed) and fetched
    again, so the wait goes on as long as the outage, without a rebalance.
    """

    initial_s: float = 0.5
    max_s: float = 10.0
    window_s: float = 60.0


@dataclass
class BatchResult:
    received: int
    written: int
    dead_lettered: int
    types: dict[str, int] = field(default_factory=dict)
    retracted: int = 0
    stale: int = 0


def _validation_kind(exc: ValidationError, otherwise: ErrorKind) -> ErrorKind:
    return ErrorKind.INVALID_JSON if any(e["type"] == "json_invalid" for e in exc.errors()) else otherwise


def parse_record(record: Record, routes: Routes) -> Event | ArticleManifest | DeadLetter:
    """The record as an ``Event`` or ``ArticleManifest``, or why it is neither."""
    if not record.value:
        return DeadLetter(record, ErrorKind.EMPTY_RECORD, "record has no value")
    model: type[BaseModel] = ArticleManifest if record.topic == routes.manifest_topic else Event
    otherwise = ErrorKind.INVALID_MANIFEST if model is ArticleManifest else ErrorKind.INVALID_EVENT
    try:
        parsed = model.model_validate_json(record.value)
    except ValidationError as exc:
        return DeadLetter(record, _validation_kind(exc, otherwise), str(exc), exc)
    except Exception as exc:  # anything else about the bytes: still the record's fault
        return DeadLetter(record, otherwise, str(exc), exc)
    if isinstance(parsed, Event) and routes.event_types.get(record.topic) != parsed.event_type:
        return DeadLetter(record, ErrorKind.WRONG_TOPIC,
                          f"a {parsed.event_type} event on topic {record.topic}")
    return parsed  # type: ignore[return-value]


def _is_outage(exc: BaseException) -> bool:
    """A store error about the database, not the data: worth waiting for."""
    return isinstance(exc, StoreError) and not isinstance(exc, RejectedEventError)


class EventSink:
    """Turns a batch of Kafka records into one store transaction plus dead letters.

    Contract with the caller (the FastStream subscriber, ``AckPolicy.NACK_ON_ERROR``):
    returning means every record is stored, superseded or durably dead-lettered,
    so offsets may be committed; raising means nothing may be committed and the
    whole batch must be redelivered (applying it again changes nothing).
    """

    def __init__(
        self,
        store: EventStore,
        publish_dead_letter: DeadLetterPublisher,
        metrics: SinkMetrics,
        routes: Routes,
        *,
        retry: RetryPolicy | None = None,
        logger: Any | None = None,
    ) -> None:
        self.store = store
        self.publish_dead_letter = publish_dead_letter
        self.metrics = metrics
        self.routes = routes
        self.retry = retry or RetryPolicy()
        self.log = logger or structlog.get_logger("eventx.sink")

    async def handle(self, records: Sequence[Record]) -> BatchResult:
        started = time.perf_counter()
        self.metrics.batch_size.observe(len(records))
        events: list[tuple[Record, Event]] = []
        manifests: list[tuple[Record, ArticleManifest]] = []
        dead: list[DeadLetter] = []
        for record in records:
            outcome = parse_record(record, self.routes)
            if isinstance(outcome, DeadLetter):
                dead.append(outcome)
            elif isinstance(outcome, Event):
                events.append((record, outcome))
            else:
                manifests.append((record, outcome))

        plan, rejected = await self._apply_retrying([e for _, e in events], [m for _, m in manifests])
        for record, item in [*events, *manifests]:
            if id(item) in plan.conflicts:
                dead.append(DeadLetter(record, ErrorKind.ID_CONFLICT, plan.conflicts[id(item)]))
            elif id(item) in rejected:
                err = rejected[id(item)]
                dead.append(DeadLetter(record, ErrorKind.STORE_REJECTED, str(err), err))

        # Written before dead-lettering: if a DLQ publish fails the batch is
        # redelivered and re-applied harmlessly; the reverse order would repeat
        # DLQ records on every failed write.
        for dl in dead:
            await self.publish_dead_letter(dl)
            self.metrics.dlq.labels(reason=dl.kind.value).inc()
            self.log.warning("sink.dead_letter", reason=dl.kind.value, error=dl.error[:300], topic=dl.record.topic,
                             partition=dl.record.partition, offset=dl.record.offset)
        result = self._count(records, plan, dead)
        self.log.info(
            "sink.batch", received=result.received, written=result.written, dead_lettered=result.dead_lettered,
            types=result.types, retracted=result.retracted, stale=result.stale,
            partitions=_offset_ranges(records), duration_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return result

    def _count(self, records: Sequence[Record], plan: Plan, dead: list[DeadLetter]) -> BatchResult:
        types = dict(Tally(e.event_type for e in plan.upserts))
        for event_type, n in types.items():
            self.metrics.events_written.labels(event_type=event_type).inc(n)
        self.metrics.retracted.inc(len(plan.deletes))
        self.metrics.manifests.labels(outcome="applied").inc(len(plan.manifests))
        self.metrics.manifests.labels(outcome="stale").inc(len(plan.stale_manifests))
        self.metrics.stale_events.inc(len(plan.stale_events))
        stale = len(plan.stale_events) + len(plan.stale_manifests)
        return BatchResult(len(records), len(plan.upserts), len(dead), types, len(plan.deletes), stale)

    async def _apply_retrying(
        self, events: list[Event], manifests: list[ArticleManifest]
    ) -> tuple[Plan, dict[int, Exception]]:
        """Apply, waiting out database outages for up to the retry window, then raise."""
        retrying = AsyncRetrying(
            retry=retry_if_exception(_is_outage),
            wait=wait_exponential_jitter(multiplier=self.retry.initial_s, max=self.retry.max_s),
            stop=stop_after_delay(self.retry.window_s),
            before_sleep=self._on_outage,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._apply_isolating(events, manifests)
        raise AssertionError("unreachable: tenacity re-raises")  # pragma: no cover

    def _on_outage(self, state: RetryCallState) -> None:
        self.metrics.write_errors.inc()
        exc = state.outcome.exception() if state.outcome else None
        self.log.error("sink.store_unavailable", error=str(exc)[:500], error_type=type(exc).__name__,
                       attempt=state.attempt_number, retry_in_s=round(state.upcoming_sleep, 2))

    async def _apply_isolating(
        self, events: list[Event], manifests: list[ArticleManifest]
    ) -> tuple[Plan, dict[int, Exception]]:
        """Apply all in one transaction; when the database refuses the data, find the culprits.

        Returns the merged plan and ``{id(item): error}`` for items refused.
        Errors about the database propagate (to the retry).
        """
        try:
            return await self._timed_apply(events, manifests), {}
        except RejectedEventError as exc:
            if len(events) + len(manifests) == 1:
                return Plan(), {id((events or manifests)[0]): exc}
            self.log.warning("sink.batch_rejected_isolating", items=len(events) + len(manifests),
                             error=str(exc)[:300])
        merged, rejected = Plan(), {}
        for item in [*events, *manifests]:
            one_event, one_manifest = ([item], []) if isinstance(item, Event) else ([], [item])
            try:
                _merge(merged, await self._timed_apply(one_event, one_manifest))
            except RejectedEventError as exc:
                rejected[id(item)] = exc
        return merged, rejected

    async def _timed_apply(self, events: list[Event], manifests: list[ArticleManifest]) -> Plan:
        started = time.perf_counter()
        try:
            return await asyncio.to_thread(self.store.apply, events, manifests)
        finally:
            self.metrics.write_seconds.observe(time.perf_counter() - started)


def _merge(into: Plan, part: Plan) -> None:
    into.upserts += part.upserts
    into.deletes += part.deletes
    into.manifests += part.manifests
    into.stale_events += part.stale_events
    into.stale_manifests += part.stale_manifests
    into.conflicts.update(part.conflicts)


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
