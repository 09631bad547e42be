"""Accuracy floors: a change that makes extraction worse fails here, not in production.

The sets in ``tests/data/`` were written for this project by people who did
not look at the extraction code (see the README there). The shared development
set lives outside the repository (``../shared/eval``) and is only read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventx.contracts.models import RawArticle
from eventx.services.tooling.evaluation import evaluate
from tests.extraction_helpers import shared_eval

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _score(path: Path, extractor) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [RawArticle.model_validate(r) for r in rows]
    events = [json.loads(e.model_dump_json()) for evs in extractor.extract_many(articles) for e in evs]
    report = evaluate(rows, events)
    report["_events"] = events
    report["_rows"] = rows
    return report


# Floors sit a little under today's figures: they catch regressions, not noise
# (extraction is deterministic). Raise them when accuracy rises.
TUNED = {"heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl", "heldout5.jsonl", "heldout6.jsonl"}  # heldout4 stays an untouched estimate
FLOORS = {"heldout.jsonl": 0.95, "heldout2.jsonl": 0.93, "heldout3.jsonl": 0.93, "heldout4.jsonl": 0.77, "heldout5.jsonl": 0.95, "heldout6.jsonl": 0.84}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_project_sets_stay_above_their_floor(shipped_extractor, name):
    report = _score(DATA / name, shipped_extractor)
    assert report["micro"]["strict"]["f1"] >= FLOORS[name]
    assert report["micro"]["detection"]["f1"] >= FLOORS[name]
    if name in TUNED:
        empty = {r["id"] for r in report["_rows"] if not r["events"]}
        assert [e["event_type"] for e in report["_events"] if e["article_id"] in empty] == []


def test_dev_set_meets_the_bar(shipped_extractor):
    report = _score(shared_eval("dev.jsonl"), shipped_extractor)
    assert report["micro"]["strict"]["f1"] >= 0.80
    assert report["micro"]["detection"]["f1"] >= 0.85
    for kind, figures in report["types"].items():
        assert figures["strict"]["f1"] >= 0.70, kind
    assert report["meeting_date_acc"] >= 0.90
    empty = {r["id"] for r in report["_rows"] if not r["events"]}
    assert not [e for e in report["_events"] if e["article_id"] in empty]


def test_seed_article_is_exact(shipped_extractor):
    report = _score(shared_eval("seed.jsonl"), shipped_extractor)
    assert report["micro"]["strict"]["f1"] == 1.0

