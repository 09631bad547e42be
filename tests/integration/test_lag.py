"""Consumer lag on the real embedded broker, and as a real Prometheus server scrapes it from both services.

Tansu 0.6 advances a partition's end offset by one per produce *request*, not
per record, so these tests produce one record per request: that is the lag
the embedded broker can show correctly (see the README's metrics section).
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from prometheus_client import CollectorRegistry

from eventx.contracts.models import EVENT_TYPES
from eventx.services.common.broker import EmbeddedBroker, ensure_topics, free_port
from eventx.services.common.lag import LagMetrics, LagMonitor
from eventx.services.common.processes import stop_process
from eventx.services.embedded import LocalPipeline, sample_files
from eventx.services.tooling.publish import read_records
from tests.integration.kafka_helpers import eventually
from tests.integration.test_prometheus import _query

pytestmark = pytest.mark.integration


async def _produce_one_per_request(bootstrap: str, topic: str, counts: dict[int, int]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for partition, n in counts.items():
            for i in range(n):
                await producer.send_and_wait(topic, f"record {i}".encode(), partition=partition)
    finally:
        await producer.stop()


async def _commit(bootstrap: str, group: str, offsets: dict[TopicPartition, int]) -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(list(offsets))
        await consumer.commit(offsets)
    finally:
        await consumer.stop()


def _lag(registry: CollectorRegistry, topic: str, partition: int) -> float | None:
    return registry.get_sample_value("eventx_consumer_lag",
                                     {"group": "readers", "topic": topic, "partition": str(partition)})


async def test_lag_gauge_follows_records_and_commits(kafka: EmbeddedBroker) -> None:
    topic = "lag.test"
    await ensure_topics(kafka.bootstrap, [topic], partitions=2)
    await _produce_one_per_request(kafka.bootstrap, topic, {0: 3, 1: 2})
    registry = CollectorRegistry()
    monitor = LagMonitor(LagMetrics(registry), "readers", [topic], 0.2, kafka.bootstrap)
    try:
        # a group that never committed owes every record
        assert await monitor.refresh() == {TopicPartition(topic, 0): 3, TopicPartition(topic, 1): 2}
        assert (_lag(registry, topic, 0), _lag(registry, topic, 1)) == (3, 2)

        await _commit(kafka.bootstrap, "readers", {TopicPartition(topic, 0): 2})
        await monitor.refresh()
        assert (_lag(registry, topic, 0), _lag(registry, topic, 1)) == (1, 2)

        # the background refresh picks up commits by itself
        monitor.start()
        await _commit(kafka.bootstrap, "readers", {TopicPartition(topic, 0): 3, TopicPartition(topic, 1): 2})

        async def caught_up() -> bool:
            return (_lag(registry, topic, 0), _lag(registry, topic, 1)) == (0, 0)

        await eventually(caught_up, timeout=60)
        assert registry.get_sample_value("eventx_consumer_lag_refresh_errors_total", {"group": "readers"}) is None
    finally:
        await monitor.stop()


def _prometheus(config: str, tmp_path, port: int) -> subprocess.Popen[bytes]:
    path = tmp_path / "prometheus.yml"
    path.write_text(config)
    return subprocess.Popen(["prometheus", f"--config.file={path}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                             f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(port: int, expr: str, ok, timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    result: list[dict] = []
    while time.monotonic() < deadline:
        try:
            result = _query(port, expr)
            if ok(result):
                return result
        except OSError:
            pass
        time.sleep(1.0)
    return result


@pytest.mark.skipif(shutil.which("prometheus") is None, reason="prometheus not installed (apt-get install prometheus)")
def test_prometheus_shows_per_partition_lag_of_both_groups(tmp_path) -> None:
    """`eventx up`'s set-up (broker, both services as processes) scraped by a real Prometheus."""
    pipeline = LocalPipeline(data_dir=tmp_path / "eventx", env={"EVENTX_LAG_REFRESH_SECONDS": "1"})
    prom_port = free_port()
    with pipeline:
        settings = pipeline.settings
        records = read_records(sample_files())[:2]
        pipeline.publish(records)
        pipeline.wait_persisted(timeout=300)
        stored_topics = {settings.event_topic(ev.event_type)
                         for ev in pipeline.persisted({key.decode() for key, _ in records if key})}
        targets = [f"127.0.0.1:{pipeline.env[f'EVENTX_{s.upper()}_METRICS_PORT']}" for s in ("extractor", "sink")]
        proc = _prometheus(
            "global: {scrape_interval: 1s}\nscrape_configs:\n"
            f"  - job_name: eventx-extractor\n    static_configs: [{{targets: ['{targets[0]}']}}]\n"
            f"  - job_name: eventx-sink\n    static_configs: [{{targets: ['{targets[1]}']}}]\n", tmp_path, prom_port)
        try:
            partitions = settings.kafka_topic_partitions
            expected = {(settings.extractor_group, settings.topic_articles, str(p)) for p in range(partitions)} | {
                (settings.sink_group, topic, str(p))
                for topic in [*(settings.event_topic(t) for t in EVENT_TYPES), settings.topic_manifests]
                for p in range(partitions)}
            series = _wait_for(prom_port, "eventx_consumer_lag", lambda r: len(r) >= len(expected), timeout=180)
            seen = {(r["metric"]["group"], r["metric"]["topic"], r["metric"]["partition"]) for r in series}
            assert seen == expected
            jobs = {r["metric"]["group"]: r["metric"]["job"] for r in series}
            assert jobs == {settings.extractor_group: "eventx-extractor", settings.sink_group: "eventx-sink"}
            # everything published was persisted, so the extractor's group owes nothing
            owed = _wait_for(prom_port, f'sum(eventx_consumer_lag{{group="{settings.extractor_group}"}})',
                             lambda r: bool(r) and float(r[0]["value"][1]) == 0.0, timeout=60)
            assert owed and float(owed[0]["value"][1]) == 0.0
            # the sink's FastStream metrics name the topics each batch came from, not one topic for all
            handled = _query(prom_port, 'faststream_received_processed_messages_total{job="eventx-sink"}')
            named = {topic for r in handled for topic in r["metric"]["handler"].split(",")}
            assert len(stored_topics) > 1 and named == stored_topics | {settings.topic_manifests}
        finally:
            stop_process(proc, 10)
