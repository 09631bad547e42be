"""Extraction rules for sources, pledge frames, request precision, meeting shapes and names.

Every article here is written for these tests in wire-copy style; each test
pins one general rule (named in its docstring) rather than one article.
"""

from __future__ import annotations

from contracts.models import Event
from services.extractor.extraction import Extractor
from services.extractor.extraction._doccache import (
    doc_text,
    sent_index,
    sent_of,
    sentences,
)
from tests.extraction_helpers import extract_text, of_type


def run(ex: Extractor, text: str, published: str = "2025-04-09") -> list[Event]:
    return extract_text(ex, text, published)



def source(ev: Event) -> str | None:
    return next((a.name for a in ev.actors if a.role == "source"), None)


def participants(ev: Event) -> set[str]:
    return {a.name for a in ev.actors if a.role == "participant"}


def with_trigger(events: list[Event], word: str) -> list[Event]:
    return [e for e in events if e.trigger and word in e.trigger.text]


# ---------------------------------------------------------------- doc caches
def test_sentence_cache_matches_spacy(extractor):
    doc = extractor.nlp("The envoy arrived on Monday. He met the minister.\nTalks continue.")
    sents = sentences(doc)
    assert [s.text for s in sents] == [s.text for s in doc.sents]
    assert sentences(doc) is sents  # computed once
    assert sent_index(doc, len(doc) - 1) == len(sents) - 1
    assert sent_of(doc[7]).start == doc[7].sent.start
    assert doc_text(doc) == doc.text


# ---------------------------------------------------------------- pledges
def test_reported_would_encourage_is_a_pledge_not_a_request(extractor):
    """'would encourage firms to invest' in reported speech is the speaker's undertaking."""
    ev = run(extractor, "LUSAKA, April 9 -- Turkish Ambassador Mehmet Arslan said on Wednesday that Ankara "
                        "would encourage more Turkish contractors to invest in Zambia's copper belt.")
    assert not of_type(ev, "request")
    pledges = of_type(ev, "pledge")
    assert len(pledges) == 1 and source(pledges[0]) == "Mehmet Arslan"


def test_deposit_and_roll_over_with_money_are_pledges(extractor):
    ev = run(extractor, "COLOMBO, April 9 -- Finance Minister Ravi Senanayake said Qatar will deposit $300 million "
                        "with the central bank. He added that Doha will roll over a $150 million loan that falls due in June.")
    trig = {e.trigger.text for e in of_type(ev, "pledge")}
    assert any("deposit" in t for t in trig)
    assert any("roll" in t for t in trig)


def test_cover_needs_a_cost_object(extractor):
    ev = run(extractor, "NAIROBI, April 9 -- Kenya's trade minister Grace Wanjiru said Kenya will cover the cost of "
                        "the border survey for Tanzania. She said the report will cover three districts.")
    trig = [e.trigger.text for e in of_type(ev, "pledge")]
    assert trig == ["cover"]


def test_pledge_in_reported_clause_after_request_verb(extractor):
    """'X pressed Y to ... and said the US would provide $N': the provide clause is X's pledge, not part of the request."""
    ev = run(extractor, "WASHINGTON, April 9 -- U.S. Deputy Secretary of State Laura Pennington pressed Georgian "
                        "Foreign Minister Irakli Beridze to hold fresh elections, and said the United States would "
                        "provide $40 million in new assistance to Georgia.")
    pledges = of_type(ev, "pledge")
    assert len(pledges) == 1 and source(pledges[0]) == "Laura Pennington"
    req = of_type(ev, "request")
    assert len(req) == 1 and source(req[0]) == "Laura Pennington"


def test_promise_after_coordinated_request_clause(extractor):
    """'A asked B to ..., and B promised ...': a new subject starts a claim of its own."""
    ev = run(extractor, "ASUNCION, April 9 -- Bolivia asked Chile to lower port fees for its exporters, "
                        "and Chilean Foreign Minister Ignacio Fuentes promised a written reply within a month.")
    pledges = of_type(ev, "pledge")
    assert len(pledges) == 1 and source(pledges[0]) == "Ignacio Fuentes"


def test_restated_one_sided_commitment_is_a_pledge(extractor):
    ev = run(extractor, "DHAKA, April 9 -- Indian High Commissioner Arvind Mehra met Bangladeshi Foreign Minister "
                        "Salma Haque on Tuesday. He reiterated India's commitment to the timely completion of the "
                        "Akhaura rail link project.")
    pledges = of_type(ev, "pledge")
    assert len(pledges) == 1 and "commitment" in pledges[0].trigger.text
    assert source(pledges[0]) == "Arvind Mehra"


