"""End to end: real broker, both services as `eventx serve` processes, real extraction, real databases."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventx.contracts.models import EVENT_TYPES
from eventx.services.common.broker import all_topics, ensure_topics, free_port
from eventx.services.common.processes import stop_process
from eventx.services.tooling.progress import wait_caught_up
from eventx.services.sink.storage import open_store
from tests.integration.kafka_helpers import consume, produce
from tests.pg import temp_schema_url

pytestmark = pytest.mark.integration

# Written for these tests: a short wire story in the usual shape.
STORY = (
    " date 2025-05-21 \n\n"
    "HANOI, May 21 -- Vietnamese Prime Minister Tran Van Minh met Australian Foreign Minister "
    "Claire Holden in Hanoi on Tuesday to discuss trade and climate finance.\n\n"
    "Minh asked Australia to provide concessional loans for the Mekong Delta Coastal Highway. "
    "Holden pledged A$50 million in grant aid for flood defences."
)


def _spawn(service: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "eventx.services.cli", "serve", service], env=env,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pipeline.db'}"
    else:
        yield from temp_schema_url()


def test_articles_become_persisted_events_and_bad_input_is_dead_lettered(settings, db_url, tmp_path):
    settings = settings.model_copy(update={"db_url": db_url})
    env = dict(os.environ,
               EVENTX_KAFKA_BOOTSTRAP=settings.kafka_bootstrap, EVENTX_DB_URL=db_url,
               EVENTX_EXTRACTOR_GROUP=settings.extractor_group, EVENTX_SINK_GROUP=settings.sink_group,
               EVENTX_EXTRACTOR_METRICS_PORT=str(free_port()), EVENTX_SINK_METRICS_PORT=str(free_port()))
    asyncio.run(ensure_topics(settings.kafka_bootstrap, all_topics(settings)))
    procs = [_spawn(name, env, tmp_path / f"{name}.log") for name in ("extractor", "sink")]
    try:
        asyncio.run(produce(settings.kafka_bootstrap, settings.topic_articles, [
            (b"bad-1", b"<html>not an article</html>"),
            (b"story-1", json.dumps({"id": "story-1", "text": STORY}).encode()),
            (b"story-1", json.dumps({"id": "story-1", "text": STORY}).encode()),  # a crawler resend
        ]))
        event_topics = [settings.event_topic(t) for t in EVENT_TYPES]
        asyncio.run(wait_caught_up(settings.kafka_bootstrap, settings.extractor_group,
                                   [settings.topic_articles], timeout=120))
        asyncio.run(wait_caught_up(settings.kafka_bootstrap, settings.sink_group, event_topics, timeout=60))
        dead = asyncio.run(consume(settings.kafka_bootstrap, [settings.topic_dlq], 1))
    finally:
        codes = [stop_process(p, 30) for p in procs]

    logs = {p: (tmp_path / f"{p}.log").read_text() for p in ("extractor", "sink")}
    assert codes == [0, 0], logs
    assert [r.key for r in dead] == [b"bad-1"]
    assert dict(dead[0].headers)["x-error-kind"] == b"invalid_json"

    with open_store(db_url) as store:
        events = store.query(article_id="story-1")
    types = sorted(e.event_type for e in events)
    assert "meeting" in types and "request" in types and "pledge" in types, types
    assert len({e.event_id for e in events}) == len(events)  # the resend was an upsert, not a duplicate
    meeting = next(e for e in events if e.event_type == "meeting")
    names = " ".join(a.name for a in meeting.actors)
    assert "Tran Van Minh" in names and "Claire Holden" in names
    assert meeting.location is not None and meeting.location.name == "Hanoi"
    assert str(meeting.date) == "2025-05-20"
    assert any(line.startswith("{") and '"article_processed"' in line for line in logs["extractor"].splitlines())
