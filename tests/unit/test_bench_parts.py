"""The pure parts of ``eventx bench``: the texts it builds, the events it replicates, the table it prints."""

from __future__ import annotations

import datetime as dt
import io

from eventx.contracts.models import Event, ExtractorInfo, RawArticle
from eventx.services.tooling.bench import table
from eventx.services.tooling.bench.extraction import long_text, pieces
from eventx.services.tooling.bench.sink import replicate

ARTICLES = [RawArticle(id="a", text="The minister met the envoy in Lima. They agreed to talk again."),
            RawArticle(id="b", text="Donors pledged aid for a new railway. The bank asked for a loan.")]


def test_long_text_reaches_the_length_and_ends_a_sentence() -> None:
    text = long_text(ARTICLES, 1_000)
    assert 500 < len(text) <= 1_000
    assert text.endswith(".")


def test_pieces_cover_the_text_in_sentence_sized_parts() -> None:
    text = long_text(ARTICLES, 2_000)
    parts = pieces(text, 200)
    assert all(len(p) <= 200 for p in parts)
    assert all(p.endswith(".") for p in parts[:-1])
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_replicated_events_are_distinct_and_keep_their_content() -> None:
    ev = Event(event_id="e1", event_type="meeting", article_id="a", confidence=0.5,
               extractor=ExtractorInfo(version="t", model="none"),
               extracted_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    out = replicate([ev], 5)
    assert len({e.event_id for e in out}) == 5
    assert len({e.article_id for e in out}) == 5
    assert {e.event_type for e in out} == {"meeting"}


def test_table_names_every_figure_and_marks_missing_ones() -> None:
    report = {"machine": {"cpus": 2, "load_avg_1m": 3.0, "loaded": True},
              "corpus": {"articles": 3, "chars_per_article": 400, "files": ["x.jsonl"]},
              "extraction": {"ours_articles_per_s": 20.0, "bare_articles_per_s": 19.0, "ratio": 1.05},
              "service": {"workers_1_articles_per_s": 9.0, "workers_2_articles_per_s": 17.0, "scaling": 1.89},
              "sink": {"sqlite_events_per_s": 30000, "postgres_events_per_s": None}}
    out = io.StringIO()
    table(report, out)
    text = out.getvalue()
    assert "loaded" in text
    assert "2 workers" in text and "17.0" in text
    assert "sink PostgreSQL events/s" in text and text.count(" -\n") >= 1
