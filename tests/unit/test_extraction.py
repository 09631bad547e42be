"""The extraction core's API around the events: metadata, ids, batching, confidence, doc caches.

What a sentence should yield (sentence -> expected events) is data in
``tests/data/extraction_cases.yaml`` and ``tests/data/cases/*.yaml``, read by
``test_extraction_cases.py``; the tests here compare extractions with each
other or check what is stamped on every event. The spaCy model is loaded once
for the session (``extractor`` fixture).
"""

from __future__ import annotations

import datetime as dt

from eventx.contracts.models import Event, RawArticle
from eventx.services.extractor.extraction import EXTRACTOR_VERSION, Extractor
from eventx.services.extractor.extraction._doccache import doc_text, sent_index, sent_of, sentences
from tests.extraction_helpers import NOW, extract_text, of_type


def run(ex: Extractor, text: str, published: str = "2024-03-06", aid: str = "t-1") -> list[Event]:
    return extract_text(ex, text, published, aid)


# ---------------------------------------------------------------- event metadata
def test_each_event_carries_the_extractor_and_article_metadata(extractor: Extractor) -> None:
    """What the sentence says is in ``tests/data/cases/core.yaml``; this is what the extractor stamps on it."""
    text = ("BANGKOK, March 6 - Thai Prime Minister Anan Wongsakul met Japanese Foreign Minister "
            "Kenji Morita in Tokyo on Monday to discuss rail investment.")
    (ev,) = of_type(run(extractor, text), "meeting")
    assert ev.extractor.version == EXTRACTOR_VERSION
    assert ev.extractor.model == "en_core_web_sm-3.8.0"
    assert ev.extracted_at == NOW
    assert ev.published_at == dt.date(2024, 3, 6)
    assert ev.article_id == "t-1"


def test_sentence_cache_matches_spacy(extractor: Extractor) -> None:
    doc = extractor.nlp("The envoy arrived on Monday. He met the minister.\nTalks continue.")
    sents = sentences(doc)
    assert [s.text for s in sents] == [s.text for s in doc.sents]
    assert sentences(doc) is sents  # computed once
    assert sent_index(doc, len(doc) - 1) == len(sents) - 1
    assert sent_of(doc[7]).start == doc[7].sent.start
    assert doc_text(doc) == doc.text


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


def test_confidence_is_higher_for_named_actors(extractor: Extractor) -> None:
    named = of_type(run(extractor, "Swedish Prime Minister Karl Berg urged Hungary to approve the accession."), "request")
    pron = of_type(run(extractor, "Swedish Prime Minister Karl Berg arrived in Budapest. He urged Hungary to approve the accession."), "request")
    assert named and pron
    assert 0.0 < pron[0].confidence < named[0].confidence <= 1.0
