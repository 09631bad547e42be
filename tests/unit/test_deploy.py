"""Static checks of the deployment artefacts (Dockerfile, compose, k8s, Prometheus, Grafana).

Docker and a cluster are not available in CI, so these tests catch the drift
that usually breaks deployments silently: an ``EVENTX_*`` variable that is not
a Settings field (ignored at run time), a metric renamed in code but not in the
alerts/dashboard (alert never fires, panel goes blank), a port that differs
between the app, the probe and the scrape config, a rule file Prometheus
references but compose does not mount.

``promtool`` checks run when the binary is on PATH (Debian package
``prometheus``) and are skipped with a reason otherwise; the ``kubectl
kustomize`` build likewise needs ``kubectl``.
"""

from __future__ import annotations

import fnmatch
import http.server
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

yaml = pytest.importorskip("yaml", reason="pyyaml is needed for the deployment checks (test dependency)")

from prometheus_client import CollectorRegistry, ProcessCollector  # noqa: E402

from eventx.contracts.models import EventType  # noqa: E402
from eventx.services.common.config import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROM_DIR = DEPLOY / "prometheus"
K8S_DIR = DEPLOY / "k8s"
GRAFANA_DIR = DEPLOY / "grafana"
DASHBOARD = GRAFANA_DIR / "dashboards" / "eventx.json"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

PROMTOOL = shutil.which("promtool")
KUBECTL = shutil.which("kubectl")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool not installed (apt-get install -y prometheus)"
)
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="kubectl not installed (needed for kustomize build)")

SERVICES = ("extractor", "sink")
JOBS = {"extractor": "eventx-extractor", "sink": "eventx-sink"}

# --------------------------------------------------------------------------- metric contract
# The names the services promise to export (see services/*/metrics.py). The
# tests below also derive them from the code, so a rename on either side fails.
CONTRACT_COUNTERS = {
    "eventx_extractor_articles_total",
    "eventx_extractor_events_total",
    "eventx_extractor_dlq_total",
    "eventx_sink_events_written_total",
    "eventx_sink_write_errors_total",
    "eventx_sink_dlq_total",
    "eventx_consumer_lag_refresh_errors_total",
    "eventx_sink_events_retracted_total",
    "eventx_sink_events_stale_total",
    "eventx_sink_manifests_total",
}
CONTRACT_HISTOGRAMS = {
    "eventx_extractor_extraction_seconds",
    "eventx_sink_write_seconds",
    "eventx_sink_batch_size",
}
CONTRACT_GAUGES = {"eventx_extractor_inflight", "eventx_consumer_lag"}
# What the standard Kafka exporter (danielqsj/kafka-exporter) exports and deploy/ uses.
KAFKA_EXPORTER_SERIES = {"kafka_consumergroup_lag", "kafka_consumergroup_lag_sum",
                         "kafka_topic_partition_current_offset", "kafka_consumergroup_current_offset"}

REQUIRED_ALERTS = {
    "EventxExtractorDown",
    "EventxExtractorUnavailable",
    "EventxSinkDown",
    "EventxSinkUnavailable",
    "EventxExtractorDLQSustained",
    "EventxSinkDLQSustained",
    "EventxExtractionLatencyHigh",
    "EventxExtractorIdle",
    "EventxSinkWriteErrors",
    "EventxNoEventsExtracted",
    "EventxConsumerFallingBehind",
}


def _series_names(metric_names: set[str], histograms: set[str]) -> set[str]:
    """Expand histogram base names into the series Prometheus actually stores."""
    out = set(metric_names)
    for h in histograms:
        out |= {h, f"{h}_bucket", f"{h}_sum", f"{h}_count"}
    return out


CONTRACT_SERIES = _series_names(CONTRACT_COUNTERS | CONTRACT_GAUGES, CONTRACT_HISTOGRAMS)


def _registry_series(registry: CollectorRegistry) -> set[str]:
    """Series names a registry would expose (without the *_created helpers)."""
    names: set[str] = set()
    for family in registry.collect():
        if family.type == "histogram":
            names |= {family.name, f"{family.name}_bucket", f"{family.name}_sum", f"{family.name}_count"}
        elif family.type == "counter":
            names.add(f"{family.name}_total")
        else:
            names.add(family.name)
    return names


def _faststream_series() -> set[str]:
    from faststream.prometheus.container import MetricsContainer

    registry = CollectorRegistry()
    MetricsContainer(registry, custom_label_names=[])
    return _registry_series(registry)


def _process_series() -> set[str]:
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    names = _registry_series(registry)
    # Reported only where the platform supports them; keep the full standard set.
    return names | {
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_virtual_memory_bytes",
        "process_open_fds",
        "process_max_fds",
        "process_start_time_seconds",
    }


KNOWN_SERIES = CONTRACT_SERIES | _faststream_series() | _process_series() | KAFKA_EXPORTER_SERIES | {"up"}

# --------------------------------------------------------------------------- PromQL helpers
_PROMQL_WORDS = {
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
    "count_values", "group", "by", "without", "on", "ignoring", "group_left", "group_right",
    "and", "or", "unless", "bool", "offset", "inf", "nan",
}
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")


