"""Meeting location: datelines the NER misses, places of other clauses, trips and venues."""

from __future__ import annotations

from services.extractor.extraction import Extractor
from tests.extraction_helpers import extract_text, of_type


def _meetings(extractor: Extractor, text: str):  # type: ignore[no-untyped-def]
    return of_type(extract_text(extractor, text, "2025-05-20"), "meeting")


def _loc(ev) -> str:  # type: ignore[no-untyped-def]
    return ev.location.name if ev.location is not None else ""


def test_all_caps_dateline_with_agency_is_the_place(extractor: Extractor) -> None:
    text = ("ISLAMABAD, May 19 (APP) -- Federal Minister for Commerce Tariq Mehmood on Monday held a "
            "meeting with Turkish Ambassador to Pakistan Kemal Arslan and discussed trade in textiles.")
    ms = _meetings(extractor, text)
    assert len(ms) == 1
    assert _loc(ms[0]) == "Islamabad"


def test_place_of_another_clause_is_not_the_meeting_place(extractor: Extractor) -> None:
    text = ("LUSAKA, May 19 (Reuters) - Japan will fund a water treatment plant for villages in the "
            "Southern Province, Foreign Minister Kenji Tanaka announced after talks with his Zambian "
            "counterpart Mulenga Banda on Monday.")
    ms = _meetings(extractor, text)
    assert len(ms) == 1
    assert "Southern Province" not in _loc(ms[0])
    assert "Lusaka" in _loc(ms[0])


def test_visit_of_someone_else_in_a_later_clause_is_not_the_place(extractor: Extractor) -> None:
    text = ("ISLAMABAD, May 19 (APP) -- Chinese Ambassador Li Ming on Monday called on Planning Minister "
            "Tariq Mehmood and discussed projects to be completed before the coming visit of Prime "
            "Minister Imran Aziz to China.")
    ms = _meetings(extractor, text)
    assert len(ms) == 1
    assert _loc(ms[0]) == "Islamabad"


def test_where_clause_on_travel_verb(extractor: Extractor) -> None:
    text = ("Foreign Minister Ana Ruiz will travel to Lima next week, where she is expected to hold talks "
            "with Peruvian Foreign Minister Jorge Salas on fisheries.")
    ms = _meetings(extractor, text)
    assert len(ms) == 1
    assert _loc(ms[0]) == "Lima"


def test_meeting_during_announced_trip_is_at_the_destination(extractor: Extractor) -> None:
    text = ("MADRID, May 19 (Reuters) - Spanish Prime Minister Pablo Ortega will visit Morocco next week "
            "to promote investment, his office said on Monday.\n\n"
            "Officials said the programme was still being finalised.\n\n"
            "Ortega will also meet Moroccan Prime Minister Aziz Alami to discuss migration.")
    ms = _meetings(extractor, text)
    assert ms, "the meeting with Alami is found"
    assert all(_loc(m) == "Morocco" for m in ms)


def test_invitation_to_visit_is_not_a_trip(extractor: Extractor) -> None:
    text = ("Prime Minister Kenji Tanaka invited Indonesian President Budi Santoso to visit Japan next year.\n\n"
            "Tanaka and Santoso began talks at the Merdeka Palace in Jakarta on Monday.")
    ms = [m for m in _meetings(extractor, text) if "began" in m.trigger.text or "talks" in m.trigger.text]
    assert ms
    assert "Japan" not in _loc(ms[0])


def test_venue_without_city_gets_the_dateline_city(extractor: Extractor) -> None:
    text = ("ACCRA, May 19 (GNA) - Ghana's Foreign Minister Kwame Mensah and his Nigerian counterpart "
            "Musa Bello met at the Ministry of Foreign Affairs on Monday to discuss regional security.")
    ms = _meetings(extractor, text)
    assert len(ms) == 1
    loc = _loc(ms[0])
    assert "Ministry of Foreign Affairs" in loc and "Accra" in loc


def test_meeting_of_a_body_is_not_a_restatement(extractor: Extractor) -> None:
    text = ("NEW DELHI, May 19 (PTI) - Foreign Minister Wang Tao met Prime Minister Arjun Rao on Monday.\n\n"
            "Wang said the decision had been taken well before the March meeting of the NSG in Vienna.")
    ms = _meetings(extractor, text)
    assert len(ms) == 1
    assert "Vienna" not in _loc(ms[0])
