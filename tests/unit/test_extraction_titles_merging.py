"""Extraction rules for names behind long titles, request/pledge sources, merging
restatements, reported aid increases, meeting shapes.

Every article here is written for these tests in wire-copy style; each test pins one
general rule (named in its docstring) rather than one article.
"""

from __future__ import annotations

from contracts.models import Event
from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, of_type


def run(ex: Extractor, text: str, published: str = "2025-04-09") -> list[Event]:
    return extract_text(ex, text, published)



def role(ev: Event, name: str) -> str | None:
    return next((a.name for a in ev.actors if a.role == name), None)


def names(ev: Event) -> set[str]:
    return {a.name for a in ev.actors}


def test_name_after_long_portfolio_is_a_person(extractor: Extractor) -> None:
    """'Minister for Planning, Reform and Special Initiatives X held a meeting with ...':
    the name after a multi-word portfolio is a person, and 'the minister' later is him."""
    text = ("KARACHI, Feb 3 -- Federal Minister for Planning, Reform and Special Initiatives Tariq Mehmood Qureshi "
            "on Monday held a meeting with Turkish Ambassador to Pakistan Selim Arslan.\n\n"
            "The minister urged the Turkish side to speed up the financing of the coastal highway.")
    evs = run(extractor, text)
    meet = of_type(evs, "meeting")
    assert len(meet) == 1 and names(meet[0]) == {"Tariq Mehmood Qureshi", "Selim Arslan"}
    req = of_type(evs, "request")
    assert len(req) == 1 and role(req[0], "source") == "Tariq Mehmood Qureshi"


def test_shri_honorific_and_name_after_portfolio_comma(extractor: Extractor) -> None:
    """'Shri X' is a name; 'the visiting Minister of Ports and Shipping of Y, Mr. Z' is Z."""
    text = ("The Minister of State for External Affairs, Shri Rakesh Kumar Bhandari held a meeting with the visiting "
            "Minister of Ports and Shipping of Bangladesh, Mr. Anisur Rahman Chowdhury, here today.")
    meet = of_type(run(extractor, text), "meeting")
    assert len(meet) == 1
    assert names(meet[0]) == {"Rakesh Kumar Bhandari", "Anisur Rahman Chowdhury"}


def test_untagged_name_in_apposition_to_title_phrase(extractor: Extractor) -> None:
    """'received by the Minister of Foreign Trade and Tourism, Ana Lucía Paredes Soto': the
    capitalised run after the title phrase is the host, not another minister named earlier."""
    text = ("The Chancellor also invited the Minister of Commerce of Japan, Kenta Morishita, to visit Chile. "
            "Previously, on Tuesday, Vice Minister Li Hongbo was received by the Minister of Foreign Trade and "
            "Tourism, Ana Lucía Paredes Soto.")
    meet = of_type(run(extractor, text), "meeting")
    assert len(meet) == 1
    assert "Ana Lucía Paredes Soto" in names(meet[0]) and "Kenta Morishita" not in names(meet[0])


def test_call_on_parsed_as_particle_is_a_request(extractor: Extractor) -> None:
    """'called on Qatari investors to take part in ...': 'on' as a particle still marks the addressee."""
    text = ("For her part, Dr. Achieng Otieno thanked Qatar for its help during the floods, and called on Qatari "
            "investors to take part in the development of the Mombasa dry port.")
    req = of_type(run(extractor, text), "request")
    assert len(req) == 1
    assert role(req[0], "source") == "Achieng Otieno" and role(req[0], "target") == "Qatar"


def test_push_for_inside_own_undertaking_is_not_a_request(extractor: Extractor) -> None:
    """'is willing to work with X ... and to push for results': own intent, no request."""
    text = ("Vietnam is willing to work with Cambodia to implement the agreements reached by the two leaders, "
            "and to push for more fruitful results in trade cooperation, the minister said.")
    evs = run(extractor, text)
    assert of_type(evs, "request") == []
    assert len(of_type(evs, "pledge")) == 1