def promql_metric_names(expr: str) -> set[str]:
    """Metric names referenced by a PromQL expression (no full parser needed).

    Strips strings, label matchers, range/offset durations and grouping label
    lists, then keeps identifiers that are not functions or keywords.
    """
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = _GROUPING.sub(" ", s)
    s = re.sub(r"\$\w+", " ", s)  # Grafana variables outside matchers
    names = set()
    for m in re.finditer(r"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?", s):
        ident, call = m.group(1), m.group(2)
        if call or ident.lower() in _PROMQL_WORDS or re.fullmatch(r"\d+[smhdwy]", ident):
            continue
        names.add(ident)
    return names


def test_promql_metric_names_helper() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (job, le) (rate(eventx_sink_write_seconds_bucket{job=~"$job"}[5m])))'
        ' / on() group_left sum(up{job="x"}) or vector(0) > bool 1e3'
    )
    assert promql_metric_names(expr) == {"eventx_sink_write_seconds_bucket", "up"}


# --------------------------------------------------------------------------- loaders
def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def load_yaml_docs(path: Path) -> list[Any]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d is not None]


def settings_env_names() -> set[str]:
    return {f"EVENTX_{name.upper()}" for name in Settings.model_fields}


def settings_default(field: str) -> Any:
    return Settings.model_fields[field].default


def all_yaml_files() -> list[Path]:
    files = [COMPOSE_FILE, *DEPLOY.rglob("*.yml"), *DEPLOY.rglob("*.yaml")]
    return sorted(set(files))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(COMPOSE_FILE)


@pytest.fixture(scope="module")
def k8s_docs() -> list[dict[str, Any]]:
    """All manifests listed in deploy/k8s/kustomization.yaml (unrendered)."""
    kust = load_yaml(K8S_DIR / "kustomization.yaml")
    docs: list[dict[str, Any]] = []
    for res in kust["resources"]:
        docs.extend(load_yaml_docs(K8S_DIR / res))
    return docs


