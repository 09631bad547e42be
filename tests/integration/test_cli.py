"""The `eventx` command as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

EVENTX = [sys.executable, "-m", "eventx.services.cli"]


def test_up_once_processes_the_samples_and_leaves_no_process_behind(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    run = subprocess.run([*EVENTX, "up", "--once", "--timeout", "150"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "event(s) persisted" in run.stdout
    assert "meeting" in run.stdout and "sample-001" in run.stdout
    assert (tmp_path / "eventx-data" / "eventx.db").exists()
    # Every child (broker, extractor, sink) was stopped.
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    brokers = subprocess.run(["pgrep", "-af", "tansu"], capture_output=True, text=True).stdout
    assert leftover == []
    assert "eventx-data" not in brokers


def test_extract_reads_stdin_and_reports_invalid_lines():
    lines = "\n".join([
        json.dumps({"id": "cli-1", "text": "Thai Prime Minister Anan Sirikul met Indian Prime Minister "
                                           "Ravi Menon in Bangkok on Monday."}),
        "{broken",
    ])
    run = subprocess.run([*EVENTX, "extract"], input=lines, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert events and all(e["article_id"] == "cli-1" for e in events)
    assert "line 2" in run.stderr or ":2:" in run.stderr


def test_publish_then_tail_round_trip(kafka, tmp_path):
    import asyncio

    from eventx.services.common.broker import all_topics, ensure_topics
    from eventx.services.common.config import Settings
    from tests.factories import event_json, make_event
    from tests.integration.kafka_helpers import consume, produce

    settings = Settings(kafka_bootstrap=kafka.bootstrap)
    asyncio.run(ensure_topics(kafka.bootstrap, all_topics(settings)))
    src = tmp_path / "articles.jsonl"
    src.write_text(json.dumps({"id": "p-1", "text": "Envoys met."}) + "\n\n" + "not json\n")
    env = dict(os.environ, EVENTX_KAFKA_BOOTSTRAP=kafka.bootstrap)
    refused = subprocess.run([*EVENTX, "publish", str(src)], env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and f"{src}:3" in refused.stderr  # validated before sending
    pub = subprocess.run([*EVENTX, "publish", "--no-validate", str(src)], env=env, capture_output=True,
                         text=True, timeout=60)
    assert pub.returncode == 0, pub.stderr
    published = asyncio.run(consume(kafka.bootstrap, [settings.topic_articles], 2))
    assert sorted(((r.key, r.value) for r in published), key=lambda kv: kv[1]) == sorted(
        [(b"p-1", b'{"id": "p-1", "text": "Envoys met."}'), (None, b"not json")], key=lambda kv: kv[1])

    ev = make_event("pledge", article_id="p-1")
    asyncio.run(produce(kafka.bootstrap, settings.event_topic("pledge"), [(b"p-1", event_json(ev))]))
    tail = subprocess.run([*EVENTX, "tail", "--json", "--from-beginning", "--limit", "1"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert tail.returncode == 0, tail.stderr
    assert json.loads(tail.stdout)["event_id"] == ev.event_id


def test_tail_reads_one_type_from_an_offset_in_readable_lines(kafka):
    import asyncio

    from eventx.services.common.broker import all_topics, ensure_topics
    from eventx.services.common.config import Settings
    from tests.factories import event_json, make_event
    from tests.integration.kafka_helpers import produce

    settings = Settings(kafka_bootstrap=kafka.bootstrap)
    asyncio.run(ensure_topics(kafka.bootstrap, all_topics(settings), partitions=1))
    pledges = [make_event("pledge", article_id=f"t-{i}") for i in range(3)]
    asyncio.run(produce(kafka.bootstrap, settings.event_topic("pledge"),
                        [(e.article_id.encode(), event_json(e)) for e in pledges]))
    asyncio.run(produce(kafka.bootstrap, settings.event_topic("meeting"),
                        [(b"t-m", event_json(make_event("meeting", article_id="t-m")))]))
    env = dict(os.environ, EVENTX_KAFKA_BOOTSTRAP=kafka.bootstrap)
    run = subprocess.run([*EVENTX, "tail", "--type", "pledge", "--offset", "pledge:0:1", "--limit", "2"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    print(lines)
    assert [line.split()[0] for line in lines] == ["events.pledge:0:1", "events.pledge:0:2"]
    assert "t-1" in lines[0] and "t-2" in lines[1] and "t-m" not in run.stdout


def test_broker_command_serves_kafka_until_interrupted():
    import signal
    import time

    from eventx.services.common.broker import free_port
    from eventx.services.tooling.progress import lag

    port = free_port()
    proc = subprocess.Popen([*EVENTX, "broker", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert "listening on 127.0.0.1:%d" % port in proc.stdout.readline()
        import asyncio

        time.sleep(0.5)
        assert asyncio.run(lag(f"127.0.0.1:{port}", "probe", ["articles.raw"])) == 0
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(20) == 0
