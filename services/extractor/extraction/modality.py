"""Modality of a trigger: negated, hypothetical, planned or plain.

Why from the parse: negation and modal auxiliaries attach to the trigger
verb (or to a governing verb: "refused to meet", "denied requesting"), so
looking at the trigger's own dependents and at the chain of governing verbs
catches them without keyword windows that bleed across clauses.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Token

from ._doccache import doc_text
from .lexicon import Lexicon
from .syntax import speech_participle

Modality = Literal["asserted", "negated", "hypothetical", "planned"]


def _aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}


def _negated_here(tok: Token, lex: Lexicon) -> bool:
    neg = set(lex.modality["negators"])
    for c in tok.children:
        if c.dep_ == "neg" or (c.lower_ in neg and c.dep_ in {"neg", "advmod", "det", "preconj"}):
            return True
        if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"nobody", "none", "neither", "nothing", "noone"}:
            return True
    return False


def _chain(tok: Token, limit: int = 4, report_nouns: frozenset[str] = frozenset()) -> list[Token]:
    """The trigger and the verbs / adjectives governing it through complement links
    (and through 'a report that they had met' up to the report's governor)."""
    out = [tok]
    t = tok
    for _ in range(limit):
        reported_by = t.dep_ == "acl" and t.head.lemma_.lower() in report_nouns
        if (t.dep_ not in {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acomp", "dobj", "conj", "advcl"} and not reported_by) \
                or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def _framing_adjunct(link: Token) -> bool:
    """'In the talks with Xi, the two sides agreed to ...': the talks frame the clause as a
    setting; 'agree to' plans what follows it, not the talks in the adjunct."""
    return link.dep_ == "prep" and link.lower_ in {"in", "during", "at"}


def _own_clause(chain: list[Token]) -> list[Token]:
    """The chain up to the first governing verb that has its own subject.

    "X will provide aid, the premier announced after talks with Y": the talks
    hang off "announced", a finite clause of its own; the "will" of the main
    clause above it says nothing about when the talks took place.
    """
    out = []
    for i, t in enumerate(chain):
        out.append(t)
        if i == 0 and t.tag_ == "VBD" and any(c.dep_ == "nsubj" for c in t.children):
            break  # "..., although Macron met Keita on 19 May": a past clause of its own
        if i > 0 and t.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children) \
                and t.dep_ in {"advcl", "ccomp", "conj", "parataxis"}:
            break
    return out


def classify(tok: Token, lex: Lexicon, reported: bool, deontic_ok: bool = False) -> Modality:
    """Modality of the event anchored at ``tok``.

    ``reported`` says whether the clause is reported speech ("X said China
    would repay the loan"), where "would" is a reported future, not a
    hypothetical.
    """
    # "..., urging both sides to ...": the speaker's own act, not under the reported clause's modal
    tok = speech_participle(tok, lex.reporting_verbs) or tok
    chain = _chain(tok, report_nouns=frozenset(lex.modality["report_nouns"]))
    neg_govs = set(lex.modality["negating_governors"])
    denials = set(lex.modality["denial_adjectives"])
    hyp = set(lex.modality["hypothetical_aux"])
    cond = set(lex.modality["conditional_marks"])
    planned_aux = set(lex.modality["planned_aux"])
    planned_govs = set(lex.modality["planned_governors"])
    for i, t in enumerate(chain):
        if _negated_here(t, lex):
            return "negated"
        if i > 0 and t.lemma_.lower() in neg_govs:
            return "negated"
        if i > 0 and any(c.lower_ in denials and c.dep_ in {"advcl", "advmod", "acomp", "oprd", "xcomp", "ccomp"} for c in t.children):
            return "negated"  # "termed reports of a meeting baseless"
    if _denied_subject(tok, lex, neg_govs):
        return "negated"
    # conditional clause: "if they meet", or a trigger inside such a clause
    t = tok
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in cond for c in t.children):
            return "hypothetical"
        if t.head.i == t.i:
            break
        t = t.head
    unsure = set(lex.modality["uncertain_words"])
    near = [tok, tok.head] + list(tok.children) + list(tok.head.children)
    if any(t.lower_ in unsure and t.pos_ in {"ADJ", "ADV"} for t in near):
        return "hypothetical"
    # "... that China would open its market, and invited firms to invest": a past-tense
    # verb coordinated under a modal clause is a fact of its own, not under the modal
    own = chain[:1] if tok.dep_ == "conj" and tok.tag_ == "VBD" else chain[:2]
    for t in own:
        aux = _aux_words(t)
        if aux & hyp and not (deontic_ok and aux & {"must", "should"}):
            return "hypothetical"
        if "would" in aux and not reported:
            return "hypothetical"
    for i, t in enumerate(_own_clause(chain)):
        aux = _aux_words(t)
        if aux & planned_aux or ("would" in aux and reported):
            return "planned"
        if i > 0 and t.lemma_.lower() in planned_govs and not _framing_adjunct(chain[i - 1]):
            return "planned"
        if i > 0 and t.lemma_.lower() == "be" and chain[i - 1].dep_ == "xcomp" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in chain[i - 1].children):
            return "planned"  # "X was to meet Y on Sunday", "the leaders are to hold talks"
        if t.lower_ in {"to"} and t.dep_ == "aux":
            continue
    if _purpose_of_trip(tok, set(lex.modality["purpose_motion_verbs"])):
        return "planned"
    if _subject_of_planned(tok, planned_aux, planned_govs):
        # "another meeting will take place on June 1", "the talks are scheduled to start at 5 pm"
        return "planned" if reported or "would" not in _aux_words(tok.head) else "hypothetical"
    # "the next meeting of the Joint Commission", "held the upcoming session", "the meeting,
    # which Accra will host": a meeting still to come
    nouns = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
    if any(c.dep_ in {"amod", "advmod"} and c.lower_ in {"next", "upcoming", "forthcoming"} for n in nouns for c in n.children):
        return "planned"
    if tok.pos_ == "NOUN" and any(c.dep_ in {"relcl", "acl"} and (_aux_words(c) & planned_aux or c.lemma_.lower() == "schedule")
                                  for c in tok.children):
        return "planned"
    # headline infinitive: "Peru to fund new port"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.dep_ == "ROOT":
        return "planned"
    return "asserted"


