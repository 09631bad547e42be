"""What the extractor does with one consumed batch, independent of FastStream.

Kept apart from ``app.py`` so the rules — decode every record from its raw
bytes, dead-letter what cannot be read (with its kind), extract the rest in
a worker process with a deadline, publish the events, and raise (so nothing is
committed) only when the broker cannot take the output — are testable alone.

Delivery is at-least-once: the caller commits the batch's offsets only when
``handle_records`` returns, i.e. after every event and every dead letter of
the batch was acknowledged by the broker. Event ids are deterministic, so a
redelivered batch becomes upserts downstream, not duplicates.
"""

from __future__ import annotations

import asyncio
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Sequence

from aiokafka import ConsumerRecord

from eventx.contracts.models import ErrorKind, Event, ExtractorInfo, RawArticle
from eventx.services.common.config import Settings
from eventx.services.common.deadletter import DeadLetters, Failure, header_value, service_version
from eventx.services.common.logs import get_logger
from eventx.services.extractor.decode import Limits, RejectedInput, decode_article
from eventx.services.extractor.language import LanguageGate
from eventx.services.extractor.manifest import article_manifest
from eventx.services.extractor.metrics import ExtractorMetrics
from eventx.services.extractor.worker import ExtractionWorker, WorkerCrashed, WorkerStopped

log = get_logger("eventx.extractor")

Publish = Callable[[bytes, str, bytes | None, dict[str, str]], Awaitable[None]]
"""``(value, topic, key, headers)`` -> acknowledged by the broker (retries inside)."""

Accepted = list[tuple[ConsumerRecord, RawArticle]]
Extracted = list[tuple[tuple[ConsumerRecord, RawArticle], tuple[list[Event], float]]]
"""Each extracted article with its record, events and extraction seconds, in batch order."""


class ExtractorHandler:
    """Owns the worker, the input gates and the publishing of one batch's results."""

    def __init__(self, settings: Settings, publish: Publish, metrics: ExtractorMetrics,
                 worker: ExtractionWorker) -> None:
        self.settings = settings
        self.publish = publish
        self.metrics = metrics
        self.worker = worker
        self.limits = Limits(settings.max_article_bytes, settings.max_article_chars)
        self.language = LanguageGate(settings.supported_language_set(), settings.language_min_confidence,
                                     settings.language_detect_min_chars)
        self.dead_letters = DeadLetters(
            lambda value, key, headers: publish(value, settings.topic_dlq, key, headers),
            service="extractor", max_bytes=settings.dlq_max_bytes, count=self._count_dead, log=log)

    def _count_dead(self, kind: str) -> None:
        self.metrics.dlq.labels(kind).inc()
        self.metrics.articles.labels("dlq").inc()

    async def start(self) -> None:
        self.language.load()
        await self.worker.start()

    def stop(self) -> None:
        self.worker.stop()

    def screen(self, record: ConsumerRecord) -> RawArticle:
        """The record as an article the model may read, or ``RejectedInput``."""
        article = decode_article(record.value, record.key, header_value(record.headers, "content-type"),
                                 self.limits)
        self.language.check(article)
        return article

    async def handle_records(self, records: Sequence[ConsumerRecord]) -> None:
        """Process one polled batch; returns only when all its output is acknowledged."""
        await self.deliver(await self.prepare(records))

    async def prepare(self, records: Sequence[ConsumerRecord]) -> Extracted:
        """Dead-letter what cannot be read, extract the rest; nothing of the events is published yet."""
        accepted: Accepted = []
        for record in records:
            try:
                accepted.append((record, self.screen(record)))
            except RejectedInput as exc:
                await self.dead_letters.send(record, Failure(exc.kind, exc.detail, exc))
        if not accepted:
            return []
        self.metrics.inflight.set(len(accepted))
        try:
            return await self._extract_batch(accepted)
        finally:
            self.metrics.inflight.set(0)

    async def deliver(self, results: Extracted) -> None:
        """Publish every article's events, then its manifest; returns when all are acknowledged."""
        await asyncio.gather(*(self._publish_article(record, article, events, seconds)
                               for (record, article), (events, seconds) in results))

    async def _extract_batch(self, accepted: Accepted) -> Extracted:
        """All articles in one call; if that fails or runs over, one by one so only the culprit is lost."""
        try:
            timed = await self.worker.extract([a for _, a in accepted], self.settings.extraction_timeout_s)
        except WorkerStopped:
            raise
        except Exception as exc:
            log.warning("batch_extraction_failed", error=f"{type(exc).__name__}: {exc}", size=len(accepted))
        else:
            return list(zip(accepted, timed, strict=True))
        # One by one (in parallel over the workers) so only the culprit is dead-lettered.
        singles = await asyncio.gather(*(self.worker.extract([article], self.settings.extraction_timeout_s)
                                         for _, article in accepted), return_exceptions=True)
        if any(isinstance(one, WorkerStopped) for one in singles):
            raise WorkerStopped("extraction worker stopped under a running extraction")
        out = []
        for (record, article), one in zip(accepted, singles, strict=True):
            if isinstance(one, BaseException):
                await self.dead_letters.send(record, _extraction_failure(one, self.settings.extraction_timeout_s))
                continue
            out.append(((record, article), one[0]))
        return out

    async def _publish_article(self, record: ConsumerRecord, article: RawArticle, events: list[Event],
                               seconds: float) -> None:
        bodies = [ev.model_dump_json().encode("utf-8") for ev in events]
        too_big = max((len(b) for b in bodies), default=0)
        if too_big > self.settings.dlq_max_bytes - 64_000:
            await self.dead_letters.send(record, Failure(
                ErrorKind.TOO_LARGE, f"an extracted event is {too_big:,} bytes, over the producer's limit"))
            return
        await asyncio.gather(*(
            self.publish(body, self.settings.event_topic(ev.event_type), ev.article_id.encode("utf-8"),
                         {"content-type": "application/json", "x-event-type": ev.event_type,
                          "x-schema-version": ev.schema_version})
            for ev, body in zip(events, bodies, strict=True)))
        await self._publish_manifest(article, events)
        for ev in events:
            self.metrics.events.labels(ev.event_type).inc()
        self.metrics.extraction_seconds.observe(seconds)
        self.metrics.articles.labels("ok").inc()
        log.info("article_processed", article_id=article.id, events=len(events),
                 by_type=dict(Tally(ev.event_type for ev in events)), duration_ms=round(seconds * 1000, 1),
                 partition=record.partition, offset=record.offset)


    async def _publish_manifest(self, article: RawArticle, events: list[Event]) -> None:
        """After the events were acknowledged: the article's current event ids (corrections)."""
        info = getattr(self.worker, "info", None) or ExtractorInfo(version=service_version(), model="unknown")
        manifest = article_manifest(article.id, events, info)
        await self.publish(manifest.model_dump_json().encode("utf-8"), self.settings.topic_manifests,
                           article.id.encode("utf-8"), {"content-type": "application/json"})


def _extraction_failure(exc: BaseException, timeout_s: float) -> Failure:
    if isinstance(exc, TimeoutError):
        return Failure(ErrorKind.EXTRACTION_TIMEOUT, f"extraction took longer than {timeout_s:g} s", exc)
    if isinstance(exc, WorkerCrashed):
        return Failure(ErrorKind.EXTRACTION_ERROR, f"extraction worker died: {exc}", exc)
    return Failure(ErrorKind.EXTRACTION_ERROR, f"{type(exc).__name__}: {exc}", exc)


__all__: list[str] = ["ExtractorHandler"]
