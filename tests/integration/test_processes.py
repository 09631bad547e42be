"""Process hygiene (issue 7, defect 9): `eventx up` and `eventx broker` leave nothing behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventx.services.common.broker import EmbeddedBroker, free_port

pytestmark = pytest.mark.integration

EVENTX = [sys.executable, "-m", "eventx.services.cli"]


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` right now (Linux /proc)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        for k in map(int, kids):
            if k not in out:
                out.add(k)
                todo.append(k)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids: set[int], timeout: float = 30.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    return {p for p in pids if alive(p)}


def port_listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_broker_cli(port: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([*EVENTX, "broker", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    assert f"listening on 127.0.0.1:{port}" in proc.stdout.readline()
    return proc


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_eventx_broker_takes_tansu_down_with_it(sig):
    port = free_port()
    proc = start_broker_cli(port)
    children = descendants(proc.pid)
    assert children, "the broker child is running"
    proc.send_signal(sig)
    proc.wait(30)
    left = wait_gone(children)
    print(f"signal {sig.name}: children {sorted(children)}, left {sorted(left)}")
    assert not left
    assert not port_listening(port)


def test_eventx_broker_on_a_busy_port_fails_with_a_clear_message():
    with EmbeddedBroker() as other:
        result = subprocess.run([*EVENTX, "broker", "--port", str(other.port)], capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 2
        assert "already in use" in result.stderr
        assert "listening" not in result.stdout
        assert port_listening(other.port)  # the other broker is untouched


def test_eventx_up_stops_every_child_on_sigterm(tmp_path):
    proc = subprocess.Popen([*EVENTX, "up"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2])))
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "pipeline running" in line:
                break
        assert any("pipeline running" in x for x in lines), "".join(lines)
        children = descendants(proc.pid)
        assert len(children) >= 3  # broker, extractor (+ its worker), sink
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    left = wait_gone(children)
    print(f"eventx up exited {code}; children {sorted(children)}, left {sorted(left)}")
    assert not left
    assert code in (0, 130)
