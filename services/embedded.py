"""``eventx up``: the whole pipeline on one machine with embedded defaults.

Each service runs as its own ``eventx serve`` process, exactly as in
production; only the broker (Tansu) and the database (SQLite) are embedded.
:class:`LocalPipeline` is that set-up as a context manager, shared by
``eventx up`` and the pipeline benchmark.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from eventx.contracts.models import EVENT_TYPES, Event
from eventx.services.common.broker import EmbeddedBroker, all_topics, ensure_topics, free_port
from eventx.services.common.config import Settings
from eventx.services.common.processes import sigterm_as_interrupt, spawn, stop_process
from eventx.services.tooling.progress import wait_caught_up
from eventx.services.sink.db import shown_url
from eventx.services.tooling.publish import publish_records, read_records

DATA_DIR = Path("eventx-data")
SERVICES = ("extractor", "sink")


def sample_files() -> list[str]:
    return [str(resources.files("eventx.services.samples").joinpath("articles.jsonl"))]


class LocalPipeline:
    """Broker + ``eventx serve extractor`` + ``eventx serve sink``; logs under ``data_dir``."""

    def __init__(self, data_dir: Path = DATA_DIR, db_url: str | None = None, port: int = 0,
                 env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.db_url = db_url or f"sqlite:///{data_dir / 'eventx.db'}"
        self.broker = EmbeddedBroker(port=port, log_path=str(data_dir / "broker.log"))
        self.extra_env = env or {}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.settings = Settings(db_url=self.db_url)
        self.env: dict[str, str] = {}

    def start(self) -> LocalPipeline:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.broker.start()
        try:
            self.env = dict(os.environ, EVENTX_KAFKA_BOOTSTRAP=self.broker.bootstrap, EVENTX_DB_URL=self.db_url,
                            EVENTX_EXTRACTOR_METRICS_PORT=str(free_port()),
                            EVENTX_SINK_METRICS_PORT=str(free_port()), **self.extra_env)
            self.settings = Settings(kafka_bootstrap=self.broker.bootstrap, db_url=self.db_url)
            asyncio.run(ensure_topics(self.broker.bootstrap, all_topics(self.settings),
                                      self.settings.kafka_topic_partitions))
            for name in SERVICES:
                log = open(self.data_dir / f"{name}.log", "ab")
                self.procs[name] = spawn([sys.executable, "-m", "eventx.services.cli", "serve", name], env=self.env,
                                         log=log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for proc in self.procs.values():
            stop_process(proc)
        self.procs.clear()
        self.broker.stop()

    def __enter__(self) -> LocalPipeline:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with code {proc.returncode}; see {self.data_dir / (name + '.log')}")

    def publish(self, records: list[tuple[bytes | None, bytes]]) -> int:
        return asyncio.run(publish_records(self.broker.bootstrap, self.settings.topic_articles, records))

    def wait_persisted(self, timeout: float) -> None:
        """Until both groups have committed everything: all published articles are stored."""
        started = time.monotonic()
        sink_topics = [*(self.settings.event_topic(t) for t in EVENT_TYPES), self.settings.topic_manifests]

        async def settle() -> None:
            while True:
                self.check_alive()
                left = timeout - (time.monotonic() - started)
                step = min(5.0, max(left, 0.1))
                try:
                    await wait_caught_up(self.broker.bootstrap, self.settings.extractor_group,
                                         [self.settings.topic_articles], timeout=step)
                    await wait_caught_up(self.broker.bootstrap, self.settings.sink_group, sink_topics,
                                         timeout=step)
                    return
                except TimeoutError:
                    if left <= 0:
                        raise

        asyncio.run(settle())

    def persisted(self, article_ids: set[str]) -> list[Event]:
        from eventx.services.sink.storage import open_store

        with open_store(self.db_url) as store:
            return [ev for aid in sorted(article_ids) for ev in store.query(article_id=aid)]


def format_event(ev: Event) -> str:
    actors = ", ".join(f"{a.name} ({a.role}{'/' + a.country if a.country else ''})" for a in ev.actors)
    bits = [f"{ev.event_type:<16}", f"{ev.article_id:<12}"]
    if ev.project:
        bits.append(ev.project.name)
    if actors:
        bits.append(actors)
    if ev.date:
        bits.append(f"date={ev.date.isoformat()}{'' if ev.status == 'occurred' else ' (' + ev.status + ')'}")
    if ev.location:
        bits.append(f"at {ev.location.name}")
    if ev.amount:
        bits.append(f"{ev.amount.currency or ''} {ev.amount.value:,.0f}".strip())
    if ev.content:
        bits.append(f"\u201c{ev.content}\u201d")
    return "  ".join(bits)


def print_dead_letters(pipeline: LocalPipeline) -> None:
    from collections import Counter

    from eventx.services.dlq import read_letters

    letters = asyncio.run(read_letters(pipeline.broker.bootstrap,
                                       [pipeline.settings.topic_dlq, pipeline.settings.topic_events_dlq]))
    if letters:
        kinds = Counter(x.meta.error_kind.value for x in letters)
        print(f"eventx: {len(letters)} record(s) dead-lettered ({', '.join(f'{k}: {n}' for k, n in kinds.items())}); "
              "`eventx dlq list` shows them")


def up(files: list[str] | None = None, once: bool = False, port: int = 0, db_url: str | None = None,
       timeout: float = 180.0) -> int:
    with sigterm_as_interrupt():
        return _up(files or sample_files(), once, LocalPipeline(db_url=db_url, port=port), timeout)


def _up(paths: list[str], once: bool, pipeline: LocalPipeline, timeout: float) -> int:
    try:
        pipeline.start()
        print(f"eventx: broker {pipeline.broker.bootstrap}; extractor metrics "
              f":{pipeline.env['EVENTX_EXTRACTOR_METRICS_PORT']}, sink metrics "
              f":{pipeline.env['EVENTX_SINK_METRICS_PORT']}; database {shown_url(pipeline.db_url)}; "
              f"logs in {pipeline.data_dir}/", flush=True)
        records = read_records(paths)
        pipeline.publish(records)
        print(f"eventx: published {len(records)} article(s) from {', '.join(paths)}", flush=True)
        pipeline.wait_persisted(timeout)
        events = pipeline.persisted({key.decode() for key, _ in records if key})
        print(f"eventx: {len(events)} event(s) persisted in the database for these articles:")
        for ev in events:
            print("  " + format_event(ev))
        print_dead_letters(pipeline)
        if once:
            return 0
        print("eventx: pipeline running; publish more with `eventx publish FILE` "
              f"(EVENTX_KAFKA_BOOTSTRAP={pipeline.broker.bootstrap}). Ctrl-C stops it.", flush=True)
        while True:
            pipeline.check_alive()
            time.sleep(1.0)
    except KeyboardInterrupt:
        return 0
    finally:
        pipeline.stop()
        print("eventx: stopped", flush=True)
