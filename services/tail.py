"""``eventx tail``: the event topics as an analyst reads them, one readable line per event."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from eventx.contracts.models import EVENT_TYPES
from eventx.services.common.config import Settings
from eventx.services.common.errors import UserError, start_client

_OFFSET = re.compile(r"^(?:(?P<type>[a-z_]+):)?(?P<partition>\d+):(?P<offset>\d+)$")


@dataclass(frozen=True)
class TailOptions:
    bootstrap: str | None = None
    from_beginning: bool = False
    limit: int = 0
    as_json: bool = False
    types: list[str] = field(default_factory=list)
    offsets: list[str] = field(default_factory=list)


def parse_offsets(specs: list[str], types: list[str]) -> dict[tuple[str, int], int]:
    """``[TYPE:]PARTITION:OFFSET`` -> {(event type, partition): offset}; without a type, every type."""
    out: dict[tuple[str, int], int] = {}
    for spec in specs:
        m = _OFFSET.match(spec)
        if not m or (m["type"] and m["type"] not in EVENT_TYPES):
            raise UserError(f"--offset {spec!r}: expected [TYPE:]PARTITION:OFFSET, TYPE one of "
                            f"{', '.join(EVENT_TYPES)}")
        for event_type in [m["type"]] if m["type"] else types:
            out[(event_type, int(m["partition"]))] = int(m["offset"])
    return out


def _actor(actor: dict[str, Any]) -> str:
    country = actor.get("country")
    return f"{actor.get('name')} ({country})" if country and country != actor.get("name") else str(actor.get("name"))


def format_event(event: dict[str, Any]) -> str:
    """One line: when, type, who, what, where, and the trigger's words; article id and confidence last."""
    parts = [str(event.get("date") or event.get("published_at") or "----------"),
             f"{event.get('event_type', '?'):<15}"]
    if event.get("status") == "planned":
        parts.append("(planned)")
    actors = [_actor(a) for a in event.get("actors") or []]
    parts.append(", ".join(actors) or "(no actor)")
    amount = event.get("amount") or {}
    if amount:
        parts.append(f"{amount.get('value'):,.0f} {amount.get('currency') or ''}".rstrip())
    for key in ("project", "location"):
        if event.get(key):
            parts.append(("@ " if key == "location" else "") + str(event[key].get("name")))
    if event.get("content"):
        parts.append(f"- {event['content']}")
    if event.get("trigger"):
        parts.append(f'"{event["trigger"].get("text")}"')
    parts.append(f"[{event.get('article_id')} {float(event.get('confidence') or 0):.2f}]")
    return "  ".join(parts)


def render(record: ConsumerRecord, as_json: bool) -> str:
    text = (record.value or b"").decode("utf-8", "replace")
    if as_json:
        return text
    where = f"{record.topic}:{record.partition}:{record.offset}"
    try:
        event = json.loads(text)
    except ValueError:
        event = None
    if not isinstance(event, dict):
        return f"{where}  (not an event: {text[:80]!r})"
    return f"{where}  {format_event(event)}"


async def _position(consumer: AIOKafkaConsumer, settings: Settings, options: TailOptions,
                    types: list[str]) -> None:
    """Assign every partition of the chosen topics and seek each to its requested offset."""
    await consumer.topics()  # fetches the cluster metadata
    offsets = parse_offsets(options.offsets, types)
    assigned = {TopicPartition(settings.event_topic(t), p): (t, p) for t in types
                for p in consumer.partitions_for_topic(settings.event_topic(t)) or ()}
    unknown = sorted(set(offsets) - set(assigned.values()))
    if unknown:
        raise UserError(f"--offset: no partition {unknown[0][1]} on topic {settings.event_topic(unknown[0][0])}")
    consumer.assign(list(assigned))
    for tp, key in assigned.items():
        if key in offsets:
            consumer.seek(tp, offsets[key])
        elif options.from_beginning:
            await consumer.seek_to_beginning(tp)
        else:
            await consumer.seek_to_end(tp)


async def tail_records(options: TailOptions, out: TextIO, settings: Settings | None = None) -> int:
    settings = settings or Settings()
    types = options.types or list(EVENT_TYPES)
    topics = [settings.event_topic(t) for t in types]
    bootstrap = options.bootstrap or settings.kafka_bootstrap
    consumer = AIOKafkaConsumer(*([] if options.offsets else topics), bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest" if options.from_beginning else "latest")
    await start_client(consumer)
    seen = 0
    try:
        if options.offsets:
            await _position(consumer, settings, options, types)
        async for record in consumer:
            out.write(render(record, options.as_json) + "\n")
            out.flush()
            seen += 1
            if options.limit and seen >= options.limit:
                break
    finally:
        await consumer.stop()
    return seen


def tail(options: TailOptions) -> int:
    asyncio.run(tail_records(options, sys.stdout))
    return 0
