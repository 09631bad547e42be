"""Pronoun antecedents when a spokesperson briefs about what a senior official did.

Why: in wire copy a spokesperson is often the subject of the sentence just before
a quote that says "He met the prime minister"; the nearest-subject rule then makes
the spokesperson a meeting participant. The one who met is the office-holder the
story is about, unless no such official is named.
"""

from __future__ import annotations

from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, names, of_type

BRIEFING = (
    "Ministry denies Finnish envoy was ignored\n\n"
    "Oslo : The government on Monday denied that Finnish Foreign Minister Aino Kallio "
    "was refused an audience with opposition leader Henrik Dahl.\n\n"
    "\"No such appointment was ever requested,\" foreign ministry spokesman Lars Berg said.\n\n"
    "He was reacting to newspaper reports that Dahl had shunned the Finnish minister.\n\n"
    "\"Nobody shunned her. She met Prime Minister Jonas Strand. The trade minister hosted "
    "a lunch for her,\" a senior official said.\n"
)


def test_pronoun_meeting_skips_spokesperson_for_senior_official(extractor: Extractor) -> None:
    meetings = of_type(extract_text(extractor, BRIEFING, "2024-05-02"), "meeting")
    met = [m for m in meetings if m.trigger is not None and m.trigger.text == "met"]
    assert len(met) == 1
    assert names(met[0]) == {"Aino Kallio", "Jonas Strand"}


def test_spokesperson_stays_antecedent_without_senior_official(extractor: Extractor) -> None:
    text = (
        "Harbour board outlines dredging plan\n\n"
        "Valletta : Port authority spokesman Karl Vella briefed reporters on Tuesday "
        "about the new dredging schedule.\n\n"
        "He met fishing cooperative head Paul Grech later in the day.\n"
    )
    meetings = of_type(extract_text(extractor, text, "2024-03-12"), "meeting")
    assert len(meetings) == 1
    assert names(meetings[0]) == {"Karl Vella", "Paul Grech"}

