"""Extraction without a broker: JSONL in, JSONL out (``eventx extract`` / ``eventx eval``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from pydantic import ValidationError

from eventx.contracts.models import RawArticle
from eventx.services.common.console import RunSummary, count_lines, progress
from eventx.services.common.errors import UserError


def _read_lines(paths: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    """(path, line number, text) per non-blank line; bytes are decoded line by line to name a bad one."""
    paths = list(paths) or ["-"]
    for path in paths:
        handle = getattr(sys.stdin, "buffer", sys.stdin) if path == "-" else open(path, "rb")
        try:
            for lineno, raw in enumerate(handle, 1):
                try:
                    line = raw if isinstance(raw, str) else raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise UserError(f"{path}:{lineno}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
                if line.strip():
                    yield path, lineno, line
        finally:
            if path != "-":
                handle.close()


def _reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "body"
    return f"{where}: {first['msg']}"


def read_articles(paths: Iterable[str], summary: RunSummary | None = None) -> Iterator[RawArticle]:
    """Valid articles from JSONL; invalid lines are reported on stderr (and counted), never silently skipped."""
    for path, lineno, line in _read_lines(paths):
        try:
            yield RawArticle.model_validate_json(line)
        except ValidationError as exc:
            if summary is not None:
                summary.dead_letters += 1
            print(f"eventx: {path}:{lineno}: skipped invalid article ({_reason(exc)})", file=sys.stderr)


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
    """Events of every article on ``out``; a progress bar on a terminal, then a summary, on stderr."""
    from eventx.services.extractor.extraction import Extractor

    paths = list(paths)
    for path in paths:  # a missing file is an error before the model loads, not after the first files
        if path != "-":
            open(path, "rb").close()
    summary = RunSummary()
    extractor = Extractor()
    articles = progress(read_articles(paths, summary), count_lines(paths), "article", "extract")
    for batch in _batches(articles, max(1, batch_size)):
        for events in extractor.extract_many(batch):
            summary.articles += 1
            for event in events:
                summary.events[event.event_type] += 1
                out.write(event.model_dump_json() + "\n")
    out.flush()
    print(summary.line(), file=sys.stderr)
    return 0


def read_gold(path: str) -> tuple[list[dict[str, Any]], list[RawArticle]]:
    """Gold rows and their articles; a line that is not a valid article stops here, naming it."""
    rows, articles = [], []
    for _, lineno, line in _read_lines([path]):
        try:
            row = json.loads(line)
            articles.append(RawArticle.model_validate(row))
        except ValueError as exc:  # JSONDecodeError and ValidationError alike
            why = _reason(exc) if isinstance(exc, ValidationError) else f"not JSON ({exc})"
            raise UserError(f"{path}:{lineno}: {why}") from exc
        rows.append(row)
    return rows, articles


def evaluate_file(gold_path: str, out: TextIO, show_errors: bool = False, as_json: bool = False) -> int:
    from eventx.services.tooling.evaluation import evaluate, format_report
    from eventx.services.extractor.extraction import Extractor

    gold_rows, articles = read_gold(gold_path)
    summary = RunSummary(articles=len(articles))
    extractor = Extractor()
    batches = _batches(progress(articles, len(articles), "article", "eval"), 16)
    events = [json.loads(ev.model_dump_json()) for batch in batches for evs in extractor.extract_many(batch)
              for ev in evs]
    summary.events.update(ev["event_type"] for ev in events)
    report = evaluate(gold_rows, events)
    if as_json:
        out.write(json.dumps(report) + "\n")
    else:
        out.write(format_report(report, show_errors=show_errors) + "\n")
    print(summary.line(), file=sys.stderr)
    return 0
