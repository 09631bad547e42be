"""The `eventx` command as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

EVENTX = [sys.executable, "-m", "services.cli"]


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
