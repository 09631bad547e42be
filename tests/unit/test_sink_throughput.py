"""The throughput helpers ``eventx bench`` calls (figures come from the bench, not from here)."""

from __future__ import annotations

from pathlib import Path

from eventx.services.sink.storage import open_store
from eventx.services.sink.storage.throughput import measure_sink, synthetic_events


def test_synthetic_events_are_distinct_and_grouped_by_article() -> None:
    events = synthetic_events(10, per_article=4)
    assert len({e.event_id for e in events}) == 10
    assert len({e.article_id for e in events}) == 3


def test_measure_sink_writes_every_event_into_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    events = synthetic_events(450)
    assert measure_sink(url, events, batch_size=200) > 0
    with open_store(url) as store:
        assert store.count() == 450
        assert store.get(events[-1].event_id) == events[-1]
