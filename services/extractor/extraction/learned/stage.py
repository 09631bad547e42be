"""The learned stage: a sentence classifier that vetoes rule candidates and proposes missed meetings.

A bag-of-words classifier trained on gold sentences (``eventx train``) scores
sentences for meeting / request / pledge. It runs at the seam between
``eventx_triggers`` and ``eventx_arguments`` (``stages.LEARNED``), with
thresholds chosen by cross-validation and kept beside the weights
(``model/thresholds.json``):

* veto (precision): the rule events the candidates would make are previewed
  with the downstream stages' public functions; the candidates of an event
  whose every mention sits in sentences scored below its type's threshold are
  replaced in ``doc._.eventx_candidates`` by copies marked ``vetoed``, and the
  event stage drops the event they make. They are marked, not removed: the
  argument stage reads earlier candidates as context ("both sides" of a
  session are the countries of the meeting just told, "the same day"), and a
  vetoed sentence still tells it that. A type without a threshold is never
  vetoed; projects are not candidates;
* proposals (recall): a sentence with a meeting word but no rule meeting that
  scores at least the proposal threshold gets a meeting built from the actors
  the coreference stage resolved there (``proposals.py``), written to
  ``doc._.eventx_proposals`` for the event stage to emit as it is.

The veto is decided per previewed event, not per candidate, so a meeting told
in a weak caption and a strong lead keeps both mentions, as before the port.
Only the sentences these need are scored, in one batch per article, so the
cost is a preview of the argument stage plus a few tokenisations and dot
products, and nothing at all when no candidate or meeting word is open.
"""

from __future__ import annotations

import bisect
import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..events import EventDraft, draft_event, group_claims
from ..lexicon import Lexicon
from ..roles import resolve_candidates
from ..triggers import Candidate
from .proposals import propose_meeting

MODEL_DIR = Path(__file__).with_name("model")
THRESHOLDS_FILE = "thresholds.json"
GATED_TYPES = ("meeting", "request", "pledge")
Span = tuple[int, int]
_MARKED_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})


class Scorer(Protocol):
    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]: ...


class SentenceScorer:
    """The trained spaCy ``textcat_multilabel`` pipeline: sentence text -> {type: probability}."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        if not (path / "config.cfg").exists():
            raise FileNotFoundError(f"no trained sentence classifier in {path} (run `eventx train`)")
        self.nlp: Language = spacy.load(path)

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return [dict(doc.cats) for doc in self.nlp.pipe(texts, batch_size=64)]


def load_thresholds(path: Path = MODEL_DIR) -> tuple[dict[str, float], float | None]:
    """Per-type veto thresholds and the meeting proposal threshold, chosen by cross-validation.

    A missing file or type means no veto; a veto threshold of 0 vetoes nothing and is dropped
    (its sentences need no scoring); a missing proposal threshold means no proposals.
    """
    file = path / THRESHOLDS_FILE
    if not file.exists():
        return {}, None
    data = json.loads(file.read_text(encoding="utf-8"))
    veto = {t: float(v) for t, v in data.get("veto", {}).items() if t in GATED_TYPES and float(v) > 0}
    propose = data.get("propose")
    return veto, None if propose is None else float(propose)


def sentence_spans(doc: Doc) -> list[Span]:
    return [(s.start_char, s.end_char) for s in doc.sents]


def draft_spans(draft: EventDraft) -> list[Span]:
    """Where an event is stated: its trigger and every evidence span (character offsets)."""
    return [*draft.evidence, draft.trigger]


def sentences_of(spans: Iterable[Span], starts: Sequence[int]) -> set[int]:
    """Indices of the sentences (given by their sorted start offsets) where the spans begin."""
    return {max(0, bisect.bisect_right(starts, s) - 1) for s, _ in spans}


def keep(event_type: str, sent_ids: set[int], scores: dict[int, dict[str, float]],
         thresholds: dict[str, float]) -> bool:
    """Keep an event unless every sentence stating it scores below its type's threshold."""
    limit = thresholds.get(event_type)
    if limit is None or not sent_ids:
        return True
    return max(scores[k].get(event_type, 0.0) for k in sent_ids) >= limit


def preview(doc: Doc, cands: list[Candidate], lex: Lexicon) -> list[tuple[EventDraft, list[int]]]:
    """The rule events these candidates would make, each with the indices of its candidates.

    Runs the argument and event stages' public functions on copies of the candidates
    (the argument stage may flag a candidate), so the slot itself is left as it is.
    """
    copies = [copy.copy(c) for c in cands]
    index = {id(c): k for k, c in enumerate(copies)}
    actors = doc._.eventx_actors
    claims = resolve_candidates(doc, copies, actors, lex, doc._.eventx_published)
    out = []
    for g in group_claims(doc, claims, actors, lex):
        d = draft_event(doc, g, actors, lex)
        if d is not None:
            out.append((d, [index[id(m.cand)] for m in g.mentions]))
    return out


