"""The sink's pure rules for corrections and ownership (``eventx.services.sink.reconcile``)."""

from __future__ import annotations

import datetime as dt

from eventx.contracts.models import ArticleManifest
from eventx.services.sink.reconcile import StoredEvent, StoredManifest, plan_batch
from tests.factories import EXTRACTED_AT, make_event

T0 = EXTRACTED_AT
T1 = T0 + dt.timedelta(hours=1)
T2 = T0 + dt.timedelta(hours=2)


def manifest(article_id: str, ids: list[str], at: dt.datetime) -> ArticleManifest:
    return ArticleManifest(article_id=article_id, event_ids=ids, extracted_at=at,
                           extractor={"version": "1", "model": "m"})


def stored(article_id: str = "a", event_type: str = "meeting", at: dt.datetime = T0) -> StoredEvent:
    return StoredEvent(article_id, event_type, at)


def test_new_manifest_deletes_unlisted_events_no_newer_than_it() -> None:
    plan = plan_batch([], [manifest("a", ["e1"], T1)],
                      {"e1": stored(), "e2": stored(), "e3": stored(at=T2), "x": stored("b")}, {})
    assert plan.deletes == ["e2"]  # e3 is from a later extraction, x from another article
    assert [m.article_id for m in plan.manifests] == ["a"]


def test_manifest_no_newer_than_the_stored_one_is_ignored() -> None:
    current = {"a": StoredManifest(T1, frozenset({"e1"}))}
    plan = plan_batch([], [manifest("a", [], T1), manifest("a", [], T0)], {"e1": stored()}, current)
    assert plan.deletes == [] and plan.manifests == []
    assert len(plan.stale_manifests) == 2


def test_newest_manifest_in_a_batch_wins() -> None:
    plan = plan_batch([], [manifest("a", ["e1"], T2), manifest("a", [], T1)], {"e1": stored()}, {})
    assert [m.extracted_at for m in plan.manifests] == [T2]
    assert plan.deletes == []


def test_unlisted_old_event_is_stale_but_a_newer_one_is_kept() -> None:
    old = make_event(event_id="e-old", article_id="a", extracted_at=T0)
    new = make_event(event_id="e-new", article_id="a", extracted_at=T2)
    plan = plan_batch([old, new], [], {}, {"a": StoredManifest(T1, frozenset({"e1"}))})
    assert plan.stale_events == [old]
    assert plan.upserts == [new]


def test_older_extraction_never_overwrites_a_newer_row() -> None:
    late = make_event(event_id="e1", article_id="a", extracted_at=T0)
    plan = plan_batch([late], [], {"e1": stored(at=T1)}, {})
    assert plan.upserts == [] and plan.stale_events == [late]
    same = make_event(event_id="e1", article_id="a", extracted_at=T1)
    assert plan_batch([same], [], {"e1": stored(at=T1)}, {}).upserts == [same]


def test_id_owned_by_another_article_or_type_is_a_conflict() -> None:
    other_article = make_event("meeting", event_id="e1", article_id="b")
    other_type = make_event("pledge", event_id="e1", article_id="a")
    plan = plan_batch([other_article, other_type], [], {"e1": stored()}, {})
    assert plan.upserts == []
    assert "another article" in plan.conflicts[id(other_article)]
    assert "meeting" in plan.conflicts[id(other_type)]


def test_conflict_within_one_batch() -> None:
    first = make_event("meeting", event_id="e9", article_id="a")
    forged = make_event("meeting", event_id="e9", article_id="b")
    plan = plan_batch([first, forged], [], {}, {})
    assert plan.upserts == [first]
    assert id(forged) in plan.conflicts


def test_manifest_and_its_events_in_one_batch() -> None:
    e1 = make_event(event_id="e1", article_id="a", extracted_at=T1)
    plan = plan_batch([e1], [manifest("a", ["e1"], T1)], {"e0": stored()}, {})
    assert plan.upserts == [e1]
    assert plan.deletes == ["e0"]


def test_only_stored_events_are_overwrites() -> None:
    old, new = make_event(event_id="e-old", article_id="a"), make_event(event_id="e-new", article_id="a")
    plan = plan_batch([old, new, new], [], {"e-old": stored()}, {})
    assert [e.event_id for e in plan.upserts] == ["e-old", "e-new"]
    assert plan.overwrites == ["e-old"]  # its actor rows are replaced; e-new has none yet
