"""The learned stage: a sentence classifier that vetoes rule events and proposes missed meetings.

A bag-of-words classifier trained on gold sentences (``eventx train``) scores
sentences for meeting / request / pledge. Two uses, each with thresholds
chosen by cross-validation and kept beside the weights
(``model/thresholds.json``):

* veto (precision): a rule event whose every mention sits in sentences scored
  below its type's threshold is dropped; a type without a threshold is never
  vetoed; project mentions pass untouched;
* proposals (recall): a sentence with a meeting word but no rule meeting that
  scores at least the proposal threshold gets a meeting built from the actors
  the extractor resolves there (``proposals.py``).

Only the sentences these need are scored, in one batch per article, so the
cost is a few tokenisations and dot products, not a parse.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from contracts.models import Event, ExtractorInfo, RawArticle

from ..actors import DocActors
from ..lexicon import Lexicon
from .proposals import propose_meeting

MODEL_DIR = Path(__file__).with_name("model")
THRESHOLDS_FILE = "thresholds.json"
GATED_TYPES = ("meeting", "request", "pledge")
Span = tuple[int, int]
IdMaker = Callable[[str, str, str], str]


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


def event_spans(event: Event) -> list[Span]:
    """Where an event is stated: its trigger and every evidence span."""
    spans = [(e.start, e.end) for e in event.evidence]
    if event.trigger is not None:
        spans.append((event.trigger.start, event.trigger.end))
    return spans


def sentences_of(spans: Sequence[Span], starts: Sequence[int]) -> set[int]:
    """Indices of the sentences (given by their sorted start offsets) where the spans begin."""
    return {max(0, bisect.bisect_right(starts, s) - 1) for s, _ in spans}


def keep(event: Event, sent_ids: set[int], scores: dict[int, dict[str, float]],
         thresholds: dict[str, float]) -> bool:
    """Keep an event unless every sentence stating it scores below its type's threshold."""
    limit = thresholds.get(event.event_type)
    if limit is None or not sent_ids:
        return True
    return max(scores[k].get(event.event_type, 0.0) for k in sent_ids) >= limit


def meeting_sentences(doc: Doc, events: Sequence[Event], lex: Lexicon, starts: Sequence[int]) -> list[int]:
    """Sentences with a meeting word but no rule meeting: where a proposal may be made."""
    words = set(lex.meeting["verbs"]) | set(lex.meeting["nouns"])
    taken: set[int] = set()
    for e in events:
        if e.event_type == "meeting":
            taken |= sentences_of(event_spans(e), starts)
    found = {sentences_of([(doc[i].idx, doc[i].idx)], starts).pop()
             for i, _label in (doc._.eventx_candidates or []) if doc[i].lemma_.lower() in words}
    return sorted(found - taken)


def proposals(art: RawArticle, doc: Doc, sent_ids: Sequence[int], lex: Lexicon, make_id: IdMaker,
              info: ExtractorInfo, now: dt.datetime) -> list[tuple[int, Event]]:
    """Meeting proposals for the given sentences (resolving the article's actors once, only if needed)."""
    if not sent_ids:
        return []
    actors = DocActors(doc, lex)
    sents = list(doc.sents)
    out = []
    for k in sent_ids:
        ev = propose_meeting(art, doc, sents, k, actors, lex, make_id, info, now)
        if ev is not None:
            out.append((k, ev))
    return out


def new_meetings(proposed: Sequence[Event], events: Sequence[Event]) -> list[Event]:
    """Proposals that are not restatements: one sharing two participants with a meeting the
    rules found, or with an earlier proposal, is the same meeting again and is left out, as
    the rules' merging would."""
    seen = [frozenset(a.name for a in e.actors) for e in events if e.event_type == "meeting"]
    out = []
    for ev in proposed:
        names = frozenset(a.name for a in ev.actors)
        if any(len(names & other) >= 2 for other in seen):
            continue
        seen.append(names)
        out.append(ev)
    return out


@dataclass
class LearnedStage:
    """Callable hook of the Extractor: ``stage(article, doc, rule_events, now) -> events``."""

    scorer: SentenceScorer
    lex: Lexicon
    make_id: IdMaker
    info: ExtractorInfo
    veto: dict[str, float] = field(default_factory=dict)
    propose: float | None = None  # meeting score from which a proposal is made; None: never

    @classmethod
    def from_package(cls, lex: Lexicon, make_id: IdMaker, info: ExtractorInfo, path: Path = MODEL_DIR) -> LearnedStage:
        veto, propose = load_thresholds(path)
        return cls(SentenceScorer(path), lex, make_id, info, veto, propose)

    def __call__(self, art: RawArticle, doc: Doc, events: list[Event], now: dt.datetime) -> list[Event]:
        spans = sentence_spans(doc)
        starts = [s for s, _ in spans]
        where = {id(e): sentences_of(event_spans(e), starts) for e in events if e.event_type in self.veto}
        open_ids = meeting_sentences(doc, events, self.lex, starts) if self.propose is not None else []
        wanted = sorted(set(open_ids).union(*where.values()))
        if not wanted:
            return events
        scores = dict(zip(wanted, self.scorer.scores([doc.text[spans[k][0]:spans[k][1]] for k in wanted])))
        kept = [e for e in events if id(e) not in where or keep(e, where[id(e)], scores, self.veto)]
        confident = [k for k in open_ids if scores[k].get("meeting", 0.0) >= (self.propose or 0.0)]
        found = proposals(art, doc, confident, self.lex, self.make_id, self.info, now)
        added = new_meetings([ev for _k, ev in found], events)
        if not added:
            return kept
        return sorted(kept + added, key=lambda e: (e.trigger.start if e.trigger else 0, e.event_type))


def passthrough(art: RawArticle, doc: Doc, events: list[Event], now: dt.datetime) -> list[Event]:
    """The rules alone: the hook that changes nothing (``Extractor(learned=False)``)."""
    return events
