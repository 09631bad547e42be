"""Child processes that never outlive us: one policy for the broker and the services.

Each child runs in its own session (so a terminal's Ctrl-C reaches only us and
we stop the children in order) and is told by the kernel to die if we die
without cleaning up (``PR_SET_PDEATHSIG``, Linux). Stopping signals the whole
process group, politely then firmly: the Tansu binary ignores SIGTERM.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

_PR_SET_PDEATHSIG = 1


class PortInUseError(RuntimeError):
    """The port we were asked to listen on already has a listener."""


def ensure_port_free(host: str, port: int) -> None:
    """Fail with a clear message rather than talk to someone else's server on that port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As servers do: connections lingering in TIME_WAIT do not count, a listener does.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise PortInUseError(f"port {port} on {host} is already in use ({exc.strerror}); "
                                 "stop whatever listens there or choose another port") from exc


def _die_with_parent(sig: int) -> Any:
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)

    return preexec


def spawn(cmd: Sequence[str], *, log: IO[bytes] | int = subprocess.DEVNULL, env: Mapping[str, str] | None = None,
          parent_death_signal: int = signal.SIGTERM) -> subprocess.Popen[bytes]:
    """Start ``cmd`` in its own process group; it gets ``parent_death_signal`` if we die first."""
    return subprocess.Popen(list(cmd), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                            start_new_session=True, preexec_fn=_die_with_parent(parent_death_signal))


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # the child leads its own group (start_new_session)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)


def stop_process(proc: subprocess.Popen[bytes] | None, timeout: float = 20.0) -> int | None:
    """SIGTERM to the child's group, wait up to ``timeout``, then SIGKILL the group; returns the exit code."""
    if proc is None:
        return None
    if proc.poll() is None:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything the child left in its group
    return proc.returncode


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block SIGTERM raises ``KeyboardInterrupt``, so ``finally`` clauses stop the children."""

    def raise_interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
