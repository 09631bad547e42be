"""Country names, aliases and demonyms -> ISO3 (eventx.services.extractor.extraction.countries)."""

from __future__ import annotations

import pytest

from eventx.services.extractor.extraction.countries import country_code, country_name, is_country


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("China", "CHN"),
        ("People's Republic of China", "CHN"),
        ("the People\u2019s Republic of China", "CHN"),
        ("Chinese", "CHN"),
        ("CHINA", "CHN"),
        ("China's", "CHN"),
        ("China\u2019s", "CHN"),
        ("Cambodia", "KHM"),
        ("Cambodian", "KHM"),
        ("Cambodians", "KHM"),
        ("Kingdom of Cambodia", "KHM"),
        ("Khmer", "KHM"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the United States", "USA"),
        ("United States of America", "USA"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("Lao", "LAO"),
        ("Laos", "LAO"),
        ("Lao PDR", "LAO"),
        ("Laotian", "LAO"),
        ("Vietnamese", "VNM"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Russian", "RUS"),
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Korean", "KOR"),  # documented choice: unqualified Korea means the South
        ("North Korea", "PRK"),
        ("North Korean", "PRK"),
        ("DPRK", "PRK"),
        ("Britain", "GBR"),
        ("British", "GBR"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("the Philippines", "PHL"),
        ("Filipino", "PHL"),
        ("Philippine", "PHL"),
        ("Thai", "THA"),
        ("Japanese", "JPN"),
        ("Sri Lankan", "LKA"),
        ("Pakistani", "PAK"),
        ("Bangladesh", "BGD"),
        ("Nigerian", "NGA"),
        ("Nigerien", "NER"),
        ("Guinea-Bissau", "GNB"),
        ("Guinea Bissau", "GNB"),
        ("Iran", "IRN"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Turkish", "TUR"),
        ("Democratic Republic of the Congo", "COD"),
        ("DRC", "COD"),
        ("Congolese", "COD"),
        ("Ivory Coast", "CIV"),
        ("Burma", "MMR"),
        ("UAE", "ARE"),
        ("Emirati", "ARE"),
        ("Saudi", "SAU"),
        ("Taiwan", "TWN"),
        ("Palestinian", "PSE"),
        ("Kosovo", "XKX"),
        ("  south   korea ", "KOR"),
    ],
)
def test_country_code_known_forms(name: str, code: str) -> None:
    assert country_code(name) == code
    assert is_country(name)


@pytest.mark.parametrize(
    "name",
    ["EU", "European Union", "ASEAN", "Beijing", "Hun Sen", "IT", "in", "to", "", "   ",
     "the", "Xinhua", "Ministry of Foreign Affairs", "Asia"],
)
def test_non_countries_are_none(name: str) -> None:
    assert country_code(name) is None
    assert not is_country(name)


@pytest.mark.parametrize(
    ("code", "name"),
    [("CHN", "China"), ("USA", "United States"), ("KHM", "Cambodia"), ("LAO", "Laos"),
     ("KOR", "South Korea"), ("RUS", "Russia"), ("VNM", "Vietnam"), ("GBR", "United Kingdom"),
     ("chn", "China"), ("TWN", "Taiwan")],
)
def test_country_name(code: str, name: str) -> None:
    assert country_name(code) == name


@pytest.mark.parametrize("code", ["ZZZ", "", "EU"])
def test_country_name_unknown(code: str) -> None:
    assert country_name(code) is None


def test_round_trip_for_every_iso_country() -> None:
    """Whatever name we display must map back to the same code."""
    import pycountry

    for c in pycountry.countries:
        name = country_name(c.alpha_3)
        assert name, c.alpha_3
        assert country_code(name) == c.alpha_3, (c.alpha_3, name)


def test_curated_forms_are_the_lexicon_tables_passed_in() -> None:
    """The tables come from the one lexicon loader; a table handed in is the one used."""
    from eventx.services.extractor.extraction.countries import build_tables
    from eventx.services.extractor.extraction.lexicon import CountryTables, load_lexicon

    index, names = build_tables(CountryTables(aliases={"FRA": ["Gallia"]}, demonyms={"FRA": ["Gallic"]}))
    assert index["gallia"] == "FRA" and index["gallic"] == "FRA" and names["FRA"] == "France"
    assert "gallia" not in build_tables(load_lexicon().countries)[0]
    assert country_code("Gallia") is None
