"""Pledge precision and sources: targets, missions standing ready, NER-split envoy names.

Articles here are written for the tests in wire-copy style."""

from __future__ import annotations

from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, names, of_type

PUB = "2025-05-03T08:00:00Z"


def test_envoy_surname_tagged_as_nationality_is_still_a_person(extractor: Extractor) -> None:
    """'Han' is tagged NORP by the small model; after 'Ambassador to X' it starts the envoy's name."""
    text = ("LUSAKA, May 3 -- Zambian Water Minister Grace Mwale asked China to fund a dam. "
            "Mwale made the request on Tuesday when she hosted Chinese Ambassador to Zambia Han Jinglin at her office in Lusaka.")
    events = extract_text(extractor, text, PUB)
    meetings = of_type(events, "meeting")
    assert any("Han Jinglin" in names(m) for m in meetings)
