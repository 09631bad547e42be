"""What every trigger frame needs: the lexicon's frame tables and the shared tests.

Each event type's frames (``meeting``, ``request``, ``pledge``) subclass
``FrameRules``; the shared questions -- who is the subject, is this token an
actor, is this giving actually what someone asks for -- live here once.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..actors import DocActors
from ..lexicon import Lexicon
from ..syntax import SUBJ, dep_children, subjects
from .candidate import Candidate

__all__ = ["HOPE_FORMS", "Candidate", "FrameRules", "has_money", "is_actor_phrase"]

# the verb 'hope' by its forms: the small model lemmatises 'hoped' as 'hop'
HOPE_FORMS = frozenset({"hope", "hopes", "hoped", "hoping"})


def has_money(tok: Token, lex: Lexicon) -> bool:
    money = set(lex.pledge["money_nouns"])
    for t in tok.subtree:
        if t.ent_type_ == "MONEY" or t.lemma_.lower() in money or t.lower_ in lex.triggers.money_hints:
            return True
    return False


def is_actor_phrase(tok: Token, actors: DocActors, person_only: bool = False) -> bool:
    eid, how = actors.resolve(tok)
    if eid is None:
        return False
    if person_only:
        return actors.entity(eid).kind in {"person", "organization"}
    return actors.entity(eid).kind != "other"


class FrameRules:
    """Frame tables from the lexicon and the tests all trigger frames share."""

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
        self.delivered = set(lex.pledge.get("delivery_verbs", {}).get("words", []))
        # "will expand its ODA to Africa": growing one's own aid is an undertaking
        self.p_grow = set(lex.pledge.get("grow_verbs", []))
        self.p_nouns = lex.pledge["nouns"]
        self.non_pledge_objects = set(lex.pledge["non_pledge_objects"])
        self.hostile = set(lex.pledge["hostile_verbs"])
        self.permission = set(lex.pledge["permission_verbs"]["words"])
        self.figurative = set(lex.pledge["figurative_subject_verbs"]["words"])
        self.intent = {k: v for k, v in lex.pledge["intent_frames"].items() if not k.startswith("_")}
        self.weak_intent = set(lex.pledge["weak_intent_verbs"]) - {"agree"}
        # "will send a team", "would stand by Cambodia": undertakings only with these objects / prepositions
        self.p_objects = {k: set(v) for k, v in lex.pledge.get("future_verb_objects", {}).items() if not k.startswith("_")}
        self.p_preps = {k: set(v) for k, v in lex.pledge.get("future_verb_preps", {}).items() if not k.startswith("_")}
        self.p_conditions = {k: v for k, v in lex.pledge.get("future_verb_conditions", {}).items() if not k.startswith("_")}

    def _subjects(self, tok: Token) -> list[Token]:
        return subjects(tok, self.lex.reporting_verbs)

    def _under_request(self, tok: Token) -> bool:
        """'appeals to X to extend support': the giving is what is asked, not promised.

        A coordinated clause with its own subject ("asked X to ..., and Y promised
        ...") or a reporting verb in between ("pressed X ... and said the US would
        provide") starts a claim of its own."""
        t = tok
        for _ in range(3):
            if t.head.i == t.i or t.dep_ not in {"xcomp", "ccomp", "advcl", "conj"}:
                return False
            if t.dep_ == "conj" and dep_children(t, SUBJ):
                return False
            t = t.head
            if t.lemma_.lower() in self.lex.reporting_verbs:
                return False
            if t.lemma_.lower() in self.r_verbs or t.lower_ in HOPE_FORMS:
                return True  # "hoped Japan will continue supporting ...": hoped for, not promised
        return False
