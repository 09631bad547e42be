"""Extraction speed: our core against a bare ``nlp.pipe`` of the same model, and cost against length.

Core and bare spaCy run in the same process, alternating round by round, so
a machine whose load changes during the run slows both alike. The length
series runs in an extraction worker process (the one the service uses), whose
peak resident memory is then the per-worker figure.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from eventx.contracts.models import Event, RawArticle

LENGTHS = (1_000, 2_000, 10_000, 100_000)


def words(articles: Sequence[RawArticle]) -> int:
    return sum(len(a.text.split()) for a in articles)


def core_vs_bare(articles: Sequence[RawArticle], rounds: int) -> tuple[dict[str, Any], list[Event]]:
    """Articles/s and words/s of ``Extractor.extract_many`` and of ``nlp.pipe`` alone, same model,
    and their ratio by wall clock and by CPU time; and the events extracted (the sink benchmark
    stores them)."""
    import spacy

    from eventx.services.extractor.extraction import Extractor
    from eventx.services.extractor.extraction.pipeline import MODEL_PACKAGE

    core = Extractor()
    bare = spacy.load(MODEL_PACKAGE)
    texts = [a.text for a in articles]
    events = [ev for evs in core.extract_many(list(articles)) for ev in evs]  # also the warm-up
    list(bare.pipe(texts, batch_size=16))
    ours = theirs = ours_cpu = theirs_cpu = 0.0
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        core.extract_many(list(articles))
        ours += time.perf_counter() - t
        ours_cpu += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        list(bare.pipe(texts, batch_size=16))
        theirs += time.perf_counter() - t
        theirs_cpu += time.process_time() - c
    n, w = len(articles) * rounds, words(articles) * rounds
    # the CPU-time ratio moves far less than the wall-clock one when other processes share the cores
    return {"ours_articles_per_s": round(n / ours, 2), "bare_articles_per_s": round(n / theirs, 2),
            "ratio": round(theirs / ours, 3), "cpu_ratio": round(theirs_cpu / ours_cpu, 3),
            "ours_words_per_s": round(w / ours), "bare_words_per_s": round(w / theirs), "rounds": rounds,
            "model": MODEL_PACKAGE}, events


def long_text(articles: Sequence[RawArticle], chars: int) -> str:
    """The corpus texts end to end, repeated as needed, cut at a sentence end near ``chars``."""
    body = "\n\n".join(a.text.strip() for a in articles)
    text = (body + "\n\n") * (chars // max(1, len(body)) + 1)
    return _cut(text, chars)


def _cut(text: str, chars: int) -> str:
    end = text.rfind(". ", 0, chars)
    return text[:end + 1] if end > chars // 2 else text[:chars]


def pieces(text: str, size: int) -> list[str]:
    """``text`` in consecutive pieces of about ``size`` characters, each ending at a sentence end."""
    out = []
    while text:
        piece = _cut(text, size) if len(text) > size else text
        out.append(piece)
        text = text[len(piece):].lstrip()
    return out


async def _length_series(articles: Sequence[RawArticle], longest: int, timeout_s: float) -> dict[str, Any]:
    from eventx.services.extractor.worker import ExtractionWorker

    worker = ExtractionWorker()
    try:
        await worker.start()
        await worker.extract(list(articles), timeout_s)  # warm-up, and the usual workload for the RSS figure
        text = long_text(articles, longest)
        seconds = {}
        for size in (s for s in LENGTHS if s <= longest):
            batch = [RawArticle(id=f"len-{size}-{i}", text=p) for i, p in enumerate(pieces(text, size))]
            t = time.perf_counter()
            for start in range(0, len(batch), 16):
                await worker.extract(batch[start:start + 16], timeout_s)
            seconds[size] = time.perf_counter() - t
        rss = await worker.peak_rss_mb()
    finally:
        worker.stop()
    per_char = {f"us_per_char_{size // 1000}k": round(1e6 * s / len(text), 2) for size, s in seconds.items()}
    longest_s = seconds[max(seconds)]
    return {"length_scaling": {**per_char, "ratio_100k_vs_100x1k": round(longest_s / seconds[1_000], 3),
                               "ratio_100k_vs_50x2k": round(longest_s / seconds[2_000], 3), "chars": len(text)},
            "memory": {"peak_rss_mb": round(rss, 1)}}


def length_scaling_and_memory(articles: Sequence[RawArticle], longest: int = LENGTHS[-1],
                               timeout_s: float = 900.0) -> dict[str, Any]:
    """``length_scaling``: µs per character when a ``longest``-character text (100k) is read as articles
    of 1k, 2k, 10k and 100k characters, and the ratios one-long / many-short (against 100 x 1k, and
    against 50 x 2k, which issue 9's goal names; ``chars`` says how long it was: ``--quick`` uses
    10k); ``memory``: the worker's peak RSS afterwards."""
    return asyncio.run(_length_series(articles, longest, timeout_s))
