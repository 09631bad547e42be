"""The extraction stages as spaCy components, registered here and nowhere else.

Each stage reads the slots of the stages before it and writes one slot of its
own on the ``Doc`` (a ``Doc`` extension; see ``SLOTS``), so a stage can be
tested, replaced or followed by another component without touching the rest:

    tokenizer -> tok2vec -> tagger -> eventx_line_breaks -> parser -> ... -> ner   (en_core_web_sm)
      -> eventx_mentions -> eventx_coref -> eventx_triggers -> eventx_learned -> eventx_arguments
      -> eventx_projects -> eventx_events

The seam for a learned stage is between ``eventx_triggers`` and
``eventx_arguments``: a component added with
``nlp.add_pipe(name, after=TRIGGERS)`` may drop (veto) or add ``Candidate``
objects in ``doc._.eventx_candidates``; everything after it only reads that
slot. ``eventx_learned`` (``learned/``) sits there: it scores the sentences
that matter and leaves the scores with its thresholds in
``doc._.eventx_scores``; ``eventx_events`` drops the rule events they veto
and adds the meetings they propose. Every factory takes ``lexicon_dir`` ("" = the
package's ``data/``); the learned stage also ``model_dir`` ("" = the packaged
classifier and its ``thresholds.json``) and ``enabled`` (false: the rules
alone). So ``nlp.to_disk`` saves the configuration and ``spacy.load`` of the
saved directory rebuilds the same stages (this module must be imported
first, as ``pipeline`` does).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .actors import DocActors
from .actors.clusters import cluster
from .actors.mentions import find_mentions
from .attributes import use_lookup
from .datelines import dateline_spans
from .events import draft_events, group_claims
from .learned.stage import LearnedStage, make_learned_stage
from .lexicon import Lexicon, load_lexicon
from .projects import build_matchers, find_projects
from .roles import resolve_candidates
from .triggers import TriggerFinder

LINE_BREAKS = "eventx_line_breaks"
MENTIONS = "eventx_mentions"
COREF = "eventx_coref"
TRIGGERS = "eventx_triggers"
LEARNED = "eventx_learned"
ARGUMENTS = "eventx_arguments"
PROJECTS = "eventx_projects"
EVENTS = "eventx_events"
STAGES = (MENTIONS, COREF, TRIGGERS, LEARNED, ARGUMENTS, PROJECTS, EVENTS)  # in pipeline order, after the NER

# slot -> what it holds (who writes it)
SLOTS = {
    "eventx_published": "datetime.date | None: publication date, the base for relative dates (set by the caller)",
    "eventx_mentions": "list[actors.Mention]: actor mentions with titles and countries (eventx_mentions)",
    "eventx_actors": "actors.DocActors: entities (clustered mentions) and the resolver for references (eventx_coref)",
    "eventx_candidates": "list[triggers.Candidate]: typed trigger candidates with argument tokens (eventx_triggers)",
    "eventx_scores": "learned.SentenceScores: sentence scores and thresholds for the veto and proposals (eventx_learned)",
    "eventx_claims": "list[arguments.Resolved]: asserted / planned claims with roles, date, place, amount (eventx_arguments)",
    "eventx_projects": "list[projects.ProjectMention]: named projects (eventx_projects)",
    "eventx_events": "list[events.EventDraft]: merged, coded, scored events in text order (eventx_events)",
}
for _slot in SLOTS:
    if not Doc.has_extension(_slot):
        Doc.set_extension(_slot, default=None)


def add_stages(nlp: Language, lexicon_dir: str = "", learned: bool = True) -> Language:
    """Add the eventx stages to an ``en_core_web_sm`` pipeline (idempotent; ``learned=False``:
    the learned stage is configured off, the rules alone)."""
    cfg = {"lexicon_dir": lexicon_dir}
    use_lookup(nlp)  # the model's attribute ruler matched by lookup: same attributes, a seventh of the time
    for abbr in load_lexicon(lexicon_dir).titles["abbreviations_kept_whole"]:
        # keep honorific abbreviations whole: split, their full stop ends the sentence
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    if LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser", config=cfg)
    for name in STAGES:
        if name == LEARNED and name not in nlp.pipe_names:
            # after the triggers even in a pipeline saved before the stage existed
            nlp.add_pipe(name, after=TRIGGERS, config={**cfg, "enabled": learned})
        elif name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True, config=cfg)
    return nlp


class LineBreaks:
    """A token after a line break starts a sentence.

    Headlines, captions and datelines carry no final full stop; without this
    the parser glues "... new port deal\\nPeruvian minister Ana Ruiz said ..."
    into one sentence and mis-parses both. Runs before the parser, which keeps
    preset boundaries. The same holds after a wire dateline. (Hard-wrapped copy
    has its single newlines turned into spaces beforehand, so only real breaks
    remain.)
    """

    def __init__(self, lex: Lexicon) -> None:
        self.honorifics = {h for h in lex.honorifics if h.endswith(".")}

    def __call__(self, doc: Doc) -> Doc:
        # the boundaries are gathered in an array and written once: spaCy's is_sent_start setter
        # checks the whole Doc for a parse on every call, which made long articles quadratic
        starts = doc.to_array(SENT_START).astype("int64")  # 1: starts a sentence, -1: does not, 0: unset
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
                if not doc[i + 1].is_space:
                    starts[i + 1] = 1
        # "Minister of Energy Eng. Abdulrahman ...": an honorific's full stop ends no sentence
        for i, tok in enumerate(doc[:-1]):
            if tok.lower_ in self.honorifics and doc[i + 1].is_title and "\n" not in tok.text_with_ws:
                starts[i + 1] = -1
        self._after_datelines(doc, starts)
        doc.from_array([SENT_START], starts.astype("uint64"))
        return doc

    @staticmethod
    def _after_datelines(doc: Doc, starts: Any) -> None:
        """The story proper starts after a dateline ("PORT MORESBY, 3 OCT (PACNEWS) --- "):
        left attached, the parser makes the city the subject of the lead's verb."""
        text = doc.text  # joined once: each access joins every token again
        for _start, end in dateline_spans(text):
            tok = doc.char_span(end, end + 1, alignment_mode="expand") if end < len(text) else None
            if tok is not None and len(tok) and tok[0].i > 0 and not tok[0].is_space:
                starts[tok[0].i] = 1
                # ... and runs to its first full stop: left free, the parser may cut
                # "Thai | Prime Minister X met ..." into fragments
                for t in doc[tok[0].i + 1:]:
                    if t.is_space or "\n" in t.text or t.text in {".", "!", "?"} or starts[t.i] == 1:
                        break
                    starts[t.i] = -1


