"""The one dead-letter format: what each header means, and that nothing is too big to dead-letter."""

from __future__ import annotations

import hashlib

from aiokafka import ConsumerRecord

from eventx.contracts.models import ErrorKind
from eventx.services.common.deadletter import (
    Failure,
    build_dead_letter,
    decode_original_headers,
    read_dead_letter,
)


def record(value: bytes | None, headers=(("content-type", b"application/json"), ("trace", b"\xff\x00"))):
    return ConsumerRecord("articles.raw", 2, 41, 1_700_000_000_000, 0, b"art-1", value, None,
                          5, len(value or b""), list(headers))


def as_consumed(out):
    return [(k, v.encode("utf-8")) for k, v in out.headers.items()]


def test_headers_carry_kind_message_exception_origin_and_service():
    try:
        raise ValueError("boom")
    except ValueError as exc:
        out = build_dead_letter(record(b"{bad"), Failure(ErrorKind.INVALID_JSON, "not JSON", exc),
                                service="extractor", max_bytes=1_000_000)
    meta = read_dead_letter(as_consumed(out))
    assert out.value == b"{bad" and out.key == b"art-1"
    assert meta.error_kind is ErrorKind.INVALID_JSON
    assert meta.error_message == "not JSON"
    assert meta.error_exception == "ValueError"
    assert "raise ValueError" in meta.error_stacktrace
    assert meta.error_service == "extractor" and meta.error_version
    assert (meta.original_topic, meta.original_partition, meta.original_offset) == ("articles.raw", 2, 41)
    assert meta.original_size == 4 and not meta.truncated
    assert out.headers["content-type"] == "application/json"
    # the original headers come back byte for byte, even those that are not text
    assert decode_original_headers(meta.original_headers) == [("content-type", b"application/json"),
                                                              ("trace", b"\xff\x00")]


def test_a_record_bigger_than_the_dlq_limit_is_stored_truncated_with_size_and_digest():
    big = b"x" * 5_000_000
    out = build_dead_letter(record(big), Failure(ErrorKind.TOO_LARGE, "too big"), service="extractor",
                            max_bytes=1_000_000)
    size = len(out.value) + len(out.key) + sum(len(k) + len(v) for k, v in out.headers.items())
    assert size < 1_000_000
    meta = read_dead_letter(as_consumed(out))
    assert meta.truncated and meta.original_size == 5_000_000
    assert meta.original_sha256 == hashlib.sha256(big).hexdigest()
    assert big.startswith(out.value) and len(out.value) > 900_000
    assert out.headers["content-type"] == "application/octet-stream"


def test_an_empty_record_without_headers_is_still_a_dead_letter():
    out = build_dead_letter(record(None, headers=()), Failure(ErrorKind.EMPTY_RECORD, "no value"),
                            service="sink", max_bytes=1_000_000)
    meta = read_dead_letter(as_consumed(out))
    assert out.value == b"" and meta.error_exception == "empty_record"
    assert out.headers["content-type"] == "application/octet-stream"
