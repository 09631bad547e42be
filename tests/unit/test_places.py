"""Cities, venues and countries -> ISO3 (extraction.places)."""

from __future__ import annotations

import pytest

from eventx.services.extractor.extraction.places import is_place, place_country


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Beijing", "CHN"),
        ("Phnom Penh", "KHM"),
        ("Washington", "USA"),
        ("Washington, D.C.", "USA"),
        ("the Great Hall of the People", "CHN"),
        ("Great Hall of the People", "CHN"),
        ("Peace Palace", "KHM"),  # documented: Phnom Penh's, not The Hague's
        ("the Peace Palace", "KHM"),
        ("White House", "USA"),
        ("Kremlin", "RUS"),
        ("Kuala Lumpur", "MYS"),
        ("Kuala Lumpur, Malaysia", "MYS"),
        ("Beijing, China", "CHN"),
        ("New Delhi", "IND"),
        ("Islamabad", "PAK"),
        ("Brasília", "BRA"),
        ("Brasilia", "BRA"),
        ("Saigon", "VNM"),
        ("Ho Chi Minh City", "VNM"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Nairobi", "KEN"),
        ("Addis Ababa", "ETH"),
        ("Baghdad", "IRQ"),
        ("Vientiane", "LAO"),
        ("Siem Reap", "KHM"),
        ("Massachusetts", "USA"),  # US state
        ("Cambodia", "KHM"),  # countries are places too
        ("China", "CHN"),
        ("the Great Hall of the People in Beijing", "CHN"),
        ("Phnom Penh's Peace Palace", "KHM"),
        ("BEIJING", "CHN"),
        ("Sydney", "AUS"),  # most populous of that name
    ],
)
def test_place_country(name: str, code: str) -> None:
    assert place_country(name) == code
    assert is_place(name)


@pytest.mark.parametrize("name", ["Hun Sen", "Xi", "", "the meeting", "Foreign Affairs", "EU"])
def test_unknown_places(name: str) -> None:
    assert place_country(name) is None
    assert not is_place(name)


@pytest.mark.parametrize("name", ["State House", "the State House", "Presidential Palace"])
def test_ambiguous_venues_are_places_without_country(name: str) -> None:
    assert place_country(name) is None
    assert is_place(name)


@pytest.mark.parametrize(("name", "code"), [("Balochistan", "PAK"), ("Xinjiang", "CHN"), ("Bulacan", "PHL")])
def test_regions(name: str, code: str) -> None:
    assert place_country(name) == code


def test_curated_places_are_the_lexicon_tables_passed_in() -> None:
    """Venues and aliases come from the one lexicon loader; a table handed in is the one used."""
    from eventx.services.extractor.extraction.lexicon import PlaceTables
    from eventx.services.extractor.extraction.places import build_tables

    curated, _, cities = build_tables(PlaceTables(venues={"NLD": ["Peace Palace"]}, ambiguous_venues=(), aliases={}))
    assert curated == {"peace palace": "NLD"}
    assert cities  # the geonames part does not depend on the lexicon
    assert place_country("Peace Palace") == "KHM"  # the package lexicon's choice
