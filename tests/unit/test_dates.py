"""Date expressions resolved against the publication date (extraction.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventx.services.extractor.extraction.dates import resolve_date

WED = dt.date(2024, 12, 4)  # a Wednesday
D = dt.date


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("December 3", D(2024, 12, 3)),
        ("on December 3", D(2024, 12, 3)),
        ("Dec. 3", D(2024, 12, 3)),
        ("Dec 3rd", D(2024, 12, 3)),
        ("3 December 2024", D(2024, 12, 3)),
        ("3 December", D(2024, 12, 3)),
        ("the 3rd of December", D(2024, 12, 3)),
        ("December 3, 2023", D(2023, 12, 3)),
        ("2024-12-03", D(2024, 12, 3)),
        ("Friday", D(2024, 11, 29)),
        ("on Friday", D(2024, 11, 29)),
        ("Wednesday", WED),  # the publication day itself
        ("last Wednesday", D(2024, 11, 27)),
        ("last Wednesday (27)", D(2024, 11, 27)),  # the day of the month beside the weekday
        ("Tuesday (26th)", D(2024, 11, 26)),  # the text's own day wins over the weekday guess
        ("next Wednesday", D(2024, 12, 11)),
        ("Tuesday night", D(2024, 12, 3)),
        ("early Friday morning", D(2024, 11, 29)),
        ("earlier on Monday", D(2024, 12, 2)),
        ("yesterday", D(2024, 12, 3)),
        ("last night", D(2024, 12, 3)),
        ("today", WED),
        ("this morning", WED),
        ("this afternoon", WED),
        ("tomorrow", D(2024, 12, 5)),
        ("A day earlier", D(2024, 12, 3)),
        ("the following day", D(2024, 12, 5)),
        ("two days ago", D(2024, 12, 2)),
        ("June 2 to 5", D(2024, 6, 2)),
        ("Sep 4-6", D(2024, 9, 4)),
        ("December 5", D(2023, 12, 5)),  # past preference: not later than base
        ("Wednesday, August 5", D(2024, 8, 5)),
        ("2019-10-09 PM Imran", D(2019, 10, 9)),  # spaCy glued a dateline to words
        ("  on   December 3. ", D(2024, 12, 3)),
    ],
)
def test_resolves_past(expr: str, expected: dt.date) -> None:
    assert resolve_date(expr, WED) == expected


@pytest.mark.parametrize(
    "expr",
    ["last week", "next week", "this week", "next month", "earlier this month", "three days",
     "11 days", "recent years", "the past decade", "mid-May", "May", "2023", "the same day",
     "the past two days", "", "   ", "four-day", "the weekend", "in three days"],
)
def test_vague_or_duration_is_none(expr: str) -> None:
    assert resolve_date(expr, WED) is None


@pytest.mark.parametrize(
    ("expr", "base", "expected"),
    [
        ("December 28", D(2025, 1, 2), D(2024, 12, 28)),  # across the new year
        ("Friday", D(2019, 11, 29), D(2019, 11, 29)),  # base is a Friday
        ("on Friday", D(2020, 7, 18), D(2020, 7, 17)),
        ("Tuesday", D(2024, 9, 4), D(2024, 9, 3)),
        ("Monday", D(2017, 5, 15), D(2017, 5, 15)),
        ("January 1", D(2024, 1, 1), D(2024, 1, 1)),
        ("February 29", D(2025, 3, 1), D(2024, 2, 29)),  # last leap day
    ],
)
def test_other_bases(expr: str, base: dt.date, expected: dt.date) -> None:
    assert resolve_date(expr, base) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("December 3", D(2025, 12, 3)),
        ("December 4", WED),
        ("Friday", D(2024, 12, 6)),
        ("Wednesday", WED),
        ("next Friday", D(2024, 12, 6)),
        ("January 10", D(2025, 1, 10)),
        ("tomorrow", D(2024, 12, 5)),
    ],
)
def test_resolves_future(expr: str, expected: dt.date) -> None:
    assert resolve_date(expr, WED, prefer="future") == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [("3 December 2024", D(2024, 12, 3)), ("2024-12-03", D(2024, 12, 3)),
     ("December 3", None), ("Friday", None), ("yesterday", None)],
)
def test_without_base_only_absolute_dates(expr: str, expected: dt.date | None) -> None:
    assert resolve_date(expr, None) == expected


def test_fallback_handles_numeric_dates() -> None:
    # Day-first, as most of our sources (Asia, Africa, UK) write it.
    assert resolve_date("12/03/2024", WED) == D(2024, 3, 12)


def test_invalid_day_is_none() -> None:
    assert resolve_date("February 30", WED) is None
    assert resolve_date("2024-02-30", WED) is None


def test_datetime_base_is_accepted() -> None:
    assert resolve_date("Friday", dt.datetime(2024, 12, 4, 15, 30)) == D(2024, 11, 29)
    assert resolve_date("December 5", dt.datetime(2024, 12, 4, 9, 0)) == D(2023, 12, 5)
