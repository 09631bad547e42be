"""Who a request or pledge is addressed to, when the trigger's frame named nobody.

Why a chain of fallbacks: a dyad (source -> target) is the core of an event
record, and real copy names the target in many places besides the verb's
object -- inside the content ("pledged to provide support to Cambodia",
"offered to cooperate with New Delhi", "a package towards Bhutan's plan"), as
the addressee of the speech that carries the claim ("Ambassador X told the
minister that China will ..."), or only by the meeting the claim was made at
(the counterpart across the table). The chain asks those places in that
order, nearest and most explicit first; every candidate must be another
party than the source (not the source, not its own country).
Pure functions of the parse and the article's actors.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .actors import DocActors

_TARGET_DEPS = {"dative", "dobj", "poss"}


def _other_side(eid: int | None, source: int | None, actors: DocActors) -> bool:
    """Is ``eid`` a party other than the source (neither the source nor its own country)?"""
    if eid is None or eid == source:
        return False
    e = actors.entity(eid)
    if e.kind == "other":
        return False
    if source is None:
        return True
    s = actors.entity(source)
    return not (e.country and s.country and e.country == s.country)


def _first_other(toks: Iterable[Token], source: int | None, actors: DocActors, speaker: int | None) -> int | None:
    for t in toks:
        eid, _ = actors.resolve(t, speaker)
        if _other_side(eid, source, actors):
            return eid
    return None


def content_target(anchor: Token, preps: frozenset[str], source: int | None, actors: DocActors,
                   speaker: int | None) -> int | None:
    """A party named inside the claim itself: the object of a 'to' / 'for' / 'with' in the
    trigger's own phrase, an indirect object, or the owner of what is supported
    ("Bhutan's five-year plan"), nearest after the trigger first."""
    words = [t for t in anchor.subtree if t.i != anchor.i]
    cands = []
    for t in words:
        if t.dep_ in {"pobj", "pcomp"} and t.head.lower_ in preps:
            cands.append(t)
        elif t.dep_ in _TARGET_DEPS and not (t.dep_ == "dobj" and t.pos_ == "NOUN"):
            cands.append(t)  # a common-noun object ("send one Patriot system") is the thing given
    after = sorted((t for t in cands if t.i > anchor.i), key=lambda t: t.i)
    before = sorted((t for t in cands if t.i < anchor.i), key=lambda t: -t.i)
    return _first_other(after + before, source, actors, speaker)


def addressee(anchor: Token, verbs: frozenset[str], source: int | None, actors: DocActors,
              speaker: int | None) -> int | None:
    """The party the claim was told to: the object of the reporting verb above the trigger
    ("told Foreign Secretary X that China will ...", "assured the envoy that ...")."""
    for verb in anchor.ancestors:
        if verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in verbs:
            heard = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
            heard += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                      for g in c.children if g.dep_ == "pobj"]
            return _first_other(heard, source, actors, speaker)
    return None


def counterpart(meeting_sides: list[list[int]], source: int | None, actors: DocActors) -> int | None:
    """The other side of the latest meeting the source took part in (or, failing that, of
    the latest meeting told): whoever sat across the table is who was asked or promised."""
    for sides in reversed(meeting_sides):
        if source in sides:
            for eid in sides:
                if _other_side(eid, source, actors):
                    return eid
    for sides in reversed(meeting_sides):
        for eid in sides:
            if _other_side(eid, source, actors):
                return eid
    return None


def signed_donor(source: int | None, target: int | None, home: str | None, actors: DocActors) -> bool:
    """Is the target, not the source, the donor of a signed grant or loan agreement?
    "Ethiopia signed grant agreements with Denmark", "the governments of Ethiopia and
    France signed two grant agreements": either party may be the subject, and the
    recipient is the side the story is told from -- the dateline's country, else the
    country the article names most. So the source must be the other side."""
    if source is None or target is None:
        return False
    home = home or _most_named_country(actors)
    s, t = actors.entity(source).country, actors.entity(target).country
    return bool(home) and s == home and t != home


def _most_named_country(actors: DocActors) -> str | None:
    counts: dict[str, int] = {}
    for e in actors.entities:
        if e.country and e.positions:
            counts[e.country] = counts.get(e.country, 0) + len(e.positions)
    return max(counts, key=lambda c: counts[c]) if counts else None


def main_other_country(source: int | None, actors: DocActors) -> int | None:
    """The country the article is most about, other than the source's: aid and requests
    in a story about one relationship are addressed across it ("Norway announced a grant"
    in a story on Malawi's floods). Counted over every actor that carries a country
    (its government, its officials), answered as the country itself."""
    counts: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for e in actors.entities:
        if e.country and e.positions:
            counts[e.country] = counts.get(e.country, 0) + len(e.positions)
            firsts[e.country] = min(firsts.get(e.country, e.positions[0]), e.positions[0])
    for code in sorted(counts, key=lambda c: (-counts[c], firsts[c])):
        eid = actors.country_entity(code)
        if _other_side(eid, source, actors):
            return eid
    return None


_ARTICLES = {"the", "a", "an"}


def group_addressee(anchor: Token, actors: DocActors, words: dict) -> str | None:
    """The parties a request is addressed to when the text names them only by a common
    noun ("called on allies to ...", "urged commercial banks to ...", "appealed to all
    parties", "extended an invitation to the newly appointed ambassadors"): the party
    asked is that group, not a country found further off. The noun phrase (articles
    and pronoun possessives dropped) is the target's name; a noun that resolves to an
    actor is left to the actor path. ``words``: triggers_request.json's group_addressee."""
    heard = [g for c in anchor.children if c.dep_ in {"prep", "prt"} and c.lower_ in {"on", "upon", "to"}
             for g in c.children if g.dep_ == "pobj"]
    objs = [c for c in anchor.children if c.dep_ in {"dobj", "dative"}]
    if anchor.lemma_.lower() in words["object_verbs"] and any(
            c.dep_ in {"xcomp", "ccomp"} or c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in anchor.children):
        heard += objs  # "urged banks to cut rates": the object is who is asked
    heard += [g for n in objs if n.lemma_.lower() == "invitation" for c in n.children
              if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    for t in heard:
        # "the newly appointed Ambassadors": a capitalised plural the tagger calls a proper noun
        capitalised = t.pos_ == "PROPN" and t.lower_.endswith("s") and len(t) > 3
        if not (t.pos_ == "NOUN" or capitalised) or t.ent_type_ or actors.resolve(t)[0] is not None:
            continue
        if t.tag_ != "NNS" and not capitalised and t.lemma_.lower() not in words["collective_nouns"]:
            continue  # "asked the most powerful politician": one person, for the actor path
        if any(w.lower_ in words["mutual_words"] for w in t.subtree if w.i < t.i):
            continue  # "encouraged both sides": the source's own side among them
        return _noun_phrase(t)
    return None


def _noun_phrase(noun: Token) -> str:
    words = [w for c in noun.lefts if c.dep_ in {"amod", "compound", "nmod", "det", "predet", "nummod", "poss"}
             for w in c.subtree]
    words = [w for w in words if not (w.lower_ in _ARTICLES or w.pos_ == "PRON" or w.dep_ == "case" and w.head.pos_ == "PRON")]
    return " ".join(w.text for w in sorted(words, key=lambda w: w.i) + [noun])
