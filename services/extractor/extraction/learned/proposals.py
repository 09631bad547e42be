"""Meeting proposals: events the rules missed in sentences the classifier calls meetings.

The rules need a parse they understand ("X met Y"); real copy often states a
meeting in a frame they do not know ("held a 40-minute conversation with",
"the two leaders' talks in ..."). When the sentence classifier is confident a
sentence reports a meeting and no rule meeting sits there, a proposal is
built from what the extractor already resolves for that sentence: the
trigger is the first meeting word of the lexicon in it, the participants are
the actors the coreference step found in it (persons first, nearest to the
trigger, at most three), modality, date and place come from the same helpers
the rules use. A sentence without a meeting word or without two actors gives
no proposal; a negated or hypothetical one gives none either.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from eventx.contracts.models import Actor, Location

from ..actors import DocActors
from ..arguments import dateline, meeting_date, meeting_location
from ..events import EventDraft, without_own_country
from ..lexicon import Lexicon
from ..modality import classify
from ..triggers import Candidate

MAX_PARTICIPANTS = 3
CONFIDENCE = 0.35  # below every rule event's: a learned guess with heuristic arguments
KIND_ORDER = {"person": 0, "organization": 1, "country": 2}


def marked_verbs(lex: Lexicon) -> set[str]:
    """The meeting verbs that mark a sentence for the classifier: not those that state a meeting
    only with a call medium ("discussed X by phone"), which alone say nothing of one."""
    return {v for v, frame in lex.meeting["verbs"].items() if not frame.get("call_medium_only")}


def meeting_word(sent: Span, lex: Lexicon) -> Token | None:
    """The first token of the sentence whose lemma is a meeting verb or noun of the lexicon."""
    verbs, nouns = marked_verbs(lex), set(lex.meeting["nouns"])
    for tok in sent:
        lemma = tok.lemma_.lower()
        if (tok.pos_ in {"VERB", "AUX"} and lemma in verbs) or (tok.pos_ in {"NOUN", "PROPN"} and lemma in nouns):
            return tok
    return None


def participants(sent: Span, anchor: Token, actors: DocActors, lex: Lexicon) -> list[int]:
    """Entities mentioned in the sentence: persons, then organisations, then countries; nearest first.

    A building or site named as where the meeting was ("at the X Palace", "in the Oval
    Office") is its place, not a party, and a country beside a person of its own
    nationality is that person's side said twice (the rules' ``without_own_country``):
    both are taken only to make up the two actors a proposal needs."""
    found: dict[int, tuple[int, int]] = {}
    venues: set[int] = set()
    for m in actors.mentions:
        if not (sent.start <= m.start < sent.end) or m.entity < 0:
            continue
        kind = actors.entity(m.entity).kind
        if kind not in KIND_ORDER:
            continue
        if kind == "organization" and _venue(actors.doc[m.head], m.name, lex):
            venues.add(m.entity)
        key = (KIND_ORDER[kind], abs(m.start - anchor.i))
        found[m.entity] = min(found.get(m.entity, key), key)
    ranked = _without_acronyms(sorted(found, key=lambda e: found[e]), actors)
    parties = without_own_country([e for e in ranked if e not in venues], actors)
    if len(parties) < 2:
        parties += [e for e in ranked if e not in parties][:2 - len(parties)]
    return parties[:MAX_PARTICIPANTS]


def _without_acronyms(ranked: list[int], actors: DocActors) -> list[int]:
    """'the Indian Air Force (IAF)': when coreference left the acronym an entity of its own, it is
    the same body named twice, not a second party."""
    initials = {"".join(w[0] for w in n.split() if w[0].isupper()) for e in ranked for n in actors.entity(e).names
                if len(n.split()) > 1}
    return [e for e in ranked if not (actors.entity(e).kind == "organization"
                                      and len(actors.entity(e).names) == 1 and actors.entity(e).names[0] in initials)]


def _venue(head: Token, name: str, lex: Lexicon) -> bool:
    """An organisation mention that names a place: the object of a locative 'in' / 'at', or a
    name ending in a building noun ("... Palace", "... Hall")."""
    words = name.lower().split()
    if words and words[-1] in lex.arguments.venue_words:
        return True
    return head.dep_ == "pobj" and head.head.lower_ in {"in", "at"}


def _actor(actors: DocActors, eid: int) -> Actor:
    e = actors.entity(eid)
    return Actor(name=e.canonical, role="participant", kind=e.kind, country=e.country,
                 title=e.title if e.kind == "person" else None)


def propose_meeting(doc: Doc, sents: list[Span], k: int, actors: DocActors, lex: Lexicon,
                    published: dt.date | None) -> EventDraft | None:
    """A meeting draft for sentence ``k``, or None when it gives no trigger or no two actors."""
    sent = sents[k]
    anchor = meeting_word(sent, lex)
    if anchor is None:
        return None
    modality = classify(anchor, lex, reported=False)
    if modality in {"negated", "hypothetical"}:
        return None
    who = participants(sent, anchor, actors, lex)
    if len(who) < 2 or not any(actors.entity(e).kind == "person" for e in who):
        return None  # only countries and bodies: more often relations between them than a meeting
    cand = Candidate(type="meeting", anchor=anchor.i, span=(anchor.i, anchor.i + 1), lemma=anchor.lemma_.lower(),
                     nominal=anchor.pos_ in {"NOUN", "PROPN"})
    planned = modality == "planned"
    date, _explicit = meeting_date(doc, cand, sents, k, published, planned, None, lex.arguments)
    place = meeting_location(doc, cand, sent, actors, lex.arguments) or dateline(doc)
    trigger = (anchor.idx, anchor.idx + len(anchor.text))
    return EventDraft("meeting", f"{trigger[0]}:{trigger[1]}", trigger, [trigger], dict(
        date=date, status="planned" if planned else "occurred", actors=[_actor(actors, e) for e in who],
        location=Location(name=place[0], country=place[1]) if place else None,
        cameo="040", plover="CONSULT", confidence=CONFIDENCE,
    ))
