"""Prometheus plumbing shared by both services.

Metric names are a contract with ``deploy/`` (alerts, dashboards): change them
there too. Each service owns a registry so tests can run both in one process.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, start_http_server


def serve_metrics(registry: CollectorRegistry, port: int, addr: str = "0.0.0.0") -> None:
    """Expose ``registry`` on ``http://addr:port/metrics``; port 0 disables it."""
    if port:
        start_http_server(port, addr=addr, registry=registry)


def new_registry() -> CollectorRegistry:
    """A per-service registry with the standard process and platform collectors."""
    from prometheus_client import PlatformCollector, ProcessCollector

    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    return registry
