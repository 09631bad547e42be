"""Our /metrics endpoints as a real Prometheus server and promtool see them."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from prometheus_client import generate_latest

from eventx.services.common.broker import free_port
from eventx.services.common.metrics import new_registry, serve_metrics
from eventx.services.common.processes import stop_process
from eventx.services.extractor.metrics import ExtractorMetrics
from eventx.services.sink.metrics import SinkMetrics

pytestmark = pytest.mark.integration


def _populated_registries():
    ext_reg, sink_reg = new_registry(), new_registry()
    ext = ExtractorMetrics.create(ext_reg)
    ext.articles.labels("ok").inc(3)
    ext.events.labels("meeting").inc(2)
    ext.dlq.labels("invalid_json").inc()
    ext.extraction_seconds.observe(0.2)
    sink = SinkMetrics(sink_reg)
    return ext_reg, sink_reg, sink


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (apt-get install prometheus)")
def test_metrics_pass_promtool_lint():
    ext_reg, sink_reg, _ = _populated_registries()
    for registry in (ext_reg, sink_reg):
        run = subprocess.run(["promtool", "check", "metrics"], input=generate_latest(registry),
                             capture_output=True, timeout=30)
        assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()


def _query(port: int, expr: str) -> list[dict]:
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.load(resp)["data"]["result"]


@pytest.mark.skipif(shutil.which("prometheus") is None, reason="prometheus not installed (apt-get install prometheus)")
def test_a_real_prometheus_scrapes_both_services(tmp_path):
    ext_reg, sink_reg, _ = _populated_registries()
    ext_port, sink_port, prom_port = free_port(), free_port(), free_port()
    servers = [serve_metrics(ext_reg, ext_port, addr="127.0.0.1"), serve_metrics(sink_reg, sink_port, addr="127.0.0.1")]
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s}\n"
        "scrape_configs:\n"
        f"  - job_name: eventx-extractor\n    static_configs: [{{targets: ['127.0.0.1:{ext_port}']}}]\n"
        f"  - job_name: eventx-sink\n    static_configs: [{{targets: ['127.0.0.1:{sink_port}']}}]\n"
    )
    proc = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                             f"--web.listen-address=127.0.0.1:{prom_port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        up: list[dict] = []
        while time.monotonic() < deadline:
            try:
                up = _query(prom_port, "up == 1")
                if len(up) == 2:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert sorted(r["metric"]["job"] for r in up) == ["eventx-extractor", "eventx-sink"]
        ok = _query(prom_port, 'eventx_extractor_articles_total{outcome="ok"}')
        assert ok and float(ok[0]["value"][1]) == 3.0
    finally:
        stop_process(proc, 10)
        for server in servers:
            server.shutdown()
