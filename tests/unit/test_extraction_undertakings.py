"""Pledge precision and sources: targets, missions standing ready, NER-split envoy names.

Articles here are written for the tests in wire-copy style."""

from __future__ import annotations

from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, names, of_type

PUB = "2025-05-03T08:00:00Z"


def test_agreeing_to_work_towards_a_target_is_no_pledge(extractor: Extractor) -> None:
    """Working towards a trade figure undertakes nothing for another party."""
    text = ("VIENTIANE, May 3 -- Laos has agreed to work towards a $5 billion trade target by 2027, "
            "officials said on Friday.")
    assert of_type(extract_text(extractor, text, PUB), "pledge") == []


def test_agreeing_to_work_with_a_party_stays_a_pledge(extractor: Extractor) -> None:
    """The guard only drops 'work' without a partner: 'work with Laos' still undertakes something."""
    text = ("HANOI, May 3 -- Vietnam has agreed to work with Laos on upgrading the border road, "
            "Deputy Minister Le Van Thanh said on Friday.")
    pledges = of_type(extract_text(extractor, text, PUB), "pledge")
    assert len(pledges) == 1


def test_embassy_standing_ready_is_the_ambassadors_pledge(extractor: Extractor) -> None:
    text = ("HANOI, May 3 -- Japanese Ambassador Ito Naoki met Vietnamese Deputy Minister Le Van Thanh on Monday. "
            "He said the embassy stands ready to arrange a visit by a Japanese expert team to Hue before the end of June.")
    pledges = of_type(extract_text(extractor, text, PUB), "pledge")
    assert len(pledges) == 1
    assert names(pledges[0], "source") == {"Ito Naoki"}


def test_envoy_surname_tagged_as_nationality_is_still_a_person(extractor: Extractor) -> None:
    """'Han' is tagged NORP by the small model; after 'Ambassador to X' it starts the envoy's name."""
    text = ("LUSAKA, May 3 -- Zambian Water Minister Grace Mwale asked China to fund a dam. "
            "Mwale made the request on Tuesday when she hosted Chinese Ambassador to Zambia Han Jinglin at her office in Lusaka.")
    events = extract_text(extractor, text, PUB)
    meetings = of_type(events, "meeting")
    assert any("Han Jinglin" in names(m) for m in meetings)
