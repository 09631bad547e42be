"""Tests for eventx.services.tooling.evaluation on small hand-made gold / system rows."""

from __future__ import annotations

from typing import Any

from eventx.services.tooling.evaluation import evaluate, format_report, names_match

TEXT = ("Kenyan President Daniel Mwangi met Ugandan President Joseph Okello in Nairobi on Monday. "
        "Mwangi urged Uganda to reopen the border. Okello pledged new funding for the Lake Victoria Ferry project.")


def _span(needle: str) -> dict[str, Any]:
    i = TEXT.index(needle)
    return {"text": needle, "start": i, "end": i + len(needle)}


GOLD = [{
    "id": "g-1", "text": TEXT, "events": [
        {"type": "meeting", "triggers": ["met Ugandan President Joseph Okello"],
         "participants": [["Daniel Mwangi", "Mwangi"], ["Joseph Okello", "Okello"]],
         "date": "2024-03-04", "location": "Nairobi", "status": "occurred"},
        {"type": "request", "triggers": ["urged Uganda to reopen the border"], "source": ["Daniel Mwangi"],
         "target": ["Uganda", "UGA"]},
        {"type": "pledge", "triggers": ["Okello pledged new funding"], "source": ["Joseph Okello"], "target": None},
        {"type": "project_mention", "triggers": ["Lake Victoria Ferry project"], "name": ["Lake Victoria Ferry"]},
    ]}]


