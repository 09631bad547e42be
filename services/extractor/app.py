"""The extractor service shell: Kafka in, spaCy off the loop, events out, then commit.

Delivery is at-least-once: the subscriber uses ``AckPolicy.NACK_ON_ERROR`` with
auto-commit off, so a batch's offsets are committed only after every event
(and every dead letter) of the batch was acknowledged by the broker. If
publishing fails the handler raises, the batch is nacked (the consumer seeks
back) and it is processed again; event ids are deterministic, so the sink
turns the replay into an upsert rather than a duplicate.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiokafka import ConsumerRecord
from faststream import FastStream
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.middlewares import AckPolicy
from prometheus_client import CollectorRegistry

from contracts.models import Event, RawArticle
from services.common.config import Settings
from services.common.kafka import make_broker
from services.common.logs import configure_logging, get_logger
from services.common.metrics import new_registry, serve_metrics
from services.extractor.decode import RejectedInput, decode_article
from services.extractor.metrics import ExtractorMetrics

log = get_logger("eventx.extractor")


def _header(record: ConsumerRecord, name: str) -> str | None:
    for key, value in record.headers or ():
        if key.lower() == name:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


class ExtractorService:
    """Owns the extraction core, its worker thread and the publishing of results."""

    def __init__(self, settings: Settings, broker: KafkaBroker, metrics: ExtractorMetrics,
                 extractor: Any | None = None) -> None:
        self.settings = settings
        self.broker = broker
        self.metrics = metrics
        self._extractor = extractor
        # One thread: spaCy runs off the event loop so heartbeats and commits keep flowing.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventx-spacy")

    async def load(self) -> None:
        if self._extractor is None:
            from services.extractor.extraction import Extractor

            loop = asyncio.get_running_loop()
            self._extractor = await loop.run_in_executor(self._pool, Extractor)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _extract_timed(self, articles: Sequence[RawArticle]) -> tuple[list[list[Event]], float]:
        started = time.perf_counter()
        results = self._extractor.extract_many(list(articles))
        return results, time.perf_counter() - started

    async def dead_letter(self, record: ConsumerRecord, reason: str, detail: str) -> None:
        headers = {
            "x-error": detail[:1000],
            "x-error-type": reason,
            "x-original-topic": record.topic,
            "x-original-partition": str(record.partition),
            "x-original-offset": str(record.offset),
        }
        ctype = _header(record, "content-type")
        if ctype:
            headers["content-type"] = ctype
        await self.broker.publish(record.value or b"", topic=self.settings.topic_dlq, key=record.key,
                                  headers=headers)
        self.metrics.dlq.labels(reason).inc()
        self.metrics.articles.labels("dlq").inc()
        log.warning("article_rejected", reason=reason, error=detail, topic=record.topic,
                    partition=record.partition, offset=record.offset)

    async def publish_events(self, events: Sequence[Event]) -> None:
        sends = [
            self.broker.publish(
                ev.model_dump_json().encode("utf-8"),
                topic=self.settings.event_topic(ev.event_type),
                key=ev.article_id.encode("utf-8"),
                headers={"content-type": "application/json", "x-event-type": ev.event_type,
                         "x-schema-version": ev.schema_version},
            )
            for ev in events
        ]
        await asyncio.gather(*sends)
        for ev in events:
            self.metrics.events.labels(ev.event_type).inc()

    async def handle_records(self, records: Sequence[ConsumerRecord]) -> None:
        """Process one polled batch; returns only when all its output is acknowledged."""
        accepted: list[tuple[ConsumerRecord, RawArticle]] = []
        for record in records:
            try:
                article = decode_article(record.value, record.key, _header(record, "content-type"))
            except RejectedInput as exc:
                await self.dead_letter(record, exc.reason, exc.detail)
                continue
            accepted.append((record, article))
        if not accepted:
            return

        await self.load()
        loop = asyncio.get_running_loop()
        self.metrics.inflight.set(len(accepted))
        try:
            results, elapsed = await loop.run_in_executor(
                self._pool, self._extract_timed, [a for _, a in accepted])
        except Exception as exc:  # one bad article must not poison the batch: retry one by one
            log.exception("batch_extraction_failed", error=str(exc), size=len(accepted))
            results, elapsed = [], 0.0
            for record, article in list(accepted):
                try:
                    one, secs = await loop.run_in_executor(self._pool, self._extract_timed, [article])
                    results.append(one[0])
                    elapsed += secs
                except Exception as exc_one:
                    await self.dead_letter(record, "extraction_error", f"{type(exc_one).__name__}: {exc_one}")
                    accepted.remove((record, article))
        finally:
            self.metrics.inflight.set(0)

        per_article = elapsed / max(1, len(accepted))
        for (record, article), events in zip(accepted, results, strict=True):
            await self.publish_events(events)
            self.metrics.extraction_seconds.observe(per_article)
            self.metrics.articles.labels("ok").inc()
            counts: dict[str, int] = {}
            for ev in events:
                counts[ev.event_type] = counts.get(ev.event_type, 0) + 1
            log.info("article_processed", article_id=article.id, events=len(events), by_type=counts,
                     duration_ms=round(per_article * 1000, 1), partition=record.partition, offset=record.offset)


def create_app(settings: Settings | None = None, extractor: Any | None = None,
               registry: CollectorRegistry | None = None) -> tuple[FastStream, KafkaBroker, ExtractorService]:
    """Build the FastStream app; ``extractor`` lets tests inject a ready core."""
    settings = settings or Settings()
    registry = registry or new_registry()
    broker = make_broker(settings, registry=registry, app_name="eventx-extractor")
    service = ExtractorService(settings, broker, ExtractorMetrics.create(registry), extractor)

    @broker.subscriber(
        settings.topic_articles,
        group_id=settings.extractor_group,
        batch=True,
        max_records=settings.extractor_batch_size,
        batch_timeout_ms=200,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        title="extract",
        description="Raw articles in; events out on events.<type>; rejects on the DLQ.",
    )
    async def on_articles(msg: KafkaMessage) -> None:
        raw = msg.raw_message
        records = raw if isinstance(raw, tuple) else (raw,)
        await service.handle_records(records)

    # Declared for the AsyncAPI document: the topics this service writes.
    for event_type in ("meeting", "request", "pledge", "project_mention"):
        broker.publisher(settings.event_topic(event_type), schema=Event, title=f"{event_type}-events",
                         description=f"Extracted {event_type} events, keyed by article id.")
    broker.publisher(settings.topic_dlq, title="articles-dlq",
                     description="Original bytes of unprocessable articles; headers x-error, x-error-type.")

    app = FastStream(broker, logger=log)

    @app.on_startup
    async def _startup() -> None:
        configure_logging(settings.log_level)
        await service.load()  # before /metrics answers: the readiness probe means "model loaded"
        serve_metrics(registry, settings.extractor_metrics_port)
        log.info("extractor_started", bootstrap=settings.kafka_bootstrap, topic=settings.topic_articles)

    @app.after_shutdown
    async def _shutdown() -> None:
        service.close()

    return app, broker, service
