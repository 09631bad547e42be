"""The extraction core in a child process that can be stopped.

spaCy cannot be interrupted inside a thread: a pathological article (a
20,000-token sentence parses in minutes) would stall its partition and make
SIGTERM wait for it. In a worker process (pebble's ``ProcessPool``) an
extraction that runs past its deadline is killed and the worker replaced, and
shutdown kills the worker at once. The core is built in the worker by a
picklable factory (default: the spaCy ``Extractor``), once per worker.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable, Sequence
from time import perf_counter
from typing import Protocol

from pebble import ProcessExpired, ProcessPool

from contracts.models import Event, ExtractorInfo, RawArticle


class Core(Protocol):
    def extract_many(self, articles: list[RawArticle]) -> list[list[Event]]: ...


class WorkerStopped(RuntimeError):
    """The worker was shut down under a running extraction (the service is stopping)."""


WorkerCrashed = ProcessExpired  # the worker process died (killed, out of memory, segfault)

_core: Core | None = None


def _init_worker(factory: Callable[[], Core]) -> None:
    global _core
    _core = factory()


def _ping() -> ExtractorInfo | None:
    """Called once the core is loaded; returns its version and model when it has them."""
    return getattr(_core, "info", None)


Timed = tuple[list[Event], float]
"""An article's events and the seconds its extraction took."""


def _extract(articles: list[RawArticle]) -> list[Timed]:
    """Article by article, so the latency histogram gets each article's own time
    (one ``nlp.pipe`` call over a batch measured at most ~10% faster: see the README)."""
    assert _core is not None, "worker initializer did not run"
    out = []
    for article in articles:
        started = perf_counter()
        out.append((_core.extract_many([article])[0], perf_counter() - started))
    return out


def default_core() -> Core:
    from services.extractor.extraction import Extractor

    return Extractor()


class ExtractionWorker:
    """One worker process running the core; ``extract`` raises ``TimeoutError`` past the deadline."""

    def __init__(self, factory: Callable[[], Core] = default_core) -> None:
        self._factory = factory
        self._pool: ProcessPool | None = None
        self._stopping = False
        self.info: ExtractorInfo | None = None

    def _ensure_pool(self) -> ProcessPool:
        if self._stopping:
            raise WorkerStopped("extraction worker is stopping")
        if self._pool is None:
            self._pool = ProcessPool(max_workers=1, initializer=_init_worker, initargs=(self._factory,),
                                     context=multiprocessing.get_context("spawn"))
        return self._pool

    async def start(self) -> None:
        """Start the worker and wait until its core is loaded (the model takes seconds)."""
        self.info = await asyncio.wrap_future(self._ensure_pool().schedule(_ping))

    async def extract(self, articles: Sequence[RawArticle], timeout_s: float) -> list[Timed]:
        future = self._ensure_pool().schedule(_extract, args=(list(articles),), timeout=timeout_s)
        try:
            return await asyncio.wrap_future(future)
        except (asyncio.CancelledError, ProcessExpired, RuntimeError) as exc:
            if self._stopping:
                raise WorkerStopped("extraction worker stopped under a running extraction") from exc
            raise

    def stop(self) -> None:
        """Kill the worker now: a running extraction is abandoned (its batch is not committed)."""
        self._stopping = True
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join(timeout=10)


__all__: list[str] = ["Core", "ExtractionWorker", "Timed", "WorkerCrashed", "WorkerStopped", "default_core"]
