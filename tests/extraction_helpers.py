"""Small helpers for tests that run the extraction core on articles written for them."""

from __future__ import annotations

import datetime as dt

from contracts.models import Event, RawArticle
from services.extractor.extraction import Extractor

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def extract_text(ex: Extractor, text: str, published: str, aid: str = "t-1") -> list[Event]:
    return ex.extract(RawArticle(id=aid, text=text, published_at=published), now=NOW)


def of_type(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.event_type == kind]


def names(ev: Event, role: str | None = None) -> set[str]:
    return {a.name for a in ev.actors if role is None or a.role == role}