def test_reported_increase_of_own_aid_is_a_pledge(extractor: Extractor) -> None:
    """'announced that Tokyo would expand its development assistance to Africa to $X' is a pledge;
    'would raise funds through bonds' (no aid of its own to anyone) is not."""
    text = ("At the forum on Monday, Prime Minister Haruto Sakamoto announced that Tokyo would expand its official "
            "development assistance to Africa to $12 billion by 2030.\n\n"
            "Separately, the finance ministry said it would raise funds through domestic bonds.")
    pl = of_type(run(extractor, text), "pledge")
    assert len(pl) == 1
    assert pl[0].trigger.text == "expand"


def test_anaphoric_request_noun_merges_into_earlier_request(extractor: Extractor) -> None:
    """'made the request when ...' restates the request told before; one event, and the
    courtesy visit 'paid him a courtesy visit' is a meeting with him."""
    text = ("The Federal Government has sought the support of the Korean Government for a $1.8bn facility to fund "
            "the eastern rail line.\n\n"
            "The Minister of Transportation, Senator Ibrahim Danjuma Bello, made the request on Tuesday when the "
            "Korean Ambassador to Nigeria, Mr. Lee Joon-ho, paid him a courtesy visit in his office in Abuja.")
    evs = run(extractor, text)
    req = of_type(evs, "request")
    assert len(req) == 1
    assert {s.text for s in req[0].evidence} >= {"sought", "made the request"}
    meet = of_type(evs, "meeting")
    assert len(meet) == 1 and names(meet[0]) == {"Lee Joon-ho", "Ibrahim Danjuma Bello"}
    assert meet[0].location is not None and meet[0].location.name == "Abuja"


def test_same_sum_from_same_giver_merges_across_a_live_blog(extractor: Extractor) -> None:
    """A live blog repeats an offer in its key points and its entry: the same sum from the
    same giver is one pledge, however far apart."""
    text = ("Key updates\n"
            "- Germany to extend €2 billion in green loans for Indian projects\n"
            "- Leaders to tour a solar plant tomorrow\n\n"
            "18:40 IST | Dinner\nThe chancellor will attend a business dinner tonight.\n\n"
            "17:00 IST | Ministers brief media\nOfficials reviewed progress on rail projects. Trade rose last year. "
            "Energy ties were discussed. Students were mentioned. Visas were discussed too.\n\n"
            "15:10 IST | Loan package\nGermany will extend green loans totalling €2 billion for six projects, "
            "officials said.")
    pl = of_type(run(extractor, text), "pledge")
    assert len(pl) == 1
    assert len(pl[0].evidence) >= 2


def test_two_leaders_restatement_joins_the_leaders_meeting(extractor: Extractor) -> None:
    """'The two leaders last met ...' after a chairman's dinner belongs with the leaders,
    and a sentence-opening 'Earlier,' does not make a received-meeting a different one."""
    text = ("13:30 | Talks begin\nPrime Minister Olaf Brandt and his Polish counterpart Marek Nowicki began talks "
            "at the chancellery. Earlier, Brandt received Nowicki at the airport. The two leaders last met at the "
            "G20 summit in Rome.\n\n"
            "18:40 | Dinner\nNowicki will meet Siemens chairman Klaus Reinhardt at a business dinner tonight.")
    meet = of_type(run(extractor, text), "meeting")
    leaders = {"Olaf Brandt", "Marek Nowicki"}
    both = [m for m in meet if names(m) == leaders]
    assert any("received" in {s.text for s in m.evidence} and "began talks" in {s.text for s in m.evidence} for m in both)
    last = [m for m in meet if m.trigger.text == "met" or "met" in {s.text for s in m.evidence}]
    assert last and all(names(m) == leaders for m in last)


def test_assured_that_clause_parsed_as_relative_merges(extractor: Extractor) -> None:
    """'while assuring the envoy that the government is committed to completing ...': the
    that-clause is the assurance's content, so one pledge, not two."""
    text = ("We are committed to finishing the harbour works this year, said Minister Farid Anwar, while assuring "
            "the Chinese envoy that his government is committed to finishing the harbour works on schedule.")
    pl = of_type(run(extractor, text), "pledge")
    assert len(pl) == 1
    assert role(pl[0], "source") == "Farid Anwar"
