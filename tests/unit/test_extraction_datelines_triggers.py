"""Extraction rules that keep it general: datelines, actor filtering, date choice, meeting shapes.

Each test is a short wire-copy text written for it (no eval article text),
one rule per test: datelines, actor filtering, date choice, passive and
planned meetings, false triggers, missed pledges / requests, country codes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from contracts.models import Event
from services.extractor.extraction import Extractor
from services.extractor.extraction.datelines import dateline_spans, in_dateline
from services.extractor.extraction.places import capital_of
from tests.extraction_helpers import extract_text, names, of_type


@pytest.fixture
def ex(extractor: Extractor) -> Extractor:
    return extractor


def run(ex: Extractor, text: str, published: str = "2025-05-21") -> list[Event]:
    return extract_text(ex, text, published)


# ---------------------------------------------------------------- datelines
@pytest.mark.parametrize("text, prefix", [
    ("LIMA, May 20 (Andina) -- The minister said ...", "LIMA, May 20 (Andina) -- "),
    ("Quito (EFE) – The minister said ...", "Quito (EFE) – "),
    ("SUVA. FIJIVILLAGE – The minister said ...", "SUVA. FIJIVILLAGE – "),
    ("Accra, 3 March 2025 (GNA) --- The minister said ...", "Accra, 3 March 2025 (GNA) --- "),
    ("Lusaka, Mar 4 (ZNBC) Zambia will ...", "Lusaka, Mar 4 (ZNBC) "),
    ("Tunis, (TAP - Tunis Afrique Presse - 4th May, 2025) The minister said ...",
     "Tunis, (TAP - Tunis Afrique Presse - 4th May, 2025) "),
])
def test_dateline_shapes_are_found(text: str, prefix: str) -> None:
    spans = dateline_spans(text)
    assert spans and text[spans[0][0]:spans[0][1]] == prefix


def test_ordinary_lines_are_not_datelines() -> None:
    for line in ("Peru and Chile signed a port deal - officials said it was a first.",
                 "The minister said: we will help.",
                 "Research) (PETR4.SA: up 2 percent)"):
        assert dateline_spans(line) == []
    assert not in_dateline("The minister met X.", 4, 12)


def test_dateline_agency_and_city_are_not_actors(ex: Extractor) -> None:
    text = ("MONTEVIDEO, 14 MAY 2025 (SUR-PRESS/LATNEWS) --- Uruguayan Foreign Minister Lucia Ferrando "
            "and Chile's Minister for Trade, Ramon Vidal, met at the Executive Tower on Tuesday.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 1
    assert names(evs[0]) == {"Lucia Ferrando", "Ramon Vidal"}


def test_dateline_city_tagged_person_is_dropped(ex: Extractor) -> None:
    text = ("Dakar, 12 May (APS) – Senegalese Foreign Minister Awa Diop held talks in Dakar on Monday "
            "with Portuguese Foreign Minister Rui Tavares.")
    ev = of_type(run(ex, text), "meeting")[0]
    assert "Dakar" not in names(ev)
    assert {"Awa Diop", "Rui Tavares"} <= names(ev)


def test_agency_prefix_without_date_is_not_an_actor(ex: Extractor) -> None:
    text = ("ASTANA. QAZNEWS – President of Kazakhstan Arman Sadykov had a telephone conversation with "
            "President of Kyrgyzstan Temir Osmonov yesterday, the Akorda press service reports.\n\n"
            "Arman Sadykov thanked Temir Osmonov for the call.")
    ev = of_type(run(ex, text), "meeting")[0]
    assert names(ev) == {"Arman Sadykov", "Temir Osmonov"}
    assert ev.date == dt.date(2025, 5, 20)


# ---------------------------------------------------------------- dates
def test_dateline_date_is_not_the_meeting_date(ex: Extractor) -> None:
    text = (" date 2025-05-21 \n\nMANILA, May 21 -- Philippine President Jose Ramos met Malaysian Prime "
            "Minister Hamid Aziz in Manila on Tuesday to discuss fisheries.")
    ev = of_type(run(ex, text), "meeting")[0]
    assert ev.date == dt.date(2025, 5, 20)  # Tuesday before Wednesday 21 May
    assert ev.location is not None and ev.location.name == "Manila"


def test_planned_meeting_weekday_resolves_forward(ex: Extractor) -> None:
    text = "Chilean President Elena Soto will meet Argentine President Marco Ruiz in Santiago on Friday."
    ev = of_type(run(ex, text), "meeting")[0]
    assert ev.status == "planned"
    assert ev.date == dt.date(2025, 5, 23)


def test_planned_meeting_without_day_has_no_date(ex: Extractor) -> None:
    text = ("Bolivian Foreign Minister Rosa Quispe flew to Asuncion on Monday.\n\n"
            "She is expected to meet Paraguayan President Carlos Benitez next month.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 1 and evs[0].status == "planned"
    assert evs[0].date is None


def test_talks_after_a_future_pledge_are_occurred(ex: Extractor) -> None:
    text = ("Australia will provide A$20 million to help Fiji upgrade its ports, Prime Minister Tom Reid "
            "announced after talks with his Fijian counterpart in Canberra on Monday.\n\n"
            "Reid hosted Fijian Prime Minister Sitiveni Naulu at Parliament House.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 1
    ev = evs[0]
    assert ev.status == "occurred" and ev.date == dt.date(2025, 5, 19)
    assert names(ev) == {"Tom Reid", "Sitiveni Naulu"}


# ---------------------------------------------------------------- meetings
def test_called_on_to_do_is_a_request_not_a_meeting(ex: Extractor) -> None:
    text = "Kenyan Foreign Minister Joy Wanjiru called on Japan to open its market to Kenyan avocados."
    evs = run(ex, text)
    assert of_type(evs, "meeting") == []
    req = of_type(evs, "request")
    assert len(req) == 1 and names(req[0], "source") == {"Joy Wanjiru"}


def test_courtesy_call_on_is_a_meeting(ex: Extractor) -> None:
    text = "Thai Ambassador Suda Chai paid a courtesy call on Cambodian Foreign Minister Sok Dara on Monday."
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 1 and names(evs[0]) == {"Suda Chai", "Sok Dara"}


def test_passive_received_by_is_a_meeting(ex: Extractor) -> None:
    text = ("Later on Monday, Azerbaijani Foreign Minister Rauf Aliyev was received by Georgian "
            "President Nino Beridze at the Orbeliani Palace.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 1 and names(evs[0]) == {"Rauf Aliyev", "Nino Beridze"}


def test_due_to_be_received_is_planned(ex: Extractor) -> None:
    text = ("Italian Foreign Minister Paolo Greco arrived in Dakar on Monday.\n\n"
            "The Italian minister is due to be received by Prime Minister Ousmane Fall on Thursday.")
    ev = of_type(run(ex, text), "meeting")[0]
    assert ev.status == "planned" and names(ev) == {"Paolo Greco", "Ousmane Fall"}
    assert ev.date == dt.date(2025, 5, 22)


def test_due_to_visit_for_talks_with_honorific_abbreviation(ex: Extractor) -> None:
    text = ("The Jordanian Prime Minister Omar Haddad is due to visit Riyadh on June 3 for talks with "
            "Minister of Energy Eng. Khalid Al-Saud.")
    ev = of_type(run(ex, text), "meeting")[0]
    assert ev.status == "planned"
    assert names(ev) == {"Omar Haddad", "Khalid Al-Saud"}
    assert ev.date == dt.date(2025, 6, 3)


def test_expected_to_meet_minister_of_portfolio(ex: Extractor) -> None:
    text = ("Commissioner Anna Berg arrived in Maputo today.\n\n"
            "Tomorrow she will travel to Luanda, where she is expected to meet Angolan Minister of "
            "Transport Jose Manuel Lopes.")
    ev = of_type(run(ex, text), "meeting")[0]
    assert ev.status == "planned"
    assert names(ev) == {"Anna Berg", "Jose Manuel Lopes"}


def test_agreed_to_meet_again_is_a_new_planned_meeting(ex: Extractor) -> None:
    text = ("President of Tajikistan Rustam Nazarov had a telephone conversation with President of "
            "Turkmenistan Serdar Amanov on Monday.\n\n"
            "The presidents agreed to meet in Dushanbe in the autumn.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 2
    assert sorted(e.status for e in evs) == ["occurred", "planned"]
    planned = next(e for e in evs if e.status == "planned")
    assert names(planned) == {"Rustam Nazarov", "Serdar Amanov"}
    assert planned.location is not None and planned.location.name == "Dushanbe"


def test_last_met_is_a_separate_earlier_meeting(ex: Extractor) -> None:
    text = ("Foreign Minister Park Ji-hoon held phone talks with his Kazakh counterpart, Daulet Sarsen, "
            "on Monday.\n\nPark and Daulet last met in Astana in March last year.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 2
    for ev in evs:
        assert len(ev.actors) == 2


def test_visit_at_the_invitation_of_a_named_host(ex: Extractor) -> None:
    text = "Kenyan President Daniel Kiprop visited Hanoi on Monday at the invitation of Vietnamese Prime Minister Tran Duc Long."
    ev = of_type(run(ex, text), "meeting")[0]
    assert names(ev) == {"Daniel Kiprop", "Tran Duc Long"}
    assert ev.location is not None and ev.location.name == "Hanoi"


def test_visit_without_counterpart_is_not_a_meeting(ex: Extractor) -> None:
    text = "Brazilian President Marta Lins arrived in Hanoi on a state visit on Monday."
    assert of_type(run(ex, text), "meeting") == []


def test_invited_to_visit_is_a_request_not_a_meeting(ex: Extractor) -> None:
    text = "Mongolian Foreign Minister Bat Erdene invited Choi Jin-ho to visit Ulaanbaatar next year."
    evs = run(ex, text)
    assert of_type(evs, "meeting") == []
    assert len(of_type(evs, "request")) == 1


def test_hosting_a_forum_is_not_a_meeting(ex: Extractor) -> None:
    text = "Laos will host the Mekong Water Forum in Vientiane from March 4 to 6, the ministry announced."
    assert of_type(run(ex, text), "meeting") == []


def test_group_of_diplomats_meeting(ex: Extractor) -> None:
    text = "A group of Peruvian diplomats held their first meeting with President Daniel Kiprop on Monday."
    ev = of_type(run(ex, text), "meeting")[0]
    assert "Daniel Kiprop" in names(ev)
    assert any(a.country == "PER" for a in ev.actors)


# ---------------------------------------------------------------- actors
def test_named_person_is_the_source_not_the_country(ex: Extractor) -> None:
    text = ("Honduran Foreign Minister Ana Lopez met her Salvadoran counterpart, Jorge Mena, in "
            "Tegucigalpa on Monday.\n\n"
            "The Salvadoran minister called on Honduras to reopen the border crossing at El Amatillo.")
    req = of_type(run(ex, text), "request")[0]
    assert names(req, "source") == {"Jorge Mena"}
    assert names(req, "target") == {"Honduras"}


def test_minister_of_portfolio_appos_title_gives_country(ex: Extractor) -> None:
    text = ("Minister of Foreign Affairs, Regional Integration and Tourism, Nadia Amrani, held talks on "
            "Monday in Tunis with Ghanaian Minister of Foreign Affairs, Ambassador Kofi Mensah.\n\n"
            "The Ghanaian minister invited Amrani to visit Accra.")
    evs = run(ex, text)
    meeting = of_type(evs, "meeting")[0]
    assert names(meeting) == {"Nadia Amrani", "Kofi Mensah"}
    req = of_type(evs, "request")[0]
    assert names(req, "source") == {"Kofi Mensah"}


def test_coordinated_titles_are_not_extra_participants(ex: Extractor) -> None:
    text = ("Deputy Prime Minister and Minister of Foreign Affairs Lim Chea receives Korean Ambassador "
            "Kim Sung-ho at the ministry, May 20, 2025.\n"
            "Korean Ambassador Kim Sung-ho paid a courtesy call on H.E. Lim Chea yesterday.\n"
            "Lim Chea also invited Korean Foreign Minister Lee Jun-ki to visit Cambodia.")
    evs = of_type(run(ex, text), "meeting")
    assert len(evs) == 1
    assert names(evs[0]) == {"Lim Chea", "Kim Sung-ho"}


def test_papua_new_guinea_code(ex: Extractor) -> None:
    text = "Papua New Guinea Prime Minister John Kila met New Zealand Foreign Minister Sarah Hale on Monday."
    ev = of_type(run(ex, text), "meeting")[0]
    by = {a.name: a.country for a in ev.actors}
    assert by["John Kila"] == "PNG"
    assert by["Sarah Hale"] == "NZL"


def test_capital_city_subject_is_its_country(ex: Extractor) -> None:
    text = ("The French minister Luc Bernard said Paris had agreed to extend a 30 million euro loan to "
            "Senegal for rural roads.")
    pl = of_type(run(ex, text), "pledge")
    assert len(pl) == 1
    assert names(pl[0], "source") & {"France", "Luc Bernard"}
    assert capital_of("Wellington") == "NZL" and capital_of("Lae") is None


# ---------------------------------------------------------------- false triggers


# ---------------------------------------------------------------- missed pledges / requests
def test_pledged_euros(ex: Extractor) -> None:
    text = ("BERLIN, June 5 (Reuters) - German Development Minister Karl Weber pledged 40 million euros "
            "on Wednesday to help Peru restore mangroves.")
    pl = of_type(run(ex, text), "pledge")
    assert len(pl) == 1 and names(pl[0], "source") == {"Karl Weber"}


def test_willing_to_invest_by_the_kingdom_goes_to_the_speaker(ex: Extractor) -> None:
    text = ("Saudi Minister of Investment Fahad Al-Otaibi said the Kingdom is willing to invest up to "
            "$3 billion in Jordanian ports.")
    pl = of_type(run(ex, text), "pledge")
    assert len(pl) == 1 and names(pl[0], "source") == {"Fahad Al-Otaibi"}


def test_will_provide_line_of_credit(ex: Extractor) -> None:
    text = "New Delhi, Jun 2 (PTI) India will provide a line of credit of USD 50 million to the Maldives for ferries."
    pl = of_type(run(ex, text), "pledge")
    assert len(pl) == 1 and names(pl[0], "source") == {"India"}


def test_will_extend_programme_is_a_pledge(ex: Extractor) -> None:
    text = "Chile will extend its scholarship scheme to 500 students from Bolivia, Minister Rosa Vega announced."
    assert len(of_type(run(ex, text), "pledge")) == 1


def test_conveyed_invitation_is_a_request_from_the_inviter(ex: Extractor) -> None:
    text = ("The envoy, Lin Bo, also conveyed an invitation from Chinese Premier Li Wen for Kenyan "
            "President Daniel Kiprop to visit Beijing.")
    req = of_type(run(ex, text), "request")
    assert len(req) == 1 and names(req[0], "source") == {"Li Wen"}


def test_coordinated_requests_stay_separate(ex: Extractor) -> None:
    text = ("Minister Rosa Vega urged other Asian governments to follow Japan's lead and called on the "
            "European Union to speed up ratification of the trade agreement.")
    req = of_type(run(ex, text), "request")
    assert len(req) == 2
    assert all(names(r, "source") == {"Rosa Vega"} for r in req)


# ---------------------------------------------------------------- more meeting shapes
def test_spoke_by_telephone_with(ex: Extractor) -> None:
    text = "Nigerian President Musa Danladi on Wednesday spoke by telephone with Ghanaian President Kwame Boateng."
    ev = of_type(run(ex, text, "2025-04-10"), "meeting")[0]
    assert names(ev) == {"Musa Danladi", "Kwame Boateng"} and ev.date == dt.date(2025, 4, 9)


def test_video_conference_with_but_not_press_conference(ex: Extractor) -> None:
    text = ("Cambodian Foreign Minister Sok Pheap held a video conference with Australian Foreign Minister "
            "Penny Grant yesterday.\n\nGrant later held a press conference in Canberra.")
    evs = of_type(run(ex, text, "2025-04-10"), "meeting")
    assert len(evs) == 1 and names(evs[0]) == {"Sok Pheap", "Penny Grant"}


def test_pay_a_visit_at_the_invitation_of(ex: Extractor) -> None:
    text = ("HANOI, April 10 (VNA) - Vietnamese Prime Minister Le Van Hai will pay an official visit to Japan "
            "from April 15 to 17 at the invitation of Japanese Prime Minister Kenji Ito.")
    ev = of_type(run(ex, text, "2025-04-10"), "meeting")[0]
    assert ev.status == "planned" and ev.date == dt.date(2025, 4, 15)
    assert names(ev) == {"Le Van Hai", "Kenji Ito"}


def test_received_visiting_minister(ex: Extractor) -> None:
    text = "Namibian President Helena Shipanga received visiting Indian Minister of External Affairs Arvind Mehra on Thursday."
    ev = of_type(run(ex, text, "2025-03-14"), "meeting")[0]
    assert names(ev) == {"Helena Shipanga", "Arvind Mehra"}
    assert ev.trigger.text.startswith("received")


def test_week_level_date_gives_no_day(ex: Extractor) -> None:
    text = "Finance Minister Ahmed Raza met Saudi Finance Minister Faisal Al-Jadaan in Riyadh last week."
    ev = of_type(run(ex, text, "2025-04-10"), "meeting")[0]
    assert ev.date is None


def test_held_talks_here_takes_the_dateline_city(ex: Extractor) -> None:
    text = ("BEIJING, March 14 (Xinhua) -- Chinese Vice Premier Zhang Wei held talks here on Thursday with "
            "Brazilian Vice President Ana Costa, who is on an official visit to China.")
    ev = of_type(run(ex, text, "2025-03-14"), "meeting")[0]
    assert ev.location is not None and ev.location.name == "Beijing"


def test_sought_money_from_a_named_party_is_a_request(ex: Extractor) -> None:
    text = "Pakistan has sought $2 billion in new financing from Saudi Arabia, the finance minister said."
    req = of_type(run(ex, text), "request")
    assert len(req) == 1 and names(req[0], "source") == {"Pakistan"}


# ------------------------------------------------- misparsed infinitives, participles

def test_called_on_with_a_misparsed_infinitive_is_still_a_request(ex):
    text = ("RIGA, May 20 -- Latvian Prime Minister Ilze Ozola opened the transport forum on Monday. "
            "In her speech she called on the European Union to fast-track funding for the Liepaja rail terminal.")
    events = run(ex, text)
    assert of_type(events, "meeting") == []
    (req,) = of_type(events, "request")
    assert names(req, "source") == {"Ilze Ozola"} and names(req, "target") == {"European Union"}


def test_courtesy_sense_of_called_on_stays_a_meeting(ex):
    events = run(ex, "Japanese Prime Minister Taro Sato called on President Ana Lima at the palace on Monday.")
    (meeting,) = of_type(events, "meeting")
    assert names(meeting) == {"Taro Sato", "Ana Lima"}


def test_a_participle_describing_funds_is_not_a_pledge(ex):
    events = run(ex, "Speaking to reporters, the Malian finance minister called on donors to release the promised funds.")
    assert of_type(events, "pledge") == []
    assert len(of_type(events, "request")) == 1
