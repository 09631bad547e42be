"""One dead-letter format for every eventx service.

In the spirit of Kafka Connect's ``__connect.errors.*`` headers, a dead letter
keeps the original value (truncated only when it would not fit the topic) and
its key, and says in headers what went wrong and where the record came from,
so an operator can triage by kind and replay it to its original topic
(``eventx dlq``). The header set is :class:`eventx.contracts.models.DeadLetter`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import traceback
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Any, Protocol

from eventx.contracts.models import DeadLetter, ErrorKind

MAX_MESSAGE_CHARS = 2_000
MAX_STACK_CHARS = 8_000
MAX_ORIGINAL_HEADERS_CHARS = 64_000
MAX_KEY_BYTES = 4_096
RECORD_OVERHEAD_BYTES = 1_024  # record batch framing, generously
OCTET_STREAM = "application/octet-stream"


class Record(Protocol):
    """The parts of an aiokafka ``ConsumerRecord`` a dead letter is made from."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


@dataclass(frozen=True)
class Failure:
    """Why a record cannot be processed; ``exception`` gives class and stack trace."""

    kind: ErrorKind
    message: str
    exception: BaseException | None = None


@dataclass(frozen=True)
class OutgoingRecord:
    value: bytes
    key: bytes | None
    headers: dict[str, str]


@cache
def service_version() -> str:
    try:
        return metadata.version("eventx")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def header_name(field: str) -> str:
    """``error_kind`` -> ``x-error-kind``: one spelling rule for every header."""
    return "x-" + field.replace("_", "-")


def header_value(headers: Sequence[tuple[str, bytes]] | None, name: str) -> str | None:
    """A header as text (case-insensitive name), whatever bytes it holds."""
    for key, value in headers or ():
        if key.lower() == name:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


def _stacktrace(exc: BaseException | None) -> str:
    if exc is None:
        return ""
    text = "".join(traceback.format_exception(exc))
    return text if len(text) <= MAX_STACK_CHARS else "...\n" + text[-MAX_STACK_CHARS:]


def _encode_headers(headers: Sequence[tuple[str, bytes]] | None) -> str:
    pairs = [[k, base64.b64encode(v or b"").decode("ascii")] for k, v in headers or ()]
    text = json.dumps(pairs, separators=(",", ":"))
    return text if len(text) <= MAX_ORIGINAL_HEADERS_CHARS else "[]"


def decode_original_headers(text: str) -> list[tuple[str, bytes]]:
    return [(k, base64.b64decode(v)) for k, v in json.loads(text or "[]")]


def build_dead_letter(record: Record, failure: Failure, *, service: str, max_bytes: int,
                      now: dt.datetime | None = None) -> OutgoingRecord:
    """The record to publish on the DLQ: never larger than ``max_bytes``, whatever came in."""
    value = record.value or b""
    exc = failure.exception
    meta = DeadLetter(
        error_kind=failure.kind,
        error_message=failure.message[:MAX_MESSAGE_CHARS],
        error_exception=type(exc).__name__ if exc is not None else failure.kind.value,
        error_stacktrace=_stacktrace(exc),
        error_timestamp=now or dt.datetime.now(dt.timezone.utc),
        error_service=service,
        error_version=service_version(),
        original_topic=record.topic,
        original_partition=record.partition,
        original_offset=record.offset,
        original_timestamp=getattr(record, "timestamp", None),
        original_headers=_encode_headers(record.headers),
        original_size=len(value),
        original_sha256=hashlib.sha256(value).hexdigest(),
    )
    key = record.key[:MAX_KEY_BYTES] if record.key else record.key
    headers = _render(meta, header_value(record.headers, "content-type") or OCTET_STREAM)
    budget = max_bytes - RECORD_OVERHEAD_BYTES - len(key or b"") - sum(
        len(k) + len(v.encode("utf-8")) for k, v in headers.items()) - 64
    if len(value) > budget:
        value = value[:max(0, budget)]
        headers = _render(meta.model_copy(update={"truncated": True}), OCTET_STREAM)
    return OutgoingRecord(value=value, key=key, headers=headers)


def _render(meta: DeadLetter, content_type: str) -> dict[str, str]:
    fields: dict[str, Any] = meta.model_dump(mode="json")
    headers = {header_name(k): (json.dumps(v) if isinstance(v, bool) else str(v if v is not None else ""))
               for k, v in fields.items()}
    headers["content-type"] = content_type
    return headers


def read_dead_letter(headers: Sequence[tuple[str, bytes]]) -> DeadLetter:
    """The metadata of a consumed dead letter (raises ``ValidationError`` if it is not one)."""
    fields = {}
    for name in DeadLetter.model_fields:
        text = header_value(headers, header_name(name))
        if text is not None and text != "":
            fields[name] = text
    return DeadLetter.model_validate(fields)


class DeadLetters:
    """Publishes one service's dead letters to its topic, counts them and logs them.

    ``publish`` is ``(value, key, headers) -> None`` (the broker, with retries);
    ``count`` receives the kind, for the service's ``*_dlq_total{reason}`` counter.
    """

    def __init__(self, publish: Callable[[bytes, bytes | None, dict[str, str]], Awaitable[None]], *,
                 service: str, max_bytes: int, count: Callable[[str], None] | None = None,
                 log: Any | None = None) -> None:
        self._publish = publish
        self.service = service
        self.max_bytes = max_bytes
        self._count = count
        self._log = log

    async def send(self, record: Record, failure: Failure) -> None:
        out = build_dead_letter(record, failure, service=self.service, max_bytes=self.max_bytes)
        await self._publish(out.value, out.key, out.headers)
        if self._count is not None:
            self._count(failure.kind.value)
        if self._log is not None:
            self._log.warning("dead_lettered", service=self.service, kind=failure.kind.value,
                              error=failure.message[:300], exception_class=out.headers["x-error-exception"],
                              topic=record.topic, partition=record.partition, offset=record.offset,
                              size=len(record.value or b""), truncated=out.headers["x-truncated"] == "true")


__all__ = ["DeadLetters", "Failure", "OutgoingRecord", "build_dead_letter", "decode_original_headers", "header_name",
           "header_value", "read_dead_letter", "service_version"]
