"""The learned stage: a sentence classifier that vetoes rule events and proposes missed meetings.

A bag-of-words classifier trained on gold sentences (``eventx train``) scores
sentences for meeting / request / pledge. It runs at the seam between
``eventx_triggers`` and ``eventx_arguments`` (``stages.LEARNED``), with
thresholds chosen by cross-validation and kept beside the weights
(``model/thresholds.json``). It scores, in one batch per article, every
sentence where a candidate of a gated type starts or a meeting word of the
lexicon stands, and writes the scores with the thresholds to
``doc._.eventx_scores`` (a ``SentenceScores``); the event stage, which builds
the rule events anyway, applies them (``SentenceScores.judge``):

* veto (precision): a rule event of a gated type whose every mention sits in
  sentences scored below its type's threshold is dropped, with any other
  group made only of its candidates (a split meeting's parts share them). A
  type without a threshold is never vetoed; projects are not candidates. The
  candidates themselves stay as they are: the argument stage reads earlier
  candidates as context ("both sides" of a session are the countries of the
  meeting just told, "the same day"), so the events kept are exactly the
  rules' own;
* proposals (recall): a sentence with a meeting word but no rule meeting that
  scores at least the proposal threshold gets a meeting built from the actors
  the coreference stage resolved there (``proposals.py``), unless it restates
  a rule meeting or an earlier proposal.

Why scores and not decisions: deciding here meant previewing the argument
and event stages on copies of the candidates (about 5% of the extraction
time); the event stage has those events in hand. The veto is decided per
event, not per candidate, so a meeting told in a weak caption and a strong
lead keeps both mentions.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .._doccache import doc_text, sentences
from ..events import EventDraft
from ..lexicon import Lexicon
from ..merge import Group
from ..triggers import Candidate
from .proposals import marked_verbs, propose_meeting

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
    return [(s.start_char, s.end_char) for s in sentences(doc)]


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


def meeting_word_sentences(doc: Doc, lex: Lexicon) -> set[int]:
    """Sentences with a meeting word: the words the trigger stage's matcher marks (exact lemma,
    verb or noun); "Summit" in a name is none."""
    words = marked_verbs(lex) | set(lex.meeting["nouns"])
    return {k for k, s in enumerate(sentences(doc)) if any(t.lemma_ in words and t.pos_ in _MARKED_POS for t in s)}


def open_sentences(found: Iterable[int], drafts: Sequence[EventDraft], starts: Sequence[int]) -> list[int]:
    """Of the meeting-word sentences ``found``, those without a rule meeting."""
    taken: set[int] = set()
    for d in drafts:
        if d.event_type == "meeting":
            taken |= sentences_of(draft_spans(d), starts)
    return sorted(set(found) - taken)


def meeting_sentences(doc: Doc, drafts: Sequence[EventDraft], lex: Lexicon, starts: Sequence[int]) -> list[int]:
    """Sentences with a meeting word but no rule meeting: where a proposal may be made."""
    return open_sentences(meeting_word_sentences(doc, lex), drafts, starts)


def proposals(doc: Doc, sent_ids: Sequence[int], lex: Lexicon) -> list[tuple[int, EventDraft]]:
    """Meeting proposals for the given sentences, from the actors the coreference stage resolved."""
    sents = sentences(doc)
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
class SentenceScores:
    """What the learned stage leaves in ``doc._.eventx_scores`` for the event stage: scores of the
    sentences that may matter (by index into the Doc's sentences), the thresholds, and the
    sentences with a meeting word (where a proposal may be made)."""

    scores: dict[int, dict[str, float]]
    starts: list[int]  # start offsets of the Doc's sentences
    veto: dict[str, float]
    propose: float | None = None
    meeting_word_sentences: set[int] = field(default_factory=set)
    scorer: Scorer | None = None  # for a sentence not scored in advance (none expected)

    def judge(self, doc: Doc, made: Sequence[tuple[Group, EventDraft]],
              lex: Lexicon) -> tuple[list[tuple[Group, EventDraft]], list[EventDraft]]:
        """The rule events that survive the veto (``made``: every group with the draft it makes),
        and the proposals for meetings the rules missed. A group goes when each of its
        candidates is vetoed, here or by an earlier component."""
        drafts = [d for _g, d in made]
        gated = [(g, d, sentences_of(draft_spans(d), self.starts)) for g, d in made if d.event_type in self.veto]
        self._score(doc, set().union(*(ids for _g, _d, ids in gated)))
        dropped = {id(m.cand) for g, d, ids in gated if not keep(d.event_type, ids, self.scores, self.veto)
                   for m in g.mentions}
        kept = [(g, d) for g, d in made if not all(m.cand.vetoed or id(m.cand) in dropped for m in g.mentions)]
        if self.propose is None:
            return kept, []
        open_ids = open_sentences(self.meeting_word_sentences, drafts, self.starts)
        self._score(doc, set(open_ids))
        confident = [k for k in open_ids if self.scores[k].get("meeting", 0.0) >= self.propose]
        found = proposals(doc, confident, lex)
        return kept, new_meetings([d for _k, d in found], drafts)

    def _score(self, doc: Doc, ids: set[int]) -> None:
        missing = sorted(k for k in ids if k not in self.scores)
        if missing and self.scorer is not None:
            spans = sentence_spans(doc)
            text = doc_text(doc)
            self.scores.update(zip(missing, self.scorer.scores([text[spans[k][0]:spans[k][1]] for k in missing])))


@dataclass
class LearnedStage:
    """Reads ``eventx_candidates``; writes ``doc._.eventx_scores`` (a ``SentenceScores``; an empty
    one when the stage is off)."""

    scorer: Scorer
    lex: Lexicon
    veto: dict[str, float]
    propose: float | None = None  # meeting score from which a proposal is made; None: never

    def __call__(self, doc: Doc) -> Doc:
        if not self.veto and self.propose is None:
            doc._.eventx_scores = SentenceScores({}, [], {}, None)  # vetoes nothing, proposes nothing
            return doc
        cands: list[Candidate] = doc._.eventx_candidates or []
        spans = sentence_spans(doc)
        starts = [s for s, _ in spans]
        # a rule event is stated where its candidates' spans start
        gated = sentences_of(((doc[c.span[0]].idx, 0) for c in cands if c.type in self.veto), starts)
        found = meeting_word_sentences(doc, self.lex) if self.propose is not None else set()
        wanted = sorted(gated | found)
        text = doc_text(doc)
        scores = dict(zip(wanted, self.scorer.scores([text[spans[k][0]:spans[k][1]] for k in wanted]))) \
            if wanted else {}
        doc._.eventx_scores = SentenceScores(scores, starts, self.veto, self.propose, found, self.scorer)
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


__all__ = ["GATED_TYPES", "MODEL_DIR", "THRESHOLDS_FILE", "LearnedStage", "SentenceScorer", "SentenceScores",
           "draft_spans", "keep", "load_thresholds", "make_learned_stage", "meeting_sentences",
           "meeting_word_sentences", "new_meetings", "open_sentences", "proposals", "rule_drafts",
           "sentence_spans", "sentences_of"]