def test_mutual_commitment_to_friendship_is_no_pledge(extractor):
    ev = run(extractor, "DHAKA, April 9 -- The two ministers reaffirmed their commitment to strengthening friendship "
                        "between Bangladesh and Nepal.")
    assert not of_type(ev, "pledge")


def test_stopped_short_of_offering_is_negated(extractor):
    ev = run(extractor, "MANILA, April 9 -- Australian Defence Minister Rachel Hollis stopped short of offering "
                        "patrol boats to the Philippines.")
    assert not of_type(ev, "pledge")


def test_plural_promises_in_commentary_are_no_pledge(extractor):
    ev = run(extractor, '"We have seen plenty of promises before," Ugandan Energy Minister Ruth Nankabirwa said.')
    assert not of_type(ev, "pledge")


def test_definite_fund_resolves_to_named_fund(extractor):
    """'the Fund is willing to finance' -> the organisation named earlier whose name has 'Fund'."""
    ev = run(extractor, "AMMAN, April 9 -- The Kuwait Fund for Arab Economic Development signed a grant agreement "
                        "with Jordan on Wednesday. Its director said the Fund is willing to finance the Zarqa "
                        "water network as well.")
    willing = with_trigger(of_type(ev, "pledge"), "willing")
    assert willing and source(willing[0]) == "Kuwait Fund for Arab Economic Development"


def test_bracketed_acronym_names_the_organisation(extractor):
    ev = run(extractor, "HANOI, April 9 -- The Korea Export-Import Bank (KEXIM) opened an office in Hanoi on Wednesday. "
                        "Its president said KEXIM was prepared to finance a new metro line for Vietnam.")
    prepared = with_trigger(of_type(ev, "pledge"), "prepared")
    assert prepared and source(prepared[0]) == "Korea Export-Import Bank"


# ---------------------------------------------------------------- requests
def test_pressed_actor_to_do_is_a_request(extractor):
    ev = run(extractor, "BERLIN, April 9 -- German Chancellor Petra Vogel pressed Serbian President Milan Jovic "
                        "during talks in Berlin on Tuesday to recognise the court ruling.")
    req = of_type(ev, "request")
    assert len(req) == 1 and source(req[0]) == "Petra Vogel"


def test_call_for_with_infinitive_clause(extractor):
    ev = run(extractor, "DOHA, April 9 -- Omani Trade Minister Salim Al Harthy called for Omani firms to be given "
                        "wider access to Qatari tenders.")
    req = of_type(ev, "request")
    assert len(req) == 1 and source(req[0]) == "Salim Al Harthy"


def test_pledged_to_push_for_is_not_a_request(extractor):
    ev = run(extractor, "PHNOM PENH, April 9 -- Thai Transport Minister Anan Chaiyo pledged to push for the early "
                        "opening of the new border crossing with Cambodia.")
    assert not of_type(ev, "request")
    assert len(of_type(ev, "pledge")) == 1


def test_journalist_question_is_no_request(extractor):
    ev = run(extractor, "CANBERRA, April 9 -- Asked whether new aid was planned, Foreign Minister Helen Ward said "
                        "only that talks were continuing.")
    assert not of_type(ev, "request")


def test_anonymous_sources_asking_not_to_be_named(extractor):
    ev = run(extractor, "ANKARA, April 9 -- The ministers discussed energy, said two officials, who asked not to be "
                        "named.")
    assert not of_type(ev, "request")


def test_analyst_should_is_commentary_not_a_demand(extractor):
    ev = run(extractor, '"Japan should stop treating the region as a buffer," said Kenta Mori, a researcher at a '
                        'Tokyo think tank.')
    assert not of_type(ev, "request")


def test_the_ministry_resolves_to_named_ministry(extractor):
    ev = run(extractor, "SEOUL, April 9 -- The South Korean Foreign Ministry summoned the Japanese ambassador on "
                        "Tuesday. In a statement, the ministry urged Tokyo to withdraw the textbook.")
    req = of_type(ev, "request")
    assert len(req) == 1 and source(req[0]) == "South Korean Foreign Ministry"


def test_country_tagged_org_is_a_country(extractor):
    """The NER sometimes tags a country ORG; it must not merge with an organisation containing its name."""
    ev = run(extractor, "MONTEVIDEO, April 9 -- The ministers discussed the Hidrovia Paraguay-Parana waterway. "
                        "Paraguay, for its part, asked Uruguay to cut the dredging levy.")
    req = of_type(ev, "request")
    assert len(req) == 1 and source(req[0]) == "Paraguay"


