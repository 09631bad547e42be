"""Prometheus plumbing shared by both services.

Metric names are a contract with ``deploy/`` (alerts, dashboards): change them
there too. Each service owns a registry so tests can run both in one process.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, start_http_server


def serve_metrics(registry: CollectorRegistry, port: int, addr: str = "0.0.0.0") -> Any | None:
    """Expose ``registry`` on ``http://addr:port/metrics``; port 0 disables it.

    Returns the HTTP server (call ``shutdown()`` to stop it) or None.
    """
    if not port:
        return None
    server, _thread = start_http_server(port, addr=addr, registry=registry)
    return server


def new_registry() -> CollectorRegistry:
    """A per-service registry with the standard process and platform collectors."""
    from prometheus_client import PlatformCollector, ProcessCollector

    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    return registry
