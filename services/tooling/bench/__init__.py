"""``eventx bench``: how fast eventx is on this machine, in one report anyone can rerun.

Sections (JSON keys as issue 9 lists them): ``extraction`` (our core against
a bare ``nlp.pipe`` of the same model, alternating), ``service`` (end to end
with 1 and N extraction processes), ``latency`` (publish -> stored row at half
the measured maximum), ``sink`` (SQLite and PostgreSQL against a raw COPY),
``memory`` (peak RSS of an extraction worker) and ``length_scaling``; plus
``machine`` (with its load, since a busy machine lowers every figure) and
``corpus``. Figures belong in the README, never in timed test assertions.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from eventx.contracts.models import RawArticle


@dataclass(frozen=True)
class Plan:
    """How much work each section does (``--quick``: a smoke test, figures meaningless)."""

    rounds: int = 5
    service_articles: int = 240
    latency_seconds: float = 30.0
    sink_events: int = 20_000
    longest: int = 100_000
    workers: int = 2


QUICK = Plan(rounds=1, service_articles=8, latency_seconds=3.0, sink_events=400, longest=10_000)


def _step(name: str) -> None:
    """Progress on stderr: a full run takes minutes."""
    print(f"eventx bench: {name} ...", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    import spacy

    load = os.getloadavg()
    cpus = os.cpu_count() or 1
    return {"cpus": cpus, "load_avg_1m": round(load[0], 2), "loaded": load[0] > 0.5 * cpus,
            "platform": platform.platform(), "python": platform.python_version(), "spacy": spacy.__version__}


def corpus(paths: Sequence[str], articles: Sequence[RawArticle]) -> dict[str, Any]:
    from eventx.services.tooling.bench.extraction import words

    chars = sum(len(a.text) for a in articles)
    return {"files": [os.path.basename(p) for p in paths], "articles": len(articles), "words": words(articles),
            "chars_per_article": round(chars / max(1, len(articles)))}


def run(paths: Sequence[str], plan: Plan, postgres_url: str | None) -> dict[str, Any]:
    """Every section, in an order that keeps each one's processes apart from the others'."""
    from eventx.services.tooling.bench.extraction import core_vs_bare, length_scaling_and_memory
    from eventx.services.tooling.bench.service import service_and_latency
    from eventx.services.tooling.bench.sink import sink_speed
    from eventx.services.tooling.offline import read_articles

    articles = list(read_articles(paths))
    if not articles:
        raise SystemExit("eventx: bench: no valid articles in " + ", ".join(paths))
    report: dict[str, Any] = {"machine": machine(), "corpus": corpus(paths, articles)}
    _step("core vs bare nlp.pipe")
    report["extraction"], events = core_vs_bare(articles, plan.rounds)
    _step("length scaling and worker memory")
    report.update(length_scaling_and_memory(articles, plan.longest))
    _step(f"end to end with 1 and {plan.workers} workers, then latency at half load")
    report.update(service_and_latency(articles, plan.workers, plan.service_articles, plan.latency_seconds))
    _step("sink")
    report["sink"] = sink_speed(events, plan.sink_events, postgres_url) if events else None
    report["machine"]["load_avg_1m_end"] = round(os.getloadavg()[0], 2)
    return report


ROWS = (
    ("extraction", "ours_articles_per_s", "core articles/s"), ("extraction", "bare_articles_per_s",
                                                               "bare nlp.pipe articles/s"),
    ("extraction", "ratio", "core / bare"), ("extraction", "cpu_ratio", "core / bare by CPU time"),
    ("extraction", "ours_words_per_s", "core words/s"),
    ("service", "workers_1_articles_per_s", "end to end, 1 worker, articles/s"),
    ("service", "scaling", "end to end scaling, N workers / 1"),
    ("latency", "p50_s", "publish->row p50 s"), ("latency", "p95_s", "publish->row p95 s"),
    ("latency", "p99_s", "publish->row p99 s"), ("latency", "offered_articles_per_s", "offered load articles/s"),
    ("sink", "sqlite_events_per_s", "sink SQLite events/s"), ("sink", "postgres_events_per_s",
                                                               "sink PostgreSQL events/s"),
    ("sink", "postgres_ratio_to_copy", "PostgreSQL / raw COPY"), ("memory", "peak_rss_mb", "peak RSS per worker MB"),
    ("length_scaling", "us_per_char_1k", "µs/char at 1k"), ("length_scaling", "us_per_char_10k", "µs/char at 10k"),
    ("length_scaling", "us_per_char_100k", "µs/char at 100k"),
    ("length_scaling", "ratio_100k_vs_100x1k", "one 100k / 100 x 1k"),
    ("length_scaling", "ratio_100k_vs_50x2k", "one 100k / 50 x 2k"),
)


def table(report: dict[str, Any], out: TextIO) -> None:
    m, c = report["machine"], report["corpus"]
    out.write(f"eventx bench: {c['articles']} articles ({c['chars_per_article']} chars each) from "
              f"{', '.join(c['files'])}; {m['cpus']} cpus, load {m['load_avg_1m']}"
              f"{' (loaded: figures are low)' if m['loaded'] else ''}\n")
    workers = [k for k in (report.get("service") or {}) if k.startswith("workers_") and k != "workers_1_articles_per_s"]
    rows = list(ROWS)
    if workers:
        rows.insert(5, ("service", workers[0], f"end to end, {workers[0].split('_')[1]} workers, articles/s"))
    for section, key, label in rows:
        value = (report.get(section) or {}).get(key)
        out.write(f"  {label:<38} {'-' if value is None else value}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m eventx.services.tooling.bench`` (the same as ``eventx bench``)."""
    from eventx.services.cli import main as cli_main

    return cli_main(["bench", *(argv if argv is not None else sys.argv[1:])])


def bench(files: Sequence[str], quick: bool, as_json: bool, postgres_url: str | None, workers: int,
          out: TextIO = sys.stdout) -> int:
    from eventx.services.embedded import sample_files

    plan = replace(QUICK if quick else Plan(), workers=workers)
    report = run(list(files) or sample_files(), plan, postgres_url)
    if as_json:
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        table(report, out)
    return 0
