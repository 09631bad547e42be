"""Builders for sample contract objects, shared by unit and integration tests.

The article snippets here are invented wire-copy style sentences written for
these tests; none come from real data sets.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from eventx.contracts.models import (
    Actor,
    Amount,
    Event,
    ExtractorInfo,
    Location,
    Project,
    RawArticle,
    TextSpan,
)

_seq = itertools.count(1)

EXTRACTED_AT = dt.datetime(2024, 12, 5, 8, 30, tzinfo=dt.timezone.utc)

MEETING_TEXT = (
    "BEIJING, Dec. 4 (Wire) -- Chinese President Xi Jinping met with visiting "
    "Kenyan President William Ruto in Beijing on Wednesday, and the two sides "
    "agreed to deepen cooperation on the Mombasa-Nairobi railway."
)


def raw_article(**overrides: Any) -> RawArticle:
    """A valid ``RawArticle`` (a wire story about a state visit)."""
    data: dict[str, Any] = {
        "id": f"art-{next(_seq):04d}",
        "text": MEETING_TEXT,
        "url": "https://news.example.org/2024/12/04/xi-ruto",
        "title": "Xi meets Ruto in Beijing",
        "published_at": "2024-12-04",
        "language": "en",
        "source": "example-wire",
    }
    data.update(overrides)
    return RawArticle.model_validate(data)


def meeting_actors() -> list[Actor]:
    return [
        Actor(name="Xi Jinping", role="participant", kind="person", country="CHN", title="President"),
        Actor(name="William Ruto", role="participant", kind="person", country="KEN", title="President"),
    ]


def make_event(
    event_type: str = "meeting",
    *,
    event_id: str | None = None,
    article_id: str = "art-0001",
    **overrides: Any,
) -> Event:
    """A valid ``Event`` of ``event_type`` with plausible fields; override any field.

    ``event_id`` defaults to a fresh unique id so tests don't collide by accident.
    """
    data: dict[str, Any] = {
        "event_id": event_id or f"evt-{event_type}-{next(_seq):06d}",
        "event_type": event_type,
        "article_id": article_id,
        "article_url": f"https://news.example.org/{article_id}",
        "published_at": dt.date(2024, 12, 4),
        "date": dt.date(2024, 12, 4),
        "status": "occurred",
        "actors": meeting_actors(),
        "location": Location(name="Beijing", country="CHN"),
        "trigger": TextSpan(text="met", start=47, end=50),
        "evidence": [TextSpan(text=MEETING_TEXT[:60], start=0, end=60)],
        "cameo": "040",
        "plover": "CONSULT",
        "confidence": 0.9,
        "extractor": ExtractorInfo(version="0.1.0", model="en_core_web_sm-3.8.0"),
        "extracted_at": EXTRACTED_AT,
    }
    if event_type == "pledge":
        data.update(
            actors=[
                Actor(name="China", role="source", kind="country", country="CHN"),
                Actor(name="Kenya", role="target", kind="country", country="KEN"),
            ],
            amount=Amount(value=1.5e9, currency="USD", text="1.5 billion U.S. dollars"),
            content="loans for the second phase of the railway",
            cameo="051",
            plover="AID",
        )
    elif event_type == "request":
        data.update(
            actors=[
                Actor(name="William Ruto", role="source", kind="person", country="KEN", title="President"),
                Actor(name="China", role="target", kind="country", country="CHN"),
            ],
            content="debt relief on railway loans",
            cameo="020",
            plover="REQUEST",
        )
    elif event_type == "project_mention":
        data.update(
            actors=[Actor(name="Kenya", role="mentioned", kind="country", country="KEN")],
            project=Project(name="Mombasa-Nairobi Standard Gauge Railway", kind="railway"),
            location=Location(name="Mombasa", country="KEN"),
            cameo=None,
            plover=None,
        )
    data.update(overrides)
    return Event.model_validate(data)


def event_json(event: Event) -> bytes:
    """The wire form the extractor publishes on ``events.<type>``."""
    return event.model_dump_json().encode()