class Mentions:
    """Writes ``doc._.eventx_mentions``."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        doc._.eventx_mentions = find_mentions(doc, self.lex)
        return doc


class Coref:
    """Reads ``eventx_mentions``; writes ``doc._.eventx_actors``."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.eventx_mentions
        doc._.eventx_actors = DocActors(doc, self.lex, mentions, cluster(mentions))
        return doc


class Triggers:
    """Marks trigger lemmas with a ``Matcher``, checks each against its frame; reads
    ``eventx_actors``, writes ``doc._.eventx_candidates``."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        self.matcher = Matcher(nlp.vocab)
        lemmas = sorted(lex.trigger_lemmas | set(lex.meeting["light_verbs"]))
        self.matcher.add("TRIGGER_VERB", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("TRIGGER_NOUN", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
        self.matcher.add("TRIGGER_ADJ", [[{"LOWER": {"IN": sorted(lex.triggers.readiness_adjectives)},
                                           "POS": {"IN": ["ADJ", "VERB"]}}]])
        self.finder = TriggerFinder(lex)

    def __call__(self, doc: Doc) -> Doc:
        marked: dict[int, str] = {}
        for match_id, start, _end in self.matcher(doc):
            marked[start] = doc.vocab.strings[match_id]
        doc._.eventx_candidates = self.finder.find(doc, sorted(marked.items()), doc._.eventx_actors)
        return doc


class Arguments:
    """Reads ``eventx_candidates``, ``eventx_actors``, ``eventx_published``; writes ``doc._.eventx_claims``."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        published: dt.date | None = doc._.eventx_published
        doc._.eventx_claims = resolve_candidates(doc, doc._.eventx_candidates, doc._.eventx_actors, self.lex, published)
        return doc


class Projects:
    """Writes ``doc._.eventx_projects`` (gazetteer phrase matchers built once, for this vocab)."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        self.lex = lex
        self.matchers = build_matchers(nlp.vocab, lex.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        doc._.eventx_projects = find_projects(doc, self.lex.projects, self.lex.gazetteer, self.matchers)
        return doc


class Events:
    """Reads ``eventx_claims``, ``eventx_projects``, ``eventx_actors``, ``eventx_scores``;
    writes ``doc._.eventx_events`` (the learned stage's veto and proposals applied)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.eventx_actors
        groups = group_claims(doc, doc._.eventx_claims, actors, self.lex)
        doc._.eventx_events = draft_events(doc, groups, doc._.eventx_projects, actors, self.lex,
                                           doc._.eventx_scores)
        return doc


@Language.factory(LINE_BREAKS, default_config={"lexicon_dir": ""})
def make_line_breaks(nlp: Language, name: str, lexicon_dir: str) -> LineBreaks:
    return LineBreaks(load_lexicon(lexicon_dir))


@Language.factory(MENTIONS, default_config={"lexicon_dir": ""})
def make_mentions(nlp: Language, name: str, lexicon_dir: str) -> Mentions:
    return Mentions(load_lexicon(lexicon_dir))


@Language.factory(COREF, default_config={"lexicon_dir": ""})
def make_coref(nlp: Language, name: str, lexicon_dir: str) -> Coref:
    return Coref(load_lexicon(lexicon_dir))


@Language.factory(TRIGGERS, default_config={"lexicon_dir": ""})
def make_triggers(nlp: Language, name: str, lexicon_dir: str) -> Triggers:
    return Triggers(nlp, load_lexicon(lexicon_dir))


@Language.factory(LEARNED, default_config={"lexicon_dir": "", "model_dir": "", "enabled": True})
def make_learned(nlp: Language, name: str, lexicon_dir: str, model_dir: str, enabled: bool) -> LearnedStage:
    return make_learned_stage(load_lexicon(lexicon_dir), model_dir, enabled)


@Language.factory(ARGUMENTS, default_config={"lexicon_dir": ""})
def make_arguments(nlp: Language, name: str, lexicon_dir: str) -> Arguments:
    return Arguments(load_lexicon(lexicon_dir))


@Language.factory(PROJECTS, default_config={"lexicon_dir": ""})
def make_projects(nlp: Language, name: str, lexicon_dir: str) -> Projects:
    return Projects(nlp, load_lexicon(lexicon_dir))


@Language.factory(EVENTS, default_config={"lexicon_dir": ""})
def make_events(nlp: Language, name: str, lexicon_dir: str) -> Events:
    return Events(load_lexicon(lexicon_dir))