# ---------------------------------------------------------------- meetings
def test_received_with_adverbials_before_guest(extractor):
    ev = run(extractor, "DOHA, April 9 (QNA) -- H.E. Sheikh Khalid bin Hamad Al Thani, Minister of State, received "
                        "today at his office in Doha H.E. Aliyu Bello, Minister of Foreign Affairs of Nigeria.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1
    assert participants(meetings[0]) == {"Khalid bin Hamad Al Thani", "Aliyu Bello"}


def test_malay_honorifics_are_stripped_and_name_kept_whole(extractor):
    ev = run(extractor, "PUTRAJAYA, April 9 -- The Minister of Works, Dato' Sri Haji Rosli Hamzah bin Yusof, "
                        "received a courtesy call from His Excellency Pieter Jansen, Minister of Infrastructure of "
                        "the Netherlands.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1
    names = participants(meetings[0])
    assert "Pieter Jansen" in names
    assert any(n.startswith("Rosli") and n.endswith("bin Yusof") for n in names)
    assert not any("Dato" in n or "Works" in n for n in names)


def test_sat_down_together(extractor):
    ev = run(extractor, "GENEVA, April 9 -- UN envoy Ingrid Solberg, Armenian negotiator Aram Petrosyan and "
                        "Azerbaijani negotiator Farid Aliyev sat down together on Wednesday afternoon.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1
    assert participants(meetings[0]) == {"Ingrid Solberg", "Aram Petrosyan", "Farid Aliyev"}


def test_closeted_with(extractor):
    ev = run(extractor, "KAMPALA, April 9 -- Ugandan Works Minister Peter Okello spent Monday closeted with "
                        "Tanzania's Transport Minister, Amina Said, at her office in Dodoma.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1 and participants(meetings[0]) == {"Peter Okello", "Amina Said"}


def test_talks_under_during_take_verb_arguments_and_the_two_restates(extractor):
    ev = run(extractor, "LONDON, April 9 -- British Foreign Secretary Alan Moss urged Moldovan Prime Minister Dorin "
                        "Rusu during talks in London on Tuesday to speed up reforms.\n\nThe two met for an hour at "
                        "Lancaster House, an aide said.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1
    assert participants(meetings[0]) == {"Alan Moss", "Dorin Rusu"}
    assert meetings[0].location is not None and meetings[0].location.name == "London"


def test_meetings_in_two_countries_stay_apart(extractor):
    ev = run(extractor, "LONDON, April 9 -- Alan Moss held talks with Dorin Rusu in London on Tuesday. "
                        "Moss held talks with Rusu in Chisinau in January.")
    assert len(of_type(ev, "meeting")) == 2


def test_delegation_headed_by_a_person(extractor):
    ev = run(extractor, "RIYADH, April 9 -- Saudi Minister of Economy Faisal Al-Ibrahim is scheduled to receive on "
                        "Sunday a delegation from the Pakistani Ministry of Finance headed by Deputy Minister Ayesha "
                        "Malik.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1 and meetings[0].status == "planned"
    assert participants(meetings[0]) == {"Faisal Al-Ibrahim", "Ayesha Malik"}


def test_capital_as_sentence_subject_is_not_a_person(extractor):
    ev = run(extractor, "TBILISI, April 9 -- Georgian President Nino Kapanadze met Armenian Foreign Minister Armen "
                        "Hakobyan in Tbilisi on Tuesday. It was a condition Yerevan rejects, officials said.")
    meetings = of_type(ev, "meeting")
    assert len(meetings) == 1 and participants(meetings[0]) == {"Nino Kapanadze", "Armen Hakobyan"}


# ---------------------------------------------------------------- locations
def loc(ev: Event) -> str:
    return ev.location.name if ev.location else ""


def test_location_venue_with_city_in_possessive(extractor):
    ev = run(extractor, "ANKARA, April 9 -- Turkish President Kemal Aydin held talks with visiting Ghanaian President "
                        "Kwame Asante in Istanbul's Dolmabahce Palace on Tuesday.")
    m = of_type(ev, "meeting")
    assert len(m) == 1 and "Istanbul" in loc(m[0]) and "Dolmabahce" in loc(m[0])


def test_location_venue_in_city(extractor):
    ev = run(extractor, "LIMA, April 9 -- Peruvian Foreign Minister Elena Quispe held talks on Monday with her Chilean "
                        "counterpart Tomas Vidal at the Torre Tagle Palace in Lima.")
    m = of_type(ev, "meeting")
    assert len(m) == 1 and "Lima" in loc(m[0])


def test_location_of_where_clause_after_visit(extractor):
    ev = run(extractor, "NAIROBI, April 9 -- Kenyan Trade Minister Paul Kamau is set to visit Accra on Friday, where he "
                        "will meet Ghanaian Finance Minister Kofi Mensah.")
    m = of_type(ev, "meeting")
    assert len(m) == 1 and loc(m[0]) == "Accra" and m[0].status == "planned"
