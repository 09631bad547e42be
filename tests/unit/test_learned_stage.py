"""The learned stage: the packaged sentence classifier, the veto, and training on a tiny invented set.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventx.contracts.models import Actor
from eventx.services.extractor.extraction import Extractor
from eventx.services.extractor.extraction.events import EventDraft
from eventx.services.extractor.extraction.learned.proposals import propose_meeting
from eventx.services.extractor.extraction.learned.stage import (GATED_TYPES, LearnedStage, SentenceScorer, SentenceScores,
                                                          keep, load_thresholds, new_meetings, sentences_of)
from eventx.services.extractor.extraction.lexicon import load_lexicon
from eventx.services.extractor.extraction.stages import ARGUMENTS, LEARNED, TRIGGERS
from eventx.services.tooling.train import Article, fold_of, sentence_labels, train_classifier
from tests.extraction_helpers import extract_text, of_type
from tests.factories import MEETING_TEXT


@pytest.fixture(scope="module")
def scorer() -> SentenceScorer:
    return SentenceScorer()


def test_packaged_classifier_scores_a_meeting_sentence_high(scorer: SentenceScorer) -> None:
    meeting, = scorer.scores(["Kenyan President Daniel Mwangi met Ugandan President Joseph Okello in Kampala on Monday."])
    assert meeting["meeting"] > 0.5
    assert meeting["meeting"] > meeting["pledge"]


def test_packaged_classifier_scores_weather_low(scorer: SentenceScorer) -> None:
    weather, = scorer.scores(["Heavy rain and strong winds are expected along the coast on Friday, forecasters said."])
    assert all(weather[t] < 0.2 for t in GATED_TYPES)


def test_packaged_classifier_tells_a_request_from_a_pledge(scorer: SentenceScorer) -> None:
    req, pledge = scorer.scores(["The foreign minister urged Norway to lift its sanctions on fishing vessels.",
                                 "The government pledged 40 million dollars to rebuild the flooded schools."])
    assert req["request"] > req["pledge"]
    assert pledge["pledge"] > pledge["request"]


def test_packaged_thresholds_are_probabilities() -> None:
    veto, propose = load_thresholds()
    assert set(veto) <= set(GATED_TYPES)
    assert all(0.0 < v < 1.0 for v in veto.values())
    assert propose is None or 0.0 < propose < 1.0


def test_keep_vetoes_only_when_every_sentence_scores_low() -> None:
    scores = {0: {"meeting": 0.1}, 1: {"meeting": 0.7}}
    assert keep("meeting", {0, 1}, scores, {"meeting": 0.5})
    assert not keep("meeting", {0}, scores, {"meeting": 0.5})
    assert keep("meeting", {0}, scores, {})  # no threshold for the type: never vetoed


def test_sentences_of_maps_offsets_to_sentence_starts() -> None:
    starts = [0, 40, 90]
    assert sentences_of([(45, 50)], starts) == {1}
    assert sentences_of([(0, 3), (95, 99)], starts) == {0, 2}


class _FixedScorer:
    def __init__(self, value: float) -> None:
        self.value = value
        self.seen: list[str] = []

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        self.seen += texts
        return [{t: self.value for t in GATED_TYPES} for _ in texts]


@contextlib.contextmanager
def _stage(ex: Extractor, value: float, veto: dict[str, float], propose: float | None = None) -> Iterator[LearnedStage]:
    """The shipped extractor's learned stage with a fixed scorer and thresholds, restored afterwards."""
    stage = ex.nlp.get_pipe(LEARNED)
    saved = stage.scorer, stage.veto, stage.propose
    stage.scorer, stage.veto, stage.propose = _FixedScorer(value), veto, propose
    try:
        yield stage
    finally:
        stage.scorer, stage.veto, stage.propose = saved


def test_the_stage_sits_at_the_seam_configured_from_the_pipeline_config(shipped_extractor, extractor) -> None:
    names = shipped_extractor.nlp.pipe_names
    assert names.index(TRIGGERS) + 1 == names.index(LEARNED) == names.index(ARGUMENTS) - 1
    assert shipped_extractor.nlp.get_pipe_config(LEARNED)["enabled"] is True
    assert extractor.nlp.get_pipe_config(LEARNED)["enabled"] is False  # rule tests see the rules alone
    assert shipped_extractor.nlp.get_pipe(LEARNED).veto == load_thresholds()[0]
    assert extractor.nlp.get_pipe(LEARNED).veto == {} and extractor.nlp.get_pipe(LEARNED).propose is None


def test_stage_vetoes_low_scored_meetings_by_their_candidates_and_leaves_the_project_type_alone(shipped_extractor) -> None:
    with _stage(shipped_extractor, 0.1, {"meeting": 0.5}) as low:
        events = extract_text(shipped_extractor, MEETING_TEXT, "2024-12-04")
        assert low.scorer.seen and low.scorer.seen[0].startswith("Chinese President Xi")  # the trigger's sentence was scored
    assert not of_type(events, "meeting") and of_type(events, "project_mention")
    with _stage(shipped_extractor, 0.9, {"meeting": 0.5}):
        assert of_type(extract_text(shipped_extractor, MEETING_TEXT, "2024-12-04"), "meeting")


