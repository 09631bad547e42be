"""The model's attribute ruler, matched by lookup instead of spaCy's ``Matcher``.

Why: ``en_core_web_sm``'s ``attribute_ruler`` (POS and MORPH from the tag,
lemma and morph exceptions for a few words) spent about 14% of the
extraction time in the ``Matcher``, which runs every one of its ~180
patterns' predicates on every token. Nearly all of them are one token with a
fixed ``TAG`` or ``LOWER``, so an index on those two picks the few patterns a
token can match; the rest (a handful on ``DEP`` / ``IS_SPACE`` and the two-token
ones) are checked as they stand. Only the matching is replaced: the ruler's
own ``set_annotations`` applies the matches, in the same order (pattern
number, then position), so later patterns still take precedence and
POS / MORPH / LEMMA come out identical. A ruler with a pattern this lookup
does not understand (an operator, another attribute) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

RULER = "attribute_ruler"
_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")  # positions in a token's feature tuple
Test = Callable[[list[tuple[str, str, str, bool]], int, int], bool]  # (features, i, n) -> match at i?
Entry = tuple[int, int, int, Test]  # attr_id, match id, pattern length, test


class Unsupported(ValueError):
    """A pattern this lookup cannot reproduce exactly."""


def _condition(k: int, key: str, spec: Any, consts: list[Any]) -> str:
    """Python source for one token attribute's predicate, as spaCy's ``Matcher`` reads it."""
    value = f"f[i + {k}][{_FEATURES.index(key)}]"
    if not isinstance(spec, dict):
        consts.append(spec)
        return f"{value} == c[{len(consts) - 1}]"
    out = []
    for op, arg in spec.items():
        if op in {"IN", "NOT_IN"}:
            consts.append(frozenset(arg))
            out.append(f"{value} {'in' if op == 'IN' else 'not in'} c[{len(consts) - 1}]")
        elif op == "REGEX":
            consts.append(re.compile(arg).search)
            out.append(f"c[{len(consts) - 1}]({value}) is not None")
        else:
            raise Unsupported(op)
    return " and ".join(out)


def _test(alt: list[dict[str, Any]]) -> Test:
    """One pattern (a sequence of token specs, no operators) as a compiled test."""
    consts: list[Any] = []
    parts = [f"i + {len(alt)} <= n"]
    for k, tok in enumerate(alt):
        if not tok or set(tok) - set(_FEATURES):
            raise Unsupported(str(tok))
        parts += [f"({_condition(k, key, spec, consts)})" for key, spec in tok.items()]
    test: Test = eval(f"lambda f, i, n: {' and '.join(parts)}", {"c": consts})  # noqa: S307 - our own source
    return test


class AttributeLookup:
    """``AttributeRuler.match`` for one loaded ruler: the same sorted match list."""

    def __init__(self, ruler: Any) -> None:
        self.by_tag: dict[str, list[Entry]] = {}
        self.by_lower: dict[str, list[Entry]] = {}
        self.other: list[Entry] = []
        strings = ruler.vocab.strings
        for attr_id, p in enumerate(ruler.patterns):
            match_id = strings[str(attr_id)]
            for alt in p["patterns"]:
                entry = (attr_id, match_id, len(alt), _test(alt))
                first = alt[0]
                if isinstance(first.get("LOWER"), str):  # the more selective key first
                    self.by_lower.setdefault(first["LOWER"], []).append(entry)
                elif isinstance(first.get("TAG"), str):
                    self.by_tag.setdefault(first["TAG"], []).append(entry)
                else:
                    self.other.append(entry)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        f = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        n = len(f)
        out = []
        empty: list[Entry] = []
        for i, (tag, lower, _dep, _space) in enumerate(f):
            for entries in (self.by_tag.get(tag, empty), self.by_lower.get(lower, empty), self.other):
                for attr_id, match_id, length, test in entries:
                    if test(f, i, n):
                        out.append((attr_id, match_id, i, i + length))
        out.sort()
        return out


def use_lookup(nlp: Language) -> bool:
    """Match the pipeline's attribute ruler by lookup (idempotent); False: left as it was."""
    if RULER not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(RULER)
    if getattr(ruler, "eventx_lookup", None) is not None:
        return True
    try:
        lookup = AttributeLookup(ruler)
    except Unsupported:
        return False
    ruler.eventx_lookup = lookup
    ruler.match = lookup.match  # __call__ asks self.match; set_annotations stays the ruler's
    return True
