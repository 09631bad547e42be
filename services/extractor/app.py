"""The extractor service as a FastStream application: thin wiring around ``handler.py``.

The batch subscriber hands the handler raw ``ConsumerRecord``s (raw parser and
decoder: FastStream decodes nothing, whatever the headers), with auto-commit
off: a batch is extracted while the one before is published
(:class:`PublishAhead`), and its offsets are committed by :class:`OffsetGuard`
once its output is acknowledged (never positions from before a broker restart
or group reset); a failure seeks the batch back for redelivery.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from faststream import FastStream
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.middlewares import AckPolicy
from prometheus_client import CollectorRegistry

from eventx.contracts.models import EVENT_TYPES, ArticleManifest, Event
from eventx.services.common.config import Settings
from eventx.services.common.health import Health, Progress, broker_check, consumer_check
from eventx.services.common.kafka import make_broker, publish_retrying, raw_batch_parser, raw_records_decoder
from eventx.services.common.lag import attach_lag_monitor
from eventx.services.common.logs import configure_logging, get_logger
from eventx.services.common.metrics import new_registry, serve_metrics
from eventx.services.common.offsets import OffsetGuard
from eventx.services.extractor.handler import ExtractorHandler
from eventx.services.extractor.metrics import ExtractorMetrics
from eventx.services.extractor.overlap import PublishAhead
from eventx.services.extractor.worker import Core, ExtractionWorker, default_core

log = get_logger("eventx.extractor")


def create_app(settings: Settings | None = None) -> FastStream:
    """The FastStream app alone: what ``eventx serve`` runs and ``faststream docs gen --factory`` reads."""
    return build_app(settings)[0]


def build_app(settings: Settings | None = None, core_factory: Callable[[], Core] = default_core,
              registry: CollectorRegistry | None = None) -> tuple[FastStream, KafkaBroker, ExtractorHandler]:
    """Build the app; ``core_factory`` (picklable: it runs in the worker process) lets tests use a stub core."""
    settings = settings or Settings()
    registry = registry or new_registry()
    broker = make_broker(settings, registry=registry, app_name="eventx-extractor")

    async def publish(value: bytes, topic: str, key: bytes | None, headers: dict[str, str]) -> None:
        await publish_retrying(broker, value, topic=topic, key=key, headers=headers,
                               retries=settings.publish_retries, backoff_s=settings.publish_retry_backoff_s)

    handler = ExtractorHandler(settings, publish, ExtractorMetrics.create(registry), ExtractionWorker(core_factory, settings.extractor_workers))
    progress = Progress(settings.health_stall_s)
    ahead = PublishAhead(handler, OffsetGuard(), progress)

    @broker.subscriber(
        settings.topic_articles,
        group_id=settings.extractor_group,
        batch=True,
        max_records=settings.extractor_batch_size,
        batch_timeout_ms=settings.extractor_batch_timeout_ms,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,  # committed by the OffsetGuard, only once the output is safe
        parser=raw_batch_parser,
        decoder=raw_records_decoder,
        title="extract",
        description="Raw articles in; events out on events.<type>; rejects on the DLQ.",
    )
    async def on_articles(records: Any, message: KafkaMessage) -> None:
        # returns once extracted; publishing + commit overlap the next batch (nothing committed unpublished)
        await ahead.on_batch(records, message.consumer)

    # Declared for the AsyncAPI document: the topics this service writes.
    for event_type in EVENT_TYPES:
        broker.publisher(settings.event_topic(event_type), schema=Event, title=f"{event_type}-events",
                         description=f"Extracted {event_type} events, keyed by article id.")
    broker.publisher(settings.topic_manifests, schema=ArticleManifest, title="article-manifests",
                     description="After an article's events: every event id its current extraction yields; "
                                 "earlier events of the article not listed are retracted. Keyed by article id.")
    broker.publisher(settings.topic_dlq, title="articles-dlq",
                     description="Unprocessable articles: original bytes (truncated past the DLQ limit), "
                                 "headers x-error-kind, x-error-message, x-original-* (see DeadLetter).")

    app = FastStream(broker, logger=log)
    attach_lag_monitor(app, settings, registry, settings.extractor_group, [settings.topic_articles])
    health = Health({"broker": broker_check(broker, settings.health_timeout_s),
                     "consumer": consumer_check(broker.subscribers, progress)},
                    interval_s=settings.health_interval_s, timeout_s=settings.health_timeout_s)
    servers: list[Any] = []

    @app.on_startup
    async def _startup() -> None:
        configure_logging(settings.log_level)
        await handler.start()  # before the port answers: the startup probe means "model loaded"
        servers.append(serve_metrics(registry, settings.extractor_metrics_port, settings.metrics_host, health))
        health.start()
        log.info("extractor_started", bootstrap=settings.kafka_bootstrap, topic=settings.topic_articles)

    @app.on_shutdown
    async def _stop_worker() -> None:
        await health.stop()
        await ahead.drain(timeout_s=5.0)  # the batch in flight: published and committed, or read again
        handler.stop()  # a running extraction is abandoned at once; its batch is not committed
        for server in servers:
            if server is not None:
                server.shutdown()

    return app, broker, handler
