"""Money expressions ("$1.5 billion", "450 million yuan", "Rs 500 crore") -> Amount.

Pledges and requests carry figures that downstream users compare across
articles, so the value is expanded to a plain float (multipliers applied) and
the currency is an ISO 4217 code. A small hand-written grammar is used rather
than price-parser: that package finds a price in shop listings but knows
neither "billion"/"crore" multipliers nor currency words after the number
("riels", "Chinese yuan"), which is most of what news copy writes.

The currency table lives in ``data/currencies.json`` (symbols, ISO-like codes,
words, multipliers), read by the one lexicon loader (``Lexicon.currencies``). Documented choices:
  * "$" alone is USD; "¥" is JPY (English-language Chinese copy writes "yuan"
    or "RMB"); "Sh"/"KSh" is KES; "Rs" is INR; bare "dollars" is USD.
  * A range ("₹35-36 lakh", "$2 to $3 billion") yields its lower bound.
  * A figure without any currency keeps ``currency=None``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eventx.contracts.models import Amount

from .lexicon import Currencies, load_lexicon

__all__ = ["parse_amount", "currency_code"]

_WORD_NUMBERS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "half a": 0.5,
}


def _table() -> Currencies:
    """``currencies.json`` as the one lexicon loader read it (cached there)."""
    return load_lexicon().currencies


@lru_cache(maxsize=1)
def _grammar() -> tuple[re.Pattern[str], list[tuple[str, str]], list[tuple[str, str]]]:
    t = _table()
    mults = sorted(t.multipliers, key=len, reverse=True)
    words = "|".join(re.escape(w) for w in sorted(_WORD_NUMBERS, key=len, reverse=True))
    pattern = re.compile(
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![A-Za-z])(?:" + words + r")(?![A-Za-z]))"
        r"(?P<range>\s*(?:-|\u2013|to)\s*[^\d\s]{0,4}\d[\d,]*(?:\.\d+)?)?"
        r"(?:[\s-]*(?P<mult>" + "|".join(re.escape(m) for m in mults) + r")(?![A-Za-z]))?",
        re.IGNORECASE,
    )
    symbols = sorted(t.symbols.items(), key=lambda kv: len(kv[0]), reverse=True)
    codes = sorted(t.codes.items(), key=lambda kv: len(kv[0]), reverse=True)
    return pattern, symbols, codes


def _prefix_currency(before: str) -> str | None:
    """Currency written right before the number: "US$", "€", "USD ", "Rs "."""
    _, symbols, codes = _grammar()
    b = before.rstrip()
    gap = len(before) - len(b)
    for sym, code in symbols:
        if b.endswith(sym):
            head = b[: -len(sym)]
            # Letter symbols ("Sh", "Rs", "R") must be whole words.
            if sym[0].isalpha() and head and head[-1].isalpha():
                continue
            if sym[0].isalpha() and len(sym) == 1 and gap:
                continue  # "R 500" is too ambiguous; "R500" is rand
            return code
    for iso, code in codes:
        if b.endswith(iso) and (len(b) == len(iso) or not b[-len(iso) - 1].isalpha()):
            return code
    return None


def currency_code(word: str) -> str | None:
    """ISO 4217 code for a currency word / code / symbol, else None."""
    t = _table()
    w = " ".join(word.strip().split())
    if w in t.symbols:
        return t.symbols[w]
    if w.isupper() and w in t.codes:
        return t.codes[w]  # codes only in capitals: "TRY" not "try"
    low = w.lower()
    words: dict[str, str] = t.words
    for cand in (low, low[:-1] if low.endswith("s") else None, low[:-2] if low.endswith("es") else None):
        if cand and cand in words:
            return words[cand]
    return None


_TRAILING_WORDS = re.compile(r"^\s*(?:of\s+)?([A-Za-z.]+(?:\s+[A-Za-z.]+){0,2})")


def _suffix_currency(after: str) -> str | None:
    """Currency written after the number: "yuan", "Chinese yuan", "US dollars", "USD"."""
    m = _TRAILING_WORDS.match(after)
    if not m:
        return None
    tokens = m.group(1).split()
    for n in range(len(tokens), 0, -1):  # longest phrase first
        code = currency_code(" ".join(tokens[:n]))
        if code:
            return code
    return None


def _number(raw: str) -> float:
    low = raw.lower()
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low])
    return float(raw.replace(",", ""))


@lru_cache(maxsize=4096)
def parse_amount(text: str) -> Amount | None:
    """Parse a money expression; None when it holds no number.

    ``text`` is typically a spaCy MONEY entity; a short phrase around it also
    works (the first number is used). ``Amount.text`` keeps the input as written.
    """
    if not text or not text.strip():
        return None
    pattern, _, _ = _grammar()
    t = _table()
    for m in pattern.finditer(text):
        raw = m.group("num")
        if not raw[0].isdigit() and not m.group("mult"):
            continue  # "a" / "one" only counts with a multiplier: "a billion dollars"
        rest = text[m.end():]
        if re.match(r"\s*(?:%|per\s*cent|percent)", rest, re.IGNORECASE):
            continue
        value = _number(raw)
        mult = m.group("mult")
        if mult:
            value *= float(t.multipliers[mult.lower()])
        currency = _prefix_currency(text[: m.start()]) or _suffix_currency(rest)
        return Amount(value=value, currency=currency, text=text)
    return None
