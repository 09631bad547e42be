"""Which rows a batch of events and article manifests turns into: the sink's pure core.

The rules, applied inside one store transaction to what the store holds now:

* **ownership**: an ``event_id`` belongs to the article and type that first
  stored it; an event reusing it for another article or type is a conflict
  (dead-lettered), whether the owner is stored or earlier in the batch;
* **last extraction wins**: an event older (``extracted_at``) than the stored
  row with its id is stale and skipped, so a late replay of an old extraction
  never overwrites a newer one; equal or newer overwrites (replays are upserts);
* **manifests retract**: a manifest newer than the stored one for its article
  becomes current and deletes the article's events it does not list that were
  extracted no later than it; events it does not list that are no newer than
  it are stale. A manifest no newer than the stored one is ignored, so replays
  of the same extraction are no-ops.

Events newer than the current manifest are stored even if unlisted: they belong
to a later extraction whose manifest has not arrived yet (the two travel on
different topics, so their order is not guaranteed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eventx.contracts.models import ArticleManifest, Event


@dataclass(frozen=True)
class StoredEvent:
    """What the store knows of one stored event."""

    article_id: str
    event_type: str
    extracted_at: dt.datetime


@dataclass(frozen=True)
class StoredManifest:
    """The manifest currently applied to one article."""

    extracted_at: dt.datetime
    event_ids: frozenset[str]


@dataclass
class Plan:
    """What to do in the store, and what to report for each input."""

    upserts: list[Event] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    manifests: list[ArticleManifest] = field(default_factory=list)
    stale_events: list[Event] = field(default_factory=list)
    stale_manifests: list[ArticleManifest] = field(default_factory=list)
    overwrites: list[str] = field(default_factory=list)
    """Ids of ``upserts`` already stored: only their actor rows need deleting first."""
    conflicts: dict[int, str] = field(default_factory=dict)
    """``id(event)`` -> why it was refused (several inputs can share an event_id)."""


def utc(ts: dt.datetime) -> dt.datetime:
    """Aware UTC; naive values are taken to be UTC already."""
    return ts.replace(tzinfo=dt.timezone.utc) if ts.tzinfo is None else ts.astimezone(dt.timezone.utc)


def current_manifests(
    manifests: Sequence[ArticleManifest], stored: Mapping[str, StoredManifest], plan: Plan
) -> dict[str, StoredManifest]:
    """The manifest in force per article after this batch; new ones go to ``plan.manifests``."""
    current = dict(stored)
    newest: dict[str, ArticleManifest] = {}
    for m in manifests:
        held = newest.get(m.article_id)
        if held is None or utc(m.extracted_at) > utc(held.extracted_at):
            if held is not None:
                plan.stale_manifests.append(held)
            newest[m.article_id] = m
        else:
            plan.stale_manifests.append(m)
    for article_id, m in newest.items():
        before = stored.get(article_id)
        if before is not None and before.extracted_at >= utc(m.extracted_at):
            plan.stale_manifests.append(m)
            continue
        plan.manifests.append(m)
        current[article_id] = StoredManifest(utc(m.extracted_at), frozenset(m.event_ids))
    return current


def _owner_conflict(event: Event, owner: StoredEvent | None) -> str | None:
    if owner is None:
        return None
    if owner.article_id != event.article_id:
        return f"event_id {event.event_id} belongs to another article"
    if owner.event_type != event.event_type:
        return f"event_id {event.event_id} belongs to a {owner.event_type} event"
    return None


def plan_batch(
    events: Sequence[Event],
    manifests: Sequence[ArticleManifest],
    stored_events: Mapping[str, StoredEvent],
    stored_manifests: Mapping[str, StoredManifest],
) -> Plan:
    """Decide every input against the store's state (``stored_*`` cover the batch's ids and articles)."""
    plan = Plan()
    current = current_manifests(manifests, stored_manifests, plan)
    owners = dict(stored_events)
    chosen: dict[str, Event] = {}
    for event in events:
        conflict = _owner_conflict(event, owners.get(event.event_id))
        if conflict:
            plan.conflicts[id(event)] = conflict
            continue
        at = utc(event.extracted_at)
        m = current.get(event.article_id)
        stored = stored_events.get(event.event_id)
        earlier = chosen.get(event.event_id)
        newer_row = (stored is not None and stored.extracted_at > at) or (
            earlier is not None and utc(earlier.extracted_at) > at)
        unlisted = m is not None and event.event_id not in m.event_ids and at <= m.extracted_at
        if newer_row or unlisted:
            plan.stale_events.append(event)
            continue
        owners[event.event_id] = StoredEvent(event.article_id, event.event_type, at)
        chosen[event.event_id] = event  # last one in the batch wins, like a later write would
    plan.upserts = list(chosen.values())
    plan.overwrites = [event_id for event_id in chosen if event_id in stored_events]
    for m in plan.manifests:
        listed, at = frozenset(m.event_ids), utc(m.extracted_at)
        plan.deletes.extend(
            event_id for event_id, s in stored_events.items()
            if s.article_id == m.article_id and event_id not in listed and s.extracted_at <= at
            and event_id not in chosen
        )
    return plan