def test_scores_go_to_the_slot_and_the_event_stage_drops_the_vetoed_event(shipped_extractor) -> None:
    with _stage(shipped_extractor, 0.1, {"meeting": 0.5}):
        doc = shipped_extractor.nlp(MEETING_TEXT)
    scored = doc._.eventx_scores
    assert isinstance(scored, SentenceScores) and scored.veto == {"meeting": 0.5}
    assert scored.scores and all(s["meeting"] == 0.1 for s in scored.scores.values())
    assert not any(c.vetoed for c in doc._.eventx_candidates)  # the candidates are left as the rules made them
    assert [c for c in doc._.eventx_claims if c.cand.type == "meeting"]  # context for later candidates
    assert not [d for d in doc._.eventx_events if d.event_type == "meeting"]


def test_a_switched_off_stage_leaves_empty_scores(extractor) -> None:
    doc = extractor.nlp(MEETING_TEXT)
    assert doc._.eventx_scores.scores == {} and doc._.eventx_scores.veto == {}
    assert [d for d in doc._.eventx_events if d.event_type == "meeting"]


MISSED = ("Kenyan President Daniel Mwangi and Ugandan President Joseph Okello spent an hour in conversation "
          "in Kampala on Monday.\nThe weather was fine.")  # a frame the rules do not know


def test_proposal_takes_the_meeting_word_and_the_sentence_actors(extractor) -> None:
    doc = extractor.nlp(MISSED)
    sents, lex = list(doc.sents), load_lexicon()
    d = propose_meeting(doc, sents, 0, doc._.eventx_actors, lex, None)
    assert d is not None and MISSED[d.trigger[0]:d.trigger[1]] == "conversation"
    assert {a.name for a in d.fields["actors"]} == {"Daniel Mwangi", "Joseph Okello"}
    assert d.fields["status"] == "occurred" and d.fields["location"].name == "Kampala"
    assert propose_meeting(doc, sents, 1, doc._.eventx_actors, lex, None) is None  # the weather sentence


def test_stage_proposes_only_above_its_threshold(shipped_extractor) -> None:
    with _stage(shipped_extractor, 0.9, {}, propose=0.5):
        found = extract_text(shipped_extractor, MISSED, "2024-03-06")
    assert [(e.event_type, e.trigger.text, e.confidence) for e in found] == [("meeting", "conversation", 0.35)]
    with _stage(shipped_extractor, 0.3, {}, propose=0.5):
        assert extract_text(shipped_extractor, MISSED, "2024-03-06") == []
    with _stage(shipped_extractor, 0.9, {}, propose=None):
        assert extract_text(shipped_extractor, MISSED, "2024-03-06") == []


def _meeting(*names: str) -> EventDraft:
    actors = [Actor(name=n, role="participant", kind="person") for n in names]
    return EventDraft("meeting", "0:3", (0, 3), [(0, 3)], {"actors": actors})


def test_restated_proposals_are_left_out() -> None:
    found = _meeting("Xi Jinping", "William Ruto")  # found by the rules
    again = _meeting("Xi Jinping", "William Ruto")
    other = _meeting("Ana Ruiz", "William Ruto")
    twice = _meeting("Ana Ruiz", "William Ruto")
    assert new_meetings([again, other, twice], [found]) == [other]


def test_the_saved_pipeline_keeps_the_learned_stage(shipped_extractor, tmp_path: Path) -> None:
    shipped_extractor.nlp.to_disk(tmp_path / "nlp")
    reloaded = Extractor(str(tmp_path / "nlp"))
    assert reloaded.nlp.get_pipe_config(LEARNED) == shipped_extractor.nlp.get_pipe_config(LEARNED)
    stage = reloaded.nlp.get_pipe(LEARNED)
    assert (stage.veto, stage.propose) == load_thresholds()
    text = MEETING_TEXT + "\n" + MISSED
    before = extract_text(shipped_extractor, text, "2024-12-04")
    after = extract_text(reloaded, text, "2024-12-04")
    assert before and [e.model_dump() for e in after] == [e.model_dump() for e in before]


def test_sentence_labels_follow_gold_trigger_overlap() -> None:
    text = "Ana Ruiz met Li Wei in Lima. It rained. Ruiz asked Li to visit Peru."
    row = {"text": text, "events": [{"type": "meeting", "triggers": ["met Li Wei"]},
                                    {"type": "request", "triggers": ["asked Li to visit"]}]}
    spans = [(0, 27), (28, 39), (40, len(text))]
    assert sentence_labels(row, spans) == [{"meeting"}, set(), {"request"}]


def test_folds_are_fixed_by_id() -> None:
    assert fold_of("art-1", 5) == fold_of("art-1", 5)
    assert len({fold_of(f"art-{k}", 5) for k in range(50)}) == 5


