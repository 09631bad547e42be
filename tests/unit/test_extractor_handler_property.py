"""Property: whatever garbage is interleaved with valid articles, every record is accounted for.

The handler (no broker, a stub core) gets generated batches; each record must
end as the events of its article or as exactly one dead letter naming its
offset and a kind from the contract — never both, never neither, never an
exception that would stall the partition.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from aiokafka import ConsumerRecord
from hypothesis import HealthCheck, given, settings as hsettings
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry

from eventx.contracts.models import ErrorKind, Event, ExtractorInfo
from eventx.services.common.config import Settings
from eventx.services.extractor.handler import ExtractorHandler
from eventx.services.extractor.metrics import ExtractorMetrics

SENTENCES = ["Ministers met in Lima on Monday.", "The envoy pledged aid for the new port.",
             "Officials asked donors to fund the railway.", "Leaders held talks in Accra."]


class StubWorker:
    """In-process stand-in for the worker: one meeting per article, a crash on 'BOOM'."""

    async def start(self) -> None: ...

    def stop(self) -> None: ...

    async def extract(self, articles, timeout_s):
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("core crashed")
        return [([Event(event_id=f"{a.id}-m", event_type="meeting", article_id=a.id, confidence=0.5,
                         extractor=ExtractorInfo(version="stub", model="none"),
                         extracted_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))], 0.0)  # (events, seconds)
                for a in articles]


valid = st.builds(
    lambda text: text,
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join))
garbage = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=5), c, max_size=4)
                 ).map(lambda o: json.dumps(o).encode()),
    st.integers(1, 5000).map(lambda n: b"[" * n + b"]" * n),
    st.just(json.dumps({"id": "boom", "text": "BOOM goes the parser."}).encode()),
    st.just(b"x" * 3000),
)
headers = st.sampled_from([[], [("content-type", b"application/json")], [("content-type", b"text/plain")],
                           [("content-type", b"\xff\xfe")]])
batch = st.lists(st.tuples(st.booleans(), valid, garbage, headers, st.booleans()), min_size=1, max_size=12)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch)
def test_every_record_is_events_or_one_dead_letter(items):
    published: list[tuple[bytes, str, bytes | None, dict[str, str]]] = []

    async def publish(value, topic, key, hdrs):
        published.append((value, topic, key, hdrs))

    settings = Settings(max_article_bytes=2000, max_article_chars=1500)
    handler = ExtractorHandler(settings, publish, ExtractorMetrics.create(CollectorRegistry()), StubWorker())
    recs, expected_ok = [], set()
    for offset, (is_valid, good, bad, hdrs, null) in enumerate(items):
        good = json.dumps({"id": f"ok-{offset}", "text": good}).encode()
        value = good if is_valid else (None if null else bad)
        if is_valid and hdrs != [("content-type", b"text/plain")]:
            expected_ok.add(offset)
        recs.append(ConsumerRecord("articles.raw", 0, offset, 0, 0, f"k{offset}".encode(), value, None,
                                   0, len(value or b""), hdrs))
    asyncio.run(handler.handle_records(recs))

    dead = [h for _, topic, _, h in published if topic == settings.topic_dlq]
    events = [json.loads(v) for v, topic, _, _ in published
              if topic not in (settings.topic_dlq, settings.topic_manifests)]
    manifests = [json.loads(v) for v, topic, _, _ in published if topic == settings.topic_manifests]
    dead_offsets = {int(h["x-original-offset"]) for h in dead}
    assert all(ErrorKind(h["x-error-kind"]) for h in dead)
    assert len(dead_offsets) == len(dead), "one dead letter per record at most"
    ok_ids = {json.loads(recs[o].value)["id"] for o in expected_ok}
    assert ok_ids <= {e["article_id"] for e in events}
    assert not expected_ok & dead_offsets
    # every record is accounted for exactly once: processed (its events out) or dead-lettered
    processed = handler.metrics.articles.labels("ok")._value.get()
    assert processed + len(dead_offsets) == len(recs)
    assert len(events) == processed  # the stub gives one event per processed article
    assert len(manifests) == processed  # and each processed article says which events are current
