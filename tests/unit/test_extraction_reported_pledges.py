"""Reported undertakings, planned bilateral meetings, anaphoric 'the meeting', courtesy calls.

Every article here is written for the test in wire-copy style. They cover:
reported future undertakings ("said X would send a team", "would stand by Y"),
standing commitments ("remained committed to supporting"), willingness and
commitment nouns with an infinitive aim, planned sessions of two-country
bodies, "During the meeting, ..." restatements, headline claims that restate
the lead, and the non-pledges that must stay out (forecasts, threats,
non-committal verbs).
"""

from __future__ import annotations

from tests.extraction_helpers import extract_text, names, of_type

LEAD = ("SUVA, March 3 (Wire) -- Fijian Foreign Minister Litia Vula held talks on Monday with visiting "
        "Korean Vice Minister Kim Doyun in Suva.\n\n")
DATE = "2025-03-03"


def _pledges(extractor, body: str) -> list:  # type: ignore[no-untyped-def]
    return of_type(extract_text(extractor, LEAD + body, DATE), "pledge")


def _triggers(events: list) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.trigger.text for e in events}


def test_reported_send_of_a_team_is_a_pledge_by_the_speaker(extractor) -> None:
    pl = _pledges(extractor, "Kim said Korea will send a second batch of medical teams to Fiji next year.")
    assert _triggers(pl) == {"send"}
    assert names(pl[0], "source") == {"Kim Doyun"}
    assert names(pl[0], "target") == {"Fiji"}


def test_sending_a_signal_is_not_a_pledge(extractor) -> None:
    assert _pledges(extractor, "Kim said Korea would send a strong signal to the markets.") == []


def test_stand_by_a_party_is_a_pledge_but_stand_firm_is_not(extractor) -> None:
    assert _triggers(_pledges(extractor, "Kim said Seoul would continue to stand by Fiji after the cyclone.")) == {"continue"}
    assert _pledges(extractor, "Kim said Seoul would stand firm in the negotiations.") == []


def test_clearing_arrears_and_ensuring_delivery_are_two_pledges(extractor) -> None:
    pl = _pledges(extractor, "Vula assured the delegation that Fiji would clear all outstanding payments owed to "
                             "Korean contractors and would ensure that the turbines were installed on schedule.")
    trig = _triggers(pl)
    assert "ensure" in trig
    assert trig & {"assured", "clear"}
    assert all(names(p, "source") == {"Litia Vula"} for p in pl)


def test_making_every_effort_is_a_pledge(extractor) -> None:
    pl = _pledges(extractor, "Vula affirmed that the Fijian government will make every effort to finish the jetty "
                             "before the wet season.")
    assert len(pl) == 1 and "make" in pl[0].trigger.text


def test_conveying_a_request_and_remaining_committed(extractor) -> None:
    pl = _pledges(extractor, "Kim said the Korean Embassy would convey Fiji's request to the authorities in Seoul "
                             "and that Korea remained committed to supporting Fiji's port sector.")
    assert _triggers(pl) == {"convey", "remained committed"}


def test_duty_free_access_extended_is_a_pledge(extractor) -> None:
    pl = _pledges(extractor, "Kim also said Korea would extend the duty-free access for Fijian kava beyond 2027.")
    assert _triggers(pl) == {"extend"}


def test_willingness_to_buy_more_is_a_pledge_but_willingness_to_talk_is_not(extractor) -> None:
    assert _triggers(_pledges(extractor, "Kim also expressed Korea's willingness to increase imports of Fijian ginger.")) == {"willingness"}
    assert _pledges(extractor, "Kim also expressed Korea's willingness to hold further talks.") == []


def test_commitment_with_an_infinitive_aim_is_a_pledge(extractor) -> None:
    pl = _pledges(extractor, "Kim conveyed Korea's commitment to continue supporting Fiji's recovery.")
    assert _triggers(pl) == {"commitment"}


def test_past_tense_second_verb_belongs_to_the_speaker(extractor) -> None:
    """'X said Seoul would ... and pledged to ...': the pledge is the speaker's, not Seoul's."""
    pl = _pledges(extractor, "Kim said Seoul would continue to stand by Fiji and pledged to encourage more Korean "
                             "firms to invest in the Nadi industrial park.")
    pledged = [p for p in pl if p.trigger.text == "pledged"]
    assert len(pledged) == 1
    assert names(pledged[0], "source") == {"Kim Doyun"}


def test_participle_saying_gives_the_speaker(extractor) -> None:
    text = ("SUVA, March 3 (Wire) -- Korean Vice Minister Kim Doyun held talks here on Monday with Fijian Foreign "
            "Minister Litia Vula, saying Korea will continue to support Fiji in its recovery.")
    pl = of_type(extract_text(extractor, text, DATE), "pledge")
    assert len(pl) == 1 and names(pl[0], "source") == {"Kim Doyun"}


def test_forecasts_threats_and_non_committal_verbs_are_not_pledges(extractor) -> None:
    body = ("Kim said growth would slow next year. He warned that Korea would retaliate against the tariffs. "
            "He said Korea would consider the proposal and would study the request. "
            "Kim said prices will continue to rise.")
    assert _pledges(extractor, body) == []


