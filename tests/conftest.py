"""Fixtures shared by all tests: the real embedded broker and per-test settings."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from eventx.services.common.broker import EmbeddedBroker
from eventx.services.common.config import Settings


@pytest.fixture
def kafka(tmp_path) -> Iterator[EmbeddedBroker]:
    """A fresh Tansu broker per test: real Kafka protocol, no state shared between tests."""
    with EmbeddedBroker(log_path=str(tmp_path / "broker.log")) as broker:
        yield broker


@pytest.fixture
def settings(kafka: EmbeddedBroker, tmp_path) -> Settings:
    tag = uuid.uuid4().hex[:8]
    return Settings(
        kafka_bootstrap=kafka.bootstrap,
        db_url=f"sqlite:///{tmp_path / 'events.db'}",
        extractor_group=f"extractor-{tag}",
        sink_group=f"sink-{tag}",
        extractor_metrics_port=0,
        sink_metrics_port=0,
        sink_batch_timeout_ms=100,
    )
