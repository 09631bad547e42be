"""Every user error is one line naming the file, variable or address at fault, exit code 2, no traceback."""

from __future__ import annotations

import json

import pytest

from eventx.services.cli import main
from eventx.services.common.broker import free_port


def _run(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) if argv and argv[0] == "--version" else _nothing():
        code = main(list(argv))
        err = capsys.readouterr().err
        return code, err
    return 0, capsys.readouterr().out


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def _one_line_error(code: int, err: str, *names: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("eventx: error: ") and "Traceback" not in err
    for name in names:
        assert name in lines[0]
    return lines[0]


@pytest.fixture
def closed_port() -> str:
    return f"127.0.0.1:{free_port()}"


@pytest.fixture
def articles(tmp_path):
    def write(*lines: str | bytes, name: str = "in.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n")
        return str(path)
    return write


GOOD = json.dumps({"id": "a-1", "text": "Envoys met in Geneva on Monday."})


@pytest.mark.parametrize("command", ["extract", "eval", "publish"])
def test_a_missing_file_is_named(capsys, command, tmp_path):
    missing = str(tmp_path / "nope.jsonl")
    _one_line_error(*_run(capsys, command, missing), missing, "No such file")


@pytest.mark.parametrize("bad,why", [("{broken", "not JSON"), ('{"id": "x"}', "text"),
                                     (b"\xff\xfe{}", "not UTF-8")])
def test_eval_names_the_bad_line(capsys, articles, bad, why):
    path = articles(GOOD, bad)
    _one_line_error(*_run(capsys, "eval", path), f"{path}:2", why)


@pytest.mark.parametrize("env,value,shown", [
    ("EVENTX_LOG_LEVEL", "LOUD", "EVENTX_LOG_LEVEL"),
    ("EVENTX_SINK_BATCH_SIZE", "many", "EVENTX_SINK_BATCH_SIZE"),
    ("EVENTX_SINK_BATCH_SIZE", "0", "EVENTX_SINK_BATCH_SIZE"),
    ("EVENTX_KAFKA_SECURITY_PROTOCOL", "KERBEROS", "EVENTX_KAFKA_SECURITY_PROTOCOL"),
    ("EVENTX_KAFKA_BOOTSTRAP", "kafka", "EVENTX_KAFKA_BOOTSTRAP"),
    ("EVENTX_DB_ULR", "postgresql://db/x", "unknown variable EVENTX_DB_ULR"),
])
def test_a_bad_variable_stops_every_command_at_start(capsys, monkeypatch, articles, env, value, shown):
    monkeypatch.setenv(env, value)
    line = _one_line_error(*_run(capsys, "extract", articles(GOOD)), shown)
    assert "sink_batch_size" not in line  # the variable's name, not the field's


def test_a_misspelt_variable_stops_the_service(capsys, monkeypatch):
    monkeypatch.setenv("EVENTX_DB_ULR", "postgresql://db/x")
    _one_line_error(*_run(capsys, "serve", "sink"), "EVENTX_DB_ULR")


def test_an_unsupported_database_url_is_named_without_its_password(capsys, monkeypatch, closed_port):
    monkeypatch.setenv("EVENTX_DB_URL", "mysql://user:s3cret@db/x")
    monkeypatch.setenv("EVENTX_KAFKA_BOOTSTRAP", closed_port)
    line = _one_line_error(*_run(capsys, "serve", "sink"), "EVENTX_DB_URL", "mysql")
    assert "s3cret" not in line


@pytest.mark.parametrize("url,shown,why", [
    ("mysql://user:s3cret@db/x", "mysql://user:***@db/x", "unsupported database URL scheme 'mysql'"),
    ("sqlite:/events.db", "sqlite:/events.db", "bad sqlite URL"),
    ("postgresql://user:s3cret@[db/x", "<unparsable URL>", "Invalid IPv6 URL"),
    ("postgresql://user:s3cret@{port}/x", "postgresql://user:***@{port}/x", "cannot connect to postgresql"),
])
def test_up_checks_the_database_url_before_starting_anything(capsys, monkeypatch, closed_port, url, shown, why):
    import eventx.services.embedded

    def must_not_start(*args: object, **kwargs: object) -> int:
        raise AssertionError("the pipeline started on a bad database URL")

    monkeypatch.setattr(eventx.services.embedded, "up", must_not_start)
    code, err = _run(capsys, "up", "--once", "--db-url", url.format(port=closed_port))
    line = _one_line_error(code, err, f"--db-url {shown.format(port=closed_port)}: ", why)
    assert "s3cret" not in line


@pytest.mark.parametrize("argv", [["tail", "--limit", "1"], ["dlq", "count"]])
def test_an_unreachable_broker_is_named(capsys, closed_port, argv):
    _one_line_error(*_run(capsys, *argv, "--bootstrap", closed_port), closed_port, "cannot reach")


def test_publish_to_an_unreachable_broker_names_it(capsys, articles, closed_port):
    _one_line_error(*_run(capsys, "publish", articles(GOOD), "--bootstrap", closed_port), closed_port)


def test_a_malformed_bootstrap_address_is_named(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tail", "--bootstrap", "kafka"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and len(err.strip().splitlines()) == 1 and "'kafka' is not host:port" in err


def test_publish_validates_the_whole_file_before_sending(capsys, articles, closed_port):
    path = articles(GOOD, GOOD.replace("a-1", "a-2"), "not json", '{"id": "a-4", "text": " "}')
    # The broker is unreachable: the error is the file's, found before any connection.
    line = _one_line_error(*_run(capsys, "publish", path, "--bootstrap", closed_port), f"{path}:3",
                           "nothing was sent")
    assert "1 more invalid line" in line


def test_publish_refuses_a_line_over_the_article_limit(capsys, monkeypatch, articles, closed_port):
    monkeypatch.setenv("EVENTX_MAX_ARTICLE_BYTES", "100")
    path = articles(GOOD, json.dumps({"id": "big", "text": "x" * 200}))
    _one_line_error(*_run(capsys, "publish", path, "--bootstrap", closed_port), f"{path}:2",
                    "EVENTX_MAX_ARTICLE_BYTES")


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(FileNotFoundError):
        main(["--debug", "eval", str(tmp_path / "nope.jsonl")])


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("eventx ")
