"""End-to-end tests of the extraction core on short wire-copy articles written for these tests.

The spaCy model is loaded once for the module (``extractor`` fixture).
"""

from __future__ import annotations

import datetime as dt

from contracts.models import Event, RawArticle
from services.extractor.extraction import EXTRACTOR_VERSION, Extractor
from tests.extraction_helpers import NOW, extract_text, names, of_type


def run(ex: Extractor, text: str, published: str = "2024-03-06", aid: str = "t-1") -> list[Event]:
    return extract_text(ex, text, published, aid)


# ---------------------------------------------------------------- meetings
def test_basic_meeting_with_titles_countries_date_location(extractor: Extractor) -> None:
    text = ("BANGKOK, March 6 - Thai Prime Minister Anan Wongsakul met Japanese Foreign Minister "
            "Kenji Morita in Tokyo on Monday to discuss rail investment.")
    evs = of_type(run(extractor, text), "meeting")
    assert len(evs) == 1
    ev = evs[0]
    assert names(ev, "participant") == {"Anan Wongsakul", "Kenji Morita"}
    by_name = {a.name: a for a in ev.actors}
    assert by_name["Anan Wongsakul"].country == "THA"
    assert by_name["Anan Wongsakul"].title == "Prime Minister"
    assert by_name["Kenji Morita"].country == "JPN"
    assert by_name["Anan Wongsakul"].kind == "person"
    assert ev.date == dt.date(2024, 3, 4)  # the Monday before Wednesday 6 March
    assert ev.location is not None and ev.location.name == "Tokyo"
    assert ev.status == "occurred"
    assert ev.cameo == "040" and ev.plover == "CONSULT"
    assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    assert "met" in ev.trigger.text
    assert ev.extractor.version == EXTRACTOR_VERSION
    assert ev.extractor.model == "en_core_web_sm-3.8.0"
    assert ev.extracted_at == NOW
    assert ev.published_at == dt.date(2024, 3, 6)


def test_held_talks_and_hosted_codes(extractor: Extractor) -> None:
    text = ("Kenyan President Daniel Mwangi held talks with Ugandan President Joseph Okello in Nairobi on Tuesday.\n\n"
            "Separately, Vietnamese Prime Minister Tran Van Hieu received Australian Foreign Minister Claire Dawson "
            "at the Government Office in Hanoi on Monday.")
    evs = of_type(run(extractor, text), "meeting")
    assert len(evs) == 2
    talks = next(e for e in evs if "Okello" in " ".join(names(e, "participant")))
    assert names(talks, "participant") == {"Daniel Mwangi", "Joseph Okello"}
    assert talks.cameo == "040"
    assert talks.date == dt.date(2024, 3, 5)
    host = next(e for e in evs if e is not talks)
    assert names(host, "participant") == {"Tran Van Hieu", "Claire Dawson"}
    assert host.cameo == "043"
    assert host.location is not None and "Government Office" in host.location.name


def test_restatements_merge_into_one_meeting_with_evidence(extractor: Extractor) -> None:
    text = ("Chilean President Ana Torres meets with Peruvian President Luis Castillo Rojas in Lima on March 5.\n\n"
            "Chilean President Ana Torres met with Peruvian President Luis Castillo Rojas on Tuesday in Lima. "
            "During the meeting, the two leaders discussed a new border crossing.")
    evs = of_type(run(extractor, text), "meeting")
    assert len(evs) == 1
    ev = evs[0]
    assert len(ev.evidence) >= 3
    for span in ev.evidence:
        assert text[span.start:span.end] == span.text
    assert ev.date == dt.date(2024, 3, 5)


# ---------------------------------------------------------------- coreference
def test_surname_and_description_resolve_to_full_name(extractor: Extractor) -> None:
    text = ("Thai Prime Minister Anan Wongsakul met Chinese President Li Wenhua in Beijing on Monday.\n\n"
            "Mr Anan asked China to speed up work on the high-speed railway.\n\n"
            "The Chinese president promised to send more engineers to Thailand.")
    evs = run(extractor, text)
    req = of_type(evs, "request")
    pledge = of_type(evs, "pledge")
    assert len(req) == 1 and names(req[0], "source") == {"Anan Wongsakul"}
    assert len(pledge) == 1 and names(pledge[0], "source") == {"Li Wenhua"}
    src = [a for a in pledge[0].actors if a.role == "source"][0]
    assert src.country == "CHN" and src.title == "President"


