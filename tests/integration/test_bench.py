"""``eventx bench --quick`` end to end: every section runs and reports its keys (figures are not judged)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eventx.services.common.broker import embedded_broker_available
from tests.pg import PG_URL, pg_reachable

KEYS = {
    "extraction": {"ours_articles_per_s", "bare_articles_per_s", "ratio"},
    "service": {"workers_1_articles_per_s", "workers_2_articles_per_s", "scaling"},
    "latency": {"p50_s", "p95_s", "p99_s"},
    "sink": {"sqlite_events_per_s", "postgres_events_per_s", "postgres_ratio_to_copy"},
    "memory": {"peak_rss_mb"},
    "length_scaling": {"ratio_100k_vs_100x1k", "ratio_100k_vs_50x2k"},
}


@pytest.mark.timeout(1800)
def test_bench_quick_reports_every_figure() -> None:
    if not embedded_broker_available():
        pytest.skip("the end-to-end section needs the embedded broker (extra `embedded`)")
    cmd = [sys.executable, "-m", "eventx.services.cli", "bench", "--quick", "--json"]
    if pg_reachable():
        cmd += ["--postgres", PG_URL]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1700)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert {"machine", "corpus"} <= report.keys()
    assert report["corpus"]["articles"] > 0
    for section, keys in KEYS.items():
        assert keys <= report[section].keys(), section
        for key in keys:
            value = report[section][key]
            if section == "sink" and key.startswith("postgres") and not pg_reachable():
                assert value is None
            else:
                assert isinstance(value, (int, float)) and value > 0, (section, key, value)
    assert report["latency"]["p50_s"] <= report["latency"]["p95_s"] <= report["latency"]["p99_s"]


def test_bench_refuses_fewer_than_two_workers() -> None:
    done = subprocess.run([sys.executable, "-m", "eventx.services.cli", "bench", "--workers", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--workers" in done.stderr
