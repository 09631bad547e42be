"""Merging restatements into one event per real-world event.

News states the same event several times (headline, photo caption, lead,
body). The rules, in order:

* meetings: the same set of participants -> the same meeting ("held separate
  talks with A and B" is split into one meeting per counterpart); a nominal
  restatement ("In the meeting", "the talks") or a mention with fewer than two
  participants attaches to the most recent meeting whose participants include
  the ones it names;
* requests / pledges: a trigger nested inside another of the same type in the
  same sentence ("assured that Ghana would keep backing Togo") is part of
  it; otherwise two mentions merge when their sources agree (same entity, or
  the same country when one side is a country / government) and what they ask
  or promise shares a key word, or when one is a bare nominal restatement
  ("the pledge") following the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .actors import DocActors
from .arguments import Resolved, in_country, is_country
from ._doccache import sentences
from .syntax import that_clause


# restatements of one request / pledge in different words sit close together;
# a similar ask many sentences later is usually a new one
MAX_RESTATEMENT_GAP = 6
# a headline's claim is the lead's: the body sentences it may be matched to
LEAD_SENTENCES = 2


@dataclass
class Group:
    """One output event: its mentions, primary first."""

    type: str
    mentions: list[Resolved] = field(default_factory=list)
    # one of several meetings told in one phrase ("held separate talks with A and B"):
    # its own participants and its number among them (0 = not split)
    only: list[int] | None = None
    part: int = 0

    @property
    def primary(self) -> Resolved:
        for m in self.mentions:
            if not m.cand.restatement:
                return m
        return self.mentions[0]

    @property
    def participants(self) -> list[int]:
        if self.only is not None:
            return list(self.only)
        out: list[int] = []
        for m in self.mentions:
            for p in m.participants:
                if p not in out:
                    out.append(p)
        return out

    @property
    def source(self) -> int | None:
        for m in self.mentions:
            if m.source is not None:
                return m.source
        return None

    @property
    def content_key(self) -> frozenset[str]:
        out: set[str] = set()
        for m in self.mentions:
            out |= m.content_key
        return frozenset(out)


def _same_source(a: int | None, b: int | None, actors: DocActors) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    ea, eb = actors.entity(a), actors.entity(b)
    if (ea.kind in {"country", "organization"} or eb.kind in {"country", "organization"}) and ea.country and ea.country == eb.country:
        return ea.kind != "organization" or eb.kind != "organization" or ea.names[0] == eb.names[0]
    return False


def _nested(a: Resolved, b: Resolved, doc) -> bool:  # type: ignore[no-untyped-def]
    if a.sent_index != b.sent_index:
        return False
    ta, tb = doc[a.cand.anchor], doc[b.cand.anchor]
    return _complement_path(ta, tb) or _complement_path(tb, ta)


def _complement_path(top, low) -> bool:  # type: ignore[no-untyped-def]
    """``low`` hangs under ``top`` through complements only ("promised to continue to
    support", "assured that X will help") -- not through adverbial or coordinated
    clauses ("encouraged ..., while also suggesting ..."), which state new events."""
    if not top.is_ancestor(low):
        return False
    t = low
    while t.i != top.i:
        if t.dep_ in {"advcl", "conj", "parataxis"} or (t.dep_ == "relcl" and not that_clause(t)):
            return False
        t = t.head
    return True


def _distinct(r: Resolved, g: Group) -> bool:
    """Is ``r`` another meeting between the same people rather than a restatement?

    "They agreed to meet again in Samarkand" (planned, after an occurred one),
    "X and Y last met in Seoul" (an earlier one), or two different explicit days.
    """
    if r.modality == "planned" and all(m.modality != "planned" for m in g.mentions):
        # a future meeting after a past one is new when it says where or that it is "again"
        places = {m.location[0] for m in g.mentions if m.location}
        if r.again or (r.location is not None and r.location[0] not in places):
            return True
    if r.earlier:
        return True
    if r.cand.upcoming and not any(m.cand.upcoming for m in g.mentions):
        return True  # "the next session of the working group": a later meeting of the same sides
    if r.location is not None and not r.cand.nominal and not r.cand.restatement:
        # "held talks with Y in Yerevan in May" after "talks in Washington": another meeting
        # compared by country: "in Beijing" and "in China" are the same visit
        countries = {m.location[1] for m in g.mentions if m.location and m.location[1]}
        if r.location[1] and countries and r.location[1] not in countries:
            return True
    if r.date_explicit and r.date is not None:
        days = {m.date for m in g.mentions if m.date_explicit and m.date is not None}
        if days and r.date not in days:
            return True
    return False


def _dated_apart(r: Resolved, g: Group) -> bool:
    """'The first summit was held in Sochi on 22 November 2017' in a story of today's summit:
    a meeting noun with its own stated day, another than the meeting's (or, when that one's
    day is only the filing date, more than a week off), is a background meeting, not a
    restatement."""
    if not r.date_explicit or r.date is None:
        return False
    days = {m.date for m in g.mentions if m.date_explicit and m.date is not None}
    if days:
        return r.date not in days
    guess = g.primary.date
    return guess is not None and abs((r.date - guess).days) > 7


Side = Callable[[int], tuple[str, str | None]]  # entity id -> (kind, country)


def _covered(x: int, ys: list[int], side_of: Side) -> bool:
    """Is participant ``x`` among ``ys``, itself or as the country one of them belongs to?"""
    if x in ys:
        return True
    kind, code = side_of(x)
    return kind == "country" and code is not None and any(side_of(y)[1] == code for y in ys if y != x)


def _headline_sides(g: Group, r: Resolved, side_of: Side) -> bool:
    """'Presidents of Kazakhstan and Uzbekistan hold talks' over 'Tokayev held talks with
    Mirziyoyev': a headline or lead mention whose sides are all the other's, named by their
    country. Only there: further down, 'met China's X' and 'met China's Y' are two meetings."""
    a, b = g.participants, r.participants
    if r.cand.pair_codes or r.cand.upcoming or (r.modality == "planned") != all(m.modality == "planned" for m in g.mentions):
        return False  # "preparations for the A-B Joint Committee meeting, which A will host": another sitting
    return (g.primary.sent_index <= LEAD_SENTENCES and all(_covered(x, b, side_of) for x in a)) or \
        (r.sent_index <= LEAD_SENTENCES and all(_covered(y, a, side_of) for y in b))


def _specific_union(a: list[int], b: list[int], side_of: Side) -> list[int]:
    """Both mentions' participants, a country dropped where one of its people is named."""
    countries = lambda xs: sum(side_of(x)[0] == "country" for x in xs)  # noqa: E731
    first, second = (a, b) if countries(a) <= countries(b) else (b, a)
    out = list(first)
    out += [x for x in second if not _covered(x, out, side_of)]
    return out


