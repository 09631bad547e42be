"""The ``eventx`` command line: run the pipeline, its parts, or extraction alone."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def _cmd_extract(args: argparse.Namespace) -> int:
    from eventx.services.tooling.offline import extract_files

    return extract_files(args.files, sys.stdout, batch_size=args.batch_size)


def _cmd_eval(args: argparse.Namespace) -> int:
    from eventx.services.tooling.offline import evaluate_file

    return evaluate_file(args.gold, sys.stdout, show_errors=args.show_errors, as_json=args.json)


def _require_embedded_broker() -> None:
    """``up`` and ``broker`` need the optional extra: say so in one line, not a traceback."""
    from eventx.services.common.broker import EMBEDDED_EXTRA_MISSING, embedded_broker_available

    if not embedded_broker_available():
        print(f"eventx: error: {EMBEDDED_EXTRA_MISSING}", file=sys.stderr)
        raise SystemExit(2)


def _cmd_train(args: argparse.Namespace) -> int:
    from eventx.services.tooling.train import main as train

    return train(args.shared, args.extra, args.untouched, args.folds, args.out)


def _cmd_broker(args: argparse.Namespace) -> int:
    _require_embedded_broker()
    from eventx.services.common.broker import run_broker_foreground

    return run_broker_foreground(args.port)


def _cmd_serve(args: argparse.Namespace) -> int:
    from eventx.services.runner import serve

    if args.workers is not None and (args.service != "extractor" or args.workers < 1):
        print("eventx: error: --workers takes N >= 1 and applies to the extractor only", file=sys.stderr)
        return 2
    return serve(args.service, workers=args.workers)


def _cmd_up(args: argparse.Namespace) -> int:
    _require_embedded_broker()
    from eventx.services.embedded import up
    from eventx.services.sink.db import check_db_url

    if args.db_url is not None:  # the default is a local SQLite file the pipeline makes itself
        check_db_url(args.db_url, "--db-url")
    return up(files=args.files, once=args.once, port=args.port, db_url=args.db_url, timeout=args.timeout)


def _cmd_publish(args: argparse.Namespace) -> int:
    from eventx.services.tooling.publish import publish

    return publish(args.files, bootstrap=args.bootstrap, validate=not args.no_validate)


def _cmd_tail(args: argparse.Namespace) -> int:
    from eventx.services.tail import TailOptions, tail

    return tail(TailOptions(bootstrap=args.bootstrap, from_beginning=args.from_beginning, limit=args.limit,
                            as_json=args.json, types=args.type, offsets=args.offset))


def _cmd_bench(args: argparse.Namespace) -> int:
    from eventx.services.tooling.bench import bench

    if args.workers < 2:
        print("eventx: error: bench --workers takes N >= 2 (it compares N workers with 1)", file=sys.stderr)
        return 2
    return bench(args.files, quick=args.quick, as_json=args.json, postgres_url=args.postgres, workers=args.workers)


def _cmd_dlq(args: argparse.Namespace) -> int:
    from eventx.services.dlq import run

    return run(args.action, bootstrap=args.bootstrap, topics=args.topic, kinds=args.kind, where=args.where,
               as_json=args.json)


def _add_db_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``eventx db upgrade``: apply pending schema migrations (the sink also does at start)."""

    def run(args: argparse.Namespace) -> int:
        from eventx.services.sink.db import upgrade

        return upgrade(args.db_url)

    s = sub.add_parser("db", help="the sink's database: `upgrade` applies pending schema migrations")
    s.add_argument("action", choices=["upgrade"])
    s.add_argument("--db-url", default=None, help="default: EVENTX_DB_URL")
    s.set_defaults(func=run)


