"""A small stack for fault tests: real broker, `eventx serve` processes, and an accounting of every input.

Every fault test ends with :func:`account`: each good article's events (as the
extraction core gives them offline) are in the table exactly once, each bad
record is on ``articles.dlq`` with its kind, and nothing else is anywhere.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from eventx.contracts.models import EVENT_TYPES, RawArticle
from eventx.services.common.broker import EmbeddedBroker, all_topics, ensure_topics, free_port
from eventx.services.common.config import Settings
from eventx.services.common.processes import spawn, stop_process
from eventx.services.tooling.progress import lag
from eventx.services.sink.storage import open_store
from tests.integration.kafka_helpers import consume, produce

CAPITALS = ["Hanoi", "Nairobi", "Lima", "Accra", "Manila", "Quito", "Dakar", "Tbilisi", "Bogota", "Amman"]
PEOPLE = [("Vietnamese", "Prime Minister", "Tran Van Long"), ("Kenyan", "President", "Daniel Otieno"),
          ("Peruvian", "Foreign Minister", "Lucia Salazar"), ("Ghanaian", "President", "Kwame Mensah"),
          ("Philippine", "Foreign Secretary", "Maria Santos"), ("Ecuadorian", "President", "Jorge Vela"),
          ("Senegalese", "Prime Minister", "Amadou Sy"), ("Georgian", "Foreign Minister", "Nino Beridze")]


def story(i: int) -> dict[str, str]:
    """Article ``i`` of a deterministic set, written for these tests."""
    (n1, t1, p1), (n2, t2, p2) = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 3 + 1) % len(PEOPLE)]
    city = CAPITALS[i % len(CAPITALS)]
    text = (f" date 2025-04-{1 + i % 28:02d} \n\n{city.upper()}, April {1 + i % 28} -- {n1} {t1} {p1} met {n2} "
            f"{t2} {p2} in {city} on Tuesday to discuss trade and energy, officials said.\n\n"
            f"{p1.split()[-1]} asked the visitors to finance the {city} Ring Road project. "
            f"{p2.split()[-1]} pledged ${10 + i} million in grant aid for clean water.")
    return {"id": f"story-{i:04d}", "text": text}


@cache
def _core():  # type: ignore[no-untyped-def]
    from eventx.services.extractor.extraction import Extractor

    return Extractor()


def expected_ids(articles: list[dict[str, str]]) -> set[str]:
    """The event ids the core gives offline: what the table must hold, exactly."""
    results = _core().extract_many([RawArticle.model_validate(a) for a in articles])
    return {ev.event_id for events in results for ev in events}


def records(articles: list[dict[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(a["id"].encode(), json.dumps(a).encode()) for a in articles]


@dataclass
class Stack:
    """Broker + extractor(s) + sink (SQLite) as separate processes, like production."""

    tmp: Path
    env_extra: dict[str, str] = field(default_factory=dict)
    broker: EmbeddedBroker = field(init=False)
    procs: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.broker = EmbeddedBroker(log_path=str(self.tmp / "broker.log"))
        self.db_url = f"sqlite:///{self.tmp / 'faults.db'}"

    @property
    def settings(self) -> Settings:
        return Settings(kafka_bootstrap=self.broker.bootstrap, db_url=self.db_url)

    def start(self, extractors: int = 1) -> Stack:
        self.broker.start()
        self.create_topics()
        for i in range(extractors):
            self.start_service("extractor", f"extractor-{i}")
        self.start_service("sink", "sink")
        return self

    def create_topics(self) -> None:
        asyncio.run(ensure_topics(self.broker.bootstrap, all_topics(self.settings)))

    def start_service(self, service: str, name: str, **env: str) -> None:
        full_env = dict(os.environ, EVENTX_KAFKA_BOOTSTRAP=self.broker.bootstrap, EVENTX_DB_URL=self.db_url,
                        EVENTX_EXTRACTOR_METRICS_PORT=str(free_port()), EVENTX_SINK_METRICS_PORT=str(free_port()),
                        EVENTX_SINK_BATCH_TIMEOUT_MS="100", **self.env_extra, **env)
        log = open(self.tmp / f"{name}.log", "ab")
        self.procs[name] = spawn([sys.executable, "-m", "eventx.services.cli", "serve", service], env=full_env, log=log)

    def stop(self) -> dict[str, int | None]:
        codes = {name: stop_process(proc, 30) for name, proc in self.procs.items()}  # type: ignore[arg-type]
        self.procs.clear()
        self.broker.stop()
        return codes

    def publish(self, items: list[tuple[bytes | None, bytes | None]], headers: list[tuple[str, bytes]] | None = None
                ) -> None:
        asyncio.run(produce(self.broker.bootstrap, self.settings.topic_articles, items, headers=headers,
                            max_request_size=16_000_000))

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-4000:]

    def wait_done(self, timeout: float = 240.0) -> None:
        """Until both groups committed everything on their topics (then all output is safe)."""
        s = self.settings
        event_topics = [s.event_topic(t) for t in EVENT_TYPES]

        async def left() -> int:
            return (await lag(s.kafka_bootstrap, s.extractor_group, [s.topic_articles])
                    + await lag(s.kafka_bootstrap, s.sink_group, event_topics))

        deadline = time.monotonic() + timeout
        while (remaining := asyncio.run(left())) > 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{remaining} record(s) not committed; logs: {self.log('extractor-0')}")
            time.sleep(1.0)

    def stored(self) -> Counter[str]:
        with open_store(self.db_url) as store:
            return Counter(ev.event_id for ev in store.query())

    def dead_letters(self, expected: int) -> dict[bytes | None, str]:
        dead = asyncio.run(consume(self.broker.bootstrap, [self.settings.topic_dlq], expected, timeout=30))
        return {r.key: dict(r.headers)["x-error-kind"].decode() for r in dead}


def account(stack: Stack, good: list[dict[str, str]], bad: dict[bytes, str]) -> None:
    """Assert every input is accounted for: events exactly once, or the DLQ with its kind."""
    want = expected_ids(good)
    stored = stack.stored()
    dead = stack.dead_letters(len(bad))
    print(f"pushed {len(good)} good + {len(bad)} bad; events expected {len(want)}, stored {len(stored)} "
          f"(max copies {max(stored.values(), default=0)}); dead letters {len(dead)}: {Counter(dead.values())}")
    assert set(stored) == want, f"missing {sorted(want - set(stored))[:5]}, extra {sorted(set(stored) - want)[:5]}"
    assert max(stored.values(), default=1) == 1
    assert dead == bad
