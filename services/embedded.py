"""``eventx up``: the whole pipeline on one machine with embedded defaults.

Each service runs as its own ``eventx serve`` process, exactly as in
production; only the broker (Tansu) and the database (SQLite) are embedded.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from contracts.models import EVENT_TYPES, Event
from services.common.broker import EmbeddedBroker, all_topics, ensure_topics, free_port
from services.common.config import Settings
from services.common.processes import stop_process
from services.progress import wait_caught_up
from services.tools import publish_records, read_records

DATA_DIR = Path("eventx-data")


def sample_files() -> list[str]:
    return [str(resources.files("services.samples").joinpath("articles.jsonl"))]


def _spawn(service: str, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    log = open(log_path, "ab")
    return subprocess.Popen([sys.executable, "-m", "services.cli", "serve", service], env=env,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)


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


def _check(procs: dict[str, subprocess.Popen[bytes]], logs: Path) -> None:
    for name, proc in procs.items():
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with code {proc.returncode}; see {logs / (name + '.log')}")


def up(files: list[str] | None = None, once: bool = False, port: int = 0, db_url: str | None = None,
       timeout: float = 180.0) -> int:
    DATA_DIR.mkdir(exist_ok=True)
    db_url = db_url or f"sqlite:///{DATA_DIR / 'eventx.db'}"
    paths = files or sample_files()
    broker = EmbeddedBroker(port=port, log_path=str(DATA_DIR / "broker.log")).start()
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        settings = Settings(kafka_bootstrap=broker.bootstrap, db_url=db_url)
        env = dict(os.environ, EVENTX_KAFKA_BOOTSTRAP=broker.bootstrap, EVENTX_DB_URL=db_url,
                   EVENTX_EXTRACTOR_METRICS_PORT=str(free_port()), EVENTX_SINK_METRICS_PORT=str(free_port()))
        asyncio.run(ensure_topics(broker.bootstrap, all_topics(settings), settings.kafka_topic_partitions))
        for name in ("extractor", "sink"):
            procs[name] = _spawn(name, env, DATA_DIR / f"{name}.log")
        print(f"eventx: broker {broker.bootstrap}; extractor metrics :{env['EVENTX_EXTRACTOR_METRICS_PORT']}, "
              f"sink metrics :{env['EVENTX_SINK_METRICS_PORT']}; database {db_url}; logs in {DATA_DIR}/",
              flush=True)

        records = read_records(paths)
        asyncio.run(publish_records(broker.bootstrap, settings.topic_articles, records))
        print(f"eventx: published {len(records)} article(s) from {', '.join(paths)}", flush=True)

        started = time.monotonic()
        event_topics = [settings.event_topic(t) for t in EVENT_TYPES]

        async def _settle() -> None:
            while True:
                _check(procs, DATA_DIR)
                left = timeout - (time.monotonic() - started)
                try:
                    await wait_caught_up(broker.bootstrap, settings.extractor_group, [settings.topic_articles],
                                         timeout=min(5.0, max(left, 0.1)))
                    await wait_caught_up(broker.bootstrap, settings.sink_group, event_topics,
                                         timeout=min(5.0, max(left, 0.1)))
                    return
                except TimeoutError:
                    if left <= 0:
                        raise

        asyncio.run(_settle())
        _print_persisted(db_url, {key.decode() for key, _ in records if key})
        if once:
            return 0
        print("eventx: pipeline running; publish more with `eventx publish FILE` "
              f"(EVENTX_KAFKA_BOOTSTRAP={broker.bootstrap}). Ctrl-C stops it.", flush=True)
        while True:
            _check(procs, DATA_DIR)
            time.sleep(1.0)
    except KeyboardInterrupt:
        return 0
    finally:
        for proc in procs.values():
            stop_process(proc)
        broker.stop()
        print("eventx: stopped", flush=True)


def _print_persisted(db_url: str, article_ids: set[str]) -> None:
    from services.sink.storage import open_store

    store = open_store(db_url)
    try:
        events = [ev for aid in sorted(article_ids) for ev in store.query(article_id=aid)]
    finally:
        store.close()
    print(f"eventx: {len(events)} event(s) persisted in the database for these articles:")
    for ev in events:
        print("  " + format_event(ev))
