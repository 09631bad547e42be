"""Extraction throughput and memory: ``make bench`` or ``python -m services.bench [FILE.jsonl]``.

Figures for the README come from here, never from timed assertions in tests.
It measures the pure core (model load, then articles/s through ``extract_many``
at several batch sizes) and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from services.embedded import sample_files
from services.offline import read_articles


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m services.bench")
    ap.add_argument("files", nargs="*", help="RawArticle JSONL (default: the bundled samples)")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the articles")
    ap.add_argument("--batch-sizes", default="1,8,32")
    ap.add_argument("--pipeline", type=int, default=0, metavar="N",
                    help="instead: push N articles through broker, extractor and sink (SQLite) and time it")
    args = ap.parse_args(argv)
    if args.pipeline:
        return bench_pipeline(args.files, args.pipeline)

    from services.extractor.extraction import Extractor

    articles = list(read_articles(args.files or sample_files()))
    t0 = time.perf_counter()
    extractor = Extractor()
    load_s = time.perf_counter() - t0
    extractor.extract_many(articles)  # warm-up: lazy tables, first-call caches
    chars = sum(len(a.text) for a in articles)
    results = {"articles": len(articles), "chars_per_article": round(chars / max(1, len(articles))),
               "model_load_s": round(load_s, 2), "runs": []}
    for size in (int(s) for s in args.batch_sizes.split(",")):
        work = articles * args.repeat
        t = time.perf_counter()
        events = 0
        for i in range(0, len(work), size):
            events += sum(len(evs) for evs in extractor.extract_many(work[i:i + size]))
        secs = time.perf_counter() - t
        results["runs"].append({"batch_size": size, "articles_per_s": round(len(work) / secs, 1),
                                "ms_per_article": round(1000 * secs / len(work), 1), "events": events})
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def bench_pipeline(files: list[str], n: int) -> int:
    """End-to-end articles/s with one extractor and one sink process on this machine."""
    import tempfile
    from pathlib import Path

    from services.embedded import LocalPipeline

    articles = list(read_articles(files or sample_files()))
    records = []
    for i in range(n):
        a = articles[i % len(articles)]
        body = a.model_copy(update={"id": f"bench-{i:06d}"}).model_dump_json(exclude_none=True)
        records.append((f"bench-{i:06d}".encode(), body.encode()))
    with tempfile.TemporaryDirectory() as tmp, LocalPipeline(data_dir=Path(tmp)) as pipeline:
        pipeline.publish(records[:1])  # warm-up: model loaded, groups joined
        pipeline.wait_persisted(300)
        t = time.perf_counter()
        pipeline.publish(records[1:])
        pipeline.wait_persisted(3600)
        secs = time.perf_counter() - t
        stored = len(pipeline.persisted({k.decode() for k, _ in records}))
    json.dump({"articles": n - 1, "seconds": round(secs, 1), "articles_per_s": round((n - 1) / secs, 1),
               "events_stored": stored}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
