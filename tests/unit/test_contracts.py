"""The checked-in schemas are exactly what the code generates."""

from __future__ import annotations

import datetime as dt

import pytest

from eventx.services.tooling import schemas
from eventx.contracts.models import Event, RawArticle


def test_checked_in_schemas_match_the_models():
    stale = [str(p) for p, text in schemas.expected_files().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert stale == [], f"regenerate with `make schemas`: {stale}"


def test_asyncapi_documents_every_topic():
    doc = schemas.asyncapi()
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


@pytest.mark.parametrize(
    "field,value",
    [
        ("event_id", ""),
        ("event_id", "evt with spaces"),
        ("event_id", "e" * 513),
        ("article_id", "a" * 513),
        ("content", "loans\x00for railway"),
        ("content", "lone \ud800 surrogate"),
    ],
)
def test_event_refuses_what_a_database_would(field, value):
    """Limits and refused characters are checked in the contract, before any store, so
    SQLite and PostgreSQL accept exactly the same events."""
    from tests.factories import make_event

    good = make_event().model_dump()
    with pytest.raises(ValueError):
        Event.model_validate({**good, field: value})


def test_long_actor_names_and_nan_amounts_are_refused():
    from tests.factories import make_event

    good = make_event("pledge").model_dump()
    with pytest.raises(ValueError):
        Event.model_validate({**good, "actors": [{"name": "x" * 513, "role": "source"}]})
    with pytest.raises(ValueError):
        Event.model_validate({**good, "amount": {"value": float("nan")}})


def test_asyncapi_documents_the_manifest_topic_and_delivery():
    doc = schemas.asyncapi()
    assert "events.articles" in {c.get("address") for c in doc["channels"].values()}
    assert "ArticleManifest" in doc["components"]["schemas"]
    assert "at-least-once" in doc["info"]["description"]
