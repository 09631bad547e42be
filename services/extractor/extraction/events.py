"""The event stage's rules: merged claims and projects become event drafts.

Restatements of one real-world event (caption, lead, body) are merged
(``merge``), then each group gets its CAMEO / PLOVER codes (``codes``) and
confidence (``confidence``). A draft is everything of an ``Event`` that the
document decides; what the article message decides (ids, URL, publication
date, the exact text of the spans) is added when the pipeline maps drafts to
``Event`` objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Doc

from eventx.contracts.models import Actor, Location, Project

from .actors import DocActors
from .actors.model import Entity
from .arguments import Resolved, dateline, host_home, in_country, is_country
from .codes import codes_for
from .confidence import score as confidence_score
from .lexicon import Lexicon
from .merge import Group, merge_claims, merge_meetings
from .projects import ProjectMention

CharSpan = tuple[int, int]


@dataclass
class EventDraft:
    """One event as the document states it; ``key`` makes its id stable across runs."""

    event_type: str
    key: str
    trigger: CharSpan
    evidence: list[CharSpan]
    fields: dict[str, Any] = field(default_factory=dict)  # the remaining ``Event`` fields


def group_claims(doc: Doc, claims: list[Resolved], actors: DocActors, lex: Lexicon) -> list[Group]:
    """Meetings, then requests, then pledges, each merged across restatements."""
    meetings = [c for c in claims if c.cand.type == "meeting"]
    groups = merge_meetings(meetings, lex.events.office_nouns,
                            lambda eid, word: _holds_office(actors, eid, word, lex.events.leader_titles),
                            lambda eid: (actors.entity(eid).kind, actors.entity(eid).country))
    groups += merge_claims([c for c in claims if c.cand.type == "request"], actors, doc)
    groups += merge_claims([c for c in claims if c.cand.type == "pledge"], actors, doc)
    return groups


class Judge(Protocol):
    """The learned stage's verdict (``learned.stage.SentenceScores``), applied to the events built here."""

    def judge(self, doc: Doc, made: Sequence[tuple[Group, EventDraft]],
              lex: Lexicon) -> tuple[list[tuple[Group, EventDraft]], list[EventDraft]]: ...


def draft_events(doc: Doc, groups: list[Group], projects: list[ProjectMention], actors: DocActors,
                 lex: Lexicon, scores: Judge | None = None) -> list[EventDraft]:
    """Drafts for every group that makes an event and was not vetoed, every project and the
    learned stage's proposals, in text order.

    A group is vetoed when all its candidates are marked ``vetoed`` (a component at the seam
    after the triggers may mark them) or when ``scores`` (``doc._.eventx_scores``) says so;
    the scores also propose meetings the rules missed."""
    made = [(g, d) for g, d in ((g, draft_event(doc, g, actors, lex)) for g in groups) if d is not None]
    proposed: list[EventDraft] = []
    if scores is None:
        made = [(g, d) for g, d in made if not all(m.cand.vetoed for m in g.mentions)]
    else:
        made, proposed = scores.judge(doc, made, lex)
    drafts = [d for _g, d in made]
    drafts += [_project_draft(pm) for pm in projects if pm.spans]
    drafts += proposed
    drafts.sort(key=lambda d: (d.trigger[0], d.event_type))
    return drafts


def _holds_office(actors: DocActors, eid: int, word: str, leader_titles: tuple[str, ...]) -> bool:
    """Does the entity fit 'the two <word>s' ('leaders', 'ministers', 'presidents')?"""
    e = actors.entity(eid)
    title = " ".join([e.title or ""] + e.alt_titles).lower()
    if e.kind != "person" or not title:
        return False
    if word == "leader":
        return any(w in title for w in leader_titles if w != "chairman")
    return word in title


def without_own_country(parts: list[int], actors: DocActors) -> list[int]:
    """'Y receives the Chief Executive of Argentina, X': a country (or its government)
    beside a participant of its own nationality is that participant's side said twice,
    not a party of its own (the most specific actor stands). Other bodies stay."""
    people = {actors.entity(p).country for p in parts if actors.entity(p).kind == "person" and actors.entity(p).country}

    def national(e: Entity) -> bool:
        return e.kind == "country" or (e.kind == "organization" and e.names[0].endswith(" government"))
    return [p for p in parts if not (national(actors.entity(p)) and actors.entity(p).country in people)]


def _most_specific_source(g: Group, actors: DocActors) -> int | None:
    """'India is committed to ...' restated as 'Modi reiterated India's commitment': when a
    merged claim's first source is a country or body and another of its mentions names a
    person of that country, the person is the source (the most specific actor)."""
    src = g.source
    if src is None or actors.entity(src).kind not in {"country", "organization"} or not actors.entity(src).country:
        return src
    for m in g.mentions:
        if m.source is not None and actors.entity(m.source).kind == "person" and actors.entity(m.source).country == actors.entity(src).country:
            return m.source
    return src


