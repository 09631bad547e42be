"""Lag arithmetic, the lag gauge and FastStream's batch handler label, without a broker."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiokafka import TopicPartition
from prometheus_client import CollectorRegistry

from eventx.services.common.config import Settings
from eventx.services.common.kafka import _metrics_provider, client_kwargs
from eventx.services.common.lag import LagMetrics, LagMonitor, partition_lag


@pytest.mark.parametrize(("end", "committed", "beginning", "expected"), [
    (10, 4, 0, 6),        # committed up to 4: records 4..9 are owed
    (10, 10, 0, 0),       # caught up
    (10, None, 0, 10),    # never committed: the group reads from the start
    (10, None, 7, 3),     # ...from the first record retention kept
    (10, 2, 7, 3),        # a commit older than retention counts from the first kept record
    (1, 5, 0, 0),         # end offset under-reported (Tansu): zero, never negative
])
def test_partition_lag(end: int, committed: int | None, beginning: int, expected: int) -> None:
    assert partition_lag(end, committed, beginning) == expected


def _sample(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


def test_lag_gauge_is_labelled_per_partition() -> None:
    registry = CollectorRegistry()
    metrics = LagMetrics(registry)
    metrics.record("g", {TopicPartition("articles.raw", 0): 3, TopicPartition("articles.raw", 1): 0})
    assert _sample(registry, "eventx_consumer_lag", group="g", topic="articles.raw", partition="0") == 3
    assert _sample(registry, "eventx_consumer_lag", group="g", topic="articles.raw", partition="1") == 0
    metrics.record("g", {TopicPartition("articles.raw", 0): 1})
    assert _sample(registry, "eventx_consumer_lag", group="g", topic="articles.raw", partition="0") == 1


async def test_a_failed_refresh_counts_an_error_and_keeps_the_last_values() -> None:
    registry = CollectorRegistry()
    metrics = LagMetrics(registry)
    metrics.record("g", {TopicPartition("t", 0): 5})

    class Unreachable:
        async def start(self) -> None:
            raise ConnectionError("no broker")

    monitor = LagMonitor(metrics, "g", ["t"], 1.0, "127.0.0.1:1")
    monitor._make_consumer = Unreachable  # type: ignore[assignment]
    assert await monitor.refresh() == {}
    assert _sample(registry, "eventx_consumer_lag_refresh_errors_total", group="g") == 1
    assert _sample(registry, "eventx_consumer_lag", group="g", topic="t", partition="0") == 5


def test_client_kwargs_carry_the_services_security() -> None:
    plain = client_kwargs(Settings(kafka_bootstrap="a:9092, b:9092"))
    assert plain == {"bootstrap": ["a:9092", "b:9092"]}
    sasl = client_kwargs(Settings(kafka_bootstrap="a:9093", kafka_security_protocol="SASL_SSL",
                                  kafka_sasl_mechanism="SCRAM-SHA-512", kafka_sasl_username="u",
                                  kafka_sasl_password="p"))
    assert sasl["security_protocol"] == "SASL_SSL" and sasl["sasl_mechanism"] == "SCRAM-SHA-512"
    assert sasl["sasl_plain_username"] == "u" and sasl["ssl_context"] is not None


def _batch(*topics: str) -> SimpleNamespace:
    records = tuple(SimpleNamespace(topic=t, partition=0, offset=i) for i, t in enumerate(topics))
    return SimpleNamespace(raw_message=records, body=[b"{}"] * len(records))


def test_a_batch_is_labelled_with_every_topic_it_holds() -> None:
    mixed = _batch("events.pledge", "events.meeting", "events.pledge")
    attrs = _metrics_provider(mixed.raw_message).get_consume_attrs_from_message(mixed)  # type: ignore[arg-type]
    assert attrs["destination_name"] == "events.meeting,events.pledge"
    assert attrs["messages_count"] == 3
    single = _batch("events.request", "events.request")
    attrs = _metrics_provider(single.raw_message).get_consume_attrs_from_message(single)  # type: ignore[arg-type]
    assert attrs["destination_name"] == "events.request"
