"""The sink as a FastStream application: Kafka ``events.*`` in, database rows out.

Delivery is at-least-once. The batch subscriber uses
``AckPolicy.NACK_ON_ERROR``: when the handler returns, FastStream commits the
consumer's offsets (``consumer.commit()``, i.e. exactly the records returned by
this ``getmany``); when it raises, FastStream seeks every partition back to the
first record of the batch and commits nothing, so the batch is fetched again.
The handler returns only after the store transaction committed and every bad
record was published to the dead-letter topic.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faststream import AckPolicy, FastStream
from faststream.kafka import KafkaBroker
from prometheus_client import CollectorRegistry

from eventx.contracts.models import EVENT_TYPES
from eventx.services.common.config import Settings
from eventx.services.common.deadletter import DeadLetters, Failure
from eventx.services.common.health import Check, Health, Progress, broker_check, consumer_check
from eventx.services.common.kafka import make_broker, publish_retrying, raw_batch_parser, raw_records_decoder
from eventx.services.common.lag import attach_lag_monitor
from eventx.services.common.logs import configure_logging, get_logger
from eventx.services.common.metrics import new_registry, serve_metrics

from .handler import DeadLetter, EventSink, RetryPolicy, Routes
from .metrics import SinkMetrics
from .storage import EventStore, StoreError, make_store

log = get_logger("eventx.sink")


def event_topics(settings: Settings) -> list[str]:
    return [settings.event_topic(t) for t in EVENT_TYPES]


def routes(settings: Settings) -> Routes:
    return Routes({settings.event_topic(t): t for t in EVENT_TYPES}, settings.topic_manifests)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(settings.sink_retry_initial_s, settings.sink_retry_max_s, settings.sink_retry_window_s)


def database_check(store: EventStore) -> Check:
    """The database answers a trivial query (the store reconnects if it must).

    A ping that outlives the check's timeout keeps running and is awaited by
    the next round rather than started again, so a hanging server never piles
    up worker threads.
    """
    pending: asyncio.Future[None] | None = None

    async def check() -> str | None:
        nonlocal pending
        if pending is None or pending.done():
            if pending is not None and not pending.cancelled():
                pending.exception()  # mark it retrieved: a timed-out round's outcome is stale now
            pending = asyncio.ensure_future(asyncio.to_thread(store.ping))
        try:
            await asyncio.shield(pending)
        except StoreError as exc:
            return f"database unreachable: {str(exc)[:200]}"
        return None

    return check


def create_app(settings: Settings | None = None) -> FastStream:
    """The FastStream app alone: what ``eventx serve`` runs and ``faststream docs gen --factory`` reads."""
    return build_app(settings)[0]


def build_app(
    settings: Settings | None = None,
    store: EventStore | None = None,
    *,
    registry: CollectorRegistry | None = None,
    retry: RetryPolicy | None = None,
    serve_metrics_http: bool = True,
) -> tuple[FastStream, KafkaBroker]:
    """Build the sink app and its broker (nothing connects until the app starts).

    ``store`` defaults to ``make_store(settings.db_url)``. The app opens the
    store on startup (an unreachable database is waited for, not fatal) and
    closes it on shutdown only if it created it, so a caller passing its own
    store can still read it after. ``registry`` (default: a fresh one) receives
    both FastStream's and the sink's metrics and is served with ``/healthz``
    and ``/readyz`` on ``settings.metrics_host:sink_metrics_port`` unless
    ``serve_metrics_http`` is False.
    """
    settings = settings or Settings()
    configure_logging(settings.log_level)
    registry = registry if registry is not None else new_registry()
    owns_store = store is None
    store = store if store is not None else make_store(settings.db_url, settings.db_connect_timeout_s)

    broker = make_broker(
        settings,
        registry,
        app_name="eventx-sink",
        client_id=f"{settings.kafka_client_id}-sink",
    )
    metrics = SinkMetrics(registry)

    # Declared for the AsyncAPI document; dead letters are published with their original bytes.
    broker.publisher(settings.topic_events_dlq, title="events-dlq",
                     description="Event messages the sink could not store: original bytes (truncated past "
                                 "the DLQ limit), headers x-error-kind, x-error-message, x-original-* "
                                 "(see DeadLetter).")

    async def publish_dead_letter(body: bytes, key: bytes | None, headers: dict[str, str]) -> None:
        await publish_retrying(broker, body, topic=settings.topic_events_dlq, key=key, headers=headers,
                               retries=settings.publish_retries, backoff_s=settings.publish_retry_backoff_s)

    dead_letters = DeadLetters(publish_dead_letter, service="sink", max_bytes=settings.dlq_max_bytes)

    async def send_dead_letter(dl: DeadLetter) -> None:
        await dead_letters.send(dl.record, Failure(dl.kind, dl.error, dl.exception))

    sink = EventSink(store, send_dead_letter, metrics, routes(settings),
                     retry=retry or retry_policy(settings), logger=log)
    progress = Progress(settings.health_stall_s)

    @broker.subscriber(
        *event_topics(settings),
        settings.topic_manifests,
        group_id=settings.sink_group,
        batch=True,
        max_records=settings.sink_batch_size,
        batch_timeout_ms=settings.sink_batch_timeout_ms,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",  # a new sink group must not skip stored-up events
        parser=raw_batch_parser,
        decoder=raw_records_decoder,
    )
    async def store_events(records: Any) -> None:
        await sink.handle(records)
        progress.completed(records)

    health = Health(
        {"broker": broker_check(broker, settings.health_timeout_s), "database": database_check(store),
         "consumer": consumer_check(broker.subscribers, progress)},
        interval_s=settings.health_interval_s, timeout_s=settings.health_timeout_s,
    )
    servers: list[Any] = []

    async def on_startup() -> None:
        try:
            await asyncio.to_thread(store.open)
        except StoreError as exc:  # not fatal: writes wait for the database, readiness says so
            log.error("sink.store_unavailable_at_startup", error=str(exc)[:500])
        if serve_metrics_http:
            servers.append(serve_metrics(registry, settings.sink_metrics_port, settings.metrics_host, health))
        health.start()
        log.info(
            "sink.starting",
            topics=[*event_topics(settings), settings.topic_manifests],
            group=settings.sink_group,
            store=type(store).__name__,
            migrations_applied=getattr(store, "applied_migrations", []),
            batch_size=settings.sink_batch_size,
            metrics=f"{settings.metrics_host}:{settings.sink_metrics_port}" if serve_metrics_http else None,
        )

    async def after_shutdown() -> None:
        await health.stop()
        for server in servers:
            if server is not None:
                server.shutdown()
        if owns_store:
            await asyncio.to_thread(store.close)
        log.info("sink.stopped")

    app = FastStream(broker, logger=log, on_startup=[on_startup], after_shutdown=[after_shutdown])
    attach_lag_monitor(app, settings, registry, settings.sink_group,
                       [*event_topics(settings), settings.topic_manifests])
    return app, broker


async def run(settings: Settings | None = None) -> None:
    """Run the sink until SIGINT/SIGTERM (FastStream installs the handlers),
    then stop consuming, let the in-flight batch finish and close the store."""
    await create_app(settings).run()


def main() -> None:
    asyncio.run(run())
