"""Actor resolution for request/pledge sources and meeting participants.

Articles are written for these tests (wire-copy style, invented officials). Each test
pins one resolution rule: the named speaker over a country subject, nationality-checked
descriptions, hyphenated surnames, delegations and coordinated organisations, and
sessions of bilateral bodies held between countries.
"""

from __future__ import annotations

from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, names, of_type


def _one(events, kind: str, trigger_word: str):  # type: ignore[no-untyped-def]
    hits = [e for e in of_type(events, kind) if trigger_word in e.trigger.text]
    assert len(hits) == 1, [(e.event_type, e.trigger.text) for e in events]
    return hits[0]


def test_second_verb_after_infinitive_keeps_the_asker(extractor: Extractor) -> None:
    text = ("WINDHOEK, March 4 - Namibian Trade Minister Helvi Nangolo held talks with visiting Zambian "
            "Foreign Minister Mulenga Chanda on Monday.\n\n"
            "Nangolo urged Zambia to allow Namibia to export more beef to Angola through the Zambian "
            "corridor and sought Lusaka's backing for the Walvis Bay dry port.\n")
    ev = _one(extract_text(extractor, text, "2025-03-04"), "request", "sought")
    assert names(ev, "source") == {"Helvi Nangolo"}


def test_nationality_description_resolves_to_that_countrys_minister(extractor: Extractor) -> None:
    text = ("DHAKA, Feb 11 - State Minister for Commerce Anwar Hossain Talukder held talks on Tuesday with "
            "visiting Bhutanese Foreign Minister Dorji Wangmo.\n\n"
            "Talukder said the government would provide additional berths for Bhutanese cargo at Mongla port.\n\n"
            "The Bhutanese minister also extended an invitation to the Commerce Minister to visit Thimphu "
            "later this year, officials said.\n")
    ev = _one(extract_text(extractor, text, "2025-02-11"), "request", "invitation")
    assert names(ev, "source") == {"Dorji Wangmo"}


def test_hyphenated_surname_stays_one_name(extractor: Extractor) -> None:
    # the NER leaves this name untagged; the title-apposition rule used to stop at the hyphen
    text = ("Tamale, Jan. 20, GNA - The Minister for Works and Housing, Mr Kwabena Asare-Bediako, has appealed "
            "to the Korean Government to release the funds for the affordable housing works.\n\n"
            "The Minister made the appeal when he received the Korean Ambassador to Ghana, Mr Park Ji-hoon, "
            "at his office in Accra on Monday.\n\n"
            "Mr Asare-Bediako said the delays had left several sites idle since June.\n")
    events = extract_text(extractor, text, "2025-01-21")
    req = _one(events, "request", "appealed")
    assert names(req, "source") == {"Kwabena Asare-Bediako"}
    mtg = _one(events, "meeting", "received")
    assert names(mtg, "participant") == {"Kwabena Asare-Bediako", "Park Ji-hoon"}


def test_portfolio_word_after_title_is_not_a_person(extractor: Extractor) -> None:
    text = ("Abidjan, 2 Oct (AIP) - Ivorian Foreign Minister Koffi Yao Konan held talks on Wednesday with the "
            "Belgian Minister Delegate for Francophonie and Development, Luc Vermeulen, who is on a visit to "
            "Cote d'Ivoire.\n")
    mtg = _one(extract_text(extractor, text, "2025-10-02"), "meeting", "talks")
    assert "Francophonie" not in names(mtg)
    assert "Koffi Yao Konan" in names(mtg)


def test_definite_delegation_is_its_leader_and_coordinated_bodies_all_meet(extractor: Extractor) -> None:
    text = ("Quito, Aug. 5 (Andes). Ecuador's Minister of Production, Marcela Andrade Vega, met today with "
            "Korea's Vice Minister of Trade, Kim Do-hyun, to review the trade agenda.\n\n"
            "For his part, Vice Minister Kim said Korea will send a technical team to Guayaquil in October.\n\n"
            "The Korean delegation will also meet with representatives of the Federation of Exporters and "
            "the Chamber of Industries on Wednesday.\n")
    ev = _one(extract_text(extractor, text, "2025-08-05"), "meeting", "meet with")
    got = names(ev, "participant")
    assert "Kim Do-hyun" in got
    assert any("Federation of Exporters" in n for n in got)
    assert any("Chamber of Industries" in n for n in got)
    assert "South Korea" not in got and "Korea" not in got


def test_indefinite_delegation_stays_the_country(extractor: Extractor) -> None:
    text = ("Hanoi, May 6 (VNA) - Deputy Prime Minister Le Van Thanh on Tuesday received a Japanese delegation "
            "in Hanoi.\n")
    ev = _one(extract_text(extractor, text, "2025-05-06"), "meeting", "received")
    assert "Japan" in names(ev, "participant")


def test_joint_commission_between_two_countries(extractor: Extractor) -> None:
    text = ("VIENTIANE, May 2 - Lao Foreign Minister Phonesavanh Keola met Vietnamese Ambassador Tran Minh Duc "
            "on Tuesday.\n\n"
            "Both ministers looked forward to the next meeting of the joint commission between Laos and Vietnam "
            "in Hanoi in September, the ministry said.\n")
    ev = _one(extract_text(extractor, text, "2025-05-02"), "meeting", "next meeting")
    assert names(ev, "participant") == {"Laos", "Vietnam"}
    assert ev.status == "planned"


def test_two_countries_hold_a_session_of_a_body(extractor: Extractor) -> None:
    text = ("VIENTIANE, May 2 - Lao Foreign Minister Phonesavanh Keola met Vietnamese Ambassador Tran Minh Duc "
            "on Tuesday.\n\n"
            "Laos and Vietnam will hold the 46th session of the intergovernmental committee in Hanoi later "
            "this year.\n")
    ev = _one(extract_text(extractor, text, "2025-05-02"), "meeting", "session")
    assert names(ev, "participant") == {"Laos", "Vietnam"}


def test_both_sides_session_of_working_group_is_between_countries(extractor: Extractor) -> None:
    text = ("Deputy Prime Minister Sok Chenda yesterday received Thai Ambassador to Cambodia Anan Srisuk at "
            "the Council of Ministers in Phnom Penh.\n\n"
            "Anan said Thailand would continue to support Cambodia's mine clearance work.\n\n"
            "Both sides also agreed to hold the next session of the bilateral trade working group in "
            "Phnom Penh in July.\n")
    ev = _one(extract_text(extractor, text, "2025-04-03"), "meeting", "session")
    assert names(ev, "participant") == {"Cambodia", "Thailand"}


def test_home_official_who_reports_the_request_is_its_source(extractor: Extractor) -> None:
    text = ("KATHMANDU, June 3 - Nepal asked India to reopen the Birgunj customs point for night traffic, "
            "Foreign Minister Sushila Karki told reporters on Tuesday.\n")
    ev = _one(extract_text(extractor, text, "2025-06-03"), "request", "asked")
    assert names(ev, "source") == {"Sushila Karki"}


def test_foreign_country_request_reported_by_home_official_stays_the_country(extractor: Extractor) -> None:
    text = ("KATHMANDU, June 3 - China asked Nepal to speed up the survey for the cross-border railway, "
            "Foreign Minister Sushila Karki told reporters on Tuesday.\n")
    ev = _one(extract_text(extractor, text, "2025-06-03"), "request", "asked")
    assert names(ev, "source") == {"China"}
