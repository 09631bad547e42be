"""The checked-in schemas are exactly what the code generates."""

from __future__ import annotations

import datetime as dt

import pytest

from contracts import generate
from contracts.models import Event, RawArticle


def test_checked_in_schemas_match_the_models():
    stale = [str(p) for p, text in generate.expected_files().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert stale == [], f"regenerate with `make schemas`: {stale}"


def test_asyncapi_documents_every_topic():
    doc = generate.asyncapi()
    addresses = {c.get("address") for c in doc["channels"].values()}
    for topic in ("articles.raw", "articles.dlq", "events.meeting", "events.request", "events.pledge",
                  "events.project_mention", "events.dlq"):
        assert topic in addresses


def test_raw_article_accepts_datetimes_and_ignores_unknown_fields():
    art = RawArticle.model_validate({"id": "a", "text": "t", "published_at": "2024-12-04T08:00:00+07:00",
                                     "extra": 1})
    assert art.publication_date() == dt.date(2024, 12, 4)
    assert not hasattr(art, "extra")


def test_event_rejects_unknown_type_and_out_of_range_confidence():
    base = {"event_id": "e", "article_id": "a", "extractor": {"version": "1", "model": "m"},
            "extracted_at": "2025-01-01T00:00:00Z"}
    with pytest.raises(ValueError):
        Event.model_validate({**base, "event_type": "war", "confidence": 0.5})
    with pytest.raises(ValueError):
        Event.model_validate({**base, "event_type": "meeting", "confidence": 1.5})