def _denied_subject(tok: Token, lex: Lexicon, neg_govs: set[str]) -> bool:
    """'The meeting did not take place', 'Meeting with X was not planned', 'the talks were
    cancelled': a meeting noun whose own predicate is negated or calls it off."""
    if tok.pos_ not in {"NOUN", "PROPN"} or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    head = tok.head
    return _negated_here(head, lex) or head.lemma_.lower() in neg_govs


def _purpose_of_trip(tok: Token, motion: set[str]) -> bool:
    """'travelled to Washington to take part in talks': a to-infinitive of purpose on a verb
    of travel (or the meeting noun such an infinitive governs)."""
    t = tok
    if tok.dep_ == "pobj":
        t = tok.head.head  # "to participate in the talks"
    elif tok.dep_ == "dobj":
        t = tok.head  # "to hold talks"
    if t.dep_ not in {"advcl", "xcomp"} or not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return False
    return t.head.lemma_.lower() in motion


def _subject_of_planned(tok: Token, planned_aux: set[str], planned_govs: set[str]) -> bool:
    """A meeting noun that is the subject of a future or scheduled predicate."""
    if tok.pos_ not in {"NOUN", "PROPN"} or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    head = tok.head
    aux = _aux_words(head)
    if aux & planned_aux or "would" in aux:
        return True
    return head.lemma_.lower() in planned_govs and head.lemma_.lower() != "agree" \
        or any(c.dep_ in {"acomp", "xcomp"} and c.lemma_.lower() in planned_govs - {"agree"} for c in head.children)


# ---------------------------------------------------------------- reported speech and forecasts
def predicted(tok: Token, prediction_words: frozenset[str]) -> bool:
    """'X is expected to offer aid': a forecast, not an undertaking."""
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() in prediction_words:
            return True
    return False


def reported(tok: Token, reporting: frozenset[str]) -> bool:
    """Is the token inside the complement of a reporting verb ("it was agreed that Laos would ...")?"""
    t = tok
    for _ in range(6):
        if _reporting_frame_before(t, tok, reporting):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() in reporting:
            return True
    return False


def _reporting_frame_before(t: Token, tok: Token, reporting: frozenset[str]) -> bool:
    """'it was agreed that, <aside>, China would ...': after an interrupting aside the parser
    makes the reported clause the root and hangs the reporting verb under it as a
    clause modifier; a reporting verb before the trigger with a 'that' still frames it."""
    doc = tok.doc
    for c in t.children:
        if c.dep_ in {"advcl", "parataxis", "ccomp"} and c.i < tok.i and c.lemma_.lower() in reporting \
                and c.i + 1 < len(doc) and any(w.lower_ == "that" for w in doc[c.i + 1: min(c.i + 3, tok.i)]):
            return True
    return False


def in_quote(doc: Doc, tok: Token) -> bool:
    """True when an odd number of quote marks precede the token in its paragraph."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    seg = text[start: tok.idx]
    return (seg.count('"') + seg.count("“") - seg.count("”")) % 2 == 1 or seg.count("“") > seg.count("”")