def _add_tail(sub: argparse._SubParsersAction) -> None:
    from eventx.contracts.models import EVENT_TYPES

    s = sub.add_parser("tail", help="print events from the event topics as they arrive, one readable line each")
    s.add_argument("--bootstrap", default=None, type=_bootstrap_arg, help="default: EVENTX_KAFKA_BOOTSTRAP")
    s.add_argument("--from-beginning", action="store_true", help="start at the oldest event, not the next one")
    s.add_argument("--offset", action="append", default=[], metavar="[TYPE:]PARTITION:OFFSET",
                   help="start this partition at this offset (repeatable; TYPE: one event type, else all)")
    s.add_argument("--type", action="append", default=[], choices=EVENT_TYPES,
                   help="only this event type (repeatable; default: all)")
    s.add_argument("--json", action="store_true", help="the events' JSON, one per line")
    s.add_argument("--limit", type=int, default=0, help="stop after N events (0: never)")
    s.set_defaults(func=_cmd_tail)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, like every other error (``eventx CMD --help`` shows the usage)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _bootstrap_arg(value: str) -> str:
    from eventx.services.common.config import check_bootstrap

    try:
        return check_bootstrap(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _version() -> str:
    from eventx.services.common.deadletter import service_version

    return f"eventx {service_version()}"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="eventx", description=__doc__)
    p.add_argument("--version", action="version", version=_version())
    p.add_argument("--debug", action="store_true", help="show the traceback of an error")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("extract", help="RawArticle JSONL (files or stdin) -> Event JSONL on stdout; no broker")
    s.add_argument("files", nargs="*", help="JSONL files; '-' or none reads stdin")
    s.add_argument("--batch-size", type=int, default=32)
    s.set_defaults(func=_cmd_extract)

    s = sub.add_parser("eval", help="extract a gold file's articles and score them against its events")
    s.add_argument("gold")
    s.add_argument("--show-errors", action="store_true")
    s.add_argument("--json", action="store_true", help="print the report as JSON")
    s.set_defaults(func=_cmd_eval)

    s = sub.add_parser("train", help="train the learned stage from the gold files; cross-validate; report")
    s.add_argument("--shared", default="../shared/eval", help="folder with train.jsonl and dev.jsonl")
    s.add_argument("--extra", nargs="*", help="more gold JSONL (default: tests/data/heldout*.jsonl but heldout4, kept out)")
    s.add_argument("--untouched", default="tests/data/train_untouched_ids.txt", help="train ids never trained on")
    s.add_argument("--folds", type=int, default=5)
    s.add_argument("--out", default=None, help="model folder (default: the packaged one)")
    s.set_defaults(func=_cmd_train)

    s = sub.add_parser("broker", help="run the embedded Kafka-protocol broker (Tansu) in the foreground")
    s.add_argument("--port", type=int, default=9092)
    s.set_defaults(func=_cmd_broker)

    s = sub.add_parser("serve", help="run one service in the foreground, configured by EVENTX_* variables")
    s.add_argument("service", choices=["extractor", "sink"])
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="extractor: N extraction processes (default: EVENTX_EXTRACTOR_WORKERS, 1)")
    s.set_defaults(func=_cmd_serve)

    s = sub.add_parser("up", help="broker + extractor + sink (SQLite) on this machine, with sample articles")
    s.add_argument("files", nargs="*", help="RawArticle JSONL to publish instead of the bundled samples")
    s.add_argument("--once", action="store_true", help="exit after the articles are processed")
    s.add_argument("--port", type=int, default=0, help="broker port (0: a free one)")
    s.add_argument("--db-url", default=None, help="default: sqlite:///eventx-data/eventx.db")
    s.add_argument("--timeout", type=float, default=180.0, help="--once: give up after this many seconds")
    s.set_defaults(func=_cmd_up)

    s = sub.add_parser("publish", help="publish RawArticle JSONL to articles.raw (what a crawler does)")
    s.add_argument("files", nargs="+")
    s.add_argument("--bootstrap", default=None, type=_bootstrap_arg, help="default: EVENTX_KAFKA_BOOTSTRAP")
    s.add_argument("--no-validate", action="store_true",
                   help="send lines as written, invalid ones too (to exercise the dead-letter path)")
    s.set_defaults(func=_cmd_publish)

    _add_tail(sub)

    s = sub.add_parser("bench", help="measure extraction, end to end, latency, sink and memory on this machine")
    s.add_argument("files", nargs="*", help="RawArticle JSONL (default: the bundled samples)")
    s.add_argument("--json", action="store_true", help="print the report as JSON")
    s.add_argument("--quick", action="store_true", help="a little of everything (smoke test; figures meaningless)")
    s.add_argument("--workers", type=int, default=2, metavar="N", help="end to end: compare N workers with 1")
    s.add_argument("--postgres", default=None, metavar="URL",
                   help="also measure the sink into this PostgreSQL (a throw-away schema, dropped after)")
    s.set_defaults(func=_cmd_bench)

    s = sub.add_parser("dlq", help="count, list or replay dead letters (articles.dlq, events.dlq)")
    s.add_argument("action", choices=["count", "list", "replay"])
    s.add_argument("--topic", action="append", default=[], help="a DLQ topic (default: both)")
    s.add_argument("--kind", action="append", default=[], help="only this error kind (repeatable)")
    s.add_argument("--where", action="append", default=[], metavar="TOPIC:PARTITION:OFFSET",
                   help="only the dead letter at this place on the DLQ (repeatable; from `list`)")
    s.add_argument("--bootstrap", default=None, type=_bootstrap_arg, help="default: EVENTX_KAFKA_BOOTSTRAP")
    s.add_argument("--json", action="store_true", help="JSON lines")
    s.set_defaults(func=_cmd_dlq)
    _add_db_command(sub)
    return p


def _bootstrap(args: argparse.Namespace) -> str:
    from eventx.services.common.config import Settings

    try:
        return getattr(args, "bootstrap", None) or Settings().kafka_bootstrap
    except ValueError:
        return "EVENTX_KAFKA_BOOTSTRAP"


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. A user error is one line on stderr and exit 2 (``--debug``: the traceback)."""
    from eventx.services.common.config import load_settings
    from eventx.services.common.errors import describe
    from eventx.services.common.processes import PortInUseError

    args = build_parser().parse_args(argv)
    if not args.debug:  # a client's own connection log lines would repeat the one-line error
        logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        load_settings()  # unknown or invalid EVENTX_* variables stop every command at start
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except PortInUseError as exc:
        print(f"eventx: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if args.debug:
            raise
        message = describe(exc, _bootstrap(args))
        if message is None:  # a bug: still one line, the traceback is one --debug away
            print(f"eventx: internal error: {type(exc).__name__}: {exc} (--debug shows the traceback)",
                  file=sys.stderr)
            return 1
        print(f"eventx: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