def test_pronoun_prefers_sentence_subject(extractor: Extractor) -> None:
    text = ("Ghanaian President Kwame Asante hosted Togolese President Yao Mensah in Accra on Friday. "
            "Asante said he had urged Togo to reopen the border.")
    req = of_type(run(extractor, text), "request")
    assert len(req) == 1
    assert names(req[0], "source") == {"Kwame Asante"}


# ---------------------------------------------------------------- ids, offsets, batching
def test_event_ids_are_deterministic_and_independent_of_time(extractor: Extractor) -> None:
    text = "Irish Foreign Minister Sean Murphy met British Foreign Secretary Helen Clarke in Dublin on Monday."
    a = RawArticle(id="det-1", text=text, published_at="2024-03-06")
    first = extractor.extract(a, now=NOW)
    second = extractor.extract(a, now=NOW + dt.timedelta(days=3))
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert first and len({e.event_id for e in first}) == len(first)
    other = extractor.extract(RawArticle(id="det-2", text=text, published_at="2024-03-06"), now=NOW)
    assert {e.event_id for e in other}.isdisjoint({e.event_id for e in first})


def test_offsets_refer_to_original_text_with_header_and_wrapping(extractor: Extractor) -> None:
    text = (" date 2024-03-06 \n\n"
            "LISBON, March 6 (Wire) - Portuguese Prime Minister Rui Costa met\n"
            "Spanish Prime Minister Elena Vidal in Lisbon on Monday, officials\n"
            "said, as the two governments prepare a joint bid for European rail\n"
            "funding that both capitals hope will be approved before the summer.\n"
            "The talks lasted two hours and covered energy links, migration and\n"
            "the fisheries quota dispute that has strained relations this year.\n")
    evs = extractor.extract(RawArticle(id="off-1", text=text), now=NOW)
    meetings = of_type(evs, "meeting")
    assert len(meetings) == 1
    ev = meetings[0]
    assert ev.published_at == dt.date(2024, 3, 6)
    for span in [ev.trigger, *ev.evidence]:
        assert text[span.start:span.end] == span.text


def test_extract_many_keeps_order_and_matches_extract(extractor: Extractor) -> None:
    arts = [
        RawArticle(id="m-1", text="Finnish President Aino Virtanen met Estonian President Mart Tamm in Tallinn on Monday.",
                   published_at="2024-03-06"),
        RawArticle(id="m-2", text="Heavy rain is expected across the north of the country this weekend.",
                   published_at="2024-03-06"),
    ]
    many = extractor.extract_many(arts, now=NOW)
    assert len(many) == 2
    assert all(e.article_id == "m-1" for e in many[0]) and many[0]
    assert many[1] == []
    assert [e.model_dump() for e in many[0]] == [e.model_dump() for e in extractor.extract(arts[0], now=NOW)]


def test_no_events_in_unrelated_news(extractor: Extractor) -> None:
    text = ("Temperatures will continue to rise across the coastal plain this week, forecasters said, "
            "and heat stress is expected to intensify in inland areas. Police said a man was arrested "
            "after a robbery at a jewellery shop on Thursday.")
    assert run(extractor, text) == []


def test_confidence_is_higher_for_named_arguments(extractor: Extractor) -> None:
    named = of_type(run(extractor, "Swedish Prime Minister Karl Berg urged Hungary to approve the accession."), "request")
    pron = of_type(run(extractor, "Swedish Prime Minister Karl Berg arrived in Budapest. He urged Hungary to approve the accession."), "request")
    assert named and pron
    assert 0.0 < pron[0].confidence < named[0].confidence <= 1.0


def test_call_on_with_infinitive_is_a_request_not_a_visit(extractor: Extractor) -> None:
    evs = run(extractor, "Nepalese Prime Minister Hari Adhikari called on India to reopen the border crossing.")
    assert of_type(evs, "meeting") == []
    req = of_type(evs, "request")
    assert len(req) == 1 and names(req[0], "source") == {"Hari Adhikari"}