def merge_meetings(items: list[Resolved], office_nouns: frozenset[str],
                   holds_office: Callable[[int, str], bool] | None = None,
                   side_of: Side | None = None) -> list[Group]:
    """``holds_office(entity, noun)`` tells whether an entity fits 'the two <noun>s', so
    that 'The two leaders last met ...' joins the leaders' meeting, not the latest one;
    ``side_of`` gives an entity's kind and country, so that a headline naming countries
    joins the body's meeting of their leaders."""
    groups: list[Group] = []
    for r in items:
        parts, own = set(r.participants), list(r.participants)
        if len(parts) >= 2 and not r.cand.restatement:
            same = next((g for g in groups if set(g.participants) == parts and not _distinct(r, g)), None)
            if same is None and side_of is not None:
                same = next((g for g in groups if not g.primary.cand.separate and not r.cand.separate
                             and _headline_sides(g, r, side_of) and not _distinct(r, g)), None)
                if same is not None:
                    same.only = _specific_union(same.participants, own, side_of)
            if same is not None:
                same.mentions.append(r)
                continue
            groups.append(Group("meeting", [r]))
            continue
        # restatement or under-specified mention: the latest compatible meeting
        target = None
        if r.plural_head in office_nouns and holds_office is not None:
            target = next((g for g in reversed(groups) if parts <= set(g.participants)
                           and all(holds_office(p, r.plural_head) for p in g.participants)), None)
        for g in reversed(groups if target is None else []):
            if parts <= set(g.participants):
                target = g
                break
        if target is None and r.cand.restatement and r.cand.nominal and len(parts) >= 2:
            # "During the meeting, X asked Y ...": the nearest meeting told before, whose
            # participants the parse names less exactly (a person for a country, a side for
            # its envoy); with none before, the pair is the meeting
            if not groups:
                groups.append(Group("meeting", [r]))
                continue
            target = groups[-1]
            r.participants = []
        if target is not None:
            if _dated_apart(r, target):
                # a background meeting: its own event when it names its sides, else left out
                # (its day and place must not become the story's meeting's)
                r.participants = own
                if len(own) >= 2:
                    groups.append(Group("meeting", [r]))
                continue
            if _distinct(r, target) and not r.cand.nominal:
                # "The presidents agreed to meet in Samarkand": a new meeting of the same people
                r.participants = list(target.participants)
                groups.append(Group("meeting", [r]))
                continue
            target.mentions.append(r)
    _share_places(groups)
    return _split_separate(groups)


