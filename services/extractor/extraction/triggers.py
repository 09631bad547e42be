"""Trigger classification: which marked tokens state a meeting, request or pledge.

Each candidate token from the Matcher is checked against its lexicon frame
using the dependency parse (its object, particles, prepositions, auxiliaries),
which is what separates "met Xi" from "met the demands", "called on Xi" from
"called the trial", or "extended a $400 million loan" from "extended his
stay". Output is a list of ``Candidate`` objects carrying the argument
tokens found on the way; resolution to actors happens in ``arguments``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from . import _deps
from ._doccache import sent_of
from .actors import DocActors
from .lexicon import Lexicon, TriggerWords

SKIP_ENT_TYPES = {"ORG", "EVENT", "WORK_OF_ART", "LAW", "FAC", "PRODUCT"}
SUBJ = {"nsubj", "nsubjpass", "csubj"}


@dataclass
class Candidate:
    """One trigger occurrence before argument resolution."""

    type: str
    anchor: int
    span: tuple[int, int]  # token span [start, end)
    lemma: str
    nominal: bool = False
    restatement: bool = False
    cameo: str | None = None
    plover: str | None = None
    subj: list[int] = field(default_factory=list)
    objs: list[int] = field(default_factory=list)  # counterpart / target heads
    content_head: int | None = None
    from_source: list[int] = field(default_factory=list)  # "pledge of Japan", "support from China"
    passive: bool = False
    frame: str = "explicit"  # explicit | future | intent | give | nominal
    # "the next meeting of the India-Nepal Joint Commission": the two countries named in a
    # bilateral body's name are the participants (ISO codes; resolved in the pipeline)
    pair_codes: list[str] = field(default_factory=list)
    upcoming: bool = False  # "the next session": a later meeting, never a restatement of this one


def _that_clause(tok: Token) -> bool:
    """'assured the envoy that the government is committed ...': a that-clause the parser
    hung on the object as a relative clause (a real relative clause has no 'that' marker)."""
    return tok.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


def _aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "aux"}


def _children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(tok: Token, preps: set[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in {"prep", "prt", "agent"} and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ in {"pobj", "pcomp"})
    return out


def _countries_of_group(toks: list[Token]) -> list[Token]:
    """'Transport ministers from Kenya and Uganda will meet ...': a plural group drawn from
    several named places stands for each of them (the place names, not the group noun)."""
    out: list[Token] = []
    for t in toks:
        places = []
        if t.tag_ in {"NNS", "NNPS"}:
            places = [g for g in _pobjs(t, {"from", "of"}) if g.ent_type_ in {"GPE", "NORP"}]
        members = _with_conj(places)
        out.extend(members if len(members) >= 2 else [t])
    return out


def _with_conj(toks: list[Token]) -> list[Token]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _appos_conj(toks: list[Token]) -> list[Token]:
    """'top legislator Li Ming and senior adviser Wang Hai met ...': the parser makes the
    title the subject, the first name its apposition and the second name a conjunct of
    that apposition, so the second party is not a conjunct of the subject itself."""
    out = []
    for t in toks:
        names = [a for a in t.children if a.dep_ == "appos" and a.ent_type_ == "PERSON"]
        coordinated = any(c.dep_ == "cc" for a in [t, *names] for c in a.children)
        for a in names:
            out.extend(c for c in a.conjuncts if c.i > a.i and c.ent_type_ == "PERSON")
        if coordinated:
            # or as a second apposition of the subject: "lawmaker A and veteran diplomat B"
            out.extend(names[1:])
    return out


def _has_money(tok: Token, lex: Lexicon) -> bool:
    money = set(lex.pledge["money_nouns"])
    for t in tok.subtree:
        if t.ent_type_ == "MONEY" or t.lemma_.lower() in money or t.lower_ in lex.triggers.money_hints:
            return True
    return False


def _is_actor_phrase(tok: Token, actors: DocActors, person_only: bool = False) -> bool:
    eid, how = actors.resolve(tok)
    if eid is None:
        return False
    if person_only:
        return actors.entity(eid).kind in {"person", "organization"}
    return actors.entity(eid).kind != "other"


FINITE_TAGS = {"VBD", "VBZ", "VBP"}


def _finite_governor(t: Token) -> Token | None:
    """'X urged India to allow Nepal to sell power and sought Delhi's support': a past-tense
    verb cannot be coordinated with an infinitive, so a conjunct the parser hung on "to sell"
    belongs to the finite verb above the infinitive chain; that verb's subject is its subject."""
    if t.dep_ != "conj" or t.tag_ != "VBD":
        return None
    h = t.head
    if h.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children):
        return None
    for _ in range(4):
        if h.dep_ not in {"xcomp", "ccomp", "advcl"} or h.head.i == h.i:
            return None
        h = h.head
        if h.tag_ in FINITE_TAGS:
            return h
    return None


