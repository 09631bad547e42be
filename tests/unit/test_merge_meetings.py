"""Meeting merging rules on hand-built claims (extraction.merge), no model needed.

Entities: 1 and 2 are countries (KEN, PER), 3 a Kenyan and 4 a Peruvian person,
5 and 6 two Chinese persons, 7 China.
"""

from __future__ import annotations

import datetime as dt

from eventx.services.extractor.extraction.arguments import Resolved
from eventx.services.extractor.extraction.merge import merge_meetings
from eventx.services.extractor.extraction.triggers import Candidate

SIDES = {1: ("country", "KEN"), 2: ("country", "PER"), 3: ("person", "KEN"), 4: ("person", "PER"),
         5: ("person", "CHN"), 6: ("person", "CHN"), 7: ("country", "CHN")}


def _claim(at: int, sent: int, parts: list[int], nominal: bool = False, restatement: bool = False,
           day: dt.date | None = None) -> Resolved:
    cand = Candidate("meeting", at, (at, at + 1), "talk" if nominal else "meet", nominal=nominal,
                     restatement=restatement)
    return Resolved(cand, sent, "asserted", participants=parts, date=day, date_explicit=day is not None)


def _merge(items: list[Resolved]):  # type: ignore[no-untyped-def]
    return merge_meetings(items, frozenset(), None, lambda eid: SIDES[eid])


def test_headline_naming_countries_joins_the_leaders_meeting() -> None:
    groups = _merge([_claim(2, 0, [1, 2], nominal=True), _claim(12, 2, [3, 4])])
    assert len(groups) == 1
    assert groups[0].participants == [3, 4]


def test_further_down_a_country_side_does_not_join_another_meeting() -> None:
    # "met Chinese Premier X" and, sentences later, "met with China": the rule is for headlines
    groups = _merge([_claim(60, 5, [3, 5]), _claim(80, 7, [3, 7])])
    assert len(groups) == 2


def test_two_people_of_one_country_are_two_meetings() -> None:
    groups = _merge([_claim(2, 0, [3, 5]), _claim(12, 1, [3, 6])])
    assert len(groups) == 2


def test_background_meeting_noun_with_its_own_day_stays_out() -> None:
    today = dt.date(2024, 5, 10)
    groups = _merge([_claim(2, 0, [3, 4], day=today),
                     _claim(30, 3, [], nominal=True, restatement=True, day=dt.date(2017, 11, 22))])
    assert len(groups) == 1
    assert len(groups[0].mentions) == 1  # its day does not become today's meeting's