def meeting_sentences(doc: Doc, drafts: Sequence[EventDraft], lex: Lexicon, starts: Sequence[int]) -> list[int]:
    """Sentences with a meeting word but no rule meeting: where a proposal may be made."""
    taken: set[int] = set()
    for d in drafts:
        if d.event_type == "meeting":
            taken |= sentences_of(draft_spans(d), starts)
    words = set(lex.meeting["verbs"]) | set(lex.meeting["nouns"])
    # the words the trigger stage's matcher marks (exact lemma, verb or noun); "Summit" in a name is none
    found = {k for k, s in enumerate(doc.sents) if any(t.lemma_ in words and t.pos_ in _MARKED_POS for t in s)}
    return sorted(found - taken)


def proposals(doc: Doc, sent_ids: Sequence[int], lex: Lexicon) -> list[tuple[int, EventDraft]]:
    """Meeting proposals for the given sentences, from the actors the coreference stage resolved."""
    sents = list(doc.sents)
    out = []
    for k in sent_ids:
        d = propose_meeting(doc, sents, k, doc._.eventx_actors, lex, doc._.eventx_published)
        if d is not None:
            out.append((k, d))
    return out


def new_meetings(proposed: Sequence[EventDraft], drafts: Sequence[EventDraft]) -> list[EventDraft]:
    """Proposals that are not restatements: one sharing two participants with a meeting the
    rules found, or with an earlier proposal, is the same meeting again and is left out, as
    the rules' merging would."""
    seen = [frozenset(a.name for a in d.fields["actors"]) for d in drafts if d.event_type == "meeting"]
    out = []
    for d in proposed:
        names = frozenset(a.name for a in d.fields["actors"])
        if any(len(names & other) >= 2 for other in seen):
            continue
        seen.append(names)
        out.append(d)
    return out


@dataclass
class LearnedStage:
    """Reads ``eventx_candidates`` and ``eventx_actors``; rewrites ``doc._.eventx_candidates``
    (vetoed ones marked) and writes ``doc._.eventx_proposals`` (missed meetings)."""

    scorer: Scorer
    lex: Lexicon
    veto: dict[str, float]
    propose: float | None = None  # meeting score from which a proposal is made; None: never

    def __call__(self, doc: Doc) -> Doc:
        doc._.eventx_proposals = []
        cands: list[Candidate] = doc._.eventx_candidates or []
        if not self.veto and self.propose is None:
            return doc
        spans = sentence_spans(doc)
        starts = [s for s, _ in spans]
        drafts = preview(doc, cands, self.lex)
        where = [(d, idx, sentences_of(draft_spans(d), starts)) for d, idx in drafts if d.event_type in self.veto]
        open_ids = meeting_sentences(doc, [d for d, _ in drafts], self.lex, starts) if self.propose is not None else []
        wanted = sorted(set(open_ids).union(*(s for _, _, s in where)))
        if not wanted:
            return doc
        text = doc.text
        scores = dict(zip(wanted, self.scorer.scores([text[spans[k][0]:spans[k][1]] for k in wanted])))
        dropped = {i for d, idx, s in where if not keep(d.event_type, s, scores, self.veto) for i in idx}
        if dropped:
            doc._.eventx_candidates = [replace(c, vetoed=True) if k in dropped else c for k, c in enumerate(cands)]
        confident = [k for k in open_ids if scores[k].get("meeting", 0.0) >= (self.propose or 0.0)]
        found = proposals(doc, confident, self.lex)
        doc._.eventx_proposals = new_meetings([d for _k, d in found], [d for d, _ in drafts])
        return doc


def make_learned_stage(lex: Lexicon, model_dir: str = "", enabled: bool = True) -> LearnedStage:
    """The stage as the pipeline config describes it ("" = the packaged model; disabled: a no-op)."""
    if not enabled:
        return LearnedStage(_NoScorer(), lex, {}, None)
    path = Path(model_dir) if model_dir else MODEL_DIR
    veto, propose = load_thresholds(path)
    return LearnedStage(SentenceScorer(path), lex, veto, propose)


class _NoScorer:
    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        raise AssertionError("a disabled learned stage scores nothing")


def rule_drafts(doc: Doc) -> list[EventDraft]:
    """The events a rules-only pipeline made of ``doc`` (for training, which replays the stage)."""
    return [d for d in doc._.eventx_events or [] if d.event_type != "project_mention"]


__all__ = ["GATED_TYPES", "MODEL_DIR", "THRESHOLDS_FILE", "LearnedStage", "SentenceScorer",
           "draft_spans", "keep", "load_thresholds", "make_learned_stage", "meeting_sentences", "new_meetings",
           "preview", "proposals", "rule_drafts", "sentence_spans", "sentences_of"]
