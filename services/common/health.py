"""Liveness and readiness that tell the truth, for both services.

``/healthz`` (liveness) answers 200 while the service's event loop keeps
running its readiness checks; a wedged loop turns it 503, and the orchestrator
restarts the process. ``/readyz`` (readiness) answers 200 only when every check
passed on the last round: the broker answers, the database answers (sink), and
the consumer is not stalled with records waiting. The checks run on the event
loop every ``interval_s``; the HTTP thread only reads their last result, so a
probe never waits on Kafka or the database. Responses name what failed, never
a URL or a credential.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Protocol

from aiokafka import TopicPartition

Check = Callable[[], Awaitable[str | None]]
"""Returns None when healthy, else a short reason."""


class Health:
    """Runs named checks periodically; its state is what the HTTP endpoints report."""

    def __init__(self, checks: dict[str, Check], *, interval_s: float = 5.0, timeout_s: float = 3.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.checks = checks
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self._clock = clock
        self._status: dict[str, str | None] = {name: "not checked yet" for name in checks}
        self._beat = clock()
        self._task: asyncio.Task[None] | None = None

    async def _one(self, name: str, check: Check) -> tuple[str, str | None]:
        try:
            return name, await asyncio.wait_for(check(), self.timeout_s)
        except TimeoutError:
            return name, f"no answer within {self.timeout_s:g}s"
        except Exception as exc:  # a check that crashes reports, it does not kill the loop
            return name, f"{type(exc).__name__}: {str(exc)[:200]}"

    async def check_once(self) -> dict[str, str | None]:
        results = await asyncio.gather(*(self._one(n, c) for n, c in self.checks.items()))
        self._status = dict(results)
        self._beat = self._clock()
        return self._status

    async def _run(self) -> None:
        while True:
            await self.check_once()
            await asyncio.sleep(self.interval_s)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="eventx-health")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def live(self) -> bool:
        """The loop completed a round of checks recently (generous: under load rounds slow down)."""
        return self._clock() - self._beat < 3 * (self.interval_s + self.timeout_s)

    def ready(self) -> tuple[bool, dict[str, str | None]]:
        status = dict(self._status)
        return self.live() and all(v is None for v in status.values()), status


class Consumer(Protocol):
    """The parts of an ``AIOKafkaConsumer`` progress checks use."""

    def assignment(self) -> set[TopicPartition]: ...
    def highwater(self, tp: TopicPartition) -> int | None: ...
    async def committed(self, tp: TopicPartition) -> int | None: ...


class Progress:
    """Is the consumer moving? Stalled = records wait on an assigned partition and
    no batch completed for ``stall_s`` since they started waiting."""

    def __init__(self, stall_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.stall_s = stall_s
        self._clock = clock
        self._done: dict[TopicPartition, int] = {}
        self._last_batch = clock()
        self._waiting_since: float | None = None

    def completed(self, records: Iterable[Any]) -> None:
        """The handler returned for these records (their offsets are committed next)."""
        for r in records:
            tp = TopicPartition(r.topic, r.partition)
            self._done[tp] = max(self._done.get(tp, 0), r.offset + 1)
        self._last_batch = self._clock()

    async def _waiting(self, consumer: Consumer) -> list[TopicPartition]:
        waiting = []
        for tp in sorted(consumer.assignment()):
            high = consumer.highwater(tp)
            if high is None:
                continue
            if tp not in self._done or high < self._done[tp]:  # new, or the broker was reset
                self._done[tp] = await consumer.committed(tp) or 0
            if high > self._done[tp]:
                waiting.append(tp)
        return waiting

    async def check(self, consumer: Consumer | None) -> str | None:
        if consumer is None:
            return "consumer not started"
        waiting = await self._waiting(consumer)
        now = self._clock()
        if not waiting:
            self._waiting_since = None
            return None
        if self._waiting_since is None:
            self._waiting_since = now
        idle = now - max(self._last_batch, self._waiting_since)
        if idle > self.stall_s:
            names = ", ".join(f"{tp.topic}/{tp.partition}" for tp in waiting[:5])
            return f"no batch completed for {idle:.0f}s while records wait on {names}"
        return None


def broker_check(broker: Any, timeout_s: float) -> Check:
    """The Kafka cluster answers a metadata request (FastStream's ``broker.ping``)."""

    async def check() -> str | None:
        return None if await broker.ping(timeout=timeout_s) else "Kafka broker unreachable"

    return check


def consumer_check(subscribers: Sequence[Any], progress: Progress) -> Check:
    """The service's (single) subscriber is consuming and not stalled."""

    async def check() -> str | None:
        consumer = next((s.consumer for s in subscribers if getattr(s, "consumer", None) is not None), None)
        return await progress.check(consumer)

    return check


def health_wsgi_app(health: Health | None, metrics_app: Callable[..., Any]) -> Callable[..., Any]:
    """``/healthz``, ``/readyz`` and ``/metrics`` (Prometheus); any other path is 404."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return metrics_app(environ, start_response)  # type: ignore[no-any-return]
        if path in ("/healthz", "/readyz") and health is not None:
            if path == "/healthz":
                ok, body = health.live(), {"live": health.live()}
            else:
                ok, checks = health.ready()
                body = {"ready": ok, "checks": {k: v or "ok" for k, v in checks.items()}}
            status = "200 OK" if ok else "503 Service Unavailable"
            start_response(status, [("Content-Type", "application/json")])
            return [json.dumps(body).encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: try /metrics, /healthz or /readyz\n"]

    return app
