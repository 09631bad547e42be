"""Prometheus plumbing shared by both services, and the HTTP port it shares with health.

Metric names are a contract with ``deploy/`` (alerts, dashboards): change them
there too. Each service owns a registry so tests can run both in one process.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from eventx.services.common.health import health_wsgi_app

if TYPE_CHECKING:
    from eventx.services.common.health import Health


class _QuietHandler(WSGIRequestHandler):
    """Probes every few seconds would flood stderr with access lines."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def serve_metrics(registry: CollectorRegistry, port: int, addr: str = "127.0.0.1",
                  health: Health | None = None) -> Any | None:
    """Serve ``/metrics`` (and ``/healthz``, ``/readyz`` with ``health``) on ``addr:port``.

    Port 0 disables it. Loopback by default: containers set ``EVENTX_METRICS_HOST=0.0.0.0``.
    Returns the HTTP server (call ``shutdown()`` to stop it) or None.
    """
    if not port:
        return None
    app = health_wsgi_app(health, make_wsgi_app(registry))
    server = make_server(addr, port, app, ThreadingWSGIServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="eventx-http", daemon=True).start()
    return server


def new_registry() -> CollectorRegistry:
    """A per-service registry with the standard process and platform collectors."""
    from prometheus_client import PlatformCollector, ProcessCollector

    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    return registry
