"""Stopping child processes politely, then firmly: one policy for broker and services."""

from __future__ import annotations

import signal
import subprocess


def stop_process(proc: subprocess.Popen[bytes] | None, timeout: float = 20.0) -> int | None:
    """SIGTERM, wait up to ``timeout``, then SIGKILL; returns the exit code."""
    if proc is None:
        return None
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode
