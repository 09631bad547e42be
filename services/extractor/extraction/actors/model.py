"""Actor mentions and entities: what the mention and coreference stages write.

Also the small name helpers both stages use (honorifics, cleaning a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .. import _deps
from ..lexicon import Lexicon

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
THIRD_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
FIRST_PRONOUNS = {"i", "we", "me", "us", "our", "my"}
QUOTES = "\"“”«»"
APOSTROPHES = {"'", "’"}


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 8 and text.isupper() and text.replace("-", "").isalpha()


def is_honorific(name_honorifics: frozenset[str], doc: Doc, i: int) -> bool:
    """Is token ``i`` a personal honorific? 'Tan' and 'Sri' only in 'Tan Sri' / 'Dato Sri' runs."""
    t = doc[i]
    low = t.lower_
    if low not in name_honorifics:
        return False
    if low in {"tan", "sri", "seri"}:
        prev = doc[i - 1].lower_ if i > 0 else ""
        prev2 = doc[i - 2].lower_ if i > 1 else ""
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        return (low == "tan" and nxt in {"sri", "seri"}) or prev in {"tan", "dato", "datuk", "dato'", "tun"} \
            or (prev in APOSTROPHES and prev2 in {"dato", "datuk"})
    return t.is_title or t.is_upper or "." in low


@dataclass
class Entity:
    """One real-world actor in the article (a coreference cluster)."""

    id: int
    kind: str
    names: list[str] = field(default_factory=list)
    title: str | None = None
    country: str | None = None
    positions: list[int] = field(default_factory=list)
    alt_titles: list[str] = field(default_factory=list)  # "Minister of Foreign Affairs, Ambassador X"

    @property
    def canonical(self) -> str:
        """The fullest name used in the article (most words, then first seen)."""
        best = self.names[0]
        for n in self.names[1:]:
            if len(n.split()) > len(best.split()):
                best = n
        return best


@dataclass
class Mention:
    start: int  # token index, title prefix included
    end: int
    head: int  # token index of the name's last token
    name: str
    kind: str
    title: str | None
    country: str | None
    entity: int = -1
    alt_title: str | None = None


def clean_name(tokens: list[Token], lex: Lexicon) -> str:
    """Name without honorifics / titles / possessive, spaced as in the text ("Al-Sudani")."""
    toks = list(tokens)
    hon = {h.rstrip(".") for h in lex.honorifics}
    while toks and (toks[0].lower_.rstrip(".") in hon or toks[0].lower_ in lex.title_words
                    or toks[0].lower_ in {"the", "'s", "’s"} or toks[0].is_punct or toks[0].lower_ in lex.actors.headline_verbs):
        toks.pop(0)
    while toks and (toks[-1].text in {"'s", "’s"} or toks[-1].is_punct):
        toks.pop()
    if not toks:
        return ""
    text = "".join(t.text_with_ws for t in toks).strip()
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return re.sub(r"\s+", " ", text)


def country_of(token_text: str) -> str | None:
    return _deps.country_code(token_text)
