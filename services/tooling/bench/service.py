"""End to end through broker, extractor and sink: throughput by worker count, and latency at a fixed load.

Each run is a fresh :class:`LocalPipeline` (embedded broker, ``eventx serve``
processes, SQLite). An article counts as done when its manifest is stored:
every processed article has one, with or without events, and the sink writes
it with the article's events. Latency is wall clock from just before the
producer sends an article to the ``stored_at`` of its manifest row.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from aiokafka import AIOKafkaProducer

from eventx.contracts.models import RawArticle

T = TypeVar("T")


def records(articles: Sequence[RawArticle], prefix: str, n: int) -> list[tuple[bytes, bytes]]:
    """``n`` articles cycled from the corpus, each under a fresh id (so each is extracted and stored)."""
    out = []
    for i in range(n):
        aid = f"{prefix}-{i:06d}"
        body = articles[i % len(articles)].model_copy(update={"id": aid}).model_dump_json(exclude_none=True)
        out.append((aid.encode(), body.encode()))
    return out


def stored_at(db: Path, prefix: str) -> dict[str, dt.datetime]:
    """When each article of this run had its manifest stored."""
    if not db.exists():
        return {}
    with sqlite3.connect(db) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_manifests'").fetchone():
            return {}  # the sink has not created its tables yet
        rows = conn.execute("SELECT article_id, stored_at FROM article_manifests WHERE article_id LIKE ?",
                            (f"{prefix}-%",)).fetchall()
    return {aid: _utc(dt.datetime.fromisoformat(ts)) for aid, ts in rows}


def _utc(ts: dt.datetime) -> dt.datetime:
    return ts if ts.tzinfo else ts.replace(tzinfo=dt.timezone.utc)


def wait_stored(pipeline: Any, db: Path, prefix: str, n: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while len(stored_at(db, prefix)) < n:
        pipeline.check_alive()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(stored_at(db, prefix))} of {n} articles stored after {timeout_s:.0f} s")
        time.sleep(0.2)


def with_pipeline(workers: int, run: Callable[[Any, Path], T]) -> T:
    """``run(pipeline, sqlite_path)`` against a fresh pipeline whose extractor has ``workers`` processes."""
    from eventx.services.embedded import LocalPipeline

    with tempfile.TemporaryDirectory(prefix="eventx-bench-") as tmp:
        data = Path(tmp)
        with LocalPipeline(data_dir=data, env={"EVENTX_EXTRACTOR_WORKERS": str(workers)}) as pipeline:
            return run(pipeline, data / "eventx.db")


def throughput(pipeline: Any, db: Path, articles: Sequence[RawArticle], n: int, timeout_s: float) -> float:
    """Articles/s from publishing ``n`` articles at once to the last one stored (after a warm-up)."""
    warm = records(articles, "warm", 4)
    pipeline.publish(warm)  # the model loaded in every worker, the groups joined
    wait_stored(pipeline, db, "warm", len(warm), timeout_s)
    batch = records(articles, "run", n)
    started = time.monotonic()
    pipeline.publish(batch)
    wait_stored(pipeline, db, "run", n, timeout_s)
    return n / (time.monotonic() - started)


async def _paced(bootstrap: str, topic: str, batch: list[tuple[bytes, bytes]], rate: float) -> dict[str, float]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    sent: dict[str, float] = {}
    try:
        start = time.monotonic()
        futures = []
        for i, (key, value) in enumerate(batch):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            sent[key.decode()] = time.time()
            futures.append(await producer.send(topic, value, key=key,
                                               headers=[("content-type", b"application/json")]))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sent


def latency(pipeline: Any, db: Path, articles: Sequence[RawArticle], rate: float, seconds: float,
            timeout_s: float) -> dict[str, Any]:
    """Publish -> stored row percentiles with articles offered at ``rate`` per second for ``seconds``."""
    batch = records(articles, "lat", max(3, round(rate * seconds)))
    sent = asyncio.run(_paced(pipeline.broker.bootstrap, pipeline.settings.topic_articles, batch, rate))
    wait_stored(pipeline, db, "lat", len(batch), timeout_s)
    done = stored_at(db, "lat")
    waits = sorted(max(0.0, done[aid].timestamp() - t) for aid, t in sent.items())
    q = statistics.quantiles(waits, n=100, method="inclusive")
    return {"p50_s": round(q[49], 3), "p95_s": round(q[94], 3), "p99_s": round(q[98], 3),
            "offered_articles_per_s": round(rate, 2), "articles": len(waits)}


def service_and_latency(articles: Sequence[RawArticle], workers: int, n: int, latency_s: float,
                        timeout_s: float = 1800.0) -> dict[str, Any]:
    """``service`` (articles/s with 1 and ``workers`` extraction processes, scaling) and ``latency``
    (at half the maximum of the ``workers`` pipeline, on that pipeline)."""
    one = with_pipeline(1, lambda p, db: throughput(p, db, articles, n, timeout_s))

    def many(p: Any, db: Path) -> tuple[float, dict[str, Any]]:
        rate = throughput(p, db, articles, n, timeout_s)
        return rate, latency(p, db, articles, rate / 2, latency_s, timeout_s)

    more, lat = with_pipeline(workers, many)
    service = {"workers_1_articles_per_s": round(one, 2), f"workers_{workers}_articles_per_s": round(more, 2),
               "scaling": round(more / one, 3), "articles": n}
    return {"service": service, "latency": lat}
