"""Dateline and byline detection: the "CITY, Month D (Agency) --" prefix of wire copy.

Why a text-level rule rather than NER: the small spaCy model tags dateline
cities as PERSON ("Dakar"), agency names as ORG actors ("KAZINFORM",
"POST-COURIER/PACNEWS") and the filing date as the event date. The prefix has
a rigid shape -- at the start of a line, only capitalised words, digits and
an optional parenthesised agency, closed by a dash, a colon or a slash -- so a
character-level pattern finds it reliably, and everything inside it is
excluded from actors and meeting dates.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import _deps

__all__ = ["dateline_spans", "in_dateline"]

# separators that close a dateline: "--", "---", em/en dash, a spaced hyphen,
# a colon, a slash ("Shafaq News /"), or a closing agency parenthesis with no dash
_SEP = re.compile(r"\s*(?:-{2,}|—|–|\s-\s|:\s|\s/\s|/[A-Z]+/)\s*")
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "january", "february", "march", "april", "june", "july", "august", "september", "october",
           "november", "december"}
_WORD = re.compile(r"[^\s,.()/]+")
MAX_PREFIX = 80


def _word_ok(w: str) -> bool:
    """A dateline word: capitalised, all-caps, a number, or a month abbreviation."""
    w = w.strip("'’\"-")
    if not w:
        return True
    if w[0].isdigit():
        return True
    if w.lower().rstrip(".") in _MONTHS:
        return True
    return w[0].isupper() or w.lower() in {"de", "of", "es", "el", "al", "da", "do"}


def _looks_like_dateline(prefix: str, closed_by_dash: bool) -> bool:
    words = _WORD.findall(prefix)
    if not words or len(words) > 14 or not all(_word_ok(w) for w in words):
        return False
    head = re.split(r"[,.(/]", prefix, maxsplit=1)[0].strip()  # "Baku/05.04.14/Turan :"
    if not head or ")" in head or not head[0].isalpha():
        return False  # a wrapped line starting mid-sentence ("Research) (PETR4.SA: ...")
    has_agency = "(" in prefix
    has_date = any(w.lower().rstrip(".") in _MONTHS for w in words) or bool(re.search(r"\d", prefix))
    known_place = _deps.is_place(head) or _deps.is_place(head.title()) or _deps.country_code(head) is not None
    if head.isupper() and len(head) >= 3:
        return True
    if known_place and (closed_by_dash or has_agency or has_date):
        return True
    return has_agency and has_date


@lru_cache(maxsize=64)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        line = text[pos:end]
        stripped = len(line) - len(line.lstrip())
        body = line[stripped:]
        if body:
            span = _line_dateline(body)
            if span is not None:
                out.append((pos + stripped, pos + stripped + span))
        pos = end + 1
    return tuple(out)


def _line_dateline(body: str) -> int | None:
    """Length of the dateline at the start of ``body`` (one line), or None."""
    m = _SEP.search(body, 0, MAX_PREFIX + 6)
    if m is not None and m.start() > 0 and body[: m.start()].count("(") > body[: m.start()].count(")"):
        # a dash inside the agency parenthesis ("Beijing, (APP - Pakistan Point News - 4th Sep) ")
        close = body.find(")", m.start(), MAX_PREFIX * 2)
        if close == -1:
            return None
        end = close + 1
        while end < len(body) and body[end] in " \t-—–:":
            end += 1
        return end if _looks_like_dateline(body[: close + 1], closed_by_dash=False) else None
    if m is not None and m.start() > 0:
        prefix = body[: m.start()]
        if _looks_like_dateline(prefix, closed_by_dash=":" not in m.group(0) and "/" not in m.group(0)):
            return m.end()
    # "New Delhi, Jun 26 (PTI) India will ...": the agency parenthesis closes it
    m = re.match(r"[^()\n]{2,60}\([A-Za-z][A-Za-z\-/ ]{1,30}\)\s*", body)
    if m is not None and _looks_like_dateline(body[: m.end()].strip(), closed_by_dash=False):
        return m.end()
    # a line that is only "Lusaka, 10 December 2024"
    if len(body) <= 40 and "," in body and _looks_like_dateline(body, closed_by_dash=False) and re.search(r"\d", body):
        return len(body)
    return None


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines at the start of lines in ``text``."""
    return list(_spans(text))


def in_dateline(text: str, start: int, end: int | None = None) -> bool:
    """Is the character range [start, end) inside a dateline of ``text``?"""
    end = start + 1 if end is None else end
    return any(a <= start and end <= b for a, b in _spans(text))