def _share_places(groups: list[Group]) -> None:
    """A meeting whose own sentences name no place took place where the article's other
    meeting of the same visit did ("Lula met Xi in Beijing ... He then met Zhao"): the
    nearest located meeting that shares a participant, has the same status and no other
    day. Set on the primary mention, before the dateline fallback."""
    def place(g: Group) -> tuple[str, str | None] | None:
        return next((m.location for m in g.mentions if m.location), None)

    def day(g: Group) -> object:
        return next((m.date for m in g.mentions if m.date_explicit), None)

    def status(g: Group) -> bool:
        return all(m.modality == "planned" for m in g.mentions)

    located = [g for g in groups if place(g) is not None and not any(m.earlier for m in g.mentions)]
    for g in groups:
        own = place(g)
        if (own is not None and not is_country(own)) or any(m.earlier for m in g.mentions):
            continue
        here = g.primary.sent_index
        near = sorted((o for o in located if set(o.participants) & set(g.participants) and status(o) == status(g)
                       and (day(o) is None or day(g) is None or day(o) == day(g))),
                      key=lambda o: abs(o.primary.sent_index - here))
        if own is not None:
            # "a visit to China" with the other meeting "in Beijing": the city, with the country
            near = [o for o in near if place(o)[1] == own[1] and not is_country(place(o))]  # type: ignore[index]
            if near:
                g.primary.location = in_country(place(near[0]), own)  # type: ignore[arg-type]
        elif near:
            g.primary.location = place(near[0])


def _split_separate(groups: list[Group]) -> list[Group]:
    """'held separate talks with A and B' is one meeting per counterpart: the first
    participant (the subject) with each of the others."""
    out: list[Group] = []
    for g in groups:
        parts = g.participants
        if not g.primary.cand.separate or len(parts) < 3:
            out.append(g)
            continue
        out.extend(Group("meeting", list(g.mentions), only=[parts[0], p], part=k) for k, p in enumerate(parts[1:], 1))
    return out


def _own_sums(g: Group) -> set[tuple[object, object, int]]:
    return {(getattr(m.amount, "currency", None), getattr(m.amount, "value", None), m.sent_index)
            for m in g.mentions if m.amount is not None and m.amount_own and getattr(m.amount, "currency", None)}


def _same_sum(a: Group, b: Group) -> bool:
    """Both groups state the same sum (currency and value) as their own argument, in
    different sentences: the same offer told twice (a live blog's key points and its entry)."""
    return any(ca == cb and va == vb and ka != kb for ca, va, ka in _own_sums(a) for cb, vb, kb in _own_sums(b))


