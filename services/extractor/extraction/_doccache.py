"""Per-doc caches of values spaCy recomputes on every access.

Why: ``doc.text`` joins every token afresh, ``doc.sents`` / ``token.sent``
re-walk the sentence boundaries from the start of the document each time,
and ``doc.ents`` / ``span.ents`` rebuild every entity of the document per
call; the stages ask for them hundreds of times per article, so on a long
article the cost grew with the square of its length. Computed once after
parsing and kept in ``doc.user_data``; only call these on a fully parsed Doc
(the boundaries and entities must not change afterwards).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

_TEXT = "eventx.text"
_SENTS = "eventx.sents"
_SENT_OF = "eventx.sent_of"
_ENTS = "eventx.ents"
_ENT_STARTS = "eventx.ent_starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, computed once."""
    sents = doc.user_data.get(_SENTS)
    if sents is None:
        sents = list(doc.sents)
        sent_of = [0] * len(doc)
        for k, s in enumerate(sents):
            for i in range(s.start, s.end):
                sent_of[i] = k
        doc.user_data[_SENTS] = sents
        doc.user_data[_SENT_OF] = sent_of
    return sents


def sent_index(doc: Doc, i: int) -> int:
    """Index (into ``sentences(doc)``) of the sentence holding token ``i``."""
    sentences(doc)
    return doc.user_data[_SENT_OF][i]


def sent_of(tok: Token | Span) -> Span:
    """``tok.sent`` via the cached index (a Span: the sentence of its first token)."""
    doc = tok.doc
    i = tok.i if isinstance(tok, Token) else tok.start
    return sentences(doc)[sent_index(doc, i)]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once (the same ``Span`` objects on every call)."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = tuple(doc.ents)
        doc.user_data[_ENTS] = ents
        doc.user_data[_ENT_STARTS] = [e.start for e in ents]
    return ents


def ents_in(span: Span) -> list[Span]:
    """``span.ents`` through the index: the entities from the first one starting at or after
    the span's start, up to the first one not ending inside it (spaCy's own rule)."""
    doc = span.doc
    ents = doc_ents(doc)
    k = bisect.bisect_left(doc.user_data[_ENT_STARTS], span.start)
    out = []
    end = span.end
    while k < len(ents) and ents[k].end <= end:
        out.append(ents[k])
        k += 1
    return out
