"""Every way an input record can be accepted or rejected by the extractor."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from services.extractor.decode import RejectedInput, content_hash, decode_article


def test_json_article_with_unknown_fields_is_accepted():
    body = json.dumps({"id": "x1", "text": "Leaders met.", "crawler_version": 7, "published_at": "2025-02-03T10:00:00Z"})
    art = decode_article(body.encode())
    assert art.id == "x1"
    assert art.publication_date() == dt.date(2025, 2, 3)


def test_date_header_line_gives_publication_date_when_field_absent():
    art = decode_article(json.dumps({"id": "x2", "text": " date 2024-12-04 \n\nLeaders met."}).encode())
    assert art.published_at is None
    assert art.publication_date() == dt.date(2024, 12, 4)


def test_plain_text_uses_key_then_content_hash():
    assert decode_article(b"Leaders met.", key=b"k-9", content_type="text/plain; charset=utf-8").id == "k-9"
    art = decode_article(b"Leaders met.", key=None, content_type="text/plain")
    assert art.id == content_hash(b"Leaders met.")
    assert art.text == "Leaders met."


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"{not json", None, "invalid_json"),
        (b"\xff\xfe\x00", None, "invalid_encoding"),
        (b"[1, 2]", None, "invalid_article"),
        (json.dumps({"text": "no id"}).encode(), None, "invalid_article"),
        (json.dumps({"id": "", "text": "blank id"}).encode(), None, "invalid_article"),
        (json.dumps({"id": "a", "text": "x", "published_at": "yesterday"}).encode(), None, "invalid_article"),
        (json.dumps({"id": "a", "text": " \n "}).encode(), None, "empty_text"),
        (b"   ", "text/plain", "empty_text"),
        (b"", None, "invalid_json"),
    ],
)
def test_rejections_carry_a_reason(body, ctype, reason):
    with pytest.raises(RejectedInput) as err:
        decode_article(body, content_type=ctype)
    assert err.value.reason == reason
    assert err.value.detail
