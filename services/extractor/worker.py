"""The extraction core in child processes that can be stopped, one per core.

spaCy cannot be interrupted inside a thread: a pathological article (a
20,000-token sentence parses in minutes) would stall its partition and make
SIGTERM wait for it. In a worker process (pebble's ``ProcessPool``) an
extraction that runs past its deadline is killed and the worker replaced, and
shutdown kills the worker at once. The core is built in the worker by a
picklable factory (default: the spaCy ``Extractor``), once per worker.

With ``workers`` > 1 a batch is split into that many chunks of about equal
text length, extracted in parallel (one ``nlp.pipe`` per chunk); the caller
still gets one result per article, in order, and commits only after
publishing them, so delivery stays at-least-once.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Sequence
from time import perf_counter
from typing import Any, Protocol

from pebble import ProcessExpired, ProcessPool

from eventx.contracts.models import Event, ExtractorInfo, RawArticle


class Core(Protocol):
    def extract_many(self, articles: list[RawArticle]) -> list[list[Event]]: ...


class WorkerStopped(RuntimeError):
    """The worker was shut down under a running extraction (the service is stopping)."""


WorkerCrashed = ProcessExpired  # the worker process died (killed, out of memory, segfault)

_core: Core | None = None


def _init_worker(factory: Callable[[], Core]) -> None:
    global _core
    _core = factory()


def _ping(hold_s: float = 0.0) -> tuple[int, ExtractorInfo | None]:
    """Called once the core is loaded: the worker's pid, and the core's version and model when it has them.
    Holding the worker a moment makes pings scheduled together land on different workers."""
    time.sleep(hold_s)
    return os.getpid(), getattr(_core, "info", None)


Timed = tuple[list[Event], float]
"""An article's events and the seconds its extraction took."""


def _extract(articles: list[RawArticle]) -> list[Timed]:
    """One ``extract_many`` (one batched ``nlp.pipe``) over the chunk.

    spaCy runs each pipeline component over the whole batch before it yields
    the first document, so per-document times cannot be observed inside a
    batch; each article is charged the chunk's time in proportion to its
    length, which is how the parse cost grows."""
    assert _core is not None, "worker initializer did not run"
    started = perf_counter()
    results = _core.extract_many(articles)
    seconds = perf_counter() - started
    total = sum(len(a.text) for a in articles) or 1
    return [(events, seconds * len(a.text) / total) for a, events in zip(articles, results, strict=True)]


def _peak_rss_mb() -> float:
    """This worker's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def split_by_length(articles: Sequence[RawArticle], parts: int) -> list[list[int]]:
    """Indices of ``articles`` in at most ``parts`` chunks of about equal text length
    (longest first into the lightest chunk), so parallel workers finish together."""
    chunks: list[list[int]] = [[] for _ in range(max(1, min(parts, len(articles))))]
    loads = [0] * len(chunks)
    for i in sorted(range(len(articles)), key=lambda i: -len(articles[i].text)):
        lightest = loads.index(min(loads))
        chunks[lightest].append(i)
        loads[lightest] += len(articles[i].text)
    return [sorted(c) for c in chunks if c]


def default_core() -> Core:
    """The spaCy ``Extractor``, its models predicting without keeping training memory
    (``inference.predict_only``: a 100k-character article's peak drops by about 200 MB)."""
    from eventx.services.extractor.extraction import Extractor
    from eventx.services.extractor.inference import predict_only

    core = Extractor()
    predict_only(core.nlp)
    return core


class ExtractionWorker:
    """``workers`` processes running the core; ``extract`` raises ``TimeoutError`` past the deadline."""

    def __init__(self, factory: Callable[[], Core] = default_core, workers: int = 1) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._factory = factory
        self.workers = workers
        self._pool: ProcessPool | None = None
        self._stopping = False
        self.info: ExtractorInfo | None = None

    def _ensure_pool(self) -> ProcessPool:
        if self._stopping:
            raise WorkerStopped("extraction worker is stopping")
        if self._pool is None:
            self._pool = ProcessPool(max_workers=self.workers, initializer=_init_worker, initargs=(self._factory,),
                                     context=multiprocessing.get_context("spawn"))
        return self._pool

    async def start(self) -> None:
        """Start the workers and wait until their core is loaded (the model takes seconds)."""
        pool = self._ensure_pool()
        ready: set[int] = set()
        while len(ready) < self.workers:  # every worker answered at least once: every model is loaded
            answers = await asyncio.gather(*(asyncio.wrap_future(pool.schedule(_ping, args=(0.1,)))
                                             for _ in range(self.workers)))
            ready |= {pid for pid, _ in answers}
            self.info = answers[0][1]

    async def _run(self, function: Callable[..., Any], args: tuple[Any, ...], timeout_s: float | None) -> Any:
        future = self._ensure_pool().schedule(function, args=args, timeout=timeout_s)
        try:
            return await asyncio.wrap_future(future)
        except (asyncio.CancelledError, ProcessExpired, RuntimeError) as exc:
            if self._stopping:
                raise WorkerStopped("extraction worker stopped under a running extraction") from exc
            raise

    async def extract(self, articles: Sequence[RawArticle], timeout_s: float) -> list[Timed]:
        """Every article's events and time, in order; the chunks run in parallel, each with the deadline."""
        chunks = split_by_length(articles, self.workers)
        results = await asyncio.gather(*(self._run(_extract, ([articles[i] for i in chunk],), timeout_s)
                                         for chunk in chunks))
        out: list[Timed | None] = [None] * len(articles)
        for chunk, timed in zip(chunks, results, strict=True):
            for i, one in zip(chunk, timed, strict=True):
                out[i] = one
        return [one for one in out if one is not None]

    async def peak_rss_mb(self) -> float:
        """The largest peak resident memory among the workers that answer (for ``eventx bench``)."""
        sizes = await asyncio.gather(*(self._run(_peak_rss_mb, (), None) for _ in range(self.workers)))
        return max(sizes)

    def stop(self) -> None:
        """Kill the worker now: a running extraction is abandoned (its batch is not committed)."""
        self._stopping = True
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join(timeout=10)


__all__: list[str] = ["Core", "ExtractionWorker", "Timed", "WorkerCrashed", "WorkerStopped", "default_core",
                      "split_by_length"]
