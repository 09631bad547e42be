"""Argument resolution: actors, date, location, amount and content of a trigger.

The trigger stage hands over argument *tokens*; this module turns them into
entity ids (through ``DocActors``), and reads the trigger's sentence (and,
for dates, the sentences just before it) for when, where and how much.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import _deps
from ._doccache import doc_ents, doc_text, ents_in, sent_of
from .actors import DocActors
from .datelines import dateline_spans, in_dateline
from .lexicon import ArgumentWords
from .triggers import Candidate

CONTENT_STOP_DEPS = {"relcl", "advcl", "punct", "cc", "appos", "parataxis", "mark"}


@dataclass
class Resolved:
    """A candidate with its arguments resolved."""

    cand: Candidate
    sent_index: int
    modality: str
    participants: list[int] = field(default_factory=list)
    source: int | None = None
    target: int | None = None
    target_name: str | None = None  # "called on allies to ...": a target named only by a common noun
    how: list[str] = field(default_factory=list)
    speaker: int | None = None
    date: dt.date | None = None
    date_explicit: bool = False
    location: tuple[str, str | None] | None = None
    amount: object | None = None
    amount_own: bool = False  # the amount sits inside the trigger's own phrase
    content: str | None = None
    content_key: frozenset[str] = frozenset()
    also: bool = False  # "He also promised ...": an additional event, not a restatement
    earlier: bool = False  # "last met", "had previously met": an earlier meeting, not this one
    again: bool = False  # "will meet again": a further meeting
    plural_head: str | None = None  # "the two leaders met": the noun naming who met


def resolve_tokens(idxs: list[int], doc: Doc, actors: DocActors, speaker: int | None) -> list[tuple[int, str]]:
    """Entity ids for argument heads, in order, without repeats.

    A bare title coordinated with a name ("Deputy Prime Minister and Minister of
    Foreign Affairs Sok Vannarith") is that name's title, not a second actor found
    by description, so it is dropped when a conjunct resolves by name.
    """
    found = [(i, *actors.resolve(doc[i], speaker)) for i in idxs]
    by_name = {i for i, eid, how in found if eid is not None and how == "name"}
    out: list[tuple[int, str]] = []
    for i, eid, how in found:
        if eid is None:
            continue
        if actors.entity(eid).kind == "other":
            continue
        if how == "description" and any(c.i in by_name for c in doc[i].conjuncts):
            continue
        if all(e != eid for e, _ in out):
            out.append((eid, how))
    return out


def with_member_conjuncts(idxs: list[int], doc: Doc, actors: DocActors) -> list[int]:
    """'met representatives of ADEX and the National Society of Industries': the parser
    coordinates the second body with the first inside the "of" phrase, so only the first
    would be resolved; each coordinated organisation or country is a participant too."""
    out = list(idxs)
    for i in idxs:
        tok = doc[i]
        if tok.tag_ not in {"NNS", "NNPS"} or actors.mention_at(tok) is not None:
            continue
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for p in prep.children:
                if p.dep_ != "pobj":
                    continue
                for c in p.conjuncts:
                    m = actors.mention_at(c)
                    if c.i > p.i and m is not None and m.kind in {"organization", "country"} and c.i not in out:
                        out.append(c.i)
    return out


def is_plural_ref(tok: Token) -> bool:
    """'the two leaders', 'both sides', 'they' -- participants of an earlier meeting."""
    if tok.lower_ in {"they", "both"}:
        return True
    if tok.lower_ == "two" and any(c.lower_ == "the" for c in tok.children):
        return True  # "The two met for an hour"
    if tok.lemma_.lower() in {"leader", "side", "party", "minister", "president", "country", "delegation"} and tok.tag_ in {"NNS", "NNPS"}:
        return any(c.lower_ in {"two", "both", "the"} for c in tok.children)
    return False


# ---------------------------------------------------------------- dates
def _is_dateline(e: Span) -> bool:
    """'BEIJING, May 15 -' : the filing date, not the event's."""
    doc = e.doc
    text = doc_text(doc)
    if in_dateline(text, e.start_char, e.end_char):
        return True
    if _alone_on_line(text, e.start_char, e.end_char):
        return True  # a crawled page's posting date, standing between headline and body
    before = [t for t in doc[sent_of(e).start: e.start] if not t.is_space]
    return len(before) <= 3 and any(t.ent_type_ in {"GPE", "ORG"} or t.is_upper for t in before) and (
        e.end < len(doc) and doc[e.end].text in {"-", "–", "—", ":", "("} or any(t.text in {"-", "–", "—"} for t in e))


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Is the span set apart by line breaks or wide runs of spaces on both sides?"""
    def apart(gap: str) -> bool:
        return "\n" in gap or "  " in gap or gap == ""
    before = text[max(0, start - 3): start]
    after = text[end: end + 3]
    return apart(before[-2:] if start >= 2 else before) and apart(after[:2]) and (start > 0 or end < len(text))


def _date_ents(sent: Span, words: ArgumentWords) -> list[Span]:
    out = []
    for e in ents_in(sent):
        if e.label_ not in {"DATE", "TIME"}:
            continue
        if _is_dateline(e):
            continue
        low = e.text.lower()
        if any(w in low.split() or w in low for w in words.duration_words) and not any(w in low for w in ("last year", "next year")):
            continue
        if "-day" in low or "-year" in low or low.endswith("days") or low.startswith("two") or low.startswith("three"):
            continue
        out.append(e)
    return out


def resolve_date_expr(text: str, base: dt.date | None, prefer: str, previous: dt.date | None,
                      words: ArgumentWords) -> dt.date | None:
    low = text.lower().strip()
    if any(k in low for k in words.relative_same_day) and previous is not None:
        return previous
    if any(k in low for k in words.relative_previous_day):
        ref = base
        return ref - dt.timedelta(days=1) if ref else None
    if low in words.today_phrases:
        return base
    return _deps.resolve_date(text, base, prefer)  # type: ignore[arg-type]


def meeting_date(doc: Doc, cand: Candidate, sents: list[Span], sent_index: int, base: dt.date | None,
                 planned: bool, previous: dt.date | None, words: ArgumentWords) -> tuple[dt.date | None, bool]:
    """The date of a meeting: its own sentence first (nearest to the trigger), then earlier ones."""
    prefer = "future" if planned else "past"
    sent = sents[sent_index]
    ents = _date_ents(sent, words)
    anchor = doc[cand.anchor]
    if ents:
        attached = lambda e: e.root.head.i == anchor.i or e.root.head.head.i == anchor.i  # noqa: E731
        ents.sort(key=lambda e: (0 if attached(e) else 1, abs(e.start - anchor.i)))
        for e in ents:
            d = resolve_date_expr(e.text, base, prefer, previous, words)
            if d is not None:
                return d, True
        if any(attached(e) for e in ents):
            return None, False  # "met ... last week": the text names no day, and no other day applies
    text = sent.text.lower()
    for k in words.relative_same_day:
        if k in text and previous is not None:
            return previous, True
    for k in words.relative_previous_day:
        if k in text and base is not None:
            return base - dt.timedelta(days=1), True
    if planned:
        return None, False  # a future meeting with no day given has no date, not the filing date
    for j in range(sent_index - 1, max(-1, sent_index - 4), -1):
        for e in _date_ents(sents[j], words):
            d = resolve_date_expr(e.text, base, prefer, previous, words)
            if d is not None:
                return d, False
    return _dateline_day(doc, base) or base, False


def _dateline_day(doc: Doc, base: dt.date | None) -> dt.date | None:
    """'LUSAKA, May 9 (Agency) -': the filing day, the day of a meeting the story dates no
    other way (the publication date may be a day or more later)."""
    text = doc_text(doc)
    spans = dateline_spans(text)
    if not spans:
        return None
    a, b = spans[0]
    head = doc.char_span(a, b, alignment_mode="expand")
    for e in ents_in(head) if head is not None else []:
        if e.label_ == "DATE":
            d = _deps.resolve_date(e.text, base, "past")
            if d is not None and (base is None or d <= base):
                return d
    return None


# ---------------------------------------------------------------- locations
def _loc_name(doc: Doc, ent: Span) -> str:
    """'the Peace Palace, Phnom Penh' -> 'Peace Palace, Phnom Penh'."""
    start = ent.start
    if doc[start].lower_ == "the":
        start += 1
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ == "GPE":
        k = end + 1
        while k < len(doc) and doc[k].ent_type_ == "GPE":
            k += 1
        if ent.label_ in {"FAC", "ORG", "LOC"}:
            end = k
    return doc[start:end].text


def meeting_location(doc: Doc, cand: Candidate, sent: Span, actors: DocActors, words: ArgumentWords) -> tuple[str, str | None] | None:
    anchor = doc[cand.anchor]
    best = None
    if any(c.lower_ == "here" for c in anchor.children):
        return None  # "held talks here": the dateline city, not a place named later in the sentence
    if anchor.lemma_.lower() == "visit":
        # "visited Hanoi at the invitation of X": the visited city is the place
        for c in anchor.children:
            if c.dep_ == "dobj" and c.ent_type_ in {"GPE", "LOC", "FAC"} and _deps.is_place(c.text):
                return c.text, _deps.place_country(c.text)
    for e in ents_in(sent):
        if e.label_ not in {"GPE", "FAC", "LOC", "ORG"}:
            continue
        prep = e.root.head
        if prep.lower_ == "of" and prep.head.lemma_.lower() in words.settlement_nouns and prep.head.dep_ == "pobj":
            prep = prep.head.head  # "in the capital of Maputo", "in the city of Gao"
        if e.root.dep_ != "pobj" or prep.lower_ not in {"in", "at", "to"}:
            continue
        if e.label_ == "ORG" and not _deps.is_place(e.text) and not (set(e.text.lower().split()) & words.venue_words):
            continue
        if prep.lower_ == "to" and prep.head.lemma_.lower() not in {"visit", "trip"}:
            continue
        m = actors.mention_at(e.root)
        if m is not None and m.kind == "person":
            continue
        if cand.restatement and not (anchor.left_edge.i <= e.root.i <= anchor.right_edge.i) \
                and not _place_of_subject(anchor, prep, words):
            continue  # "their second meeting; X held talks in Yerevan": the place belongs to the other clause
        if not _attached_to_trigger(prep, anchor) and not _place_of_relative(anchor, prep, words):
            continue  # "... to farmers in western Guatemala, X said after talks": another clause's place
        dist = abs(e.start - anchor.i)
        score = dist + (0 if e.label_ in {"FAC", "LOC"} else 3)
        if best is None or score < best[0]:
            best = (score, e)
    if best is None:
        return _where_clause_place(anchor, words)
    e = best[1]
    name = _loc_name(doc, e)
    country = _deps.place_country(name) or _deps.place_country(e.text) or _deps.country_code(e.text)
    if e.label_ != "GPE":
        city = _venue_city(doc, e, anchor, sent)
        if city and city[0].lower() not in name.lower():
            # "at the Palacio Santos in Montevideo": venue and city both, so either reading matches
            return f"{name}, {city[0]}", country or city[1]
    elif _deps.country_code(name) and _deps.country_code(name) == country:
        # "held talks in Senegal" under a "Dakar, ..." dateline: the dateline city is the more
        # specific place; report both so a reader wanting either finds it
        city = dateline(doc)
        if city and city[1] == country and city[0].lower() != name.lower():
            return f"{city[0]}, {name}", country
    return name, country


def _place_of_subject(anchor: Token, prep: Token, words: ArgumentWords) -> bool:
    """'The talks were held in Lusaka': a restating meeting noun that is the subject of a
    predicate of occurrence takes the place that predicate names."""
    return anchor.dep_ in {"nsubj", "nsubjpass"} and prep.head.i == anchor.head.i \
        and anchor.head.lemma_.lower() in words.venue_predicates


def host_home(lemma: str, host_country: str | None, home: tuple[str, str | None] | None,
              hosting: frozenset[str]) -> tuple[str, str | None] | None:
    """'The Egyptian president received X' in copy filed from Dubai: a reception that names no
    place is at the host's capital, not at a dateline in another country."""
    if lemma not in hosting or host_country is None or (home is not None and home[1] == host_country):
        return None
    city = _deps.capital_city(host_country)
    return (city, host_country) if city else None


def is_country(place: tuple[str, str | None]) -> bool:
    """Is the place a whole country ("India"), so that a city in it would say more?"""
    return place[1] is not None and _deps.country_code(place[0]) == place[1]


def in_country(city: tuple[str, str | None], country: tuple[str, str | None]) -> tuple[str, str | None]:
    """'Beijing, China': the city a text names elsewhere, with the country the meeting
    sentence names, so that a reader wanting either finds it."""
    return (f"{city[0]}, {country[0]}", country[1]) if city[0].lower() != country[0].lower() else country


def _place_of_relative(anchor: Token, prep: Token, words: ArgumentWords) -> bool:
    """'the negotiations that took place in Istanbul': a relative clause of occurrence on
    the meeting noun names its place."""
    v = prep.head
    return v.dep_ in {"relcl", "acl"} and anchor.left_edge.i <= v.head.i <= anchor.right_edge.i \
        and anchor.pos_ == "NOUN" and v.lemma_.lower() in words.venue_predicates


def _attached_to_trigger(prep: Token, anchor: Token) -> bool:
    """Does the place phrase belong to the meeting's own clause?

    It does when, walking up from what the preposition modifies, we reach the
    trigger or one of the words governing it ("met ... in Beijing", "arrived in
    Hanoi for talks", "during his visit to Phnom Penh ... met") without passing
    through another verb. A phrase hanging on a different verb ("projects to be
    taken up during the visit to China", "a credit line for upgrading the port in
    the Northern Province") names the place of something else.
    """
    path = {anchor.i}
    t = anchor
    while t.head.i != t.i:
        if t.pos_ in {"VERB", "AUX"} and t.i != anchor.i and t.dep_ not in {"conj", "xcomp"}:
            break  # "X will extend ..., Y announced after talks": the report verb's host is another claim
        t = t.head
        path.add(t.i)
    t = prep.head
    for _ in range(12):
        if t.i in path:
            return True
        if t.pos_ in {"VERB", "AUX"} and not t.ent_type_:
            return False  # (a name the tagger calls a verb, "counterpart Lotay Tshering in X", is no clause)
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _venue_city(doc: Doc, e: Span, anchor: Token, sent: Span) -> tuple[str, str | None] | None:
    """The city a venue lies in, when the text says it: "Beijing's Great Hall", "the Palacio
    Santos in Montevideo", "Nehru Bhawan here" (the dateline city)."""
    if e.start >= 2 and doc[e.start - 1].text in {"'s", "’s"} and doc[e.start - 2].ent_type_ == "GPE":
        k = e.start - 2
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        name = doc[k: e.start - 1].text
        return name, _deps.place_country(name)
    if e.end + 1 < len(doc) and doc[e.end].lower_ in {"in", ","} and (
            doc[e.end + 1].ent_type_ == "GPE" or (doc[e.end + 1].pos_ == "PROPN" and _deps.place_country(doc[e.end + 1].text))):
        k = e.end + 1
        while k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I" and doc[k + 1].ent_type_ == doc[e.end + 1].ent_type_ == "GPE":
            k += 1
        name = doc[e.end + 1: k + 1].text
        return name, _deps.place_country(name)
    if any(t.lower_ == "here" and t.dep_ == "advmod" for t in sent):
        return dateline(doc)
    # "met at Parliament House" with no city: wire copy means the dateline city, unless the
    # venue is known to be in another country
    city = dateline(doc)
    venue_country = _deps.place_country(e.text)
    if city and (venue_country is None or venue_country == city[1]):
        return city
    return None


def _placeish(t: Token) -> bool:
    """A place by its entity tag, or a proper noun the gazetteer knows (the NER may call a city PERSON)."""
    return t.ent_type_ in {"GPE", "LOC", "FAC"} or (t.pos_ == "PROPN" and t.is_title and _deps.place_country(t.text) is not None)




def _whole_place(head: Token) -> tuple[str, str | None]:
    """The full entity around a place token ("Phnom Penh" for "Penh") and its country."""
    doc = head.doc
    k, end = head.i, head.i + 1
    while k > 0 and doc[k].ent_iob_ == "I":
        k -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    name = doc[k:end].text
    return name, _deps.place_country(name) or _deps.country_code(name)


TRIP_LOOKBACK = 20  # sentences; the furthest trip found on every evaluation set was 13 back


def visit_destination(doc: Doc, sents: list[Span], k: int, anchor: Token, participants: list[int],
                      actors: DocActors, words: ArgumentWords) -> tuple[str, str | None] | None:
    """Where a participant's trip goes, for a meeting sentence naming no place.

    "Lula will visit Cuba next week ... He will also meet with Raul Castro": a meeting
    told as part of a trip happens at the trip's destination, not at the reporter's
    dateline. The nearest earlier statement wins, and only when its traveller resolves
    to one of the meeting's participants (someone else's trip says nothing about it).
    A country destination with a city of it in the same sentence ("arrived in Beijing,
    the start of his visit to China") gives both. Only the ``TRIP_LOOKBACK`` sentences
    before it are read: a trip told further back belongs to another part of the story (and
    an unbounded walk made long articles cost the square of their length).
    """
    if not participants:
        return None
    for j in range(k, max(-1, k - TRIP_LOOKBACK - 1), -1):
        toks = [t for t in sents[j] if t.i < anchor.i] if j == k else list(sents[j])
        found = [p for t in reversed(toks) if (p := _trip_destination(doc, t, participants, actors, words))]
        if not found:
            continue
        if is_country(found[0]):
            city = next((p for p in found if p[1] == found[0][1] and not is_country(p)), None)
            if city is not None:
                return in_country(city, found[0])
        return found[0]
    return None


def _trip_destination(doc: Doc, t: Token, participants: list[int], actors: DocActors,
                      words: ArgumentWords) -> tuple[str, str | None] | None:
    """The destination of one travel verb or trip noun whose traveller is a participant."""
    if t.pos_ == "NOUN" and t.lemma_.lower() in words.trip_nouns:
        return _trip_place(doc, t, participants, actors)
    if t.pos_ != "VERB" or t.lemma_.lower() not in words.motion_verbs:
        return None
    places = [c for c in t.children if c.dep_ == "dobj" and _placeish(c)] + \
             [g for c in t.children if c.dep_ == "prep" and c.lower_ in {"to", "in"} for g in c.children if _placeish(g)]
    if not places or t.head.lemma_.lower() in words.invite_words or t.head.head.lemma_.lower() in words.invite_words:
        return None  # "X invited Y to visit India": an invitation, not a trip under way
    subj = next((c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None and t.dep_ == "xcomp":
        # "X invited Y to visit India": the object travels; "X is set to visit": the subject
        subj = next((c for c in t.head.children if c.dep_ == "dobj"), None) or \
            next((c for c in t.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    elif subj is None and t.dep_ == "conj":
        subj = next((c for c in t.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return None
    who = {eid for eid, _ in resolve_tokens([subj.i], doc, actors, None)}
    return _whole_place(places[0]) if who & set(participants) else None


def _trip_place(doc: Doc, trip: Token, participants: list[int], actors: DocActors) -> tuple[str, str | None] | None:
    """'X is on a two-day visit to India', 'during his trip to Ghana': the destination of a
    trip noun whose traveller (its possessor, or the subject of the verb it hangs on) is
    one of the meeting's participants."""
    places = [g for c in trip.children if c.dep_ == "prep" and c.lower_ in {"to", "in"} for g in c.children if _placeish(g)]
    if not places:
        return None
    who = next((c for c in trip.children if c.dep_ == "poss"), None)
    if who is None:
        v = trip.head.head if trip.dep_ == "pobj" else trip.head
        who = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if who is None:
        return None
    found = {eid for eid, _ in resolve_tokens([who.i], doc, actors, None)}
    return _whole_place(places[0]) if found & set(participants) else None


def _where_clause_place(anchor: Token, words: ArgumentWords) -> tuple[str, str | None] | None:
    """'travels to Brasilia, where he is expected to meet X': the place the where-clause hangs on."""
    t = anchor
    has_where = False
    for _ in range(4):
        has_where = has_where or any(c.lower_ == "where" and c.dep_ == "advmod" for c in t.children)
        if t.dep_ == "advcl" and has_where:
            # "will travel to Apia next month, where he is expected to hold talks": the parser
            # hangs the where-clause on the motion verb (or on "is set" above it)
            for v in [t.head] + [c for c in t.head.children if c.dep_ == "xcomp"]:
                if v.pos_ == "VERB" and v.lemma_.lower() in words.motion_verbs:
                    places = [c for c in v.children if c.dep_ == "dobj" and _placeish(c)] + \
                             [g for c in v.children if c.dep_ == "prep" and c.lower_ in {"to", "in"} for g in c.children if _placeish(g)]
                    if places:
                        return _whole_place(places[0])
            return None
        if t.dep_ == "relcl" and has_where:
            head = t.head
            if head.ent_type_ not in {"GPE", "LOC", "FAC"}:
                # "visit Osaka on Wednesday, where he will meet": the clause hangs on the day
                v = head
                for _ in range(3):
                    if v.pos_ == "VERB" or v.head.i == v.i:
                        break
                    v = v.head
                places = [c for c in v.children if c.dep_ == "dobj" and _placeish(c)] + \
                         [g for c in v.children if c.dep_ == "prep" and c.lower_ in {"to", "in"} for g in c.children if _placeish(g)]
                if v.pos_ == "VERB" and v.lemma_.lower() in words.motion_verbs and places:
                    head = places[0]
            if _placeish(head):
                return _whole_place(head)
            return None
        if t.head.i == t.i:
            return None
        t = t.head
    return None


_DATELINE_HEAD = re.compile(r"^\s*([A-Za-z][A-Za-z .'’-]{1,40}?)\s*(?:,|\(|:|/|\s[-—–]|\.\s|$)")
_DATELINE_LINE = re.compile(r"^[ \t]*([A-Z][A-Za-z .'’-]{1,40}?)[ \t]*:[ \t]", re.MULTILINE)


def _dateline_from_text(text: str) -> tuple[str, str | None] | None:
    """The place word(s) opening the first wire dateline ("ISLAMABAD, (APP) --",
    "Dakar, 18 Sept (APS) -", "New Delhi : ..."). Character-level, because the small
    model often tags an all-caps dateline city as PERSON/ORG or splits it, and a dateline
    only counts as a place when the gazetteer knows it."""
    for a, b in dateline_spans(text):
        m = _DATELINE_HEAD.match(text[a:b])
        if m:
            name = m.group(1).strip(" .-")
            name = name.title() if name.isupper() else name
            if _deps.is_place(name):
                return name, _deps.place_country(name) or _deps.country_code(name)
    # "New Delhi : Having ..." near the top: a known place alone before a colon
    for m in _DATELINE_LINE.finditer(text[:600]):
        name = m.group(1).strip(" .-")
        name = name.title() if name.isupper() else name
        if _deps.place_country(name):
            return name, _deps.place_country(name)
    return None


_DATELINE_KEY = "eventx.dateline"


def dateline(doc: Doc) -> tuple[str, str | None] | None:
    """The dateline city ('BEIJING, May 15 --'), used when a meeting sentence names no place
    (found once per Doc: every placeless meeting asks, and the search reads the whole text)."""
    if _DATELINE_KEY not in doc.user_data:
        doc.user_data[_DATELINE_KEY] = _find_dateline(doc)
    return doc.user_data[_DATELINE_KEY]


def _find_dateline(doc: Doc) -> tuple[str, str | None] | None:
    text = doc_text(doc)
    found = _dateline_from_text(text)
    if found is not None:
        return found
    for e in doc_ents(doc):
        if e.label_ != "GPE":
            continue
        before = text[max(0, e.start_char - 2): e.start_char]
        after = text[e.end_char: e.end_char + 2]
        at_line_start = e.start_char == 0 or "\n" in before or text[: e.start_char].strip() == ""
        if at_line_start and after[:1] in {",", ":", " "} and (e.text.isupper() or after[:1] in {",", ":"}):
            if after[:1] == " " and not e.text.isupper():
                continue
            name = e.text.title() if e.text.isupper() else e.text
            return name, _deps.place_country(name) or _deps.country_code(name)
    return None


# ---------------------------------------------------------------- amounts & content
def amount_for(doc: Doc, cand: Candidate, sent: Span) -> object | None:
    """The MONEY figure nearest the trigger; a CARDINAL next to a currency word counts too
    (the small model tags "50 million euros" as CARDINAL + word)."""
    anchor = doc[cand.anchor]
    ents = [e for e in ents_in(sent) if e.label_ in {"MONEY", "CARDINAL"}]
    ents.sort(key=lambda e: abs(e.start - anchor.i))
    for e in ents:
        if e.label_ == "MONEY":
            amt = _deps.parse_amount(e.text)
            if amt is not None and not getattr(amt, "currency", None) and e.start > sent.start:
                # "$2.5bn" with the NER span starting after the symbol
                amt = _deps.parse_amount(doc[e.start - 1: e.end].text) or amt
        else:
            amt = _deps.parse_amount(doc[max(e.start - 1, sent.start): min(e.end + 1, sent.end)].text)
            if amt is not None and not getattr(amt, "currency", None):
                amt = None
        if amt is not None:
            return amt
    return None


def content_of(doc: Doc, head: int | None, words: ArgumentWords, limit: int = 16) -> tuple[str | None, frozenset[str]]:
    """Short phrase for what is asked / promised, and its key lemmas for merging."""
    if head is None:
        return None, frozenset()
    h = doc[head]
    toks = [h]
    stack = [c for c in h.children if c.dep_ not in CONTENT_STOP_DEPS and c.dep_ not in {"nsubj", "nsubjpass", "aux", "auxpass", "neg"}]
    while stack:
        t = stack.pop()
        if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and t.i > head:
            continue  # "... to guarantee X and asked Y to ...": a coordinated clause is a new claim
        toks.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CONTENT_STOP_DEPS)
    toks.sort(key=lambda t: t.i)
    # keep the contiguous window around the head
    toks = [t for t in toks if abs(t.i - head) <= limit]
    if not toks:
        return None, frozenset()
    text = doc[toks[0].i: toks[-1].i + 1].text.strip(" ,.;:\"“”")
    key = set()
    for t in toks:
        if t.pos_ in {"NOUN", "VERB"} and not t.is_stop and t.ent_type_ not in {"GPE", "NORP", "PERSON", "ORG", "MONEY", "DATE"}:
            if t.lemma_.lower() in words.light_content_verbs and t.i != head:
                continue
            key.add(words.content_synonyms.get(t.lemma_.lower(), t.lemma_.lower()))
    return text or None, frozenset(key)


