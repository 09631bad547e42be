"""Sentence -> expected events, one case per entry of ``tests/data/extraction_cases.yaml``.

The cases are data so that adding a rule or a trigger word means adding a case
there, not a test function; the file's header documents the fields.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.models import Event
from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, shared_eval

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "extraction_cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
KNOWN = {"name", "text", "published", "none", "absent", "expect"}
CHECKS = {"count", "participants", "participants_include", "source", "target", "source_country", "target_country", "cameo", "cameo_prefix",
          "plover", "status", "date", "location", "amount_currency", "amount_value", "content_contains", "evidence_count",
          "project"}


def _names(ev: Event, role: str) -> set[str]:
    return {a.name for a in ev.actors if a.role == role}


def _passes(ev: Event, key: str, want: Any) -> bool:
    if key == "participants_include":
        return set(want) <= _names(ev, "participant")
    if key in {"participants", "source", "target"}:
        return _names(ev, "participant" if key == "participants" else key) == set(want)
    if key in {"source_country", "target_country"}:
        return any(a.role == key.split("_")[0] and a.country == want for a in ev.actors)
    if key == "cameo_prefix":
        return ev.cameo is not None and ev.cameo.startswith(str(want))
    if key == "content_contains":
        return ev.content is not None and want in ev.content
    if key == "project":
        return ev.project is not None and ev.project.name == want
    if key == "evidence_count":
        return len(ev.evidence) == want
    if key == "date":
        return ev.date == dt.date.fromisoformat(str(want))
    if key == "location":
        return ev.location is not None and ev.location.name == want
    if key == "amount_currency":
        return ev.amount is not None and ev.amount.currency == want
    if key == "amount_value":
        return ev.amount is not None and ev.amount.value == pytest.approx(want)
    return getattr(ev, key) == want


def test_case_file_is_well_formed() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for c in CASES:
        assert set(c) <= KNOWN and c.get("text"), c["name"]
        for checks in (c.get("expect") or {}).values():
            assert set(checks) <= CHECKS, c["name"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(extractor: Extractor, case: dict[str, Any]) -> None:
    events = extract_text(extractor, case["text"], str(case.get("published", "2025-05-21")))
    found = [e for e in events if e.event_type != "project_mention"]
    if case.get("none"):
        assert found == []
    for kind in case.get("absent", []):
        assert [e for e in events if e.event_type == kind] == []
    for kind, checks in (case.get("expect") or {}).items():
        of_kind = [e for e in events if e.event_type == kind]
        if "count" in checks:
            assert len(of_kind) == checks["count"], [e.trigger.text for e in of_kind]
        rest = {k: v for k, v in checks.items() if k != "count"}
        assert any(all(_passes(e, k, v) for k, v in rest.items()) for e in of_kind), \
            [(e.trigger.text, e.actors) for e in of_kind]


def test_missing_shared_eval_data_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        shared_eval("no-such-file.jsonl")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        shared_eval("no-such-file.jsonl")
