"""Sentence -> expected events, one case per entry of ``tests/data/extraction_cases.yaml``
and of every ``tests/data/cases/*.yaml``.

The cases are data so that adding a rule or a trigger word means adding a case
there, not a test function; ``tests/data/cases/README.md`` documents the fields.
Every case also checks that each event's trigger and evidence offsets point at
their text in the article.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventx.contracts.models import Event, RawArticle
from eventx.services.extractor.extraction import Extractor
from tests.extraction_helpers import NOW, shared_eval

DATA = Path(__file__).resolve().parents[1] / "data"
CASE_FILES = [DATA / "extraction_cases.yaml", *sorted((DATA / "cases").glob("*.yaml"))]


def _read(path: Path) -> list[dict[str, Any]]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [{**c, "_file": path.name} for c in cases]


CASES: list[dict[str, Any]] = [c for f in CASE_FILES for c in _read(f)]
KNOWN = {"name", "text", "published", "none", "absent", "expect", "_file"}
# checks one event must pass all of (within a group)
EVENT_CHECKS = {"participants", "participants_include", "source", "target", "source_country", "target_country",
                "cameo", "cameo_prefix", "plover", "status", "date", "location", "amount_currency", "amount_value",
                "content_contains", "evidence_count", "evidence_min", "evidence_include", "trigger",
                "trigger_contains", "trigger_starts", "mentions", "actors", "actors_include", "actors_exclude",
                "actor_matches", "no_actor_matches", "actors_with", "actor_count", "countries", "countries_include",
                "location_contains", "location_excludes", "published_at", "project"}
# checks on the events of a group as a whole
GROUP_CHECKS = {"count", "min_count", "triggers", "statuses", "each", "where"}


def _names(ev: Event, role: str | None) -> set[str]:
    return {a.name for a in ev.actors if role is None or a.role == role}


def _any_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _actor_fits(actor: Any, spec: dict[str, Any]) -> bool:
    return all(getattr(actor, k) in _any_of(v) for k, v in spec.items())


def _names_check(ev: Event, key: str, want: Any) -> bool:
    if key == "participants_include":
        return set(want) <= _names(ev, "participant")
    if key in {"participants", "source", "target"}:
        return _names(ev, "participant" if key == "participants" else key) == set(want)
    if key == "actors":
        return _names(ev, None) == set(want)
    if key == "actors_include":
        return set(want) <= _names(ev, None)
    if key == "actors_exclude":
        return not set(want) & _names(ev, None)
    if key == "actor_matches":
        return all(any(re.search(p, n) for n in _names(ev, None)) for p in want)
    if key == "no_actor_matches":
        return not any(re.search(p, n) for p in want for n in _names(ev, None))
    if key == "actors_with":
        return all(any(_actor_fits(a, spec) for a in ev.actors) for spec in want)
    if key == "countries":
        return {a.country for a in ev.actors} == set(want)
    if key == "countries_include":
        return set(want) <= {a.country for a in ev.actors}
    return len(ev.actors) == want  # actor_count


def _span_check(ev: Event, key: str, want: Any) -> bool:
    trigger = ev.trigger.text if ev.trigger else ""
    if key == "trigger":
        return trigger in _any_of(want)
    if key == "trigger_contains":
        return any(w in trigger for w in _any_of(want))
    if key == "trigger_starts":
        return any(trigger.startswith(w) for w in _any_of(want))
    if key == "mentions":
        return want == trigger or want in {s.text for s in ev.evidence}
    if key == "evidence_count":
        return len(ev.evidence) == want
    if key == "evidence_min":
        return len(ev.evidence) >= want
    return set(want) <= {s.text for s in ev.evidence}  # evidence_include


def _passes(ev: Event, key: str, want: Any) -> bool:
    if key in {"participants", "participants_include", "source", "target", "actors", "actors_include",
               "actors_exclude", "actor_matches", "no_actor_matches", "actors_with", "countries",
               "countries_include", "actor_count"}:
        return _names_check(ev, key, want)
    if key in {"trigger", "trigger_contains", "trigger_starts", "mentions", "evidence_count", "evidence_min",
               "evidence_include"}:
        return _span_check(ev, key, want)
    if key in {"source_country", "target_country"}:
        return any(a.role == key.split("_")[0] and a.country == want for a in ev.actors)
    if key == "cameo_prefix":
        return ev.cameo is not None and ev.cameo.startswith(str(want))
    if key == "content_contains":
        return ev.content is not None and want in ev.content
    if key == "project":
        return ev.project is not None and ev.project.name == want
    if key in {"date", "published_at"}:
        got = getattr(ev, key)
        return got is None if want is None else got == dt.date.fromisoformat(str(want))
    location = ev.location.name if ev.location is not None else None
    if key == "location":
        return location == want
    if key == "location_contains":
        return location is not None and all(w in location for w in _any_of(want))
    if key == "location_excludes":
        return not any(w in (location or "") for w in _any_of(want))
    if key == "amount_currency":
        return ev.amount is not None and ev.amount.currency == want
    if key == "amount_value":
        return ev.amount is not None and ev.amount.value == pytest.approx(want)
    return getattr(ev, key) == want


def _check_group(of_kind: list[Event], checks: dict[str, Any]) -> None:
    """One group of checks on the events of one type (see the cases README)."""
    picked = [e for e in of_kind if all(_passes(e, k, v) for k, v in (checks.get("where") or {}).items())]
    seen = [(e.trigger.text if e.trigger else None, sorted(_names(e, None))) for e in picked]
    if "count" in checks:
        assert len(picked) == checks["count"], seen
    if "min_count" in checks:
        assert len(picked) >= checks["min_count"], seen
    if "triggers" in checks:
        assert {e.trigger.text for e in picked if e.trigger} == set(checks["triggers"]), seen
    if "statuses" in checks:
        assert sorted(e.status for e in picked) == sorted(checks["statuses"]), seen
    for k, v in (checks.get("each") or {}).items():
        assert all(_passes(e, k, v) for e in picked), (k, v, seen)
    rest = {k: v for k, v in checks.items() if k not in GROUP_CHECKS}
    if rest:
        assert any(all(_passes(e, k, v) for k, v in rest.items()) for e in picked), (rest, seen)


def _groups(checks: dict[str, Any] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    return checks if isinstance(checks, list) else [checks]


def _offsets_hold(text: str, ev: Event) -> bool:
    spans = [ev.trigger, *ev.evidence] if ev.trigger else list(ev.evidence)
    return all(text[s.start:s.end] == s.text for s in spans)


# `pytest tests/unit -k <stage>` runs that stage's rule tests on stored Docs, without the model;
# a case named with a stage's word would be selected too and load it.
STAGE_WORDS = ("line_breaks", "mentions", "coref", "triggers", "learned", "arguments", "projects", "events")


def test_case_file_is_well_formed() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert not [n for n in names if any(w in n.lower() for w in STAGE_WORDS)], "a case name holds a stage's name"
    for c in CASES:
        assert set(c) <= KNOWN and c.get("text"), c["name"]
        for checks in (c.get("expect") or {}).values():
            for group in _groups(checks):
                assert set(group) <= EVENT_CHECKS | GROUP_CHECKS, (c["name"], set(group) - EVENT_CHECKS - GROUP_CHECKS)
                for inner in ("each", "where"):
                    assert set(group.get(inner) or {}) <= EVENT_CHECKS, (c["name"], inner)


def _extract(extractor: Extractor, case: dict[str, Any]) -> list[Event]:
    """``published: null`` leaves the date to the article's own header line."""
    published = case.get("published", "2025-05-21")
    article = RawArticle(id="t-1", text=case["text"], published_at=None if published is None else str(published))
    return extractor.extract(article, now=NOW)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(extractor: Extractor, case: dict[str, Any]) -> None:
    events = _extract(extractor, case)
    assert all(_offsets_hold(case["text"], e) for e in events)
    found = [e for e in events if e.event_type != "project_mention"]
    if case.get("none"):
        assert found == []
    for kind in case.get("absent", []):
        assert [e for e in events if e.event_type == kind] == []
    for kind, checks in (case.get("expect") or {}).items():
        of_kind = [e for e in events if e.event_type == kind]
        for group in _groups(checks):
            _check_group(of_kind, group)


def test_missing_shared_eval_data_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        shared_eval("no-such-file.jsonl")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        shared_eval("no-such-file.jsonl")
