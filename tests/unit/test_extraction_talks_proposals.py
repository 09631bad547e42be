"""Constructions from real wire copy that the parser hangs unusually.

Each test sentence is written for the test; they reproduce parse shapes seen in
real news: coordinated "title Name and title Name" subjects, an addressee's "to"
attached to the proposal noun, and a reported agreement whose clause the parser
made the sentence root. The single-event cases are in
``tests/data/extraction_cases.yaml``; this file keeps the one that checks two
meetings of one article against each other.
"""

from __future__ import annotations

from tests.extraction_helpers import extract_text, names, of_type

def test_talks_phrase_with_plural_subject_pairs_speaker_and_counterpart(extractor) -> None:
    text = ("NAIROBI, May 20 (Wire) -- Kenyan President William Ruto held talks with Chinese Premier Li Qiang on Monday.\n\n"
            "In the talks with Chinese President Xi Jinping on May 18, the two countries agreed to double their "
            "bilateral trade by 2030, Ruto said.")
    meetings = of_type(extract_text(extractor, text, "2025-05-20"), "meeting")
    assert len(meetings) == 2
    by_trigger = {m.trigger.text: names(m, "participant") for m in meetings}
    assert by_trigger["talks"] == {"William Ruto", "Xi Jinping"}
    assert by_trigger["held talks"] == {"William Ruto", "Li Qiang"}
    talks = next(m for m in meetings if m.trigger.text == "talks")
    # "agreed to" plans the trade target, not the talks framing the clause
    assert talks.status == "occurred"
    assert str(talks.date) == "2025-05-18"
