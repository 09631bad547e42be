"""Turning a Kafka record into a RawArticle, or the kind of reason why it cannot be one.

Pure functions on the record's raw bytes, whatever its headers say: every
rejection path is a plain call in tests, and the reasons are
:class:`eventx.contracts.models.ErrorKind`, shared with the DLQ and the metrics.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from pydantic import ValidationError

from eventx.contracts.models import ErrorKind, RawArticle


class RejectedInput(ValueError):
    """The record can never be processed; it belongs on the dead-letter topic."""

    def __init__(self, kind: ErrorKind, detail: str) -> None:
        super().__init__(f"{kind.value}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    """Size limits (``EVENTX_MAX_ARTICLE_BYTES`` / ``_CHARS``): what is bigger is no news article."""

    max_bytes: int = 1_000_000
    max_chars: int = 100_000


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()[:32]


def _is_plain_text(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() == "text/plain"


def decode_article(value: bytes | None, key: bytes | None = None, content_type: str | None = None,
                   limits: Limits = Limits()) -> RawArticle:
    """Parse one record; ``text/plain`` bodies are the article text, keyed by the Kafka key."""
    data = value or b""
    if not data:
        raise RejectedInput(ErrorKind.EMPTY_RECORD, "record has no value")
    if len(data) > limits.max_bytes:
        raise RejectedInput(ErrorKind.TOO_LARGE, f"record is {len(data):,} bytes; the limit is {limits.max_bytes:,}")
    try:
        body = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RejectedInput(ErrorKind.INVALID_ENCODING,
                            f"body is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    article = _plain_article(body, key, data) if _is_plain_text(content_type) else _json_article(body)
    if len(article.text) > limits.max_chars:
        raise RejectedInput(ErrorKind.TOO_LARGE,
                            f"text is {len(article.text):,} characters; the limit is {limits.max_chars:,}")
    return article


def _plain_article(body: str, key: bytes | None, data: bytes) -> RawArticle:
    if not body.strip():
        raise RejectedInput(ErrorKind.EMPTY_TEXT, "text/plain body is empty")
    article_id = key.decode("utf-8", "replace").strip() if key else ""
    try:
        return RawArticle(id=article_id or content_hash(data), text=body)
    except ValidationError as exc:
        raise RejectedInput(ErrorKind.INVALID_ARTICLE, _summary(exc)) from exc


def _json_article(body: str) -> RawArticle:
    try:
        obj = json.loads(body)
    except json.JSONDecodeError as exc:
        raise RejectedInput(ErrorKind.INVALID_JSON,
                            f"body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    except RecursionError as exc:
        raise RejectedInput(ErrorKind.INVALID_JSON, "body is JSON nested too deeply to parse") from exc
    if not isinstance(obj, dict):
        raise RejectedInput(ErrorKind.INVALID_ARTICLE, f"expected a JSON object, got {type(obj).__name__}")
    try:
        return RawArticle.model_validate(obj)
    except ValidationError as exc:
        problems = exc.errors()
        if any(tuple(p.get("loc", ())) == ("text",) and p.get("type") == "value_error" for p in problems):
            raise RejectedInput(ErrorKind.EMPTY_TEXT, "field 'text' is empty") from exc
        raise RejectedInput(ErrorKind.INVALID_ARTICLE, _summary(exc)) from exc
    except RecursionError as exc:
        raise RejectedInput(ErrorKind.INVALID_ARTICLE, "a field is nested too deeply") from exc


def _summary(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, p.get('loc', ()))) or 'body'}: {p['msg']}" for p in exc.errors()[:5])