def _subjects(tok: Token, reporting_verbs: frozenset[str]) -> list[Token]:
    """Subject of ``tok``, climbing through xcomp / conj / relative clauses."""
    t = tok
    for _ in range(5):
        s = _children(t, SUBJ)
        if s:
            return _with_conj(s) + _appos_conj(s)
        if t.dep_ == "relcl":
            return [t.head]
        h = _finite_governor(t)
        if h is not None:
            t = h
            continue
        if t.dep_ == "conj" and t.tag_ == "VBD" and any(c.dep_ == "aux" and c.lower_ in {"would", "will"} for c in t.head.children):
            # "X said Beijing would help Y and pledged to ...", "X expressed the hope that China
            # would open its market and invited ...": the past-tense verb is the speaker's
            # second act, mis-attached to the reported clause
            h = t.head
            if h.dep_ == "ccomp" and h.head.lemma_.lower() in reporting_verbs:
                t = h.head
                continue
            that = _that_clause(h) or (h.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in h.children))
            if that and h.head.dep_ == "dobj" and h.head.head.pos_ == "VERB":
                t = h.head.head
                continue
        if t.dep_ == "acl" and t.head.dep_ == "ROOT" and t.head.pos_ in {"NOUN", "PROPN"} and t.tag_ in {"VBD", "VBN"}:
            return [t.head]  # verbless mis-parse: "The Thai premier promised of ..." 
        if t.dep_ in {"xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "acomp"} and t.head.i != t.i:
            if t.dep_ == "ccomp":
                break
            t = t.head
            continue
        if t.dep_ in {"pobj", "prep", "dobj", "npadvmod", "nsubj"} and t.head.i != t.i:
            t = t.head
            continue
        break
    return []


class TriggerFinder:
    """Turns Matcher candidates into typed ``Candidate`` triggers."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.words = lex.triggers
        m = lex.meeting
        self.m_verbs = m["verbs"]
        self.m_nouns = m["nouns"]
        self.light = set(m["light_verbs"])
        self.call_mods = set(m["call_modifiers"])
        self.meet_mods = set(m["meeting_modifiers"])
        self.r_verbs = lex.request["verbs"]
        self.r_phrases = lex.request["phrases"]
        self.must_speech = set(lex.request["must_frames"]["speech"])
        self.must_modals = set(lex.request["must_frames"]["modals"])
        wp = lex.meeting["welcome_phrase"]
        self.welcome_verbs = set(wp["verbs"])
        self.welcome_preps = set(wp["preps"])
        self.p_verbs = lex.pledge["verbs"]
        self.p_future = set(lex.pledge["future_verbs"])
        self.p_give = set(lex.pledge["give_verbs"])
        # "will expand its ODA to Africa": growing one's own aid is an undertaking
        self.p_grow = set(lex.pledge.get("grow_verbs", []))
        self.p_nouns = lex.pledge["nouns"]
        self.non_pledge_objects = set(lex.pledge["non_pledge_objects"])
        self.hostile = set(lex.pledge["hostile_verbs"])
        self.intent = {k: v for k, v in lex.pledge["intent_frames"].items() if not k.startswith("_")}
        self.weak_intent = set(lex.pledge["weak_intent_verbs"]) - {"agree"}
        # "will send a team", "would stand by Cambodia": undertakings only with these objects / prepositions
        self.p_objects = {k: set(v) for k, v in lex.pledge.get("future_verb_objects", {}).items() if not k.startswith("_")}
        self.p_preps = {k: set(v) for k, v in lex.pledge.get("future_verb_preps", {}).items() if not k.startswith("_")}

    def _subjects(self, tok: Token) -> list[Token]:
        return _subjects(tok, self.words.reporting_verbs)

    def _upcoming(self, tok: Token) -> bool:
        return _upcoming(tok, self.words)

    def _bilateral_body(self, tok: Token) -> list[str]:
        return _bilateral_body(tok, self.words)

    def session_of_body(self, tok: Token) -> bool:
        return session_of_body(tok, self.words)

    def find(self, doc: Doc, actors: DocActors) -> list[Candidate]:
        out: list[Candidate] = []
        used_nouns: set[int] = set()
        for i, _label in doc._.eventx_candidates or []:
            tok = doc[i]
            if tok.ent_type_ in SKIP_ENT_TYPES and tok.pos_ in {"NOUN", "PROPN"}:
                continue
            for fn in (self._meeting, self._request, self._pledge):
                c = fn(tok, actors, used_nouns)
                if c is not None:
                    out.append(c)
                    break
        return out

    # ---------------------------------------------------------------- meeting
    def _meeting(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"}:
            if lemma == "pay":
                for n in _children(tok, {"dobj"}):
                    if n.lemma_.lower() == "visit":
                        hosts = self._inviter(tok, actors) or self._inviter(n, actors)
                        # "paid him a courtesy visit", "paid a courtesy visit to the minister": a person hosts
                        hosts = hosts or [h for h in _children(tok, {"dative"}) + _pobjs(n, {"to", "on"}) + _pobjs(tok, {"to", "on"})
                                          if _is_actor_phrase(h, actors) and actors.entity(actors.resolve(h)[0]).kind == "person"]
                        if hosts:
                            used.add(n.i)
                            return Candidate("meeting", tok.i, (tok.i, n.i + 1), "visit", cameo="042",
                                             subj=[s.i for s in self._subjects(tok)], objs=[h.i for h in hosts])
            if lemma in self.light:
                for n in _children(tok, {"dobj"}) + _pobjs(tok, {"in"}):
                    nl = n.lemma_.lower()
                    if nl in {"conference", "videoconference", "teleconference"} and any(_is_actor_phrase(w, actors) for w in _pobjs(n, {"with"}) + _pobjs(tok, {"with"})):
                        used.add(n.i)  # "held a video conference with X" (not "held a press conference")
                        objs = _with_conj(_pobjs(n, {"with"}) + _pobjs(tok, {"with"}))
                        return Candidate("meeting", tok.i, (tok.i, n.i + 1), "conference", cameo="040",
                                         subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in objs])
                    if nl in {"talk", "meeting", "conversation", "discussion", "consultation", "negotiation", "dialogue"} or (nl == "call" and self._call_mod(n)):
                        used.add(n.i)
                        objs = _with_conj(_pobjs(n, {"with", "between"}) + _pobjs(tok, {"with"}))
                        if nl == "call":
                            objs += _with_conj(_pobjs(n, {"on", "upon", "from"}) + _pobjs(tok, {"on", "upon", "from"}))  # "paid a courtesy call on X"
                        subj = self._subjects(tok)
                        if n.lemma_.lower() == "talk" or not objs:
                            objs = objs or _with_conj(_pobjs(n, {"between"}))
                        return Candidate("meeting", tok.i, (tok.i, n.i + 1), nl, cameo=self.m_nouns.get(nl, {}).get("cameo", "040"), subj=[s.i for s in subj], objs=[o.i for o in objs])
                    if nl in self.words.session_nouns and (self._upcoming(n) or self._bilateral_body(n) or (self.session_of_body(n) and _country_pair(self._subjects(tok)))):
                        # "agreed to hold the next session of the bilateral working group"
                        used.add(n.i)
                        objs = _with_conj(_pobjs(n, {"with"}) + _pobjs(tok, {"with"}))
                        subj = self._subjects(tok)
                        # "Laos and Vietnam will hold the next session of the joint commission"
                        pair = self._bilateral_body(n) or (_country_pair(subj) if not objs else [])
                        return Candidate("meeting", tok.i, (tok.i, n.i + 1), nl, cameo="040", subj=[s.i for s in subj],
                                         objs=[o.i for o in objs], pair_codes=pair, upcoming=self._upcoming(n))
                    if lemma == "host" and nl in {"dinner", "banquet", "lunch", "luncheon", "reception"}:
                        objs = _pobjs(n, {"for"}) + _pobjs(tok, {"for"})
                        if objs:
                            used.add(n.i)
                            return Candidate("meeting", tok.i, (tok.i, n.i + 1), "host", cameo="043", subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in _with_conj(objs)])
            if lemma in self.welcome_verbs:
                for n in _children(tok, {"dobj"}):
                    if n.lemma_.lower() == "welcome":
                        objs = [o for o in _pobjs(n, self.welcome_preps) + _pobjs(tok, self.welcome_preps) if _is_actor_phrase(o, actors)]
                        if objs:
                            used.add(n.i)
                            return Candidate("meeting", tok.i, (tok.i, n.i + 1), "welcome", cameo="043", subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in _with_conj(objs)])
            frame = self.m_verbs.get(lemma)
            if frame is None:
                return None
            if tok.lower_ == "visiting" and tok.dep_ in {"amod", "compound", "nmod", "acl"} and tok.head.i > tok.i:
                return None  # "received visiting Minister X": a modifier; the receiving is the meeting
            if tok.lower_ == "visiting" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in {"receive", "host", "welcome", "meet"}:
                # mis-parse of "received visiting Minister X": the head verb is the trigger
                head = tok.head
                guests = [d for d in _with_conj(_children(tok, {"dobj"})) if _is_actor_phrase(d, actors)]
                if guests:
                    hf = self.m_verbs.get(head.lemma_.lower(), {})
                    return Candidate("meeting", head.i, (head.i, tok.i + 1), head.lemma_.lower(), cameo=hf.get("cameo"),
                                     subj=[s.i for s in self._subjects(head)], objs=[g.i for g in guests])
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in self.r_verbs:
                return None  # "invited Xi to visit Thailand": the visit is what is asked for
            if frame.get("particle") and not any(c.dep_ == "prt" and c.lower_ == frame["particle"] for c in tok.children):
                return None  # "sat down with", not "sat on the board"
            if lemma == "sit":
                subj = self._subjects(tok)
                withs = _with_conj(_pobjs(tok, {"with"}))
                together = any(c.lower_ == "together" for c in tok.children)
                if withs and any(_is_actor_phrase(w, actors) for w in withs):
                    return Candidate("meeting", tok.i, (tok.i, tok.i + 2), lemma, cameo=frame.get("cameo"), subj=[t.i for t in subj], objs=[w.i for w in withs])
                if together and subj:
                    # every person named in the (coordinated) subject
                    heads = sorted({actors.mention_at(t).head for s in subj for t in s.subtree if t.i < tok.i
                                    and actors.mention_at(t) is not None and actors.mention_at(t).kind == "person"})
                    subj = [tok.doc[h] for h in heads]
                if together and len([t for t in subj if _is_actor_phrase(t, actors)]) >= 2:
                    # "Lindqvist, Milosevic and Gashi sat down together": the conjoined subjects meet
                    return Candidate("meeting", tok.i, (tok.i, tok.i + 3), lemma, cameo=frame.get("cameo"), subj=[t.i for t in subj[:1]], objs=[t.i for t in subj[1:]])
                return None
            dobj = _with_conj(_children(tok, {"dobj"}))
            pobj = _with_conj(_pobjs(tok, set(frame.get("preps", []))))
            if lemma in {"receive", "host", "welcome"} and not dobj and not any(c.dep_ == "auxpass" for c in tok.children):
                dobj = self._guest_after_adverbials(tok, actors)
            if not pobj and "with" in frame.get("preps", []):
                # "spoke by telephone with X", "talked over the phone with X"
                for medium in _pobjs(tok, {"by", "over", "via", "on"}):
                    if medium.lemma_.lower() in {"telephone", "phone", "video", "videoconference", "videolink", "link", "line"}:
                        pobj = _with_conj(_pobjs(medium, {"with"}))
            if any(c.dep_ == "auxpass" for c in tok.children):
                pobj += _with_conj(_pobjs(tok, {"by"}))  # "was received by X"
            if frame.get("prep_required") and not pobj:
                return None
            if lemma == "call" and not any(_is_actor_phrase(p, actors) for p in pobj) and self._bare_on(tok):
                # "to call on | Prime Minister X on Thursday": the parser left "on" empty and
                # made the host the verb's object
                pobj = [d for d in dobj if _is_actor_phrase(d, actors)] + pobj
            if lemma == "call" and not any(_is_actor_phrase(p, actors) for p in pobj):
                return None
            if lemma == "call" and (_children(tok, {"xcomp", "ccomp"}) or any(_children(p, {"acl", "xcomp", "relcl"}) for p in pobj)
                                    or any(c.dep_ in {"prep", "aux"} and c.lower_ == "to" and c.i > tok.i for c in tok.children)):
                return None  # "called on India to reopen the border" is a request (also when "to" is misparsed as a preposition)
            if frame.get("object") and frame.get("preps") and not frame.get("object_actor_only"):
                if not any(_is_actor_phrase(o, actors) for o in dobj + pobj):
                    return None  # "talked the matter over", "negotiate a ceasefire": no counterpart
            if lemma == "visit":
                inviter = self._inviter(tok, actors)
                if inviter:
                    # "visited Hanoi at the invitation of Prime Minister X": X hosts the visitor
                    return Candidate("meeting", tok.i, (tok.i, tok.i + 1), lemma, cameo=frame.get("cameo"),
                                     subj=[s.i for s in self._subjects(tok)], objs=[i.i for i in inviter])
            if frame.get("object_actor_only"):
                dobj = [d for d in dobj if d.lemma_.lower() not in self.words.event_nouns]
                passive_args = _children(tok, {"nsubjpass"}) + pobj if any(c.dep_ == "auxpass" for c in tok.children) else []
                if not any(_is_actor_phrase(d, actors, frame.get("person_object", False)) for d in dobj + passive_args):
                    return None
            if lemma == "meet" and dobj and not any(_is_actor_phrase(d, actors) for d in dobj):
                return None
            objs = [t.i for t in dobj + pobj]
            if frame.get("object") and not objs:
                return None
            end = tok.i + 1
            for c in tok.children:
                if c.dep_ in {"prep", "prt"} and c.lower_ in set(frame.get("preps", [])) and c.i == end:
                    end = c.i + 1
            subj = _countries_of_group(self._subjects(tok))
            return Candidate("meeting", tok.i, (tok.i, end), lemma, cameo=frame.get("cameo"), subj=[s.i for s in subj], objs=objs, passive=any(c.dep_ == "auxpass" for c in tok.children))
        if tok.pos_ in {"NOUN", "PROPN"} and lemma in self.m_nouns and tok.i not in used:
            info = self.m_nouns[lemma]
            if info.get("host_only"):
                return None
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            prev = tok.doc[tok.i - 1] if tok.i > 0 else None
            if tok.is_title and not tok.is_sent_start and ((nxt is not None and nxt.lower_ == "of") or (prev is not None and (prev.like_num or prev.ent_type_ == "ORDINAL"))):
                return None  # a named event ("the 4th Meeting of the Joint Committee"), not a meeting report
            if lemma == "talk" and tok.tag_ not in {"NNS", "NNPS"}:
                return None
            if tok.tag_ in {"NNS", "NNPS"} and lemma not in {"talk", "negotiation", "consultation", "discussion"}:
                return None
            with_ = _with_conj(_pobjs(tok, {"with"}))
            if not with_:
                # "talks later that week with X": the PP may hang off a modifier inside the phrase
                for t in tok.subtree:
                    if t.i > tok.i and t.dep_ == "prep" and t.lower_ == "with" and t.i - tok.i <= 8:
                        with_ = _with_conj([g for g in t.children if g.dep_ == "pobj"])
                        break
            between = _with_conj(_pobjs(tok, {"between", "among"}))
            mods = {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}}
            is_call = bool(mods & self.call_mods)
            if info.get("needs_modifier") and not is_call:
                return None
            if info.get("needs_with") and not with_:
                return None
            if info.get("needs_between") and not between:
                return None
            start = min([tok.i] + [c.i for c in tok.children if c.dep_ in {"compound", "amod"} and c.lower_ in self.meet_mods | self.call_mods])
            dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
            args = [t.i for t in with_ + between]
            # "X's meeting with Y": the possessor is a participant
            poss = [c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            subj = [p.i for p in poss]
            if not args and not poss and tok.dep_ == "pobj" and tok.head.lower_ in {"during", "at", "in"} and tok.head.head.pos_ == "VERB" \
                    and lemma in {"talk", "meeting", "consultation", "discussion", "negotiation"}:
                # "X pressed Y during talks in Washington": the talks are between X and Y
                verb = tok.head.head
                vsubj = [t for t in self._subjects(verb) if _is_actor_phrase(t, actors)]
                vobj = [t for t in _children(verb, {"dobj"}) + _pobjs(verb, {"with"}) if _is_actor_phrase(t, actors)]
                if vsubj and vobj:
                    # "During the meeting, X asked Y ...": a definite article points back to a meeting
                    # already told; the asker and the asked are not a new pair of participants
                    definite = bool(dets & {"the", "this", "that"})
                    return Candidate("meeting", tok.i, (tok.head.i, tok.i + 1), lemma, nominal=True, cameo=info.get("cameo"),
                                     subj=[t.i for t in vsubj], objs=[t.i for t in vobj], restatement=definite)
            pair = self._bilateral_body(tok) if lemma in self.words.session_nouns and not args else []
            if pair:
                # "at the next meeting of the Cambodia-Laos Joint Commission", "the Ghana-China
                # Joint Economic Commission meeting": the body's two countries meet
                lo = min([tok.i] + [t.i for t in tok.subtree if t.i < tok.i and t.dep_ != "det"])
                return Candidate("meeting", tok.i, (lo, tok.i + 1), lemma, nominal=True, cameo=info.get("cameo"),
                                 pair_codes=pair, upcoming=self._upcoming(tok))
            if not args and not is_call and not (mods & self.meet_mods):
                if dets & set(self.lex.meeting["restatement_determiners"]) and not _of_body(tok):
                    return Candidate("meeting", tok.i, (start, tok.i + 1), lemma, nominal=True, restatement=True, cameo=info.get("cameo"))
                return None
            if not subj and not between:
                subj = [s.i for s in self._subjects(tok)]
            return Candidate("meeting", tok.i, (start, tok.i + 1), lemma, nominal=True, cameo=info.get("cameo"), subj=subj, objs=args)
        return None

    def _guest_after_adverbials(self, tok: Token, actors: DocActors) -> list[Token]:
        """'received today at his office in Abu Dhabi H.E. X': the parser hangs the guest on
        the place phrase; the first person named after the verb, with only time and place
        words in between, is the one received."""
        doc = tok.doc
        for k in range(tok.i + 1, min(len(doc), tok.i + 16)):
            t = doc[k]
            m = actors.mention_at(t)
            if m is not None and m.kind == "person":
                head = doc[m.head]
                return [head] if head in tok.subtree else []
            if t.pos_ in {"VERB", "AUX"} or t.text in {";", ".", ":"} or t.lower_ in {"and", "who", "which", "that"}:
                return []
            if not (t.pos_ in {"ADP", "DET", "NUM", "PUNCT"} or t.dep_ == "poss" or t.ent_type_ in {"DATE", "TIME", "GPE", "FAC", "LOC", "ORG"}
                    or t.lower_ in self.words.adverbial_words):
                return []
        return []

    @staticmethod
    def _inviter(tok: Token, actors: DocActors) -> list[Token]:
        """The named host of a visit: '... at the invitation of X' / '... on the invitation of X'."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"at", "on", "upon"}:
                for n in c.children:
                    if n.dep_ == "pobj" and n.lemma_.lower() == "invitation":
                        hosts = [h for h in _with_conj(_pobjs(n, {"of", "from", "by"})) if _is_actor_phrase(h, actors, person_only=True)]
                        hosts += [p for p in n.children if p.dep_ == "poss" and _is_actor_phrase(p, actors, person_only=True)]
                        if hosts:
                            return hosts
        return []

    @staticmethod
    def _bare_on(tok: Token) -> bool:
        """An 'on' / 'upon' particle or preposition right after the verb with no object of its own."""
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.head.i == tok.i and nxt.lower_ in {"on", "upon"} \
            and not any(g.dep_ in {"pobj", "pcomp"} for g in nxt.children)

    @staticmethod
    def _asks_something(tok: Token) -> bool:
        """'called on X to act' / 'called for X': an appeal names what is wanted with a
        to-infinitive (wherever the parser hangs it) or a for-phrase. 'called on X' alone is
        the courtesy call of a visitor on a host."""
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
            return True
        if any(c.dep_ in {"prep", "aux"} and c.lower_ == "to" and c.i > tok.i for c in tok.children):
            return True  # "called on the EU to fast-track ...", the "to" misparsed as a preposition
        if any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children):
            return True
        return any(t.i > tok.i and t.pos_ in {"VERB", "AUX"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)
                   for t in tok.subtree)

    def _call_mod(self, n: Token) -> bool:
        return any(c.lower_ in self.call_mods for c in n.children)

    # ---------------------------------------------------------------- request
    def _request(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"} and lemma in self.must_speech:
            c = self._must_frame(tok, actors)
            if c is not None:
                return c
        if tok.pos_ in {"VERB", "AUX"} and lemma in self.words.invitation_verbs:
            c = self._invitation(tok, actors, used)
            if c is not None:
                return c
        if tok.pos_ == "VERB" and lemma == "express":
            return self._hope_that(tok, actors)
        if tok.pos_ in {"VERB", "AUX"}:
            for ph in self.r_phrases:
                if lemma != ph["verb"]:
                    continue
                for n in _children(tok, {"dobj"}):
                    if n.lemma_.lower() == ph["noun"] and (not ph.get("prep") or _pobjs(n, {ph["prep"]}) or _pobjs(tok, {ph["prep"]})):
                        used.add(n.i)
                        objs = [o for o in _pobjs(n, {"to", "on", "upon"}) + _pobjs(tok, {"to", "on"}) if o.ent_type_ not in {"DATE", "TIME"}]
                        content = self._content_of(n) or self._content_of(tok)
                        # "made the request on Tuesday": "the request" points back to one already told
                        anaphoric = content is None and not objs and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in n.children)
                        return Candidate("request", tok.i, (tok.i, n.i + 1), ph["noun"], plover="REQUEST", subj=[s.i for s in self._subjects(tok)],
                                         objs=[o.i for o in _with_conj(objs)], content_head=content, restatement=anaphoric)
            frame = self.r_verbs.get(lemma)
            if frame is None:
                return None
            needs = frame["needs"]
            dobj = _children(tok, {"dobj", "dative"})
            xcomp = _children(tok, {"xcomp", "ccomp"})
            preps = set(frame.get("preps", []))
            pobj = _pobjs(tok, preps) if preps else []
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in set(self.p_verbs) | set(self.intent):
                return None  # "pledged to push for X": what is undertaken, not a request
            if lemma in {"push", "press", "pressure"} and self._undertaken(tok):
                return None  # "is willing to work with Laos ... and to push for results": own intent
            if lemma == "ask" and (tok.tag_ == "VBN" or tok.dep_ == "advcl") and tok.dep_ in {"advcl", "ROOT"} and tok.i == sent_of(tok).start \
                    and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass", "dobj"} for c in tok.children):
                return None  # "Asked about the deal, he said ...": a reporter's question
            if any(d.lemma_.lower() in {"anonymity", "confidentiality"} for d in dobj):
                return None  # "said, requesting anonymity": a source's condition, not an ask of a party
            if any(x.lemma_.lower() in self.words.anonymity_verbs and any(c.dep_ == "neg" for c in x.children) for x in xcomp):
                return None  # "officials who asked not to be named"
            if needs == "prep" and not pobj and any(c.dep_ == "prt" and c.lower_ in preps for c in tok.children):
                # "called on Emirati investors to ...": "on" parsed as a particle, the addressee as object
                pobj = [d for d in dobj if d.dep_ == "dobj"]
            if needs == "prep" and not pobj:
                # "called for Jordanian companies to be given access": a for-to clause
                pobj = [c for c in tok.children if c.dep_ in {"advcl", "ccomp"}
                        and any(m.dep_ == "mark" and m.lower_ in preps for m in c.children)]
                bare = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps and not list(c.children)]
                if not pobj and bare:
                    # the parser left "for" empty and made the for-to clause a complement of the verb
                    pobj = [c for c in tok.children if c.dep_ in {"advcl", "ccomp"} and c.i > bare[0].i]
            if needs == "prep" and not pobj and lemma in {"press", "push", "pressure"}:
                # "pressed the minister to keep up efforts": actor object + infinitive
                inf = _children(tok, {"xcomp", "ccomp", "advcl"}) or [
                    t for t in tok.subtree if tok.i < t.i <= tok.i + 15 and t.pos_ == "VERB"
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)][:1]
                if any(_is_actor_phrase(d, actors) for d in dobj) and inf:
                    pobj = [d for d in dobj if _is_actor_phrase(d, actors)]
                    xcomp = inf
            if needs == "object" and not (dobj or xcomp or pobj):
                return None
            if needs == "prep" and not pobj:
                return None
            if needs == "noun_object" and not [d for d in dobj if d.pos_ in {"NOUN", "PROPN"} or d.ent_type_ == "MONEY"]:
                return None
            if needs == "actor_prep" and not any(_is_actor_phrase(p, actors) for p in pobj):
                # "proposed a joint commission to Chancellor Scholz": the parser hangs the
                # addressee's "to" on the object noun rather than on the verb
                pobj = [p for d in dobj for p in _pobjs(d, preps) if _is_actor_phrase(p, actors)]
                if not pobj:
                    return None
            if needs == "actor_xcomp" and not (any(_is_actor_phrase(d, actors) for d in dobj) and _children(tok, {"xcomp"})):
                return None
            if needs == "clause_that" and not _children(tok, {"ccomp"}):
                return None
            if lemma == "call" and not pobj:
                return None
            if lemma == "call" and not self._asks_something(tok):
                return None  # "is to call on the Prime Minister on Thursday": a courtesy call, not an appeal
            if lemma == "seek" and _children(tok, {"xcomp"}):
                return None
            if lemma == "seek" and not (_pobjs(tok, {"from"}) or any(self._national_modifier(d) for d in dobj)
                                        or any(_is_actor_phrase(p, actors) for d in dobj for p in _pobjs(d, {"of", "from"}))):
                return None  # "is seeking foreign backing": no party is asked
            if lemma == "encourage" and any(c.lower_ in {"will", "shall", "would", "'ll"} for c in tok.children if c.dep_ == "aux"):
                return None  # "China will encourage companies to invest" is an undertaking
            end = tok.i + 1
            for c in tok.children:
                if c.dep_ in {"prep", "prt"} and c.i == end and c.lower_ in preps | {"for", "on"}:
                    end = c.i + 1
            targets = [d for d in dobj if _is_actor_phrase(d, actors)]
            targets += _pobjs(tok, {"on", "upon", "to", "from"})
            if needs == "actor_prep":
                targets += [p for p in pobj if p not in targets]
            # "asked the US to contribute": the object is the target
            content = None
            for x in xcomp:
                content = x.i
            if content is None:
                for d in dobj:
                    if d not in targets:
                        content = d.i
                for p in _pobjs(tok, {"for"}):
                    content = p.i
            passive = any(c.dep_ == "auxpass" for c in tok.children)
            subj = self._subjects(tok)
            if passive:
                agents = _pobjs(tok, {"by"})
                targets = subj
                subj = agents
            return Candidate("request", tok.i, (tok.i, end), lemma, plover=frame.get("plover", "REQUEST"), subj=[s.i for s in subj], objs=[t.i for t in _with_conj(targets)], content_head=content, passive=passive)
        return None

    def _undertaken(self, tok: Token) -> bool:
        """Is ``tok`` (through infinitive, purpose and coordinated clauses) what a
        'ready / willing / will / pledged to' frame commits to?"""
        t = tok
        for _ in range(5):
            if t.head.i == t.i or t.dep_ not in {"xcomp", "advcl", "conj", "acomp"}:
                return False
            t = t.head
            if t.lemma_.lower() in set(self.p_verbs) | set(self.intent) or t.lower_ in {"ready", "willing", "prepared"}:
                return True
            if any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "would"} for c in t.children):
                return True
        return False

    @staticmethod
    def _national_modifier(tok: Token) -> bool:
        """'Chinese investment', 'Japan's support': the noun names whom it comes from."""
        return any(c.dep_ in {"amod", "compound", "poss", "nmod"} and c.ent_type_ in {"NORP", "GPE", "ORG"} for c in tok.children)

    def _invitation(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        """'conveyed an invitation from X for Y to visit Z' / 'extended an invitation to Y':
        an invitation is a request; the inviter is the from-actor when one is named (the
        envoy only carries it), else the subject."""
        for n in _children(tok, {"dobj"}):
            if n.lemma_.lower() != "invitation":
                continue
            src = [s for s in _pobjs(n, {"from", "of"}) if _is_actor_phrase(s, actors)]
            tgt = [t for t in _pobjs(n, {"to", "for"}) + _pobjs(tok, {"to", "for"}) if _is_actor_phrase(t, actors)]
            if not tgt:
                # "an invitation ... for Aziz to visit Jakarta": the for-clause subject
                for t in list(n.subtree) + list(tok.subtree):
                    if t.dep_ == "nsubj" and t.head.dep_ in {"acl", "relcl", "advcl", "xcomp"} and _is_actor_phrase(t, actors):
                        tgt = [t]
                        break
            used.add(n.i)
            content = next((c.i for c in n.subtree if c.dep_ in {"acl", "xcomp", "advcl"} and c.pos_ == "VERB"), None)
            subj = [] if src else [s.i for s in self._subjects(tok)]
            return Candidate("request", tok.i, (tok.i, n.i + 1), "invitation", plover="REQUEST", subj=subj,
                             from_source=[s.i for s in src], objs=[t.i for t in tgt], content_head=content, nominal=False)
        return None

    def _must_frame(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'X said that Y must do Z': a demand by X on Y (Y an actor other than X)."""
        for cc in _children(tok, {"ccomp"}):
            modal = [c for c in cc.children if c.dep_ == "aux" and c.lower_ in self.must_modals]
            if not modal or any(c.dep_ == "neg" for c in cc.children):
                continue
            tsub = _children(cc, {"nsubj", "nsubjpass"})
            ssub = self._subjects(tok)
            if not tsub or not ssub or self._plural_subject(tsub) or tsub[0].pos_ == "PRON":
                continue
            if any(a.dep_ == "appos" and a.lemma_.lower() in self.words.analyst_nouns for s in ssub for a in s.children):
                continue
            te, _ = actors.resolve(tsub[0])
            se, _ = actors.resolve(ssub[0])
            if te is None or se is None or te == se:
                continue
            ct, cs = actors.entity(te).country, actors.entity(se).country
            if ct and cs and ct == cs:
                continue  # "Nigeria must ..." said by a Nigerian: own intent, not a request
            return Candidate("request", cc.i, (modal[0].i, cc.i + 1), "must", plover="DEMAND",
                             subj=[s.i for s in ssub], objs=[tsub[0].i], content_head=cc.i, frame="must")
        return None

    def _hope_that(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'expressed the hope that China would open its market wider': a wish that another,
        named party act is an ask of that party. Not a hope about events ('that the talks
        would succeed') nor about the speaker's own country."""
        for n in _children(tok, {"dobj"}):
            if n.lemma_.lower() not in {"hope", "wish", "expectation"}:
                continue
            for cl in n.children:
                if cl.dep_ not in {"acl", "relcl", "ccomp"} or not any(c.dep_ == "mark" and c.lower_ == "that" for c in cl.children):
                    continue
                if not _aux_words(cl) & {"would", "will"} or any(c.dep_ == "neg" for c in cl.children) or cl.lemma_.lower() in {"be", "have"}:
                    continue
                if not (_children(cl, {"dobj"}) or _pobjs(cl, {"to", "for", "in"})):
                    continue  # "would grow faster": no act on anything
                tsub = _children(cl, {"nsubj"})
                subj = self._subjects(tok)
                if not tsub or not subj or not _is_actor_phrase(tsub[0], actors):
                    continue
                te, _ = actors.resolve(tsub[0])
                se, _ = actors.resolve(subj[0])
                if te is None or te == se:
                    continue
                ct, cs = actors.entity(te).country, actors.entity(se).country if se is not None else None
                if ct and cs and ct == cs:
                    continue
                return Candidate("request", tok.i, (tok.i, cl.i + 1), "hope", plover="REQUEST", subj=[s.i for s in subj],
                                 objs=[tsub[0].i], content_head=cl.i)
        return None

    @staticmethod
    def _content_of(tok: Token) -> int | None:
        for c in tok.children:
            if c.dep_ in {"xcomp", "acl"}:
                return c.i
        for p in _pobjs(tok, {"for"}):
            return p.i
        return None

    # ---------------------------------------------------------------- pledge
    def _pledge(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        lemma = tok.lemma_.lower()
        low = tok.lower_
        if tok.pos_ in {"NOUN", "PROPN"}:
            if lemma == "commitment":
                return self._commitment(tok, actors)
            if lemma in self.p_nouns and lemma != "commitment":
                if tok.i in used:
                    return None
                src = _pobjs(tok, {"of", "from", "by"}) + [c for c in tok.children if c.dep_ == "poss"]
                src = [s for s in src if _is_actor_phrase(s, actors)]
                restate = not src
                subj = [s.i for s in self._subjects(tok)] if not src else []
                if tok.head.lemma_.lower() in {"receive", "welcome", "get", "secure", "obtain", "hail", "follow", "praise"}:
                    subj = []
                content = None
                for p in _pobjs(tok, {"of", "for", "to"}):
                    if p not in src:
                        content = p.i
                if tok.tag_ in {"NNS", "NNPS"} and not src and content is None and not any(c.dep_ in {"acl", "relcl"} for c in tok.children):
                    return None  # "we have heard promises before": talk about promises, none made
                return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, nominal=True, restatement=restate and not subj, subj=subj, from_source=[s.i for s in src], content_head=content)
            if lemma in {"readiness", "inclination", "willingness"}:
                x = _pobjs(tok, {"to"}) + _children(tok, {"acl"})
                if lemma == "willingness":
                    # "expressed China's willingness to increase imports": only a willingness to
                    # give, help or buy is an undertaking (not "to hold talks", "to listen")
                    x = [v for v in x if v.lemma_.lower() in self.p_future | self.p_give | self.p_grow]
                src = _pobjs(tok, {"of"}) + [c for c in tok.children if c.dep_ == "poss"]
                if x and src:
                    return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, nominal=True, from_source=[s.i for s in _with_conj(src)], content_head=x[0].i)
            return None
        if tok.pos_ == "ADJ" and low in {"ready", "willing", "prepared"}:
            x = _children(tok, {"xcomp"})
            if x:
                head = tok.head
                subj = self._subjects(head) if tok.dep_ == "acomp" else self._subjects(tok)
                start = head.i if head.lemma_.lower() in {"stand", "be"} and head.i < tok.i else tok.i
                return Candidate("pledge", tok.i, (start, tok.i + 1), low, subj=[s.i for s in subj], content_head=x[0].i, frame="intent")
            return None
        if low == "committed" and tok.dep_ == "acomp":
            return self._remains_committed(tok)
        if tok.pos_ not in {"VERB", "AUX"}:
            return None
        subj = self._subjects(tok)
        dobj = _children(tok, {"dobj", "dative"})
        if lemma in self.p_verbs:
            frame = self.p_verbs[lemma]
            if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ in {"acl", "compound"} and not subj):
                return None  # "release the promised funds": a participle describing a thing, not a promise
            if any(d.lower_ in self.non_pledge_objects or d.lemma_.lower() in self.non_pledge_objects for d in dobj):
                return None  # "offered condolences"
            if any(x.lemma_.lower() in self.hostile for x in _children(tok, {"xcomp"})):
                return None  # "vowed to fight the ruling party": a threat, not an undertaking for someone
            if frame["needs"] == "commit":
                pob = _pobjs(tok, {"to"})
                if not (pob or dobj or _children(tok, {"xcomp"})):
                    return None
                if dobj and not _has_money(dobj[0], self.lex) and not pob:
                    return None
            if frame["needs"] == "xcomp" and not _children(tok, {"xcomp"}):
                return None
            if self._under_request(tok):
                return None  # "called on Mexico to guarantee the rights": asked for, not promised
            # the nearest complement: a later one is often a coordinated statement mis-attached
            # ("assuring the envoy that X is committed to ... and added that ...")
            content = next((r.i for d in dobj for r in d.children if _that_clause(r)), None) \
                or next((c.i for c in tok.children if c.dep_ in {"xcomp", "ccomp"}), None)
            if content is None:
                for d in dobj:
                    if not _is_actor_phrase(d, actors):
                        content = d.i
            if content is None:
                for p in _pobjs(tok, {"to", "of"}):
                    content = p.i
            targets = [d for d in dobj if _is_actor_phrase(d, actors)] + _pobjs(tok, {"to"})
            passive = any(c.dep_ == "auxpass" for c in tok.children)
            if passive and lemma != "commit":
                subj = _pobjs(tok, {"by"})
                if not subj:
                    return None  # "are all but guaranteed": nobody undertakes anything
            return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[s.i for s in subj], objs=[t.i for t in targets], content_head=content, passive=passive)
        intent_x = [c for c in _children(tok, {"xcomp"}) if c.lemma_.lower() in self.p_future | self.p_give | {"increase", "expand", "invest"}]
        if lemma in self.intent and (intent_x or lemma not in self.p_preps):
            x = intent_x
            if not x:
                return None
            if lemma in {"agree"} and (self._plural_subject(subj) or any(c.lower_ == "together" for c in x[0].children)):
                return None
            if not subj or self._plural_subject(subj):
                return None
            if x[0].lemma_.lower() == "work" and not _pobjs(x[0], {"with"}):
                return None  # "agreed to work towards $15 billion in trade": a target, nothing done for anyone
            if self._under_request(tok):
                return None
            if lemma in self.weak_intent and not self._for_other(x[0], actors):
                return None  # "Malaysia intends to complete its stretch": own plan, no other party
            return Candidate("pledge", tok.i, (tok.i, x[0].i + 1), lemma, subj=[s.i for s in subj], content_head=x[0].i, frame="intent")
        money_obj = [d for d in dobj if d.dep_ == "dobj" and _has_money(d, self.lex)]
        if lemma in self.p_give and money_obj:
            if any(c.dep_ == "auxpass" for c in tok.children):
                return None
            if not subj:
                return None
            if self._under_request(tok):
                return None
            targets = _pobjs(tok, {"to", "for"}) + [d for d in _children(tok, {"dative"})]
            return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[s.i for s in subj], objs=[t.i for t in targets], content_head=money_obj[0].i, frame="give")
        if lemma in self.p_grow and self._grows_aid(tok, dobj):
            subj_ok = subj and not self._plural_subject(subj)
            if subj_ok and not self._under_request(tok) and tok.dep_ not in {"relcl", "acl"}:
                # "announced that Seoul would expand its ODA to Africa to $10 billion"
                targets = [p for d in dobj for p in _pobjs(d, {"to", "for"}) if _is_actor_phrase(p, actors)] + \
                          [p for p in _pobjs(tok, {"to", "for"}) if _is_actor_phrase(p, actors)]
                return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[s.i for s in subj], objs=[t.i for t in targets],
                                 content_head=tok.i, frame="future")
        if lemma in self.p_future or lemma == "encourage":
            aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
            if not aux & {"will", "shall", "would", "'ll"}:
                return None
            if any(c.dep_ in {"advmod", "mark"} and c.lower_ in {"how", "whether", "what", "if", "when"} for c in tok.children):
                return None
            if tok.dep_ in {"relcl", "acl"} and not self._own_named_subject(tok, subj, actors):
                return None
            if lemma == "cover" and not any(d.lower_ in self.words.cover_objects for d in dobj):
                return None
            if lemma == "roll" and not any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children):
                return None
            if lemma in self.p_objects and not any(self._object_is(d, self.p_objects[lemma]) for d in dobj if d.dep_ == "dobj"):
                return None  # "will send a signal", "would make a statement": no undertaking
            if lemma in self.p_preps and not _pobjs(tok, self.p_preps[lemma]):
                return None  # "would stand firm": only "stand by <party>" promises anything
            if lemma == "ensure" and not _children(tok, {"dobj", "ccomp"}):
                return None
            if self._plural_subject(subj):
                return None
            if lemma == "work" and not _pobjs(tok, {"with"}):
                return None
            if lemma == "continue" and not self._continues_support(tok, actors):
                return None  # "would continue diversifying export markets": no undertaking to anyone
            if lemma in self.words.needs_money and not any(_has_money(d, self.lex) or d.lemma_.lower() in self.words.scheme_nouns for d in dobj):
                return None
            if self._under_request(tok):
                return None
            passive = "auxpass" in {c.dep_ for c in tok.children}
            targets = [d for d in dobj if _is_actor_phrase(d, actors)] + _pobjs(tok, {"with", "to"} | self.p_preps.get(lemma, set()))
            content = tok.i
            return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[] if passive else [s.i for s in subj], objs=[t.i for t in targets], content_head=content, passive=passive, frame="future")
        return None

    @staticmethod
    def _object_is(obj: Token, lemmas: set[str]) -> bool:
        """The object, or the noun of its of-phrase ('a new batch of medical teams'), is one of ``lemmas``."""
        return obj.lemma_.lower() in lemmas or obj.lower_ in lemmas or any(p.lemma_.lower() in lemmas for p in _pobjs(obj, {"of"}))

    def _grows_aid(self, tok: Token, dobj: list[Token]) -> bool:
        """'will raise its concessional loans to Cambodia to US$1.5 billion': a future
        increase of the actor's own aid, loans or investment, with a 'to' phrase (a
        recipient or the new level). Not 'will raise funds' (no recipient, no level)."""
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & {"will", "shall", "would", "'ll"} or any(c.dep_ == "neg" for c in tok.children):
            return False
        money = set(self.lex.pledge["money_nouns"]) - {"million", "billion", "yuan", "dollar"}
        own = [d for d in dobj if d.dep_ == "dobj" and any(t.lemma_.lower() in money for t in d.subtree)
               and any(c.dep_ == "poss" and c.lower_ in {"its", "their", "our"} for c in d.children)]
        return bool(own) and any(t.dep_ == "prep" and t.lower_ == "to" for t in tok.subtree)

    def _commitment(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'reiterated India's commitment to the timely completion of the X Project': one
        side restating a concrete undertaking. Not the mutual 'reaffirmed their commitment
        to strengthening ties' (plural owner, abstract aim)."""
        if tok.head.lemma_.lower() not in self.words.restate_verbs or tok.dep_ != "dobj":
            return None
        owner = [c for c in tok.children if c.dep_ == "poss"]
        if not owner or owner[0].lower_ in {"their", "our", "its"} and not _is_actor_phrase(owner[0], actors) \
                or any(c.lower_ in {"both", "two"} for c in owner[0].subtree):
            return None
        aims = _pobjs(tok, {"to"})
        # "conveyed India's commitment to continue supporting Nepal": an infinitive aim of giving or helping
        inf = [v for v in _children(tok, {"acl", "xcomp"}) if v.lemma_.lower() in self.words.help_verbs
               or (v.lemma_.lower() == "continue" and any(x.lemma_.lower() in self.words.help_verbs for x in _children(v, {"xcomp"})))]
        if inf:
            aims = inf
        elif not aims or not any(t.lemma_.lower() in self.words.concrete_aims or t.ent_type_ in {"ORG", "FAC", "MONEY"} for a in aims for t in a.subtree):
            return None
        verb = tok.head
        subj = self._subjects(verb)
        if self._plural_subject(subj):
            return None
        return Candidate("pledge", tok.i, (tok.i, tok.i + 1), "commitment", nominal=True, subj=[s.i for s in subj],
                         from_source=[owner[0].i] if not subj else [], content_head=aims[0].i)

    def _remains_committed(self, tok: Token) -> Candidate | None:
        """'China remained committed to supporting Ghana's roads': one named side's standing
        undertaking to give or help. Not 'committed to peace' (no undertaking) nor a plural
        'both sides are committed to ...' (mutual)."""
        if tok.head.lemma_.lower() not in {"be", "remain", "stay"}:
            return None
        aims = _pobjs(tok, {"to"})
        helping = (self.p_future | self.p_give) - {"work", "play", "participate", "make", "stand"}
        if not aims or not any(a.lemma_.lower() in helping | self.words.concrete_aims for a in aims):
            return None
        subj = self._subjects(tok.head)
        if not subj or self._plural_subject(subj):
            return None
        return Candidate("pledge", tok.i, (tok.head.i, tok.i + 1), "committed", subj=[s.i for s in subj],
                         content_head=aims[0].i, frame="intent")

    @staticmethod
    def _own_named_subject(tok: Token, subj: list[Token], actors: DocActors) -> bool:
        """'an arrangement under which the Fund will provide $900 million': a relative clause
        whose own subject is a named actor states the undertaking itself (not so 'the aid
        which will flow')."""
        own = _children(tok, {"nsubj"})
        return bool(own) and own[0].lower_ not in {"which", "that", "who", "whom"} and _is_actor_phrase(own[0], actors) \
            and any(c.dep_ == "prep" and any(g.lower_ in {"which", "whom"} for g in c.children) for c in tok.children)

    def _for_other(self, verb: Token, actors: DocActors) -> bool:
        """Does the planned action name another party (object, to/for/with/in PP)?"""
        args = _children(verb, {"dobj", "dative"}) + _pobjs(verb, {"to", "for", "with", "in"})
        for d in _children(verb, {"dobj"}):
            args += _pobjs(d, {"to", "for", "in"})
        return any(_is_actor_phrase(a, actors) for a in args)

    def _continues_support(self, tok: Token, actors: DocActors) -> bool:
        """'will continue to support Cambodia' / 'will continue its assistance': continuing
        counts as an undertaking only when what continues is giving or helping."""
        helping = (self.p_future | self.p_give) - {"continue", "work", "play", "complete", "secure", "purchase", "buy", "import", "allow", "participate", "build", "construct"}
        for x in _children(tok, {"xcomp"}):
            if x.lemma_.lower() in helping or (x.lemma_.lower() == "work" and _pobjs(x, {"with"})):
                return True
        for d in _children(tok, {"dobj"}):
            if d.lemma_.lower() in set(self.lex.pledge["money_nouns"]) | {"cooperation", "partnership", "help"}:
                return True
        return any(_is_actor_phrase(p, actors) for p in _pobjs(tok, {"with", "to"}))

    def _under_request(self, tok: Token) -> bool:
        """'appeals to X to extend support': the giving is what is asked, not promised.

        A coordinated clause with its own subject ("asked X to ..., and Y promised
        ...") or a reporting verb in between ("pressed X ... and said the US would
        provide") starts a claim of its own."""
        t = tok
        for _ in range(3):
            if t.head.i == t.i or t.dep_ not in {"xcomp", "ccomp", "advcl", "conj"}:
                return False
            if t.dep_ == "conj" and _children(t, SUBJ):
                return False
            t = t.head
            if t.lemma_.lower() in self.words.reporting_verbs:
                return False
            if t.lemma_.lower() in self.r_verbs:
                return True
        return False

    @staticmethod
    def _plural_subject(subj: list[Token]) -> bool:
        if len(subj) > 1:
            return True
        for s in subj:
            if s.lower_ in {"they", "both", "we"} and s.lower_ != "we":
                return True
            if s.lemma_.lower() in {"side", "country", "leader", "party", "nation"} and s.tag_ in {"NNS", "NNPS"}:
                return True
            if any(c.lower_ in {"both", "two"} for c in s.children):
                return True
        return False




def _upcoming(tok: Token, words: TriggerWords) -> bool:
    """'the next / upcoming session': a meeting still to come."""
    return any(c.dep_ in {"amod", "advmod"} and c.lower_ in words.upcoming_words for c in tok.children)


def _bilateral_body(tok: Token, words: TriggerWords) -> list[str]:
    """Country codes of a two-country body the meeting noun belongs to: 'meeting of the
    India-Nepal Joint Commission' or 'the Ghana-China Joint Economic Commission meeting'.
    Needs a body noun (commission, committee, working group ...) and exactly two different
    countries joined by a hyphen or dash."""
    body = [t for p in _pobjs(tok, {"of"}) for t in p.subtree] or [t for t in tok.subtree if t.i < tok.i]
    if not any(t.lemma_.lower() in words.body_nouns for t in body):
        return []
    doc = tok.doc
    idx = {t.i for t in body}
    for t in body:
        if t.text in {"-", "–", "—"} and t.i - 1 in idx and t.i + 1 in idx:
            a, b = _deps.country_code(doc[t.i - 1].text), _deps.country_code(doc[t.i + 1].text)
            if a and b and a != b:
                return [a, b]
    # "the joint commission between Laos and Vietnam"
    for t in body:
        if t.lemma_.lower() in words.body_nouns:
            pair = _country_pair(_with_conj(_pobjs(t, {"between"})))
            if pair:
                return pair
    return []


def session_of_body(tok: Token, words: TriggerWords) -> bool:
    """'the 46th session of the intergovernmental committee': a sitting of a standing body."""
    return any(t.lemma_.lower() in words.body_nouns for p in _pobjs(tok, {"of"}) for t in p.subtree)


def _country_pair(toks: list[Token]) -> list[str]:
    """Codes of exactly two different countries named by ``toks`` ("Laos and Vietnam"), else []."""
    codes = []
    for t in toks:
        span = t.doc[t.left_edge.i if t.left_edge.ent_type_ else t.i: t.i + 1]
        c = _deps.country_code(span.text) or _deps.country_code(t.text)
        if c is None:
            return []
        if c not in codes:
            codes.append(c)
    return codes if len(codes) == 2 else []


def _of_body(tok: Token) -> bool:
    """"the meeting of the NSG", "the meeting of foreign ministers": a gathering of a body or
    group, not a back-reference to the two-party meeting the story reports."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for g in prep.children:
                if g.dep_ == "pobj" and (g.ent_type_ in {"ORG", "NORP"} or g.tag_ in {"NNS", "NNPS"}):
                    return True
    return False
