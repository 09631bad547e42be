"""Fault suite (issue 7): bad records, big and slow articles, crashes — every input accounted for.

Each test runs the real broker and `eventx serve` processes with the real
extraction core, is bounded in time, prints what it pushed and what it found,
and ends in :func:`account`.
"""

from __future__ import annotations

import json
import signal
import time

import pytest

from tests.integration.faults import Stack, account, records, story

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

JSON = [("content-type", b"application/json")]
# A 10,000-token unpunctuated, trigger-rich sentence: tens of seconds of parsing (quadratic).
SLOW_TEXT = " ".join(["envoys", "met", "and", "pledged", "aid", "to", "ministers", "who", "asked"] * 1112)


@pytest.fixture
def stack(tmp_path):
    s = Stack(tmp_path)
    yield s
    s.stop()


def garbage() -> list[tuple[bytes, bytes | None, str]]:
    """(key, value, kind): every way a record can be unreadable."""
    return [
        (b"g-notjson", b"this is {not json", "invalid_json"),
        (b"g-null", None, "empty_record"),
        (b"g-latin1", "Caf\xe9 talks in Lima".encode("latin-1"), "invalid_encoding"),
        (b"g-deep", b"[" * 100_000 + b"]" * 100_000, "invalid_json"),
        (b"g-list", b"[1, 2, 3]", "invalid_article"),
        (b"g-noid", json.dumps({"text": "Envoys met."}).encode(), "invalid_article"),
        (b"g-longid", json.dumps({"id": "x" * 5000, "text": "Envoys met."}).encode(), "invalid_article"),
        (b"g-blank", json.dumps({"id": "g-blank", "text": " \n "}).encode(), "empty_text"),
    ]


@pytest.mark.parametrize("headers", [JSON, None], ids=["json-header", "no-header"])
def test_row1_undecodable_records_are_dead_lettered_and_the_stream_goes_on(stack, headers):
    good = [story(i) for i in range(12)]
    bad = garbage()
    stack.start()
    stack.publish(records(good[:6]), headers=headers)
    stack.publish([(k, v) for k, v, _ in bad], headers=headers)
    stack.publish(records(good[6:]), headers=headers)
    stack.wait_done()
    account(stack, good, {k: kind for k, _, kind in bad})


def test_row2_records_over_a_megabyte_are_dead_lettered_truncated(stack):
    good = [story(i) for i in range(6)]
    huge = json.dumps({"id": "huge", "text": "The ministers met in Geneva. " * 180_000}).encode()  # ~5 MB
    long_text = json.dumps({"id": "long", "text": "Envoys met in Lima. " * 6_000}).encode()  # 120k chars
    stack.start()
    stack.publish([(b"huge", huge), (b"long", long_text), *records(good)], headers=JSON)
    stack.wait_done()
    account(stack, good, {b"huge": "too_large", b"long": "too_large"})


def test_row3_a_slow_article_times_out_and_sigterm_does_not_wait_for_it(stack):
    good = [story(i) for i in range(6)]
    stack.broker.start()
    stack.create_topics()
    stack.start_service("extractor", "extractor-0", EVENTX_EXTRACTION_TIMEOUT_S="900")
    stack.start_service("sink", "sink")
    stack.publish([(b"slow", json.dumps({"id": "slow", "text": SLOW_TEXT}).encode())], headers=JSON)
    deadline = time.monotonic() + 120
    while "batch_extraction_failed" not in stack.log("extractor-0") and "Received" not in stack.log("extractor-0"):
        assert time.monotonic() < deadline, stack.log("extractor-0")
        time.sleep(0.5)
    time.sleep(3)  # the worker is now parsing the slow article
    extractor = stack.procs.pop("extractor-0")
    extractor.send_signal(signal.SIGTERM)
    code = extractor.wait(60)  # without the worker process this took minutes
    print(f"extractor exited with {code} after SIGTERM during a slow article")
    assert code == 0
    stack.start_service("extractor", "extractor-1", EVENTX_EXTRACTION_TIMEOUT_S="5")
    stack.publish(records(good), headers=JSON)
    stack.wait_done()
    account(stack, good, {b"slow": "extraction_timeout"})


def _wait_some_events(stack: Stack, at_least: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while sum(stack.stored().values()) < at_least:
        assert time.monotonic() < deadline, stack.log("extractor-0")
        time.sleep(0.3)


def test_kill_9_of_the_extractor_mid_stream_loses_and_duplicates_nothing(stack):
    good = [story(i) for i in range(60)]
    stack.start()
    stack.publish(records(good), headers=JSON)
    _wait_some_events(stack, 10)
    stack.procs.pop("extractor-0").kill()  # SIGKILL: no shutdown hook runs
    stack.start_service("extractor", "extractor-0")
    stack.wait_done()
    account(stack, good, {})


def test_two_extractors_in_one_group_one_killed_the_other_takes_over(stack):
    good = [story(i) for i in range(60)]
    stack.start(extractors=2)
    stack.publish(records(good), headers=JSON)
    _wait_some_events(stack, 10)
    stack.procs.pop("extractor-1").kill()
    stack.wait_done(timeout=400)
    account(stack, good, {})


@pytest.mark.parametrize("down_s", [10, 60])
def test_row6_broker_restart_skips_nothing_published_after_it(stack, down_s):
    """The embedded broker keeps nothing across a restart; what is published after it must all be read."""
    before = [story(i) for i in range(30)]
    after = [story(i) for i in range(100, 220)]
    stack.start()
    stack.publish(records(before), headers=JSON)
    stack.wait_done()
    stack.broker.kill()
    time.sleep(down_s)
    stack.broker.start()
    stack.create_topics()
    stack.publish(records(after), headers=JSON)
    stack.wait_done(timeout=400)
    codes = {name: proc.poll() for name, proc in stack.procs.items()}
    assert all(c is None for c in codes.values()), codes  # the services rode the restart out
    account(stack, before + after, {})
