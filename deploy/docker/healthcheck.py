#!/usr/bin/env python3
"""Container health probe: exit 0 if an eventx service on localhost says it is ready (/readyz).

Why a script and not curl: python:3.11-slim ships no curl/wget, and the image is
shared by the extractor and the sink, which listen on different metrics ports.
A container runs exactly one service, so "any configured port answers" means
"this container's service is up".

Usage: eventx-healthcheck [PORT ...]
Without arguments the ports come from EVENTX_EXTRACTOR_METRICS_PORT and
EVENTX_SINK_METRICS_PORT (defaults 9108 and 9109); a port of 0 means disabled.
Only the standard library is used so the probe works whatever the venv holds.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_PORTS = {"EVENTX_EXTRACTOR_METRICS_PORT": 9108, "EVENTX_SINK_METRICS_PORT": 9109}


def ports_from_env(environ: dict[str, str]) -> list[int]:
    """Configured, enabled metrics ports, in a stable order."""
    ports: list[int] = []
    for var, default in DEFAULT_PORTS.items():
        try:
            port = int(environ.get(var, default))
        except ValueError:
            continue
        if port > 0 and port not in ports:
            ports.append(port)
    return ports


def probe(port: int, host: str = "127.0.0.1", timeout: float = 3.0) -> bool:
    """True when GET /readyz returns HTTP 200 (broker, database and consumer all fine)."""
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/readyz", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def main(argv: list[str]) -> int:
    try:
        ports = [int(a) for a in argv] if argv else ports_from_env(dict(os.environ))
    except ValueError:
        print(f"eventx-healthcheck: ports must be integers, got {argv}", file=sys.stderr)
        return 2
    for port in ports:
        if probe(port):
            return 0
    print(f"eventx-healthcheck: not ready on ports {ports} (GET /readyz says why)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
