"""One place that turns :class:`Settings` into a configured FastStream ``KafkaBroker``.

Shared by the extractor and the sink so that pointing either service at a real
cluster (TLS, SASL) is configuration only, and both export the same FastStream
Prometheus metrics into the registry each service owns.
"""

from __future__ import annotations

import asyncio
import copy
import ssl
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiokafka import ConsumerRecord
from aiokafka.errors import KafkaError, KafkaTimeoutError
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.kafka.prometheus.provider import (
    BatchKafkaMetricsSettingsProvider,
    KafkaMetricsSettingsProvider,
)
from faststream.kafka.security import parse_security
from faststream.message import StreamMessage
from faststream.prometheus import ConsumeAttrs, PrometheusMiddleware
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from prometheus_client import CollectorRegistry

from .config import Settings
from .logs import get_logger

_SASL_CLASSES: dict[str, type[SASLPlaintext] | type[SASLScram256] | type[SASLScram512]] = {
    "PLAIN": SASLPlaintext,
    "SCRAM-SHA-256": SASLScram256,
    "SCRAM-SHA-512": SASLScram512,
}


def _ssl_context() -> ssl.SSLContext:
    """The system trust store; a private CA is given with ``SSL_CERT_FILE`` (no setting of our own)."""
    return ssl.create_default_context()


def make_security(settings: Settings) -> BaseSecurity | None:
    """FastStream security object for ``settings.kafka_security_protocol``.

    Raises ValueError on an unknown protocol/mechanism or missing credentials:
    failing at startup beats a consumer that silently never connects.
    """
    protocol = settings.kafka_security_protocol.upper()
    if protocol == "PLAINTEXT":
        return None
    if protocol == "SSL":
        return BaseSecurity(ssl_context=_ssl_context())
    if protocol in ("SASL_PLAINTEXT", "SASL_SSL"):
        mechanism = (settings.kafka_sasl_mechanism or "PLAIN").upper()
        cls = _SASL_CLASSES.get(mechanism)
        if cls is None:
            raise ValueError(
                f"unsupported EVENTX_KAFKA_SASL_MECHANISM {mechanism!r}; "
                f"expected one of {sorted(_SASL_CLASSES)}"
            )
        if not settings.kafka_sasl_username or settings.kafka_sasl_password is None:
            raise ValueError(
                f"{protocol} needs EVENTX_KAFKA_SASL_USERNAME and EVENTX_KAFKA_SASL_PASSWORD"
            )
        use_ssl = protocol == "SASL_SSL"
        return cls(
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password,
            ssl_context=_ssl_context() if use_ssl else None,
            use_ssl=use_ssl,
        )
    raise ValueError(
        f"unsupported EVENTX_KAFKA_SECURITY_PROTOCOL {settings.kafka_security_protocol!r}; "
        "expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"
    )


def bootstrap_servers(settings: Settings) -> list[str]:
    return [s.strip() for s in settings.kafka_bootstrap.split(",") if s.strip()]


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for a plain aiokafka client (bootstrap and security) that
    reaches the cluster exactly as the services' FastStream broker does."""
    return {"bootstrap": bootstrap_servers(settings), **parse_security(make_security(settings))}


class _TopicsOfBatchProvider(BatchKafkaMetricsSettingsProvider):
    """Labels a consumed batch with every topic it holds, sorted and comma-joined.

    FastStream labels a batch with its first record's topic, so the sink's one
    subscriber on four event topics reported all of them as one topic. A batch
    from a single topic keeps FastStream's label (the topic name).
    """

    def get_consume_attrs_from_message(self, msg: StreamMessage[tuple[ConsumerRecord, ...]]) -> ConsumeAttrs:
        attrs = super().get_consume_attrs_from_message(msg)
        attrs["destination_name"] = ",".join(sorted({r.topic for r in msg.raw_message}))
        return attrs


def _metrics_provider(
    msg: ConsumerRecord | Sequence[ConsumerRecord] | None,
) -> KafkaMetricsSettingsProvider | BatchKafkaMetricsSettingsProvider:
    if isinstance(msg, Sequence):
        return _TopicsOfBatchProvider()
    return KafkaMetricsSettingsProvider()