def test_hope_that_another_party_act_is_a_request(extractor) -> None:
    body = ("Vula expressed the hope that Korea would open its market wider to Fijian fish, and invited Korean "
            "enterprises to invest in the Nadi agro-processing programme.")
    reqs = of_type(extract_text(extractor, LEAD + body, DATE), "request")
    assert {r.trigger.text.split()[0] for r in reqs} == {"expressed", "invited"}
    assert all(names(r, "source") == {"Litia Vula"} for r in reqs)


def test_hope_about_events_is_not_a_request(extractor) -> None:
    reqs = of_type(extract_text(extractor, LEAD + "Vula expressed the hope that the talks would succeed.", DATE), "request")
    assert reqs == []


def test_requesting_anonymity_is_not_a_request(extractor) -> None:
    text = '"The drains are blocked," a city engineer said, requesting anonymity.'
    assert of_type(extract_text(extractor, text, DATE), "request") == []


def test_courtesy_call_is_a_planned_meeting_not_a_request(extractor) -> None:
    body = "Vula is scheduled to call on Prime Minister Han Duck-soo on Thursday before leaving for Suva."
    events = extract_text(extractor, LEAD + body, DATE)
    assert not [r for r in of_type(events, "request") if "call" in r.trigger.text]
    calls = [m for m in of_type(events, "meeting") if "call" in m.trigger.text]
    assert len(calls) == 1 and calls[0].status == "planned"
    assert "Litia Vula" in names(calls[0], "participant")


def test_call_on_with_infinitive_stays_a_request(extractor) -> None:
    events = extract_text(extractor, LEAD + "Vula called on Korea to reopen the fisheries office.", DATE)
    assert [r.trigger.text for r in of_type(events, "request")] == ["called on"]


def test_next_meeting_of_two_country_commission_is_a_planned_meeting(extractor) -> None:
    body = ("The two sides will sign a fisheries agreement at the next meeting of the Fiji-Korea Joint Commission, "
            "scheduled for August in Seoul.")
    meetings = of_type(extract_text(extractor, LEAD + body, DATE), "meeting")
    nxt = [m for m in meetings if "next meeting" in m.trigger.text]
    assert len(nxt) == 1
    assert nxt[0].status == "planned"
    assert {a.country for a in nxt[0].actors} == {"FJI", "KOR"}


def test_compound_commission_meeting_names_its_two_countries(extractor) -> None:
    body = "The two officials also discussed preparations for the Fiji-Korea Joint Trade Committee meeting, which Suva will host next year."
    meetings = of_type(extract_text(extractor, LEAD + body, DATE), "meeting")
    assert any({a.country for a in m.actors} == {"FJI", "KOR"} and m.status == "planned" for m in meetings)


def test_next_session_is_a_new_planned_meeting(extractor) -> None:
    body = "Both sides also agreed to hold the next session of the bilateral fisheries working group in Seoul in June."
    meetings = of_type(extract_text(extractor, LEAD + body, DATE), "meeting")
    assert len(meetings) == 2
    assert sorted(m.status for m in meetings) == ["occurred", "planned"]


def test_during_the_meeting_restates_the_earlier_meeting(extractor) -> None:
    body = "During the meeting, Vula asked the Korean side to speed up the feasibility study for the Lautoka wharf."
    events = extract_text(extractor, LEAD + body, DATE)
    meetings = of_type(events, "meeting")
    assert len(meetings) == 1
    assert names(meetings[0], "participant") == {"Litia Vula", "Kim Doyun"}
    assert len(of_type(events, "request")) == 1


def test_during_the_meeting_alone_still_reports_a_meeting(extractor) -> None:
    text = "During the meeting, Vula asked the Korean side to speed up the feasibility study for the Lautoka wharf."
    assert len(of_type(extract_text(extractor, text, DATE), "meeting")) == 1


def test_group_from_two_countries_meets_a_third(extractor) -> None:
    text = ("SUVA, March 3 (Wire) -- Transport ministers from Fiji and Samoa will meet Korean officials in Apia "
            "next Tuesday to finalise the financing plan for the ferry service.")
    meetings = of_type(extract_text(extractor, text, DATE), "meeting")
    assert len(meetings) == 1
    assert {a.country for a in meetings[0].actors} == {"FJI", "WSM", "KOR"}
    assert meetings[0].status == "planned"


def test_headline_claim_merges_into_the_lead(extractor) -> None:
    text = ("Fiji seeks Korean investment in fisheries\n\n"
            "SUVA, March 3 (Wire) -- Fijian Fisheries Minister Alitia Bainivalu on Monday met a delegation led by "
            "Korean Vice Minister Kim Doyun and sought Korean investment in a tuna cannery at Levuka.")
    reqs = of_type(extract_text(extractor, text, DATE), "request")
    assert len(reqs) == 1
    assert reqs[0].trigger.text == "sought"
    assert names(reqs[0], "source") == {"Alitia Bainivalu"}
    assert len(reqs[0].evidence) == 2
