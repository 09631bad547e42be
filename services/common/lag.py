"""Consumer-group lag: records a group has not committed yet, per partition.

Both services commit only after their output is safe, so a group's lag is the
work still owed: articles not yet turned into events (extractor), events not
yet in the database (sink). Each service exports its own group's lag as the
gauge ``eventx_consumer_lag{group,topic,partition}`` (refreshed by
:class:`LagMonitor`); ``eventx up --once`` and the tests wait on the same
numbers (:func:`read_lag`), so there is one definition of "caught up".

Every replica of a service reports the whole group (not only the partitions it
holds), so a partition stays visible while its owner is rebalancing or dead;
dashboards and alerts take ``max by (group, topic, partition)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream import FastStream
from prometheus_client import CollectorRegistry, Counter, Gauge

from .config import Settings
from .kafka import client_kwargs
from .logs import get_logger

log = get_logger("eventx.lag")

PartitionLag = dict[TopicPartition, int]


def partition_lag(end: int, committed: int | None, beginning: int = 0) -> int:
    """Records between the group's position and the end of one partition.

    A partition the group never committed is read from its first retained
    record (both services use ``auto_offset_reset="earliest"``), so all of it
    is owed. A committed offset beyond the end offset happens on brokers that
    under-report end offsets (see the README on Tansu): it counts as zero,
    never as negative lag.
    """
    position = beginning if committed is None else max(committed, beginning)
    return max(0, end - position)


def consumer_for(bootstrap: str | Sequence[str], group: str, **client_kwargs: Any) -> AIOKafkaConsumer:
    """A consumer that only reads offsets: it carries ``group`` to fetch its
    commits but never subscribes, so it never joins the group or takes partitions."""
    return AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                            **client_kwargs)


async def read_lag(consumer: AIOKafkaConsumer, topics: Sequence[str]) -> PartitionLag:
    """Lag of the consumer's group on every partition of ``topics`` (a started consumer)."""
    await consumer.topics()  # refreshes metadata so new topics and partitions are known
    parts = [TopicPartition(topic, p) for topic in topics
             for p in sorted(consumer.partitions_for_topic(topic) or ())]
    if not parts:
        return {}
    ends = await consumer.end_offsets(parts)
    starts = await consumer.beginning_offsets(parts)
    return {tp: partition_lag(ends[tp], await consumer.committed(tp), starts[tp]) for tp in parts}


async def total_lag(bootstrap: str, group: str, topics: Sequence[str]) -> int:
    """Sum of ``group``'s lag over ``topics``, with a short-lived consumer."""
    consumer = consumer_for(bootstrap, group)
    await consumer.start()
    try:
        return sum((await read_lag(consumer, topics)).values())
    finally:
        await consumer.stop()


class LagMetrics:
    """The lag gauge and its refresh-failure counter, on a service's registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.lag = Gauge("eventx_consumer_lag",
                         "Records not yet committed by the consumer group, per partition "
                         "(end offset minus committed offset).",
                         ["group", "topic", "partition"], registry=registry)
        self.errors = Counter("eventx_consumer_lag_refresh_errors",
                              "Lag refreshes that failed (the gauge keeps its last values).",
                              ["group"], registry=registry)

    def record(self, group: str, lags: Mapping[TopicPartition, int]) -> None:
        for tp, value in lags.items():
            self.lag.labels(group, tp.topic, str(tp.partition)).set(value)


class LagMonitor:
    """Refreshes one group's lag gauge every ``interval_s`` seconds in the background.

    Runs its own offsets-only consumer, so a slow batch in the service never
    delays the gauge, and a broker hiccup only counts an error and retries.
    """

    def __init__(self, metrics: LagMetrics, group: str, topics: Sequence[str], interval_s: float,
                 bootstrap: str | Sequence[str], **client_kwargs: Any) -> None:
        self.metrics = metrics
        self.group = group
        self.topics = list(topics)
        self.interval_s = interval_s
        self._make_consumer = lambda: consumer_for(bootstrap, group, **client_kwargs)
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def refresh(self) -> PartitionLag:
        """Read the lag once and set the gauge; a failure drops the consumer for a fresh one."""
        try:
            if self._consumer is None:
                consumer = self._make_consumer()
                await consumer.start()
                self._consumer = consumer
            lags = await read_lag(self._consumer, self.topics)
        except Exception as exc:
            self.metrics.errors.labels(self.group).inc()
            log.warning("lag_refresh_failed", group=self.group, error=f"{type(exc).__name__}: {exc}")
            await self._close_consumer()
            return {}
        self.metrics.record(self.group, lags)
        return lags

    async def _run(self) -> None:
        while True:
            await self.refresh()
            await asyncio.sleep(self.interval_s)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name=f"lag-{self.group}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self._close_consumer()

    async def _close_consumer(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            try:
                await consumer.stop()
            except Exception as exc:  # closing a broken connection must not mask the original error
                log.debug("lag_consumer_close_failed", error=str(exc))


def lag_monitor(settings: Settings, registry: CollectorRegistry, group: str, topics: Sequence[str]) -> LagMonitor:
    """The monitor a service runs for its own group, with the service's connection settings."""
    return LagMonitor(LagMetrics(registry), group, topics, settings.lag_refresh_seconds,
                      **client_kwargs(settings))


def attach_lag_monitor(app: FastStream, settings: Settings, registry: CollectorRegistry, group: str,
                       topics: Sequence[str]) -> LagMonitor:
    """Run ``group``'s lag monitor for the life of ``app``: one line of wiring per service."""
    monitor = lag_monitor(settings, registry, group, topics)

    async def start_lag_monitor() -> None:
        monitor.start()

    async def stop_lag_monitor() -> None:
        await monitor.stop()

    app.after_startup(start_lag_monitor)
    app.on_shutdown(stop_lag_monitor)
    return monitor
