"""Constructions from real wire copy that the parser hangs unusually.

Each test sentence is written for the test; they reproduce parse shapes seen in
real news: coordinated "title Name and title Name" subjects, an addressee's "to"
attached to the proposal noun, and a reported agreement whose clause the parser
made the sentence root.
"""

from __future__ import annotations

from tests.extraction_helpers import extract_text, names, of_type

LEAD = "NAIROBI, May 20 (Wire) -- Kenyan President William Ruto arrived in Nairobi on Monday.\n\n"


def test_second_titled_name_in_coordinated_subject_is_a_participant(extractor) -> None:
    text = LEAD + "In the afternoon, Japan's senior lawmaker Taro Aso and veteran diplomat Shinzo Kato met with President Ruto."
    meetings = of_type(extract_text(extractor, text, "2025-05-20"), "meeting")
    assert len(meetings) == 1
    assert {"Taro Aso", "Shinzo Kato", "William Ruto"} <= names(meetings[0], "participant")


def test_name_coordinated_under_apposition_is_a_participant(extractor) -> None:
    text = LEAD + "On Thursday, India’s chief economist Ravi Kumar and top trade negotiator Anil Mehta met with President Ruto."
    meetings = of_type(extract_text(extractor, text, "2025-05-20"), "meeting")
    assert len(meetings) == 1
    assert {"Ravi Kumar", "Anil Mehta", "William Ruto"} <= names(meetings[0], "participant")


def test_single_apposition_adds_no_extra_participant(extractor) -> None:
    text = "NAIROBI, May 20 (Wire) -- Kenya's trade minister, Rebecca Miano, met with Chinese Commerce Minister Wang Wentao on Monday."
    meetings = of_type(extract_text(extractor, text, "2025-05-20"), "meeting")
    assert len(meetings) == 1
    assert names(meetings[0], "participant") == {"Rebecca Miano", "Wang Wentao"}


def test_proposal_addressed_to_a_leader_is_a_request(extractor) -> None:
    text = ("NAIROBI, May 20 (Wire) -- Kenya's foreign minister Alice Wanjiru said on Tuesday she proposed "
            "a joint commission to Chancellor Olaf Scholz to resolve the trade dispute.")
    requests = of_type(extract_text(extractor, text, "2025-05-20"), "request")
    assert len(requests) == 1
    assert names(requests[0], "source") == {"Alice Wanjiru"}
    assert names(requests[0], "target") == {"Olaf Scholz"}


def test_proposal_to_a_document_is_not_a_request(extractor) -> None:
    text = "NAIROBI, May 20 (Wire) -- The opposition proposed an amendment to the budget bill on Tuesday."
    assert of_type(extract_text(extractor, text, "2025-05-20"), "request") == []


def test_reported_would_after_an_aside_is_a_pledge(extractor) -> None:
    text = ("NAIROBI, May 20 (Wire) -- As for the new railway, it was agreed that, it being a sensitive installation, "
            "China would secure the railway through patrols until Kenya builds up its own capacity.")
    pledges = of_type(extract_text(extractor, text, "2025-05-20"), "pledge")
    assert len(pledges) == 1
    assert names(pledges[0], "source") == {"China"}


def test_unreported_would_stays_hypothetical(extractor) -> None:
    text = ("NAIROBI, May 20 (Wire) -- As for the new railway, analysts doubt that, given the costs, "
            "China would secure the railway through patrols.")
    assert of_type(extract_text(extractor, text, "2025-05-20"), "pledge") == []


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


def test_talks_phrase_without_counterpart_stays_a_restatement(extractor) -> None:
    text = ("NAIROBI, May 20 (Wire) -- Kenyan President William Ruto held talks with Chinese Premier Li Qiang on Monday.\n\n"
            "In the talks, the two countries agreed to double their bilateral trade by 2030, Ruto said.")
    meetings = of_type(extract_text(extractor, text, "2025-05-20"), "meeting")
    assert len(meetings) == 1
    assert names(meetings[0], "participant") == {"William Ruto", "Li Qiang"}
