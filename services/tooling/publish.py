"""``eventx publish``: what a crawler does, with the file checked first."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from pydantic import ValidationError

from eventx.contracts.models import RawArticle
from eventx.services.common.config import Settings
from eventx.services.common.console import RunSummary, progress
from eventx.services.common.errors import UserError, start_client


def _article_key(line: bytes) -> bytes | None:
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if isinstance(obj, dict) and obj.get("id") not in (None, ""):
        return str(obj["id"]).encode("utf-8")
    return None


@dataclass(frozen=True)
class Line:
    """One non-blank input line and where it came from (``path:lineno`` in every message)."""

    path: str
    lineno: int
    key: bytes | None
    value: bytes

    @property
    def where(self) -> str:
        return f"{self.path}:{self.lineno}"


def read_lines(paths: Iterable[str]) -> list[Line]:
    out = []
    for path in paths:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                value = raw.strip()
                if value:
                    out.append(Line(path, lineno, _article_key(value), value))
    return out


def read_records(paths: Iterable[str]) -> list[tuple[bytes | None, bytes]]:
    """(key, value) per non-blank line; lines go out as written, bad ones too (the extractor judges)."""
    return [(line.key, line.value) for line in read_lines(paths)]


def invalid_line(line: Line, max_bytes: int) -> str | None:
    """Why the extractor would dead-letter this line instead of extracting it, or None."""
    if len(line.value) > max_bytes:
        return f"{len(line.value):,} bytes, over EVENTX_MAX_ARTICLE_BYTES ({max_bytes:,})"
    try:
        RawArticle.model_validate_json(line.value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"not a valid RawArticle: {where + ': ' if where else ''}{first['msg']}"
    return None


def validate_lines(lines: list[Line], max_bytes: int) -> None:
    """Refuse the whole file before anything is sent; the message names the first bad line."""
    bad = [(line, why) for line in lines if (why := invalid_line(line, max_bytes))]
    if bad:
        line, why = bad[0]
        more = f" (and {len(bad) - 1} more invalid line(s))" if len(bad) > 1 else ""
        raise UserError(f"{line.where}: {why}{more}; nothing was sent (--no-validate sends lines as written)")


async def publish_records(bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes]],
                          where: list[str] | None = None) -> int:
    """Send every record; on a failure, name the line it stopped at (``where``) and how many went before."""
    # Big records go out as they are: judging them (too_large) is the extractor's job, not the producer's.
    biggest = max((len(v) + len(k or b"") for k, v in records), default=0)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False,
                                max_request_size=max(1_048_576, biggest + 65_536))
    await start_client(producer)
    futures: list[asyncio.Future] = []
    try:
        for key, value in records:  # queued in batches; a record the producer refuses outright fails here
            futures.append(await producer.send(topic, value, key=key,
                                               headers=[("content-type", b"application/json")]))
        for fut in progress(futures, len(futures), "article", "publish"):
            await fut
    except KafkaError as exc:
        failed = next((i for i, f in enumerate(futures) if f.done() and not f.cancelled() and f.exception()),
                      len(futures))
        acked = sum(1 for f in futures if f.done() and not f.cancelled() and not f.exception())
        at = where[failed] if where else f"record {failed + 1}"
        raise UserError(f"{at}: the broker at {bootstrap} refused it ({type(exc).__name__}: {exc}); "
                        f"stopped there; {acked} other line(s) were sent") from exc
    finally:
        await producer.stop()
    return len(futures)


def publish(files: list[str], bootstrap: str | None = None, validate: bool = True) -> int:
    settings = Settings()
    summary = RunSummary()
    lines = read_lines(files)
    if validate:
        validate_lines(lines, settings.max_article_bytes)
    summary.articles = asyncio.run(publish_records(bootstrap or settings.kafka_bootstrap, settings.topic_articles,
                                                   [(x.key, x.value) for x in lines], [x.where for x in lines]))
    print(f"eventx: published {summary.articles} article(s) to {settings.topic_articles} from {len(files)} "
          f"file(s) in {time.monotonic() - summary.started:.1f} s", file=sys.stderr)
    return 0
