"""Liveness, readiness and the shared HTTP port (``eventx.services.common.health``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from aiokafka import TopicPartition

from eventx.services.common.broker import free_port
from eventx.services.common.health import Health, Progress
from eventx.services.common.metrics import new_registry, serve_metrics

TP = TopicPartition("events.meeting", 0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeConsumer:
    def __init__(self, high: int, committed: int | None = 0) -> None:
        self.high, self._committed = high, committed

    def assignment(self) -> set[TopicPartition]:
        return {TP}

    def highwater(self, tp: TopicPartition) -> int | None:
        return self.high

    async def committed(self, tp: TopicPartition) -> int | None:
        return self._committed


async def test_progress_stalls_only_while_records_wait_without_a_completed_batch() -> None:
    clock = Clock()
    progress = Progress(stall_s=60, clock=clock)
    consumer = FakeConsumer(high=0)
    clock.now += 500  # idle for long: nothing waits, so nothing is stalled
    assert await progress.check(consumer) is None
    consumer.high = 5  # records arrive: the stall clock starts now, not at the last batch
    assert await progress.check(consumer) is None
    clock.now += 61
    reason = await progress.check(consumer)
    assert reason is not None and "events.meeting/0" in reason
    progress.completed([SimpleNamespace(topic=TP.topic, partition=0, offset=4)])
    assert await progress.check(consumer) is None  # caught up


async def test_progress_after_a_broker_reset_measures_against_the_new_offsets() -> None:
    clock = Clock()
    progress = Progress(stall_s=60, clock=clock)
    progress.completed([SimpleNamespace(topic=TP.topic, partition=0, offset=99)])
    consumer = FakeConsumer(high=3, committed=None)  # a restarted broker: 3 new records, nothing committed
    assert await progress.check(consumer) is None
    clock.now += 61
    assert await progress.check(consumer) is not None  # they wait, nothing completes: stalled


async def test_progress_without_a_consumer_is_not_ready() -> None:
    assert await Progress(stall_s=60).check(None) == "consumer not started"


async def test_health_reports_each_check_and_needs_all_of_them() -> None:
    clock = Clock()
    state = {"db": "database unreachable"}

    async def broker() -> str | None:
        return None

    async def db() -> str | None:
        return state["db"]

    health = Health({"broker": broker, "database": db}, interval_s=5, timeout_s=1, clock=clock)
    assert health.ready()[0] is False  # nothing checked yet
    await health.check_once()
    ready, checks = health.ready()
    assert not ready and checks == {"broker": None, "database": "database unreachable"}
    state["db"] = None
    await health.check_once()
    assert health.ready() == (True, {"broker": None, "database": None})
    clock.now += 100  # the loop stopped running checks: neither live nor ready
    assert not health.live() and not health.ready()[0]


async def test_a_slow_or_crashing_check_is_a_reason_not_an_error() -> None:
    async def slow() -> str | None:
        import asyncio

        await asyncio.sleep(5)
        return None

    async def boom() -> str | None:
        raise RuntimeError("kaput")

    status = await Health({"slow": slow, "boom": boom}, timeout_s=0.05).check_once()
    assert status["slow"] is not None and "0.05" in status["slow"]
    assert status["boom"] == "RuntimeError: kaput"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture
def http_health():
    async def failing() -> str | None:
        return "Kafka broker unreachable"

    health = Health({"broker": failing})
    port = free_port()
    server = serve_metrics(new_registry(), port, "127.0.0.1", health)
    yield health, f"http://127.0.0.1:{port}"
    server.shutdown()


async def test_http_paths(http_health) -> None:
    health, base = http_health
    await health.check_once()
    status, body = _get(f"{base}/readyz")
    assert status == 503 and json.loads(body)["checks"] == {"broker": "Kafka broker unreachable"}
    assert _get(f"{base}/healthz")[0] == 200
    status, body = _get(f"{base}/metrics")
    assert status == 200 and b"process_cpu_seconds_total" in body
    assert _get(f"{base}/anything")[0] == 404  # not every path is 200
