"""The extractor retries publishing with back-off before giving the batch up (issue 7, item 2)."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka.errors import KafkaConnectionError, MessageSizeTooLargeError

from eventx.services.common.kafka import publish_retrying


class FlakyBroker:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = list(failures)
        self.calls = 0
        self.sent: list[bytes] = []

    async def publish(self, body, *, topic, key, headers):
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(body)


def send(broker, retries=3):
    return asyncio.run(publish_retrying(broker, b"ev", topic="t", key=None, headers={}, retries=retries,
                                        backoff_s=0.001))


def test_transient_errors_are_retried_until_it_goes_through():
    broker = FlakyBroker([KafkaConnectionError(), ConnectionError("reset"), asyncio.TimeoutError()])
    send(broker)
    assert broker.calls == 4 and broker.sent == [b"ev"]


def test_retries_are_bounded_then_the_error_reaches_the_handler():
    broker = FlakyBroker([KafkaConnectionError()] * 10)
    with pytest.raises(KafkaConnectionError):
        send(broker, retries=2)
    assert broker.calls == 3


def test_a_permanent_error_is_not_retried():
    broker = FlakyBroker([MessageSizeTooLargeError()])
    with pytest.raises(MessageSizeTooLargeError):
        send(broker)
    assert broker.calls == 1
