"""Errors the user can fix: the command line prints them in one line and exits 2."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input, file, variable or address; ``str()`` is the whole message and names the culprit."""


def describe(exc: BaseException, bootstrap: str) -> str | None:
    """The one line to show for an error the user can fix, or None for a bug (which keeps its traceback).

    ``bootstrap`` is the broker address in use, named when it cannot be reached.
    """
    from aiokafka.errors import KafkaConnectionError, KafkaError

    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, KafkaConnectionError | ConnectionError):
        return f"cannot reach the Kafka broker at {bootstrap} (--bootstrap or EVENTX_KAFKA_BOOTSTRAP): {exc}"
    if isinstance(exc, KafkaError):
        return f"Kafka broker at {bootstrap}: {type(exc).__name__}: {exc}"
    return None


async def start_client(client: Any) -> None:
    """Start an aiokafka producer or consumer; if it cannot, close it (no "Unclosed ..." noise) and re-raise."""
    try:
        await client.start()
    except BaseException:
        await client.stop()
        raise
