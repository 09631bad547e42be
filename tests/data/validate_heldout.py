#!/usr/bin/env python3
"""Sanity checks for tests/data/heldout.jsonl (format and annotation consistency).

usage: python3 tests/data/validate_heldout.py [tests/data/heldout.jsonl]
"""
import json
import re
import sys
from collections import Counter

TYPES = {"meeting", "request", "pledge", "project_mention"}


def main(path: str) -> int:
    errs, ids, counts = [], set(), Counter()
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    for n, line in enumerate(lines, 1):
        try:
            a = json.loads(line)
        except json.JSONDecodeError as e:
            errs.append(f"line {n}: invalid JSON: {e}")
            continue
        aid = a.get("id")
        for k in ("id", "published_at", "url", "text", "events"):
            if k not in a:
                errs.append(f"{aid}: missing field {k}")
        if not re.fullmatch(r"heldout-\d{3}", aid or ""):
            errs.append(f"{aid}: bad id")
        if aid in ids:
            errs.append(f"{aid}: duplicate id")
        ids.add(aid)
        text = a["text"]
        if not 600 <= len(text) <= 1800:
            errs.append(f"{aid}: text length {len(text)} outside 600-1800")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.get("published_at") or ""):
            errs.append(f"{aid}: bad published_at")
        m = re.match(r" date (\d{4}-\d{2}-\d{2}) \n\n", text)
        if m and m.group(1) != a["published_at"]:
            errs.append(f"{aid}: crawler date line != published_at")
        for i, ev in enumerate(a["events"]):
            t = ev.get("type")
            tag = f"{aid} ev{i} {t}"
            counts[t] += 1
            if t not in TYPES:
                errs.append(f"{tag}: unknown type")
                continue
            trig = ev.get("triggers") or []
            if not trig:
                errs.append(f"{tag}: no triggers")
            for tr in trig:
                if tr not in text:
                    errs.append(f"{tag}: trigger not in text: {tr!r}")
            if t == "meeting":
                parts = ev.get("participants") or []
                if len(parts) < 2 or any(not p for p in parts):
                    errs.append(f"{tag}: needs >=2 non-empty participants")
                if ev.get("status") not in ("occurred", "planned"):
                    errs.append(f"{tag}: bad status")
                d = ev.get("date")
                if d is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
                    errs.append(f"{tag}: bad date")
                if "location" not in ev:
                    errs.append(f"{tag}: missing location")
            elif t in ("request", "pledge"):
                for k in ("source", "target", "content"):
                    if k not in ev:
                        errs.append(f"{tag}: missing {k}")
                if ev.get("source") is not None and not ev["source"]:
                    errs.append(f"{tag}: empty source list")
            else:
                if not ev.get("name"):
                    errs.append(f"{tag}: missing name")
    for e in errs:
        print("ERROR", e)
    print(f"{len(lines)} articles, {sum(counts.values())} events: " +
          ", ".join(f"{t}={counts[t]}" for t in sorted(TYPES)))
    print(f"articles without events: {sum(1 for l in lines if not json.loads(l)['events'])}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/heldout.jsonl"))
