"""Workers: one batched ``extract_many`` per chunk, each article charged by length; chunks balanced."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest

from eventx.contracts.models import Event, ExtractorInfo, RawArticle
from eventx.services.extractor import worker


class _CountingCore:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def extract_many(self, articles: list[RawArticle]) -> list[list[Event]]:
        self.calls.append([a.id for a in articles])
        return [[] for _ in articles]


class _PidCore:
    """Answers with the worker's pid in the model name, so a test sees which process extracted what."""

    info = ExtractorInfo(version="stub", model="none")

    def extract_many(self, articles: list[RawArticle]) -> list[list[Event]]:
        time.sleep(1.0)  # long enough that the other idle worker takes the second chunk
        return [[Event(event_id=f"{a.id}-{os.getpid()}", event_type="meeting", article_id=a.id, confidence=0.5,
                       extractor=self.info, extracted_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))]
                for a in articles]


def pid_core() -> _PidCore:
    return _PidCore()


def test_a_chunk_is_one_batched_call_and_time_is_shared_by_length(monkeypatch: pytest.MonkeyPatch) -> None:
    core = _CountingCore()
    monkeypatch.setattr(worker, "_core", core)
    ticks: Iterator[float] = iter([10.0, 14.0])  # a fake clock: the chunk takes 4 s
    monkeypatch.setattr(worker, "perf_counter", lambda: next(ticks))
    articles = [RawArticle(id="a0", text="x" * 100), RawArticle(id="a1", text="y" * 300)]

    timed = worker._extract(articles)

    assert core.calls == [["a0", "a1"]]
    assert [seconds for _, seconds in timed] == [1.0, 3.0]
    assert [events for events, _ in timed] == [[], []]


@pytest.mark.parametrize("parts", [1, 2, 3, 5])
def test_chunks_cover_every_article_once_and_balance_length(parts: int) -> None:
    lengths = [500, 40, 40, 300, 200, 100, 90, 10]
    articles = [RawArticle(id=f"a{i}", text="z" * n) for i, n in enumerate(lengths)]

    chunks = worker.split_by_length(articles, parts)

    assert sorted(i for c in chunks for i in c) == list(range(len(lengths)))
    assert len(chunks) == min(parts, len(lengths))
    loads = [sum(lengths[i] for i in c) for c in chunks]
    assert max(loads) - min(loads) <= max(lengths)


def test_more_workers_than_articles_gives_one_chunk_per_article() -> None:
    articles = [RawArticle(id=f"a{i}", text="word") for i in range(2)]
    assert sorted(worker.split_by_length(articles, 4)) == [[0], [1]]


def test_two_workers_extract_one_batch_in_two_processes_and_keep_the_order() -> None:
    async def run() -> tuple[list[str], float]:
        pool = worker.ExtractionWorker(pid_core, workers=2)
        try:
            await pool.start()
            articles = [RawArticle(id=f"a{i}", text="word " * (10 + i)) for i in range(8)]
            timed = await pool.extract(articles, timeout_s=120)
            return [events[0].event_id for events, _ in timed], await pool.peak_rss_mb()
        finally:
            pool.stop()

    ids, rss = asyncio.run(run())
    assert [i.split("-")[0] for i in ids] == [f"a{i}" for i in range(8)]
    assert len({i.split("-")[1] for i in ids}) == 2  # both workers took a chunk
    assert rss > 0


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError):
        worker.ExtractionWorker(pid_core, workers=0)
