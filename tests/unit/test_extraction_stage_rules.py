"""Each extraction stage on its own, on fixed ``Doc`` objects: no model is loaded here.

The Docs are sentences written for these tests, parsed once by the model and
stored with their words, heads, dependencies, tags, lemmas and entities in
``tests/data/stage_docs/stage_docs.json`` (regenerate with the script beside
it). A stage is run with the slots of the stages before it filled by those
stages, so a failure names the stage that broke: ``pytest tests/unit -k
mentions_stage`` (or ``coref_stage``, ``triggers_stage``, ``arguments_stage``,
``events_stage``, ``projects_stage``, ``line_breaks_stage``).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventx.services.extractor.extraction.lexicon import Lexicon, load_lexicon
from eventx.services.extractor.extraction.stages import Arguments, Coref, Events, LineBreaks, Mentions, Projects, Triggers

DOCS = Path(__file__).resolve().parents[1] / "data" / "stage_docs" / "stage_docs.json"
PUBLISHED = dt.date(2024, 3, 6)  # a Wednesday


@lru_cache(maxsize=1)
def _blank() -> Language:
    return spacy.blank("en")


@lru_cache(maxsize=1)
def _stored() -> dict[str, dict]:
    return json.loads(DOCS.read_text(encoding="utf-8"))


def fixed_doc(key: str) -> Doc:
    """A stored parse as a ``Doc`` on a blank English vocab."""
    d = _stored()[key]
    return Doc(_blank().vocab, words=d["words"], spaces=d["spaces"], heads=d["heads"], deps=d["deps"],
               pos=d["pos"], tags=d["tags"], lemmas=d["lemmas"], ents=d["ents"], sent_starts=d["sent_starts"])


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def run_until(stage: str, key: str, lex: Lexicon) -> Doc:
    """The fixed doc after every stage up to and including ``stage``."""
    doc = fixed_doc(key)
    doc._.eventx_published = PUBLISHED
    chain = [("mentions", Mentions(lex)), ("coref", Coref(lex)), ("triggers", Triggers(_blank(), lex)),
             ("arguments", Arguments(lex)), ("projects", Projects(_blank(), lex)), ("events", Events(lex))]
    for name, component in chain:
        doc = component(doc)
        if name == stage:
            return doc
    raise ValueError(stage)


def test_stored_docs_are_the_sentences_written_for_them() -> None:
    for key, d in _stored().items():
        assert fixed_doc(key).text == d["text"], key


# ---------------------------------------------------------------- line breaks
def test_line_breaks_stage_starts_a_sentence_after_a_headline(lex: Lexicon) -> None:
    doc = _blank().make_doc("Peru to fund new port\nPeruvian minister Ana Ruiz said on Monday.")
    doc = LineBreaks(lex)(doc)
    peruvian = next(t for t in doc if t.text == "Peruvian")
    assert peruvian.is_sent_start and not doc[1].is_sent_start


def test_line_breaks_stage_keeps_an_honorific_with_its_name(lex: Lexicon) -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("Eng.", [{"ORTH": "Eng."}])
    doc = LineBreaks(lex)(nlp.make_doc("Minister of Energy Eng. Abdulrahman Saleh spoke."))
    assert doc[4].text == "Abdulrahman" and doc[4].is_sent_start is False


# ---------------------------------------------------------------- mentions
def test_mentions_stage_reads_titles_and_nationalities(lex: Lexicon) -> None:
    doc = run_until("mentions", "meeting", lex)
    persons = {m.name: m for m in doc._.eventx_mentions if m.kind == "person"}
    assert set(persons) == {"Xi Jinping", "William Ruto"}
    assert (persons["Xi Jinping"].title, persons["Xi Jinping"].country) == ("President", "CHN")
    assert (persons["William Ruto"].title, persons["William Ruto"].country) == ("President", "KEN")
    assert doc[persons["Xi Jinping"].start].text == "Chinese"  # the mention covers its title


def test_mentions_stage_finds_countries(lex: Lexicon) -> None:
    doc = run_until("mentions", "request_pledge", lex)
    countries = [m.country for m in doc._.eventx_mentions if m.kind == "country"]
    assert countries == ["KEN", "CHN", "JPN", "UGA"]


# ---------------------------------------------------------------- coref
def test_coref_stage_joins_a_short_name_to_the_full_name(lex: Lexicon) -> None:
    doc = run_until("coref", "short_name", lex)
    actors = doc._.eventx_actors
    anan = next(t for t in doc if t.text == "Anan")
    eid, how = actors.resolve(anan)
    assert how == "name" and actors.entity(eid).canonical == "Anan Wongsakul"
    assert actors.entity(eid).title == "Prime Minister"


def test_coref_stage_resolves_a_pronoun_to_the_last_subject(lex: Lexicon) -> None:
    doc = run_until("coref", "pronoun", lex)
    she = next(t for t in doc if t.text == "She")
    eid, how = doc._.eventx_actors.resolve(she)
    assert how == "pronoun" and doc._.eventx_actors.entity(eid).canonical == "Ana Ruiz"


# ---------------------------------------------------------------- triggers
def test_triggers_stage_types_and_argument_tokens(lex: Lexicon) -> None:
    doc = run_until("triggers", "request_pledge", lex)
    by_type = {c.type: c for c in doc._.eventx_candidates}
    assert set(by_type) == {"request", "pledge"}
    req = by_type["request"]
    assert doc[req.anchor].text == "asked" and [doc[i].text for i in req.subj] == ["Kenya"]
    assert [doc[i].text for i in req.objs] == ["China"]
    pledge = by_type["pledge"]
    assert doc[pledge.anchor].text == "pledged" and [doc[i].text for i in pledge.subj] == ["Japan"]


def test_triggers_stage_meeting_verb_with_counterpart(lex: Lexicon) -> None:
    doc = run_until("triggers", "meeting", lex)
    [cand] = doc._.eventx_candidates
    assert cand.type == "meeting" and cand.lemma == "meet" and not cand.nominal
    assert [doc[i].text for i in cand.subj + cand.objs] == ["Jinping", "Ruto"]


# ---------------------------------------------------------------- arguments
def test_arguments_stage_drops_a_negated_pledge(lex: Lexicon) -> None:
    doc = run_until("arguments", "negated", lex)
    assert [c.type for c in doc._.eventx_candidates] == ["pledge"]
    assert doc._.eventx_claims == []


def test_arguments_stage_resolves_date_place_and_participants(lex: Lexicon) -> None:
    doc = run_until("arguments", "meeting", lex)
    [claim] = doc._.eventx_claims
    actors = doc._.eventx_actors
    assert {actors.entity(e).canonical for e in claim.participants} == {"Xi Jinping", "William Ruto"}
    assert claim.date == dt.date(2024, 3, 4)  # the Monday before the publication date
    assert claim.location == ("Beijing", "CHN")


def test_arguments_stage_source_target_and_amount(lex: Lexicon) -> None:
    doc = run_until("arguments", "request_pledge", lex)
    actors = doc._.eventx_actors
    claims = {c.cand.type: c for c in doc._.eventx_claims}
    assert actors.entity(claims["request"].source).country == "KEN"
    assert actors.entity(claims["request"].target).country == "CHN"
    assert actors.entity(claims["pledge"].source).country == "JPN"
    assert claims["pledge"].amount is not None and claims["pledge"].amount.value == 50_000_000


# ---------------------------------------------------------------- projects
def test_projects_stage_finds_a_named_project(lex: Lexicon) -> None:
    doc = run_until("projects", "project", lex)
    assert [p.name for p in doc._.eventx_projects] == ["Northern Lakes Corridor Project"]


# ---------------------------------------------------------------- events
def test_events_stage_merges_a_restated_meeting(lex: Lexicon) -> None:
    doc = run_until("events", "restated", lex)
    meetings = [d for d in doc._.eventx_events if d.event_type == "meeting"]
    assert len(meetings) == 1
    assert len(meetings[0].evidence) == 2
    assert {a.name for a in meetings[0].fields["actors"]} == {"Kofi Mensah", "Yao Agbeko"}
    assert meetings[0].fields["cameo"] == "040"


def test_events_stage_codes_and_scores_a_pledge(lex: Lexicon) -> None:
    doc = run_until("events", "request_pledge", lex)
    pledge = next(d for d in doc._.eventx_events if d.event_type == "pledge")
    assert pledge.fields["plover"] == "AGREE" and pledge.fields["cameo"].startswith("03")
    assert 0.05 <= pledge.fields["confidence"] <= 0.95
    assert doc.text[pledge.trigger[0]:pledge.trigger[1]] == "pledged"
