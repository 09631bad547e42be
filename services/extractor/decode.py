"""Turning a Kafka record into a RawArticle, or a reason why it cannot be one.

Kept apart from the handler so every rejection path is a plain function call
in tests, and so the reasons are a closed set that metrics and the DLQ share.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import ValidationError

from contracts.models import RawArticle

Reason = Literal["invalid_encoding", "invalid_json", "invalid_article", "empty_text"]
REASONS: tuple[str, ...] = ("invalid_encoding", "invalid_json", "invalid_article", "empty_text", "extraction_error")


class RejectedInput(ValueError):
    """The record can never be processed; it belongs on the dead-letter topic."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()[:32]


def decode_article(value: bytes | None, key: bytes | None = None, content_type: str | None = None) -> RawArticle:
    """Parse one record; ``text/plain`` bodies are the article text, keyed by the Kafka key."""
    data = value or b""
    try:
        body = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RejectedInput("invalid_encoding", f"body is not UTF-8 ({exc.reason} at byte {exc.start})") from exc

    if content_type and content_type.split(";")[0].strip().lower() == "text/plain":
        if not body.strip():
            raise RejectedInput("empty_text", "text/plain body is empty")
        article_id = key.decode("utf-8", "replace").strip() if key else ""
        return RawArticle(id=article_id or content_hash(data), text=body)

    try:
        obj = json.loads(body)
    except json.JSONDecodeError as exc:
        raise RejectedInput("invalid_json", f"body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise RejectedInput("invalid_article", f"expected a JSON object, got {type(obj).__name__}")
    try:
        return RawArticle.model_validate(obj)
    except ValidationError as exc:
        problems = exc.errors()
        if any(tuple(p.get("loc", ())) == ("text",) and p.get("type") == "value_error" for p in problems):
            raise RejectedInput("empty_text", "field 'text' is empty") from exc
        summary = "; ".join(f"{'.'.join(map(str, p.get('loc', ()))) or 'body'}: {p['msg']}" for p in problems[:5])
        raise RejectedInput("invalid_article", summary) from exc
