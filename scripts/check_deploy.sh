#!/usr/bin/env bash
# Static checks of the deployment artefacts, for CI and before a release.
# Needs: the project venv (pyyaml), promtool (apt-get install -y prometheus);
# kubectl is optional (kustomize build). Docker is not needed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}

if command -v promtool >/dev/null; then
  (cd deploy/prometheus && promtool check config prometheus.yml && promtool test rules alerts_test.yml)
else
  echo "WARNING: promtool not found; promtool checks will be skipped" >&2
fi
if command -v kubectl >/dev/null; then
  kubectl kustomize deploy/k8s >/dev/null
  kubectl kustomize deploy/k8s/monitoring >/dev/null
  echo "kustomize build OK"
fi
"$PY" deploy/k8s/monitoring/render_prometheusrule.py --check
"$PY" -m pytest tests/unit/test_deploy.py -q
