"""Resolve a date expression (a spaCy DATE entity) against the publication date.

Meetings need a calendar day: "met on Friday" in an article published on
Saturday 2020-07-18 happened on 2020-07-17. News mostly reports the past, so a
bare weekday or month-day defaults to the most recent one *on or before* the
publication date (``prefer="past"``; a "Friday" article saying "on Friday"
means that very day); planned events use ``prefer="future"`` (the next one on
or after it).

The common shapes are parsed here directly - faster and more predictable than
dateparser, which e.g. turns "three days" into a date and resolves a weekday
equal to the base date to the previous week. dateparser (English only,
settings built per call but the parser itself loaded once) is the fallback for
rarer shapes ("3rd of December", "12/03/2024", "two days ago" handled here).

Documented choices:
  * Only day-precise expressions resolve. Week-, month- and year-level ones
    ("last week", "next month", "earlier this month", "mid-May", "in 2023")
    return None: they name no day, and the gold data gives no date for them
    (a meeting "next week" has date null).
  * Durations and vague spans ("three days", "recent years", "the past decade",
    "the same day") return None; "the same day" needs discourse context the
    caller has and this function does not.
  * "yesterday"/"last night" -> base - 1; "a day earlier"/"the previous day"
    -> base - 1; "the next day"/"a day later" -> base + 1.
  * Ranges ("June 2 to 5", "Sep 4-6") resolve to their first day.
  * Without a base date only fully specified dates ("3 December 2024",
    "2024-12-03") resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Literal

__all__ = ["resolve_date"]

Prefer = Literal["past", "future"]

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        _MONTHS[_n] = _i

_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]
    )
    for name in names
}

_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"

_LEADING = re.compile(
    r"^(?:(?:on|by|since|from|until|till|at|in|of|during|as of|before|after|earlier|later|"
    r"late|early|last|next|this|coming|past|the)\s+)+"
)
_PART_OF_DAY = re.compile(
    r"\s+(?:morning|afternoon|evening|night|noon|midday|overnight|local time)$"
)

# Leading words that do not change which day is meant ("earlier on Monday").
_PREPOSITIONS = re.compile(
    r"^(?:(?:on|by|since|from|until|till|at|in|during|as of|before|after|earlier|later|"
    r"late|early)\s+)+"
)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_DAY = re.compile(
    rf"^(?:(?:{_WEEKDAY_RE})\.?,?\s+)?(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}}){_ORD}"
    rf"(?:\s*(?:-|\u2013|to|and)\s*\d{{1,2}}{_ORD})?(?:,?\s+(?P<year>\d{{4}}))?$"
)
_DAY_MONTH = re.compile(
    rf"^(?:(?:{_WEEKDAY_RE})\.?,?\s+)?(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}"
    rf"(?:\s*(?:-|\u2013|to|and)\s*\d{{1,2}}{_ORD})?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})\.?"
    rf"(?:,?\s+(?P<year>\d{{4}}))?$"
)
_WEEKDAY = re.compile(rf"^(?P<mod>last|next|this|coming|past)?\s*(?P<wd>{_WEEKDAY_RE})\.?$")
_AGO = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                  r"(?P<unit>days?|weeks?)\s+(?P<dir>ago|earlier|before|later|after|from now|hence)$")

_RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "today's": 0, "this noon": 0,
    "yesterday": -1, "last night": -1, "yesterday's": -1, "the previous day": -1,
    "a day earlier": -1, "one day earlier": -1, "the day before": -1, "a day before": -1,
    "the day before yesterday": -2, "tomorrow": 1, "tomorrow's": 1, "the next day": 1,
    "the following day": 1, "a day later": 1, "one day later": 1, "the day after": 1,
    "the day after tomorrow": 2,
}

# Words that make an expression a span or a vague period, never a day.
_VAGUE = re.compile(
    r"\b(?:week|weeks|month|months|year|years|decade|decades|century|centuries|"
    r"weekend|period|season|quarter|recent|recently|past|coming|same|era|times|"
    r"mid|spring|summer|autumn|fall|winter|hours?|minutes?|days|nights)\b"
)


def _normalise(expression: str) -> str:
    s = expression.strip().lower().replace("\u2019", "'")
    s = s.strip(" .,;:()\"'")
    s = re.sub(r"\s+", " ", s)
    return s


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, year: int | None, base: dt.date | None,
               prefer: Prefer) -> dt.date | None:
    if year is not None:
        return _safe_date(year, month, day)
    if base is None:
        return None
    cand = _safe_date(base.year, month, day)
    if prefer == "past":
        if cand is None or cand > base:
            cand = _safe_date(base.year - 1, month, day)
    else:
        if cand is None or cand < base:
            cand = _safe_date(base.year + 1, month, day)
    return cand


def _weekday(target: int, mod: str | None, base: dt.date, prefer: Prefer) -> dt.date:
    delta_back = (base.weekday() - target) % 7  # 0..6 days back to target
    delta_fwd = (target - base.weekday()) % 7
    if mod in ("last", "past"):
        return base - dt.timedelta(days=delta_back or 7)
    if mod in ("next", "coming"):
        return base + dt.timedelta(days=delta_fwd or 7)
    if prefer == "future":
        return base + dt.timedelta(days=delta_fwd)
    return base - dt.timedelta(days=delta_back)


def _own_rules(s: str, base: dt.date | None, prefer: Prefer) -> dt.date | None | bool:
    """Resolve the shapes we know; ``False`` means "not recognised, try fallback"."""
    m = _ISO.match(s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))

    # Strip leading prepositions once for the day-relative words, keep "last"/"next"
    # for weekdays (they change the meaning).
    for key in (s, re.sub(r"^(?:on|by|since|from|until|at|in|during)\s+", "", s)):
        key = _PART_OF_DAY.sub("", key) if key not in _RELATIVE_DAYS else key
        if key in _RELATIVE_DAYS:
            return None if base is None else base + dt.timedelta(days=_RELATIVE_DAYS[key])

    core = _PREPOSITIONS.sub("", s)
    core = _PART_OF_DAY.sub("", core)

    m = _WEEKDAY.match(core)
    if m:
        if base is None:
            return None
        return _weekday(_WEEKDAYS[m.group("wd")], m.group("mod"), base, prefer)

    # Month-day with the leading junk stripped ("earlier on December 3").
    core2 = _LEADING.sub("", core)
    for rx in (_MONTH_DAY, _DAY_MONTH):
        m = rx.match(core2)
        if m:
            year = int(m.group("year")) if m.group("year") else None
            return _month_day(_MONTHS[m.group("mon")], int(m.group("day")), year, base, prefer)

    m = _AGO.match(core2)
    if m:
        if base is None:
            return None
        n = int(m.group("n")) if m.group("n").isdigit() else _SMALL_NUMBERS[m.group("n")]
        days = n * (7 if m.group("unit").startswith("week") else 1)
        sign = -1 if m.group("dir") in ("ago", "earlier", "before") else 1
        return base + dt.timedelta(days=sign * days)

    if _VAGUE.search(s):
        return None
    return False


@lru_cache(maxsize=1)
def _dateparser():  # type: ignore[no-untyped-def]
    """Import dateparser lazily and warm its English data once."""
    import dateparser

    dateparser.parse("1 January 2000", languages=["en"])
    return dateparser


def _fallback(s: str, base: dt.date | None, prefer: Prefer) -> dt.date | None:
    # Only worth trying when there is something date-like in it.
    if not re.search(rf"\d|\b(?:{_MONTH_RE})\b", s):
        return None
    dp = _dateparser()
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": prefer,
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "DMY",
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    elif not re.search(r"\b\d{4}\b", s):
        return None
    try:
        out = dp.parse(s, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on odd input; a miss is not an error here
        return None
    return out.date() if out else None


@lru_cache(maxsize=8192)
def resolve_date(expression: str, base: dt.date | None,
                 prefer: Prefer = "past") -> dt.date | None:
    """The calendar day ``expression`` refers to, relative to ``base``; else None.

    ``base`` is the publication date. ``prefer`` decides which way a bare
    weekday or month-day goes: "past" = most recent on/before ``base``,
    "future" = next on/after it.
    """
    if not expression:
        return None
    if isinstance(base, dt.datetime):
        base = base.date()  # a datetime would not compare with the dates built here
    s = _normalise(expression)
    if not s:
        return None
    m = _DAY_IN_PARENS.search(s)
    if m and m.start() > 0:
        # "last Wednesday (31)": South Asian copy adds the day of the month to the weekday
        return _with_day(resolve_date(s[: m.start()], base, prefer), int(m.group(1)))
    result = _own_rules(s, base, prefer)
    if result is False:
        result = _embedded(s, base, prefer)
    if result is False:
        return _fallback(s, base, prefer)
    return result  # type: ignore[return-value]


_DAY_IN_PARENS = re.compile(r"\s*\((\d{1,2})(?:st|nd|rd|th)?\)?\s*$")


def _with_day(found: dt.date | None, day: int) -> dt.date | None:
    """The weekday's date when it agrees with the day of the month given beside it, else the
    same weekday some weeks off that falls on that day, else that day within three days (the
    text's own number wins over our guess of which week)."""
    if found is None or found.day == day:
        return found
    weeks = (found + dt.timedelta(weeks=k) for k in (-1, 1, -2, 2, -3, 3, -4, 4))  # same weekday
    near = (found + dt.timedelta(days=k) for k in (-1, 1, -2, 2, -3, 3))  # a weekday the text got wrong
    return next((d for d in weeks if d.day == day), None) or next((d for d in near if d.day == day), found)


_EMBEDDED_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_EMBEDDED_MD = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<year>\d{{4}}))?"
)


def _embedded(s: str, base: dt.date | None, prefer: Prefer) -> dt.date | None | bool:
    """A clear date inside a longer entity ("2019-10-09 PM Imran", "May 15 - Two weeks").

    spaCy sometimes glues a dateline date to neighbouring words; the day is
    still unambiguous, so take it rather than lose it.
    """
    m = _EMBEDDED_ISO.search(s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _EMBEDDED_MD.search(s)
    if m and int(m.group("day")) <= 31:
        year = int(m.group("year")) if m.group("year") else None
        return _month_day(_MONTHS[m.group("mon")], int(m.group("day")), year, base, prefer)
    return False
