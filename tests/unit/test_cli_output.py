"""What the command line prints: readable tail lines, offsets, summaries, and where publish stopped."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiokafka import ConsumerRecord
from aiokafka.errors import MessageSizeTooLargeError

from eventx.services.tooling import publish
from eventx.services.common.console import RunSummary, progress
from eventx.services.common.errors import UserError
from eventx.services.tail import format_event, parse_offsets, render
from tests.factories import make_event


def _record(value: bytes, topic: str = "events.pledge", partition: int = 1, offset: int = 42) -> ConsumerRecord:
    return ConsumerRecord(topic, partition, offset, 0, 0, b"k", value, None, len(b"k"), len(value), [])


def test_tail_prints_one_readable_line_with_where_it_was_read():
    event = json.loads(make_event("pledge").model_dump_json())
    line = render(_record(json.dumps(event).encode()), as_json=False)
    assert line.startswith("events.pledge:1:42  ")
    assert "\n" not in line
    assert "pledge" in line and event["article_id"] in line
    for actor in event["actors"]:
        assert actor["name"] in line


def test_tail_json_is_the_record_as_published():
    body = make_event("meeting").model_dump_json().encode()
    assert json.loads(render(_record(body), as_json=True)) == json.loads(body)


def test_tail_says_when_a_record_is_not_an_event():
    assert "not an event" in render(_record(b"\xffgarbage"), as_json=False)


def test_format_event_copes_with_a_bare_event():
    assert "(no actor)" in format_event({"event_type": "request", "article_id": "a", "confidence": 0.5})


def test_offsets_apply_to_one_type_or_to_every_chosen_type():
    assert parse_offsets(["pledge:0:10", "2:5"], ["pledge", "meeting"]) == {
        ("pledge", 0): 10, ("pledge", 2): 5, ("meeting", 2): 5}


@pytest.mark.parametrize("spec", ["10", "war:0:1", "0:-1", "a:b"])
def test_a_bad_offset_is_a_user_error_naming_it(spec):
    with pytest.raises(UserError, match="--offset"):
        parse_offsets([spec], ["pledge"])


def test_summary_counts_articles_events_by_type_rejects_and_time():
    summary = RunSummary(articles=3, dead_letters=1)
    summary.events.update(["meeting", "meeting", "pledge"])
    line = summary.line()
    assert "3 article(s)" in line and "3 event(s)" in line and "meeting 2, pledge 1" in line
    assert "1 rejected" in line and line.endswith(" s")


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys):
    assert list(progress(range(3), 3, "article", "test")) == [0, 1, 2]
    assert capsys.readouterr().err == ""


class _RefusingProducer:
    """Acknowledges every record except the third, which the broker refuses as too large."""

    def __init__(self, **_: object) -> None:
        self.sent = 0

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, topic, value, key=None, headers=None):  # noqa: ANN001 - aiokafka's signature
        self.sent += 1
        fut = asyncio.get_running_loop().create_future()
        if self.sent == 3:
            fut.set_exception(MessageSizeTooLargeError())
        else:
            fut.set_result(None)
        return fut


def test_publish_names_the_line_the_broker_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(publish, "AIOKafkaProducer", _RefusingProducer)
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"a{i}", "text": "t"}) for i in range(4)) + "\n\n")
    lines = publish.read_lines([str(path)])
    with pytest.raises(UserError, match=rf"{path}:3: .*MessageSizeTooLargeError.*3 other line\(s\) were sent"):
        asyncio.run(publish.publish_records("h:1", "articles.raw", [(x.key, x.value) for x in lines],
                                          [x.where for x in lines]))


def test_a_progress_bar_on_a_terminal(monkeypatch):
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    with os.fdopen(follower, "w") as tty:
        monkeypatch.setattr("sys.stderr", tty)
        assert list(progress(range(3), 3, "article", "extract")) == [0, 1, 2]
        tty.flush()
    shown = os.read(leader, 4000).decode("utf-8", "replace")
    os.close(leader)
    assert "extract:" in shown and "/3 " in shown and "article" in shown