def test_training_runs_on_a_tiny_invented_set(tmp_path: Path) -> None:
    sentences = [("The premier met the visiting envoy in the capital.", {"meeting"}),
                 ("The two foreign ministers held talks on trade.", {"meeting"}),
                 ("The mayor asked the ministry to repair the bridge.", {"request"}),
                 ("The bank pledged new loans for the port.", {"pledge"}),
                 ("Rain fell on the valley all week.", set()),
                 ("The museum opens at nine.", set())] * 3
    art = Article(row={"id": "tiny", "text": ""}, texts=[s for s, _ in sentences], labels=[lab for _, lab in sentences])
    model = train_classifier([art], tmp_path / "tiny")
    meeting, weather = SentenceScorer(model).scores(["The premier met the envoy.", "Rain fell all week."])
    assert meeting["meeting"] > weather["meeting"]
    assert json.loads((model / "meta.json").read_text())["pipeline"] == ["textcat_multilabel"]


TINY = [
    ("t-1", "Peruvian President Ana Ruiz met Chilean President Jorge Soto in Lima on Monday. The talks lasted an hour.",
     [{"type": "meeting", "triggers": ["met Chilean President Jorge Soto"], "participants": [["Ana Ruiz"], ["Jorge Soto"]]}]),
    ("t-2", "Finance Minister Li Wei asked Japan to ease its export rules. Markets were calm.",
     [{"type": "request", "triggers": ["asked Japan to ease"], "source": ["Li Wei"], "target": ["Japan"]}]),
    ("t-3", "Norway pledged 20 million dollars for flood relief in Malawi. Rain continued all week.",
     [{"type": "pledge", "triggers": ["pledged 20 million dollars"], "source": ["Norway"], "target": ["Malawi"]}]),
    ("t-4", "The museum reopened on Sunday after repairs. Visitors queued outside.", []),
    ("t-5", "Kenyan Foreign Minister Amina Odhiambo held talks with Ghana's Foreign Minister Kofi Mensah in Nairobi.",
     [{"type": "meeting", "triggers": ["held talks"], "participants": [["Amina Odhiambo"], ["Kofi Mensah"]]}]),
    ("t-6", "The mayor urged the ministry to repair the bridge. Traffic was light.",
     [{"type": "request", "triggers": ["urged the ministry to repair"], "source": ["mayor"]}]),
]


def test_eventx_train_runs_end_to_end_on_invented_files(tmp_path: Path) -> None:
    from eventx.services.tooling.train import run

    def write(name: str, items: list) -> None:  # type: ignore[type-arg]
        rows = [{"id": i, "text": t, "published_at": "2024-03-04", "events": ev} for i, t, ev in items]
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    write("train.jsonl", TINY[:5])
    write("dev.jsonl", TINY[5:])
    (tmp_path / "untouched.txt").write_text("# kept apart\nt-4\n", encoding="utf-8")
    card = run(str(tmp_path), [], str(tmp_path / "untouched.txt"), 2, tmp_path / "model")
    assert card["articles"] == 5 and card["untouched_articles"] == 1  # t-4 was never trained on
    assert set(card["cv_all"]) == {"rules", "rules+learned"}
    assert json.loads((tmp_path / "model" / "thresholds.json").read_text())["folds"] == 2
    assert (tmp_path / "model" / "vocab" / "strings.json").read_text() == "[]"  # no words of the articles shipped
    assert len(SentenceScorer(tmp_path / "model").scores(["The two presidents met."])) == 1


def test_a_pipeline_saved_before_the_stage_gets_it_at_the_seam(tmp_path: Path) -> None:
    old = Extractor(learned=False).nlp
    old.remove_pipe(LEARNED)
    old.to_disk(tmp_path / "old")
    names = Extractor(str(tmp_path / "old")).nlp.pipe_names
    assert names.index(LEARNED) == names.index(TRIGGERS) + 1


def _proposal(extractor, text: str):  # type: ignore[no-untyped-def]
    doc = extractor.nlp(text)
    return propose_meeting(doc, list(doc.sents), 0, doc._.eventx_actors, load_lexicon(), None)


def test_proposal_needs_a_named_person(extractor) -> None:
    # countries alone in a meeting-word sentence are more often relations than a meeting
    assert _proposal(extractor, "Norway and Chile spent the week in conversation about fisheries.") is None


def test_proposal_leaves_out_the_venue_and_a_country_beside_its_own_leader(extractor) -> None:
    d = _proposal(extractor, "Kenyan President Daniel Mwangi and Ugandan President Joseph Okello spent an hour in "
                             "conversation at the Blue Lake Palace, Kenya said.")
    assert d is not None
    assert {a.name for a in d.fields["actors"]} == {"Daniel Mwangi", "Joseph Okello"}


def test_proposal_takes_a_body_and_its_acronym_once(extractor) -> None:
    d = _proposal(extractor, "Defence Minister Taro Sato spent an hour in conversation with officers of the "
                             "Indian Air Force at the base, the IAF said.")
    assert d is not None
    assert [a.name for a in d.fields["actors"]] == ["Taro Sato", "Indian Air Force"]