def _ev(kind: str, trigger: str | None, actors: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {"article_id": "g-1", "event_type": kind, "actors": actors or [], "evidence": []}
    if trigger:
        ev["trigger"] = _span(trigger)
    ev.update(kw)
    return ev


def test_perfect_system_scores_one() -> None:
    sys_events = [
        _ev("meeting", "met", [{"name": "President Daniel Mwangi", "role": "participant"},
                                {"name": "Okello", "role": "participant"}], date="2024-03-04",
            location={"name": "Nairobi"}),
        _ev("request", "urged", [{"name": "Mwangi", "role": "source"}]),
        _ev("pledge", "pledged", [{"name": "Joseph Okello", "role": "source", "country": "UGA"}]),
        _ev("project_mention", None, project={"name": "the Lake Victoria Ferry Project"}),
    ]
    rep = evaluate(GOLD, sys_events)
    assert rep["micro"]["strict"]["f1"] == 1.0
    assert rep["micro"]["detection"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert rep["meeting_date_acc"] == 1.0
    assert rep["meeting_location_acc"] == 1.0
    assert rep["errors"] == []


def test_wrong_arguments_count_for_detection_not_strict() -> None:
    sys_events = [
        _ev("meeting", "met", [{"name": "Daniel Mwangi", "role": "participant"}], date="2024-03-05"),
        _ev("request", "urged", [{"name": "Joseph Okello", "role": "source"}]),
    ]
    rep = evaluate(GOLD, sys_events)
    assert rep["types"]["meeting"]["detection"]["f1"] == 1.0
    assert rep["types"]["meeting"]["strict"]["f1"] == 0.0
    assert rep["types"]["request"]["strict"]["p"] == 0.0
    assert rep["meeting_date_acc"] == 0.0
    kinds = sorted((e["kind"], e["type"]) for e in rep["errors"])
    assert ("ARGS", "meeting") in kinds and ("ARGS", "request") in kinds
    assert ("MISS", "pledge") in kinds and ("MISS", "project_mention") in kinds


def test_status_and_target_accuracy() -> None:
    meeting = [{"name": "Mwangi", "role": "participant"}, {"name": "Okello", "role": "participant"}]
    right = [_ev("meeting", "met", meeting, status="occurred"),
             _ev("request", "urged", [{"name": "Mwangi", "role": "source"}, {"name": "Uganda", "role": "target", "country": "UGA"}])]
    wrong = [_ev("meeting", "met", meeting, status="planned"),
             _ev("request", "urged", [{"name": "Mwangi", "role": "source"}, {"name": "Kenya", "role": "target"}])]
    assert evaluate(GOLD, right)["meeting_status_acc"] == 1.0
    assert evaluate(GOLD, right)["target_acc"] == 1.0
    assert evaluate(GOLD, wrong)["meeting_status_acc"] == 0.0
    assert evaluate(GOLD, wrong)["target_acc"] == 0.0
    assert "target accuracy: 0.0" in format_report(evaluate(GOLD, wrong))
    # the pledge's gold target is empty: it is not scored, so the request alone decides
    assert evaluate(GOLD, [])["target_acc"] is None


def test_extra_events_and_confusion() -> None:
    # a "pledge" placed on the gold request's trigger: extra pledge, confused with request
    sys_events = [_ev("pledge", "urged", [{"name": "Mwangi", "role": "source"}])]
    rep = evaluate(GOLD, sys_events)
    assert rep["types"]["pledge"]["sys"] == 1
    assert rep["types"]["pledge"]["detection"]["p"] == 0.0
    assert rep["confusion"]["pledge"]["request"] == 1
    assert any(e["kind"] == "EXTRA" for e in rep["errors"])


def test_evidence_is_used_when_trigger_missing_and_one_to_one() -> None:
    ev = _ev("meeting", None, [{"name": "Mwangi", "role": "participant"}, {"name": "Okello", "role": "participant"}])
    ev["evidence"] = [_span("met Ugandan")]
    twin = dict(ev)
    rep = evaluate(GOLD, [ev, twin])
    assert rep["types"]["meeting"]["detection"]["r"] == 1.0
    assert rep["types"]["meeting"]["detection"]["p"] == 0.5  # the second copy is an extra


def test_too_many_participants_fail_strict() -> None:
    parts = [{"name": n, "role": "participant"} for n in ("Mwangi", "Okello", "A Person", "B Person")]
    rep = evaluate(GOLD, [_ev("meeting", "met", parts)])
    assert rep["types"]["meeting"]["strict"]["f1"] == 0.0


def test_names_match_rules() -> None:
    assert names_match(["Xi Jinping"], {"name": "President Xi"})
    assert names_match(["China", "CHN"], {"name": "Xi Jinping", "country": "chn"})
    assert not names_match(["Li Keqiang"], {"name": "Li Zhanshu"})
    assert not names_match(["President"], {"name": "President"})  # titles alone match nothing


def test_format_report_lists_table_and_errors() -> None:
    rep = evaluate(GOLD, [])
    out = format_report(rep, show_errors=True)
    assert "MICRO" in out and "detection P/R/F1" in out
    assert "g-1 MISS meeting" in out
    assert "MISS" not in format_report(rep, show_errors=False)


def test_figures_equal_the_reference_scorer_on_the_shared_dev_set(extractor, tmp_path):
    """`eventx eval` promises score.py's numbers; check on real output when the scorer is beside us."""
    import json
    import subprocess
    import sys

    from eventx.contracts.models import RawArticle

    from tests.extraction_helpers import shared_eval

    shared = shared_eval("score.py").parent
    rows = [json.loads(line) for line in (shared / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    events = [json.loads(e.model_dump_json()) for evs in extractor.extract_many([RawArticle.model_validate(r) for r in rows])
              for e in evs]
    out = tmp_path / "sys.jsonl"
    out.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    ref = json.loads(subprocess.run([sys.executable, str(shared / "score.py"), str(shared / "dev.jsonl"), str(out), "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    ours = evaluate(rows, events)
    assert ours["micro"] == ref["micro"]
    assert ours["types"] == ref["types"]
    assert ours["meeting_date_acc"] == ref["meeting_date_acc"]
    assert ours["meeting_location_acc"] == ref["meeting_location_acc"]
    assert ours["meeting_status_acc"] == ref["meeting_status_acc"]
    assert ours["target_acc"] == ref["target_acc"]
