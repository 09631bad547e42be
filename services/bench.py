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
    args = ap.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
