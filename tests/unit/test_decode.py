"""Every way an input record can be accepted or rejected by the extractor."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventx.contracts.models import ErrorKind
from eventx.services.extractor.decode import Limits, RejectedInput, content_hash, decode_article
from eventx.services.extractor.language import LanguageGate


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
        (b"", None, "empty_record"),
        (None, "application/json", "empty_record"),
        (b"null", "application/json", "invalid_article"),
        (b"[" * 100_000 + b"]" * 100_000, "text/plain; charset=ascii", "too_large"),
        (b"[" * 100_000 + b"]" * 100_000, None, "too_large"),
        (b"[" * 50_000 + b"]" * 50_000, "application/json", "invalid_json"),
        (json.dumps({"id": "a", "text": {"a": [[[[]]]]}}).encode(), None, "invalid_article"),
        (b"\xff\xfe plain", "text/plain", "invalid_encoding"),
        (json.dumps({"id": "x" * 600, "text": "Leaders met."}).encode(), None, "invalid_article"),
        (json.dumps({"id": "a", "text": "word " * 30_000}).encode(), None, "too_large"),
    ],
)
def test_rejections_carry_a_kind(body, ctype, reason):
    with pytest.raises(RejectedInput) as err:
        decode_article(body, content_type=ctype, limits=Limits(max_bytes=150_000, max_chars=100_000))
    assert err.value.kind == ErrorKind(reason)
    assert err.value.detail


def test_size_limits_are_settings():
    body = json.dumps({"id": "a", "text": "Leaders met in Lima."}).encode()
    assert decode_article(body, limits=Limits(max_bytes=len(body), max_chars=20)).id == "a"
    with pytest.raises(RejectedInput, match="too_large"):
        decode_article(body, limits=Limits(max_bytes=len(body) - 1, max_chars=20))
    with pytest.raises(RejectedInput, match="too_large"):
        decode_article(body, limits=Limits(max_bytes=len(body), max_chars=19))


FRENCH = ("Les ministres des affaires étrangères se sont réunis à Hanoï lundi pour discuter du commerce, "
          "de la sécurité régionale et de la coopération économique entre les deux pays voisins.")
ENGLISH = ("The foreign ministers of the two neighbouring countries met in Hanoi on Monday to discuss trade, "
           "regional security and economic cooperation, officials said after the talks.")


@pytest.mark.parametrize(
    ("text", "language", "ok"),
    [
        (ENGLISH, None, True),
        (FRENCH, None, False),
        (FRENCH, "en", True),  # a declared language wins over the detector
        (ENGLISH, "fr", False),
        (ENGLISH, "en-GB", True),
        (ENGLISH, "English", True),
        ("Les ministres se sont réunis.", None, True),  # too short to judge: the model may try
    ],
)
def test_language_gate(text, language, ok):
    from eventx.contracts.models import RawArticle

    gate = LanguageGate(frozenset({"en"}), min_confidence=0.95, min_chars=100)
    article = RawArticle(id="a", text=text, language=language)
    if ok:
        gate.check(article)
    else:
        with pytest.raises(RejectedInput) as err:
            gate.check(article)
        assert err.value.kind is ErrorKind.UNSUPPORTED_LANGUAGE


def test_characters_no_database_stores_are_read_as_replacement_characters_in_place():
    # events quote the text; a NUL or a lone surrogate in them would make the sink refuse
    # every event of the article, so each becomes U+FFFD and every offset stays where it was
    sent = "The minister\x00 met the envoy \ud800 in Lima."
    art = decode_article(json.dumps({"id": "n1", "text": sent}).encode())
    assert art.text == "The minister\ufffd met the envoy \ufffd in Lima."
    assert len(art.text) == len(sent)


def test_an_id_no_database_stores_is_rejected_as_an_invalid_article():
    with pytest.raises(RejectedInput) as err:
        decode_article(json.dumps({"id": "bad\x00id", "text": "Leaders met."}).encode())
    assert err.value.kind == ErrorKind.INVALID_ARTICLE