def _chars(doc: Doc, span: tuple[int, int]) -> CharSpan:
    s = doc[span[0]: span[1]]
    return s.start_char, s.end_char


def _actor(actors: DocActors, eid: int, role: str) -> Actor:
    e = actors.entity(eid)
    kind = e.kind if e.kind in {"person", "organization", "country"} else "other"
    return Actor(name=e.canonical, role=role, kind=kind, country=e.country, title=e.title if kind == "person" else None)


def _code_words(doc: Doc, g: Group) -> set[str]:
    """Lower-cased words of the group's triggers and contents, for choosing a CAMEO sub-code."""
    words: set[str] = set()
    for m in g.mentions:
        words |= set(m.content_key)
        words |= {t.lower_ for t in doc[m.cand.span[0]: m.cand.span[1]]}
        if m.content:
            words |= {w.lower().strip(",.") for w in m.content.split()}
    if any(m.amount is not None for m in g.mentions):
        words.add("million")
    return words


def draft_event(doc: Doc, g: Group, actors: DocActors, lex: Lexicon) -> EventDraft | None:
    """The event one merged group makes (None: a meeting with fewer than two participants)."""
    prim = g.primary
    trigger = _chars(doc, prim.cand.span)
    evidence = [_chars(doc, s) for s in sorted({m.cand.span for m in g.mentions})]
    frame_plover = prim.cand.plover if g.type == "request" else None
    cameo, plover = codes_for(g.type, lex, prim.cand.cameo if g.type == "meeting" else None, frame_plover,
                              _code_words(doc, g))
    fields = _meeting_fields(doc, g, actors, lex) if g.type == "meeting" else _claim_fields(g, actors)
    if fields is None:
        return None
    fields.update(cameo=cameo, plover=plover)
    key = f"{trigger[0]}:{trigger[1]}" + (f":{g.part}" if g.part else "")  # split meetings share a trigger
    return EventDraft(g.type, key, trigger, evidence, fields)


def _meeting_fields(doc: Doc, g: Group, actors: DocActors, lex: Lexicon) -> dict[str, Any] | None:
    prim = g.primary
    parts = without_own_country(g.participants, actors)
    if len(parts) < 2:
        return None
    planned = all(m.modality == "planned" for m in g.mentions)
    date: dt.date | None = next((m.date for m in g.mentions if m.date_explicit), prim.date)
    loc = next((m.location for m in g.mentions if m.location), None)
    home = dateline(doc)
    if loc is None:
        loc = host_home(prim.cand.lemma, actors.entity(parts[0]).country, home, lex.arguments.reception_verbs)
    if loc is None or (home is not None and is_country(loc) and not is_country(home) and home[1] == loc[1]):
        loc = in_country(home, loc) if loc and home else home  # the dateline city of a country-wide place
    return dict(
        status="planned" if planned else "occurred", date=date,
        actors=[_actor(actors, p, "participant") for p in parts],
        location=Location(name=loc[0], country=loc[1]) if loc else None,
        confidence=confidence_score(nominal=prim.cand.nominal, event_type="meeting", how=prim.how, n_args=len(parts),
                                    merged=len(g.mentions) - 1, has_detail=date is not None, planned=planned),
    )


def _claim_fields(g: Group, actors: DocActors) -> dict[str, Any]:
    prim = g.primary
    src = _most_specific_source(g, actors)
    tgt = next((m.target for m in g.mentions if m.target is not None), None)
    acts = []
    if src is not None:
        acts.append(_actor(actors, src, "source"))
    if tgt is not None and tgt != src:
        acts.append(_actor(actors, tgt, "target"))
    elif tgt is None:
        group = next((m.target_name for m in g.mentions if m.target_name), None)
        if group:
            acts.append(Actor(name=group, role="target", kind="other"))
    amount = next((m.amount for m in g.mentions if m.amount is not None), None)
    content = next((m.content for m in g.mentions if m.content), None)
    return dict(
        actors=acts, amount=amount, content=content,
        confidence=confidence_score(nominal=prim.cand.nominal, event_type=g.type, how=prim.how,
                                    n_args=1 if src is not None else 0, merged=len(g.mentions) - 1,
                                    has_detail=bool(content or amount), planned=False),
    )


def _project_draft(pm: ProjectMention) -> EventDraft:
    spans = sorted(pm.spans)
    return EventDraft("project_mention", pm.name.lower(), spans[0], list(spans), dict(
        project=Project(name=pm.name, kind=pm.kind), confidence=0.8 if len(spans) > 1 else 0.7))