class TopicLabelledPrometheusMiddleware(KafkaPrometheusMiddleware):
    """FastStream's Kafka metrics, with batches labelled by all their topics."""

    def __init__(self, *, registry: CollectorRegistry, app_name: str) -> None:
        # KafkaPrometheusMiddleware fixes FastStream's provider factory; skip to its
        # base to pass ours (same metrics, same labels, only the batch label differs).
        PrometheusMiddleware.__init__(self, settings_provider_factory=_metrics_provider, registry=registry,
                                      app_name=app_name)


def make_broker(
    settings: Settings,
    registry: CollectorRegistry | None = None,
    *,
    app_name: str = "eventx",
    client_id: str | None = None,
    **broker_kwargs: Any,
) -> KafkaBroker:
    """A ``KafkaBroker`` for ``settings`` with Prometheus middleware on ``registry``.

    ``client_id`` defaults to ``settings.kafka_client_id``; services pass their
    own suffix (``eventx-sink``) so broker-side logs tell them apart. Extra
    keyword arguments go straight to ``KafkaBroker`` (e.g. ``acks="all"``).
    """
    middlewares = []
    broker_kwargs.setdefault("max_request_size", settings.dlq_max_bytes)
    if registry is not None:
        middlewares.append(TopicLabelledPrometheusMiddleware(registry=registry, app_name=app_name))
    broker_kwargs.setdefault("logger", get_logger("eventx.kafka"))
    return KafkaBroker(
        bootstrap_servers(settings),
        client_id=client_id or settings.kafka_client_id,
        security=make_security(settings),
        middlewares=middlewares,
        **broker_kwargs,
    )


async def raw_batch_parser(records: tuple[ConsumerRecord, ...],
                           default: Callable[[Any], Awaitable[StreamMessage[Any]]]) -> StreamMessage[Any]:
    """FastStream's batch parser, made safe for any header bytes.

    The default parser decodes every header value as UTF-8 and would fail the
    whole batch on one bad header, before our handler could dead-letter it.
    The handler still receives the records exactly as consumed.
    """
    safe = tuple(r if _headers_are_utf8(r) else _with_utf8_headers(r) for r in records)
    message = await default(safe)
    message.raw_message = records
    return message


def _headers_are_utf8(record: ConsumerRecord) -> bool:
    try:
        for _, value in record.headers or ():
            (value or b"").decode("utf-8")
    except (UnicodeDecodeError, AttributeError):
        return False
    return True


def _with_utf8_headers(record: ConsumerRecord) -> ConsumerRecord:
    clean = copy.copy(record)
    clean.headers = [(k, v.decode("utf-8", "replace").encode("utf-8") if isinstance(v, bytes) else str(v).encode())
                     for k, v in record.headers or ()]
    return clean


async def raw_records_decoder(message: StreamMessage[Any]) -> list[ConsumerRecord]:
    """Decoder that hands the handler the raw ConsumerRecords, undecoded.

    FastStream's default decoder JSON-parses the whole batch before the handler
    runs (whatever the content type), so one malformed record would fail the
    batch; both services decode each record themselves and dead-letter the bad.
    """
    raw = message.raw_message
    return list(raw) if isinstance(raw, tuple | list) else [raw]


def _transient(exc: BaseException) -> bool:
    """Errors worth another attempt: the broker is away, not the message bad."""
    if isinstance(exc, KafkaTimeoutError | asyncio.TimeoutError | ConnectionError):
        return True
    return isinstance(exc, KafkaError) and bool(getattr(exc, "retriable", False))


async def publish_retrying(broker: KafkaBroker, body: bytes, *, topic: str, key: bytes | None,
                           headers: dict[str, str], retries: int, backoff_s: float) -> None:
    """Publish, retrying transient broker errors with exponential back-off (capped at 10 s).

    When the retries are spent the error propagates, the handler raises and the
    batch is nacked: it is redelivered rather than committed.
    """
    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(retries + 1),
        wait=wait_exponential(multiplier=backoff_s, max=10.0),
        retry=retry_if_exception(_transient),
        reraise=True,
    ):
        with attempt:
            await broker.publish(body, topic=topic, key=key, headers=headers)
