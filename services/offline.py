"""Extraction without a broker: JSONL in, JSONL out (``eventx extract`` / ``eventx eval``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from pydantic import ValidationError

from contracts.models import RawArticle


def _read_lines(paths: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    paths = list(paths) or ["-"]
    for path in paths:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
        try:
            for lineno, line in enumerate(handle, 1):
                if line.strip():
                    yield path, lineno, line
        finally:
            if handle is not sys.stdin:
                handle.close()


def read_articles(paths: Iterable[str]) -> Iterator[RawArticle]:
    """Valid articles from JSONL; invalid lines are reported on stderr, never silently skipped."""
    for path, lineno, line in _read_lines(paths):
        try:
            yield RawArticle.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "body"
            print(f"eventx: {path}:{lineno}: skipped invalid article ({where}: {first['msg']})", file=sys.stderr)


def _batches(items: Iterable[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    batch: list[RawArticle] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_files(paths: Iterable[str], out: TextIO, batch_size: int = 32) -> int:
    from services.extractor.extraction import Extractor

    extractor = Extractor()
    for batch in _batches(read_articles(paths), max(1, batch_size)):
        for events in extractor.extract_many(batch):
            for event in events:
                out.write(event.model_dump_json() + "\n")
    out.flush()
    return 0


def evaluate_file(gold_path: str, out: TextIO, show_errors: bool = False, as_json: bool = False) -> int:
    from services.extractor.evaluation import evaluate, format_report
    from services.extractor.extraction import Extractor

    with open(gold_path, encoding="utf-8") as fh:
        gold_rows = [json.loads(line) for line in fh if line.strip()]
    articles = [RawArticle.model_validate(row) for row in gold_rows]
    events = [
        json.loads(ev.model_dump_json())
        for evs in Extractor().extract_many(articles)
        for ev in evs
    ]
    report = evaluate(gold_rows, events)
    if as_json:
        out.write(json.dumps(report) + "\n")
    else:
        out.write(format_report(report, show_errors=show_errors) + "\n")
    return 0
