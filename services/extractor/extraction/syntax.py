"""Dependency-parse helpers shared by the trigger frames, the argument stage and merging.

Why one module: "who is the subject of this verb" or "which nouns hang on its
'with'" are questions every stage asks of the parse; answering them in one
place keeps the stages agreeing on them. Pure functions of spaCy tokens.
"""

from __future__ import annotations

from spacy.tokens import Token

SUBJ = {"nsubj", "nsubjpass", "csubj"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}


def that_clause(tok: Token) -> bool:
    """'assured the envoy that the government is committed ...': a that-clause the parser
    hung on the object as a relative clause (a real relative clause has no 'that' marker)."""
    return tok.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


def aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "aux"}


def dep_children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def pobjs(tok: Token, preps: set[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in {"prep", "prt", "agent"} and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ in {"pobj", "pcomp"})
    return out


def with_conj(toks: list[Token]) -> list[Token]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def appos_conj(toks: list[Token]) -> list[Token]:
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


def finite_governor(t: Token) -> Token | None:
    """'X urged India to allow Nepal to sell power and sought Delhi's support': a past-tense
    verb cannot be coordinated with an infinitive, so a conjunct the parser hung on "to sell"
    belongs to the finite verb above the infinitive chain; that verb's subject is its subject."""
    if t.dep_ != "conj" or t.tag_ != "VBD":
        return None
    h = t.head
    infinitive = h.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children)
    # "wanted to see the deal preserved but also called for talks": nor with a bare
    # participle of a small clause (no auxiliary of its own)
    small_clause = h.tag_ == "VBN" and h.dep_ in {"ccomp", "xcomp", "oprd"} \
        and not any(c.dep_ in {"aux", "auxpass"} for c in h.children)
    if not (infinitive or small_clause):
        return None
    for _ in range(4):
        if h.dep_ not in {"xcomp", "ccomp", "advcl"} or h.head.i == h.i:
            return None
        h = h.head
        if h.tag_ in FINITE_TAGS:
            return h
    return None


def speech_participle(tok: Token, reporting_verbs: frozenset[str]) -> Token | None:
    """'She said the two sides should talk, urging both to show restraint': a participle set
    off by a comma after a reported clause is the speaker's own act, which the parser hangs on
    the reported verb; the reporting verb it belongs to, else None."""
    if tok.tag_ != "VBG" or tok.dep_ != "advcl" or tok.i == 0 or tok.doc[tok.i - 1].text != "," \
            or dep_children(tok, SUBJ):
        return None
    h = tok.head
    for _ in range(4):
        if h.dep_ == "ccomp" and h.head.lemma_.lower() in reporting_verbs:
            return h.head
        if h.dep_ not in {"conj", "xcomp", "advcl", "relcl", "acl"} or h.head.i == h.i:
            return None
        h = h.head
    return None


def subjects(tok: Token, reporting_verbs: frozenset[str]) -> list[Token]:
    """Subject of ``tok``, climbing through xcomp / conj / relative clauses."""
    t = speech_participle(tok, reporting_verbs) or tok
    for _ in range(5):
        s = dep_children(t, SUBJ)
        if s:
            return with_conj(s) + appos_conj(s)
        if t.dep_ == "relcl":
            return [t.head]
        h = finite_governor(t)
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
            that = that_clause(h) or (h.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in h.children))
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


def plural_subject(subj: list[Token]) -> bool:
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