def _by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d.get("kind") == kind}


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def dashboard_panels(dash: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in dash["panels"]:
        yield panel
        yield from panel.get("panels", [])  # collapsed rows nest their panels


def dashboard_exprs(dash: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (p.get("title", ""), t["expr"])
        for p in dashboard_panels(dash)
        for t in p.get("targets", [])
        if "expr" in t
    ]


def alert_rules() -> list[dict[str, Any]]:
    return [r for g in load_yaml(PROM_DIR / "alerts.yml")["groups"] for r in g["rules"]]


# =========================================================================== generic
@pytest.mark.parametrize("path", all_yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_parses(path: Path) -> None:
    docs = load_yaml_docs(path)
    assert docs, f"{path} is empty"
    assert all(isinstance(d, dict) for d in docs), f"{path}: every document must be a mapping"


def test_metric_contract_matches_extractor_code() -> None:
    from eventx.services.extractor.metrics import ExtractorMetrics

    registry = CollectorRegistry()
    ExtractorMetrics.create(registry)
    code = _registry_series(registry)
    contract = {n for n in CONTRACT_SERIES if n.startswith("eventx_extractor_")}
    assert code == contract


def test_metric_contract_matches_sink_code() -> None:
    from eventx.services.sink.metrics import SinkMetrics

    registry = CollectorRegistry()
    SinkMetrics(registry)
    code = _registry_series(registry)
    contract = {n for n in CONTRACT_SERIES if n.startswith("eventx_sink_")}
    assert code == contract


def test_metric_contract_matches_lag_code() -> None:
    from eventx.services.common.lag import LagMetrics

    registry = CollectorRegistry()
    LagMetrics(registry)
    code = _registry_series(registry)
    assert code == {n for n in CONTRACT_SERIES if n.startswith("eventx_consumer_")}


def test_faststream_metric_names_are_the_ones_the_deploy_files_expect() -> None:
    names = _faststream_series()
    for expected in (
        "faststream_received_processed_messages_total",
        "faststream_received_processed_messages_exceptions_total",
        "faststream_received_processed_messages_duration_seconds_bucket",
        "faststream_received_messages_in_process",
        "faststream_published_messages_total",
    ):
        assert expected in names


# =========================================================================== Dockerfile
def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            out.append((op.upper(), rest.strip()))
    return out


def _dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [ln.strip().lstrip("/") for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def _dockerignored(path: str, patterns: list[str]) -> bool:
    """Approximation of Docker's matcher: a path is out if it or a parent matches."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pat in patterns:
        if pat.startswith("!"):
            continue
        pats = [pat, pat[3:]] if pat.startswith("**/") else [pat]
        for p in pats:
            for prefix in prefixes:
                if fnmatch.fnmatch(prefix, p) or fnmatch.fnmatch(prefix.rsplit("/", 1)[-1], p) and "/" not in p:
                    return True
    return False


def test_dockerignore_matcher_helper() -> None:
    pats = ["tests", "**/__pycache__", "deploy/k8s", "*.db"]
    assert _dockerignored("tests/unit/x.py", pats)
    assert _dockerignored("services/__pycache__/a.pyc", pats)
    assert _dockerignored("eventx.db", pats)
    assert not _dockerignored("deploy/docker/healthcheck.py", pats)
    assert not _dockerignored("services/cli.py", pats)


def test_dockerfile_shape() -> None:
    instr = _dockerfile_instructions()
    ops = [op for op, _ in instr]
    text = DOCKERFILE.read_text()

    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim$", text, re.M) or any(
        op == "FROM" and rest.startswith("python:3.11-slim") for op, rest in instr
    )
    runs = [rest for op, rest in instr if op == "RUN"]
    # the locked runtime versions with hashes first, then the project alone
    lock_install = runs.index("pip install --no-cache-dir --require-hashes -r requirements.lock")
    project_install = next(i for i, r in enumerate(runs) if r.startswith("pip install --no-cache-dir --no-deps . "))
    assert lock_install < project_install
    assert "requirements-dev.lock" not in text and "[embedded]" not in text

    users = [rest for op, rest in instr if op == "USER"]
    assert users, "the image must not run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}

    assert ("ENTRYPOINT", '["eventx"]') in instr
    assert ("CMD", '["serve", "extractor"]') in instr
    assert ops.index("ENTRYPOINT") > max(i for i, op in enumerate(ops) if op == "USER")

    exposed = {int(p) for op, rest in instr if op == "EXPOSE" for p in rest.split()}
    assert exposed == {settings_default("extractor_metrics_port"), settings_default("sink_metrics_port")}

    health = [rest for op, rest in instr if op == "HEALTHCHECK"]
    assert len(health) == 1 and "CMD" in health[0]
    assert "curl" not in health[0] and "wget" not in health[0], "python:3.11-slim has neither"


def test_pyproject_provides_the_entrypoint() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "eventx" in pyproject["project"]["scripts"]


def test_dockerfile_copy_sources_exist_and_are_not_dockerignored() -> None:
    patterns = _dockerignore_patterns()
    for op, rest in _dockerfile_instructions():
        if op != "COPY" or rest.startswith("--from"):
            continue
        *sources, _dest = rest.split()
        for src in sources:
            if any(ch in src for ch in "*?["):
                continue  # optional globs (README.md*) may legitimately match nothing
            assert (ROOT / src).exists(), f"COPY source {src} missing"
            assert not _dockerignored(src, patterns), f"COPY source {src} is excluded by .dockerignore"


def test_dockerignore_keeps_local_state_out() -> None:
    patterns = _dockerignore_patterns()
    for path in (".venv/bin/python", ".git/config", "tests/unit/test_deploy.py", "eventx.db", ".env"):
        assert _dockerignored(path, patterns), f"{path} would be sent to the build context"


# --------------------------------------------------------------------------- container healthcheck
def _load_healthcheck_module() -> Any:
    spec = importlib.util.spec_from_file_location("eventx_healthcheck", DEPLOY / "docker" / "healthcheck.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _MetricsHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        code = 200 if self.path == "/readyz" else 404
        self.send_response(code)
        self.end_headers()
        self.wfile.write(b"up 1\n")

    def log_message(self, *args: Any) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_container_healthcheck_script() -> None:
    hc = _load_healthcheck_module()
    server = http.server.HTTPServer(("127.0.0.1", 0), _MetricsHandler)
    live = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dead = _free_port()
        assert hc.main([str(live)]) == 0
        assert hc.main([str(dead)]) == 1
        assert hc.main([str(dead), str(live)]) == 0  # any configured port answering is enough
        assert hc.main(["nope"]) == 2
    finally:
        server.shutdown()
        server.server_close()

    assert hc.ports_from_env({}) == [9108, 9109]
    assert hc.ports_from_env({"EVENTX_EXTRACTOR_METRICS_PORT": "0", "EVENTX_SINK_METRICS_PORT": "9200"}) == [9200]
    # the env names it reads must be real settings
    assert set(hc.DEFAULT_PORTS) <= settings_env_names()
    assert hc.DEFAULT_PORTS["EVENTX_EXTRACTOR_METRICS_PORT"] == settings_default("extractor_metrics_port")
    assert hc.DEFAULT_PORTS["EVENTX_SINK_METRICS_PORT"] == settings_default("sink_metrics_port")


# =========================================================================== docker-compose
def test_compose_has_the_stack(compose: dict[str, Any]) -> None:
    assert {"kafka", "kafka-init", "postgres", "extractor", "sink", "prometheus", "grafana"} <= set(
        compose["services"]
    )


@pytest.mark.parametrize("svc", SERVICES)
def test_compose_app_services_build_from_the_dockerfile(compose: dict[str, Any], svc: str) -> None:
    spec = compose["services"][svc]
    build = spec["build"]
    assert (ROOT / build["context"] / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE
    assert spec["command"] == ["serve", svc]
    assert "container_name" not in spec, "a fixed container_name prevents scaling"


def test_compose_extractor_is_scalable(compose: dict[str, Any]) -> None:
    spec = compose["services"]["extractor"]
    assert spec.get("deploy", {}).get("replicas", 1) >= 2
    assert "ports" not in spec, "published host ports clash when scaled; Prometheus uses the compose network"


def test_compose_uses_only_real_settings(compose: dict[str, Any]) -> None:
    known = settings_env_names()
    seen = set()
    for name, spec in compose["services"].items():
        env = spec.get("environment") or {}
        assert isinstance(env, dict), f"{name}: use the mapping form for environment"
        for key in env:
            if key.startswith("EVENTX_"):
                seen.add(key)
                assert key in known, f"{name}: {key} is not a Settings field (it would be ignored)"
    assert {"EVENTX_KAFKA_BOOTSTRAP", "EVENTX_DB_URL"} <= seen


@pytest.mark.parametrize("svc", SERVICES)
def test_compose_ports_agree(compose: dict[str, Any], svc: str) -> None:
    spec = compose["services"][svc]
    port = int(spec["environment"][f"EVENTX_{svc.upper()}_METRICS_PORT"])
    assert [int(p) for p in spec["expose"]] == [port]
    assert spec["healthcheck"]["test"][-1] == str(port)
    jobs = {j["job_name"]: j for j in load_yaml(PROM_DIR / "prometheus.yml")["scrape_configs"]}
    sd = jobs[JOBS[svc]]["dns_sd_configs"][0]
    assert sd["port"] == port and sd["names"] == [svc]


def test_compose_kafka_bootstrap_matches_advertised_listener(compose: dict[str, Any]) -> None:
    kenv = compose["services"]["kafka"]["environment"]
    advertised = {
        item.split("://")[0]: item.split("://")[1] for item in kenv["KAFKA_ADVERTISED_LISTENERS"].split(",")
    }
    for svc in SERVICES:
        assert compose["services"][svc]["environment"]["EVENTX_KAFKA_BOOTSTRAP"] == advertised[
            kenv["KAFKA_INTER_BROKER_LISTENER_NAME"]
        ]


def test_compose_db_url_matches_postgres(compose: dict[str, Any]) -> None:
    pg = compose["services"]["postgres"]["environment"]
    url = compose["services"]["sink"]["environment"]["EVENTX_DB_URL"]
    m = re.fullmatch(r"postgresql://([^:]+):(.+)@([^:/]+):(\d+)/(\w+)", url)
    assert m, url
    user, password, host, port, db = m.groups()
    assert (user, password, host, port, db) == (pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], "postgres", "5432",
                                                 pg["POSTGRES_DB"])


def test_compose_topic_init_creates_every_topic(compose: dict[str, Any]) -> None:
    script = " ".join(compose["services"]["kafka-init"]["command"])
    expected = [
        settings_default("topic_articles"),
        settings_default("topic_dlq"),
        settings_default("topic_events_dlq"),
        settings_default("topic_manifests"),
    ]
    for topic in expected:
        assert re.search(rf"create {re.escape(topic)} \d+", script), topic
    prefix = settings_default("topic_events_prefix")
    loop = re.search(r"for t in ([\w ]+); do create \"" + re.escape(prefix) + r"\$\$t\"", script)
    assert loop, "event topics loop not found"
    assert set(loop.group(1).split()) == set(get_args(EventType))
    assert compose["services"]["kafka-init"]["restart"] == "no"
    # topics a service auto-creates get the same partition count as kafka-init's
    env = compose["services"]["extractor"]["environment"]
    if "EVENTX_KAFKA_TOPIC_PARTITIONS" in env:
        partitions = re.search(rf"create {re.escape(settings_default('topic_articles'))} (\d+)", script)
        assert partitions and partitions.group(1) == env["EVENTX_KAFKA_TOPIC_PARTITIONS"]


def test_compose_depends_on_conditions_are_satisfiable(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, spec in services.items():
        for dep, cond in (spec.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown {dep}"
            condition = cond["condition"]
            if condition == "service_healthy":
                assert "healthcheck" in services[dep], f"{name} waits for {dep} to be healthy but it has no healthcheck"
            elif condition == "service_completed_successfully":
                assert services[dep].get("restart") == "no", f"{dep} is a one-shot job: restart must be 'no'"
            else:
                assert condition == "service_started"
    for svc in SERVICES:
        assert services[svc]["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"
    assert services["sink"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_bind_mounts_exist(compose: dict[str, Any]) -> None:
    for name, spec in compose["services"].items():
        for vol in spec.get("volumes", []):
            src = vol.split(":")[0]
            if src.startswith("."):
                assert (ROOT / src).exists(), f"{name}: bind mount {src} does not exist"


def test_compose_mounts_every_rule_file_prometheus_loads(compose: dict[str, Any]) -> None:
    prom_cfg = load_yaml(PROM_DIR / "prometheus.yml")
    mounts = {v.split(":")[1] for v in compose["services"]["prometheus"]["volumes"]}
    config_dir = "/etc/prometheus"
    assert f"{config_dir}/prometheus.yml" in mounts
    for rule_file in prom_cfg["rule_files"]:
        assert f"{config_dir}/{rule_file}" in mounts, f"compose does not mount {rule_file}"
        assert (PROM_DIR / rule_file).exists()


def test_compose_grafana_provisioning_paths(compose: dict[str, Any]) -> None:
    spec = compose["services"]["grafana"]
    mounts = {v.split(":")[0]: v.split(":")[1] for v in spec["volumes"]}
    dash_target = mounts["./deploy/grafana/dashboards"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    provider = load_yaml(GRAFANA_DIR / "provisioning" / "dashboards" / "eventx.yml")["providers"][0]
    assert provider["options"]["path"] == dash_target
    home = spec["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{dash_target}/{DASHBOARD.name}"
    ds = load_yaml(GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml")["datasources"][0]
    assert ds["type"] == "prometheus"
    assert ds["url"] == "http://prometheus:9090"


# =========================================================================== Prometheus
def _promtool(*args: str, cwd: Path = PROM_DIR) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL
    return subprocess.run([PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@needs_promtool
def test_promtool_check_config() -> None:
    res = _promtool("check", "config", "prometheus.yml")
    assert res.returncode == 0, res.stdout + res.stderr


@needs_promtool
def test_promtool_check_rules() -> None:
    res = _promtool("check", "rules", "alerts.yml")
    assert res.returncode == 0, res.stdout + res.stderr


@needs_promtool
def test_promtool_test_rules() -> None:
    res = _promtool("test", "rules", "alerts_test.yml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_prometheus_scrapes_both_services() -> None:
    jobs = {j["job_name"] for j in load_yaml(PROM_DIR / "prometheus.yml")["scrape_configs"]}
    assert set(JOBS.values()) <= jobs


def test_required_alerts_exist_and_are_labelled() -> None:
    rules = alert_rules()
    names = {r["alert"] for r in rules if "alert" in r}
    assert REQUIRED_ALERTS <= names, REQUIRED_ALERTS - names
    for r in rules:
        if "alert" in r:
            assert r["labels"]["severity"] in {"warning", "critical"}, r["alert"]
            assert r["annotations"].get("summary") and r["annotations"].get("description"), r["alert"]


def test_alert_jobs_are_scraped() -> None:
    scraped = {j["job_name"] for j in load_yaml(PROM_DIR / "prometheus.yml")["scrape_configs"]}
    for r in alert_rules():
        for job in re.findall(r'job="([^"]+)"', r["expr"]):
            assert job in scraped, f"{r.get('alert')}: job {job} is never scraped"


def test_alert_metric_names_are_in_the_contract() -> None:
    for r in alert_rules():
        unknown = promql_metric_names(r["expr"]) - KNOWN_SERIES
        assert not unknown, f"{r.get('alert') or r.get('record')}: unknown metrics {unknown}"


def test_every_alert_has_a_firing_unit_test() -> None:
    tests = load_yaml(PROM_DIR / "alerts_test.yml")["tests"]
    fired = {
        case["alertname"]
        for t in tests
        for case in t.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    silent = {case["alertname"] for t in tests for case in t.get("alert_rule_test", []) if not case.get("exp_alerts")}
    names = {r["alert"] for r in alert_rules() if "alert" in r}
    assert names <= fired, f"alerts never shown to fire in alerts_test.yml: {names - fired}"
    assert names <= silent, f"alerts never shown to stay quiet in alerts_test.yml: {names - silent}"


# =========================================================================== Grafana
def test_dashboard_structure(dashboard: dict[str, Any]) -> None:
    assert dashboard["uid"] and dashboard["title"]
    var_names = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert var_names["datasource"]["type"] == "datasource"
    assert var_names["datasource"]["query"] == "prometheus"

    ids = [p["id"] for p in dashboard_panels(dashboard)]
    assert len(ids) == len(set(ids)), "duplicate panel ids"

    graphs = [p for p in dashboard_panels(dashboard) if p["type"] != "row"]
    assert len(graphs) >= 10
    for p in graphs:
        assert p.get("title"), p["id"]
        assert p["datasource"]["type"] == "prometheus", p["title"]
        assert p["datasource"]["uid"] in {"${datasource}", "prometheus"}, p["title"]
        targets = p.get("targets")
        assert targets, f"panel {p['title']!r} has no targets"
        ref_ids = [t["refId"] for t in targets]
        assert len(ref_ids) == len(set(ref_ids)), p["title"]
        for t in targets:
            assert t.get("expr", "").strip(), f"panel {p['title']!r}: empty expr"
        gp = p["gridPos"]
        assert gp["w"] > 0 and gp["h"] > 0 and gp["x"] + gp["w"] <= 24, p["title"]


def test_dashboard_metric_names_are_known(dashboard: dict[str, Any]) -> None:
    for title, expr in dashboard_exprs(dashboard):
        unknown = promql_metric_names(expr) - KNOWN_SERIES
        assert not unknown, f"panel {title!r}: unknown metrics {unknown}"


def test_dashboard_covers_every_contract_metric(dashboard: dict[str, Any]) -> None:
    used = set().union(*(promql_metric_names(e) for _, e in dashboard_exprs(dashboard)))
    used_bases = {re.sub(r"_(bucket|sum|count)$", "", n) for n in used} | used
    missing = (CONTRACT_COUNTERS | CONTRACT_GAUGES | CONTRACT_HISTOGRAMS) - used_bases
    assert not missing, f"contract metrics with no panel: {missing}"


def test_dashboard_has_required_views(dashboard: dict[str, Any]) -> None:
    exprs = " ".join(e for _, e in dashboard_exprs(dashboard))
    for q in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({q}, sum by (le) (rate(eventx_extractor_extraction_seconds_bucket" in exprs
    assert "faststream_received_processed_messages_total" in exprs
    assert "faststream_received_processed_messages_exceptions_total" in exprs
    assert "process_resident_memory_bytes" in exprs and "process_cpu_seconds_total" in exprs
    # lag per partition from the services, and per group from the standard exporter
    assert "max by (group, topic, partition) (eventx_consumer_lag" in exprs
    assert "kafka_consumergroup_lag{" in exprs


@needs_promtool
def test_dashboard_queries_are_valid_promql(dashboard: dict[str, Any], tmp_path: Path) -> None:
    """Feed every panel query to promtool as a recording rule: catches syntax errors."""
    subst = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h", "$job": ".*", "$instance": ".*"}
    rules = []
    for i, (_title, expr) in enumerate(dashboard_exprs(dashboard)):
        for k, v in subst.items():
            expr = expr.replace(k, v)
        assert "$" not in expr, f"unsubstituted Grafana variable in {expr}"
        rules.append({"record": f"dashboard:query_{i}", "expr": expr})
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    res = _promtool("check", "rules", str(path), cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr


# =========================================================================== Kubernetes
def test_kustomization_lists_every_manifest() -> None:
    kust = load_yaml(K8S_DIR / "kustomization.yaml")
    listed = set(kust["resources"])
    on_disk = {p.name for p in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk
    mon = load_yaml(K8S_DIR / "monitoring" / "kustomization.yaml")
    assert set(mon["resources"]) == {p.name for p in (K8S_DIR / "monitoring").glob("*.yaml")} - {"kustomization.yaml"}


def test_k8s_has_the_required_objects(k8s_docs: list[dict[str, Any]]) -> None:
    kinds = {(d["kind"], d["metadata"]["name"]) for d in k8s_docs}
    for needed in [
        ("Namespace", "eventx"),
        ("ConfigMap", "eventx-config"),
        ("Secret", "eventx-secrets"),
        ("Deployment", "eventx-extractor"),
        ("Deployment", "eventx-sink"),
        ("Service", "eventx-extractor"),
        ("Service", "eventx-sink"),
        ("ScaledObject", "eventx-extractor"),
        ("TriggerAuthentication", "eventx-kafka"),
        ("Deployment", "eventx-kafka-exporter"),
        ("Service", "eventx-kafka-exporter"),
        ("PodDisruptionBudget", "eventx-extractor"),
        ("PodDisruptionBudget", "eventx-sink"),
    ]:
        assert needed in kinds, needed


def test_k8s_config_keys_are_settings(k8s_docs: list[dict[str, Any]]) -> None:
    known = settings_env_names()
    cm = _by_kind(k8s_docs, "ConfigMap")["eventx-config"]
    secret = _by_kind(k8s_docs, "Secret")["eventx-secrets"]
    assert set(cm["data"]) <= known, set(cm["data"]) - known
    assert set(secret["stringData"]) <= known, set(secret["stringData"]) - known
    # secrets stay out of the ConfigMap
    assert not {"EVENTX_DB_URL", "EVENTX_KAFKA_SASL_PASSWORD"} & set(cm["data"])
    assert all("CHANGE-ME" in v for v in secret["stringData"].values()), "example secret must hold placeholders only"


def _container(dep: dict[str, Any]) -> dict[str, Any]:
    containers = dep["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


@pytest.mark.parametrize("svc", SERVICES)
def test_k8s_deployment(k8s_docs: list[dict[str, Any]], svc: str) -> None:
    deps = _by_kind(k8s_docs, "Deployment")
    cm = _by_kind(k8s_docs, "ConfigMap")["eventx-config"]["data"]
    secret = _by_kind(k8s_docs, "Secret")["eventx-secrets"]["stringData"]
    dep = deps[f"eventx-{svc}"]
    pod = dep["spec"]["template"]
    c = _container(dep)

    assert c["args"] == ["serve", svc]
    assert dep["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()

    port = int(cm[f"EVENTX_{svc.upper()}_METRICS_PORT"])
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports == {"metrics": port}
    ann = pod["metadata"]["annotations"]
    assert ann["prometheus.io/scrape"] == "true" and int(ann["prometheus.io/port"]) == port
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz"), ("startupProbe", "/healthz")):
        get = c[probe]["httpGet"]
        assert get["path"] == path and get["port"] in ("metrics", port), probe
    assert cm["EVENTX_METRICS_HOST"] == "0.0.0.0"  # the kubelet probes the pod IP

    # environment: ConfigMap + individual secret keys, all real settings
    assert {"configMapRef": {"name": "eventx-config"}} in c["envFrom"]
    for env in c.get("env", []):
        assert env["name"] in settings_env_names(), env["name"]
        ref = env.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            assert ref["name"] == "eventx-secrets" and ref["key"] in secret

    res = c["resources"]
    assert {"cpu", "memory"} <= set(res["requests"]) and {"cpu", "memory"} <= set(res["limits"])
    assert pod["spec"]["terminationGracePeriodSeconds"] >= 30

    # security: non-root with the uid the Dockerfile creates
    uid = re.search(r"--uid (\d+)", DOCKERFILE.read_text())
    assert uid
    psc = pod["spec"]["securityContext"]
    assert psc["runAsNonRoot"] is True and psc["runAsUser"] == int(uid.group(1))
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    # a read-only root needs writable scratch space where Python / SQLite expect it
    if c["securityContext"].get("readOnlyRootFilesystem"):
        mounts = {m["mountPath"] for m in c["volumeMounts"]}
        assert {"/tmp", "/data"} <= mounts


def test_k8s_extractor_sizing(k8s_docs: list[dict[str, Any]]) -> None:
    dep = _by_kind(k8s_docs, "Deployment")["eventx-extractor"]
    assert dep["spec"]["replicas"] == 2
    res = _container(dep)["resources"]
    assert res["requests"]["cpu"] in ("1", 1, "1000m")
    assert res["limits"]["memory"] == "1Gi"
    # Only DB-writing pods get the database URL.
    names = {e["name"] for e in _container(dep).get("env", [])}
    assert "EVENTX_DB_URL" not in names
    sink_names = {e["name"] for e in _container(_by_kind(k8s_docs, "Deployment")["eventx-sink"]).get("env", [])}
    assert "EVENTX_DB_URL" in sink_names


def test_k8s_services_select_the_pods(k8s_docs: list[dict[str, Any]]) -> None:
    deps = _by_kind(k8s_docs, "Deployment")
    for name, svc in _by_kind(k8s_docs, "Service").items():
        dep = deps[name]
        assert svc["spec"]["selector"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
        port_names = {p["name"] for p in _container(dep)["ports"]}
        for p in svc["spec"]["ports"]:
            assert p["targetPort"] in port_names


def _articles_partitions(compose: dict[str, Any]) -> int:
    script = " ".join(compose["services"]["kafka-init"]["command"])
    found = re.search(rf"create {re.escape(settings_default('topic_articles'))} (\d+)", script)
    assert found, "kafka-init does not create the articles topic"
    return int(found.group(1))


def test_k8s_extractor_scales_on_lag_with_keda(k8s_docs: list[dict[str, Any]], compose: dict[str, Any]) -> None:
    """kubectl is absent here: check the ScaledObject's structure and that it agrees with the rest."""
    deps = _by_kind(k8s_docs, "Deployment")
    cm = _by_kind(k8s_docs, "ConfigMap")["eventx-config"]["data"]
    so = _by_kind(k8s_docs, "ScaledObject")["eventx-extractor"]
    assert so["apiVersion"] == "keda.sh/v1alpha1"
    spec = so["spec"]
    ref = spec["scaleTargetRef"]
    assert ref.get("kind", "Deployment") == "Deployment" and ref["name"] == "eventx-extractor" and ref["name"] in deps
    # KEDA owns the extractor's HPA: a second autoscaler on the same Deployment would fight it
    assert not _by_kind(k8s_docs, "HorizontalPodAutoscaler")

    # replicas capped at the partitions of articles.raw: more consumers would sit idle
    partitions = _articles_partitions(compose)
    assert spec["maxReplicaCount"] == partitions == int(cm["EVENTX_KAFKA_TOPIC_PARTITIONS"])
    assert 1 <= spec["minReplicaCount"] <= deps["eventx-extractor"]["spec"]["replicas"] <= spec["maxReplicaCount"]
    behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleDown"]["stabilizationWindowSeconds"] >= behavior["scaleUp"]["stabilizationWindowSeconds"]

    (trigger,) = spec["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["topic"] == cm["EVENTX_TOPIC_ARTICLES"]
    assert meta["consumerGroup"] == cm["EVENTX_EXTRACTOR_GROUP"]
    assert meta["bootstrapServers"] == cm["EVENTX_KAFKA_BOOTSTRAP"]
    assert all(isinstance(v, str) for v in meta.values()), "KEDA trigger metadata values are strings"
    assert int(meta["lagThreshold"]) > int(meta.get("activationLagThreshold", "0")) >= 0
    assert meta["offsetResetPolicy"] == "earliest" and meta["allowIdleConsumers"] == "false"
    # the scaler reaches Kafka the way the services do
    protocol = cm["EVENTX_KAFKA_SECURITY_PROTOCOL"]
    assert (meta.get("tls") == "enable") == protocol.endswith("SSL")
    if protocol.startswith("SASL"):
        keda_sasl = {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256", "SCRAM-SHA-512": "scram_sha512"}
        assert meta["sasl"] == keda_sasl[cm["EVENTX_KAFKA_SASL_MECHANISM"]]
        auth = _by_kind(k8s_docs, "TriggerAuthentication")[trigger["authenticationRef"]["name"]]
        secret = _by_kind(k8s_docs, "Secret")["eventx-secrets"]["stringData"]
        refs = {r["parameter"]: r for r in auth["spec"]["secretTargetRef"]}
        assert set(refs) == {"username", "password"}
        assert all(r["name"] == "eventx-secrets" and r["key"] in secret for r in refs.values())


def test_k8s_kafka_exporter(k8s_docs: list[dict[str, Any]], compose: dict[str, Any]) -> None:
    cm = _by_kind(k8s_docs, "ConfigMap")["eventx-config"]["data"]
    dep = _by_kind(k8s_docs, "Deployment")["eventx-kafka-exporter"]
    c = _container(dep)
    assert c["image"].startswith("danielqsj/kafka-exporter:") and not c["image"].endswith(":latest")
    servers = [a.split("=", 1)[1] for a in c["args"] if a.startswith("--kafka.server=")]
    assert servers == [cm["EVENTX_KAFKA_BOOTSTRAP"].split(",")[0]]
    group_filter = next(a.split("=", 1)[1] for a in c["args"] if a.startswith("--group.filter="))
    for group in (cm["EVENTX_EXTRACTOR_GROUP"], cm["EVENTX_SINK_GROUP"]):
        assert re.fullmatch(group_filter, group)
    assert {p["name"]: p["containerPort"] for p in c["ports"]} == {"metrics": 9308}
    # compose runs the same exporter and Prometheus scrapes it
    spec = compose["services"]["kafka-exporter"]
    assert spec["image"] == c["image"]
    kafka_env = compose["services"]["kafka"]["environment"]
    compose_bootstrap = compose["services"]["extractor"]["environment"]["EVENTX_KAFKA_BOOTSTRAP"]
    assert f"--kafka.server={compose_bootstrap}" in spec["command"]
    assert spec["depends_on"]["kafka"]["condition"] == "service_healthy" and kafka_env
    jobs = {j["job_name"]: j for j in load_yaml(PROM_DIR / "prometheus.yml")["scrape_configs"]}
    assert jobs["kafka-exporter"]["static_configs"][0]["targets"] == ["kafka-exporter:9308"]
    assert [int(p) for p in spec["expose"]] == [9308]


def test_k8s_pdb(k8s_docs: list[dict[str, Any]]) -> None:
    deps = _by_kind(k8s_docs, "Deployment")
    for name, pdb in _by_kind(k8s_docs, "PodDisruptionBudget").items():
        dep = deps[name]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
        assert pdb["spec"]["minAvailable"] < dep["spec"]["replicas"], "a PDB equal to replicas blocks node drains"


@needs_kubectl
def test_kustomize_build() -> None:
    res = subprocess.run([KUBECTL, "kustomize", str(K8S_DIR)], capture_output=True, text=True, timeout=120)  # type: ignore[list-item]
    assert res.returncode == 0, res.stderr
    docs = [d for d in yaml.safe_load_all(res.stdout) if d]
    assert all(d["metadata"].get("namespace") == "eventx" for d in docs if d["kind"] != "Namespace")
    images = {c["image"] for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] in JOBS.values()
              for c in d["spec"]["template"]["spec"]["containers"]}
    assert len(images) == 1 and ":" in images.pop()

    # the ServiceMonitor must select the rendered Services
    mon = subprocess.run([KUBECTL, "kustomize", str(K8S_DIR / "monitoring")], capture_output=True, text=True,  # type: ignore[list-item]
                         timeout=120)
    assert mon.returncode == 0, mon.stderr
    sm = next(d for d in yaml.safe_load_all(mon.stdout) if d and d["kind"] == "ServiceMonitor")
    selected = [
        d for d in docs
        if d["kind"] == "Service" and sm["spec"]["selector"]["matchLabels"].items() <= d["metadata"]["labels"].items()
    ]
    assert {d["metadata"]["name"] for d in selected} == set(JOBS.values()) | {"eventx-kafka-exporter"}
    port_names = {p["name"] for d in selected for p in d["spec"]["ports"]}
    assert {e["port"] for e in sm["spec"]["endpoints"]} <= port_names


def test_prometheusrule_is_generated_from_alerts() -> None:
    spec = importlib.util.spec_from_file_location("render_prometheusrule", K8S_DIR / "monitoring" / "render_prometheusrule.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    current = (K8S_DIR / "monitoring" / "prometheusrule.yaml").read_text()
    assert current == mod.render(), "prometheusrule.yaml is stale: run deploy/k8s/monitoring/render_prometheusrule.py"
    rule = yaml.safe_load(current)
    assert rule["kind"] == "PrometheusRule"
    assert rule["spec"]["groups"] == load_yaml(PROM_DIR / "alerts.yml")["groups"]
