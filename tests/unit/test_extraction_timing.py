"""The latency histogram gets each article's own extraction time, not a batch average."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contracts.models import Event, RawArticle
from services.extractor import worker


class _CountingCore:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def extract_many(self, articles: list[RawArticle]) -> list[list[Event]]:
        self.calls.append([a.id for a in articles])
        return [[] for _ in articles]


def test_each_article_is_extracted_and_timed_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    core = _CountingCore()
    monkeypatch.setattr(worker, "_core", core)
    ticks: Iterator[float] = iter([10.0, 10.5, 20.0, 22.0, 30.0, 30.25])  # a fake clock: 0.5 s, 2 s, 0.25 s
    monkeypatch.setattr(worker, "perf_counter", lambda: next(ticks))
    articles = [RawArticle(id=f"a{i}", text=f"Article number {i}.") for i in range(3)]

    timed = worker._extract(articles)

    assert core.calls == [["a0"], ["a1"], ["a2"]]
    assert [seconds for _, seconds in timed] == [0.5, 2.0, 0.25]
    assert [events for events, _ in timed] == [[], [], []]