def _compatible_source(a: int | None, b: int | None, actors: DocActors) -> bool:
    """Could both be the same giver / asker? Unknown, the same, or one an organisation
    of no known country ('FG' in a headline, the minister who asked in the body)."""
    if a is None or b is None or _same_source(a, b, actors):
        return True
    ea, eb = actors.entity(a), actors.entity(b)
    return any(e.kind == "organization" and e.country is None for e in (ea, eb))


def _merge_same_sums(groups: list[Group], actors: DocActors) -> list[Group]:
    out: list[Group] = []
    for g in groups:
        into = next((o for o in out if _compatible_source(o.source, g.source, actors) and _same_sum(o, g)), None)
        if into is None:
            out.append(g)
        else:
            into.mentions.extend(g.mentions)
    return out


def _body_start(doc) -> int:  # type: ignore[no-untyped-def]
    """Index of the first sentence that ends like prose (a full stop, ! or ?): the ones
    before it are the title, headline and navigation lines of the page."""
    for k, s in enumerate(sentences(doc)):
        words = [t for t in s if not t.is_space]
        if words and words[-1].text in {".", "!", "?", '"', "”"} and len(words) > 3:
            return k
    return 0


def _no_conflict(a: int | None, b: int | None, actors: DocActors) -> bool:
    """Sources that could be one party: unknown, the same, or not of two different countries."""
    if a is None or b is None or _same_source(a, b, actors):
        return True
    ca, cb = actors.entity(a).country, actors.entity(b).country
    return not (ca and cb and ca != cb)


def _merge_headlines(groups: list[Group], actors: DocActors, doc) -> list[Group]:  # type: ignore[no-untyped-def]
    """'Pakistan seeks Chinese investment' over a lead that says the minister sought it:
    a claim told only in the headline is the lead's first claim of its kind, when their
    sources do not belong to two different countries. The headline's mentions go after the
    body's, so the body's trigger and fuller source lead the event."""
    start = _body_start(doc)
    if start == 0:
        return groups
    out = list(groups)
    for g in groups:
        if not all(m.sent_index < start for m in g.mentions):
            continue
        lead = [o for o in out if o is not g and min(m.sent_index for m in o.mentions) >= start
                and min(m.sent_index for m in o.mentions) < start + LEAD_SENTENCES and _no_conflict(o.source, g.source, actors)]
        if lead:
            into = min(lead, key=lambda o: min(m.sent_index for m in o.mentions))
            into.mentions.extend(g.mentions)
            out.remove(g)
    return out


def merge_claims(items: list[Resolved], actors: DocActors, doc) -> list[Group]:  # type: ignore[no-untyped-def]
    groups: list[Group] = []
    for r in items:
        placed = False
        for g in reversed(groups):
            if any(_nested(m, r, doc) for m in g.mentions):
                g.mentions.append(r)
                placed = True
                break
        if placed:
            continue
        if r.cand.restatement and (r.source is None or (r.cand.type == "request" and not r.cand.nominal)):
            # "the pledge" / "made the request": a pointer back to the latest one of its kind
            if groups:
                groups[-1].mentions.append(r)
                continue
            if r.source is None:
                continue
        for g in reversed(groups):
            if not _same_source(g.source, r.source, actors):
                continue
            same_text = any(doc[m.cand.span[0]:m.cand.span[1]].text == doc[r.cand.span[0]:r.cand.span[1]].text and m.content == r.content for m in g.mentions)
            additive = r.also and not same_text
            near = min(abs(m.sent_index - r.sent_index) for m in g.mentions) <= MAX_RESTATEMENT_GAP
            if same_text or (not additive and (((g.content_key & r.content_key) and near) or r.cand.nominal)):
                g.mentions.append(r)
                placed = True
                break
        if not placed:
            groups.append(Group(r.cand.type, [r]))
    return _merge_headlines(_merge_same_sums(groups, actors), actors, doc)
