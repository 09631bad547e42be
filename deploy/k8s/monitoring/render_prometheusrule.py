#!/usr/bin/env python3
"""Regenerate prometheusrule.yaml from deploy/prometheus/alerts.yml.

Why generated: the compose Prometheus loads alerts.yml directly, while
prometheus-operator wants the same groups wrapped in a PrometheusRule object.
One source of truth (alerts.yml, which has promtool unit tests) avoids the two
drifting; tests/unit/test_deploy.py fails if this output is stale.

    python deploy/k8s/monitoring/render_prometheusrule.py          # rewrite
    python deploy/k8s/monitoring/render_prometheusrule.py --check  # exit 1 if stale
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ALERTS = HERE.parent.parent / "prometheus" / "alerts.yml"
TARGET = HERE / "prometheusrule.yaml"

HEADER = """\
# GENERATED from deploy/prometheus/alerts.yml by render_prometheusrule.py.
# Do not edit by hand: edit alerts.yml (and alerts_test.yml), then re-run the script.
# Your Prometheus' ruleSelector may require an extra label (e.g.
# release: kube-prometheus-stack): add it in an overlay.
"""


class _BlockDumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings (PromQL) as | blocks."""


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_BlockDumper.add_representer(str, _str_representer)


def build(alerts: dict[str, Any]) -> dict[str, Any]:
    """Wrap the rule groups of alerts.yml into a PrometheusRule manifest."""
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "eventx"},
        "spec": {"groups": alerts["groups"]},
    }


def render(alerts_path: Path = ALERTS) -> str:
    alerts = yaml.safe_load(alerts_path.read_text())
    body = yaml.dump(build(alerts), Dumper=_BlockDumper, sort_keys=False, width=1000)
    return HEADER + body


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print(f"{TARGET} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
