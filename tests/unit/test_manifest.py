"""The extractor's per-article manifest (``eventx.services.extractor.manifest``)."""

from __future__ import annotations

import datetime as dt

from eventx.contracts.models import ExtractorInfo
from eventx.services.extractor.manifest import article_manifest
from tests.factories import EXTRACTED_AT, make_event

INFO = ExtractorInfo(version="9.9.9", model="stub")


def test_manifest_lists_every_event_once_at_the_events_time() -> None:
    a, b = make_event("meeting", article_id="art-1"), make_event("pledge", article_id="art-1")
    m = article_manifest("art-1", [a, b, a], INFO)
    assert m.event_ids == [a.event_id, b.event_id]
    assert m.extracted_at == EXTRACTED_AT  # never newer than the events it lists
    assert m.extractor == a.extractor


def test_manifest_of_an_article_without_events_retracts_everything() -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    m = article_manifest("art-2", [], INFO, now=now)
    assert m.event_ids == [] and m.extracted_at == now and m.extractor == INFO
