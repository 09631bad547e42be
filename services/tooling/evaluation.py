"""Scoring extracted events against a gold file (the rules of eval/GUIDELINES.md).

``evaluate(gold_rows, events)`` returns the same figures as the reference
scorer -- per-type and micro detection / strict P/R/F1, meeting date, location
and status accuracy, request / pledge target accuracy -- plus a per-type confusion table (system events whose
trigger overlaps a gold event of *another* type) and an error list, so
``eventx eval`` can explain where the extractor goes wrong.

Matching rules (GUIDELINES.md):

* events match one-to-one, within one article and one type, greedily in
  gold order; meeting/request/pledge match when the system trigger (or,
  lacking one, any evidence span) overlaps any occurrence of any gold
  trigger; project mentions match on normalised name (case, punctuation, a
  leading "the" and a trailing "project/programme" ignored; containment
  counts);
* among the candidates for a gold event, one that is also strictly right
  is preferred;
* strict: meeting -- every gold participant found among the system
  participants and at most one extra; request/pledge -- the source right
  when the gold names one. Names match when, title words dropped, one
  name's words are a subset of the other's, or the gold alias equals the
  system actor's country code.

``plover_rates`` measures, on PLOVER gold-standard sentences, how often a
CONSULT sentence yields a meeting and a DEMAND sentence a request.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eventx.contracts.models import EVENT_TYPES
_TITLE_WORDS = frozenset(
    "president prime minister premier king queen senate foreign deputy vice chairman chairwoman "
    "secretary general samdech techo he h.e. mr mrs ms dr his her excellency majesty the of state "
    "chancellor sheikh emir crown prince leader defence defense".split()
)
Span = tuple[int, int]


# ---------------------------------------------------------------- normalising
def _normal(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^\w\s'-]", " ", text)
    return " ".join(text.split())


def _project_key(name: str) -> str:
    key = _normal(name)
    if key.startswith("the "):
        key = key[4:]
    for suffix in (" projects", " project", " programme", " program"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    return key


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in _normal(name).split() if w not in _TITLE_WORDS)


def names_match(gold_aliases: Iterable[str], actor: dict[str, Any]) -> bool:
    """Does a system actor match a gold actor given as a list of aliases?"""
    code = str(actor.get("country") or "").upper()
    words = _name_words(str(actor.get("name") or ""))
    for alias in gold_aliases:
        if code and alias.upper() == code:
            return True
        gw = _name_words(alias)
        if gw and words and (gw.issubset(words) or words.issubset(gw)):
            return True
    return False


# ---------------------------------------------------------------- spans
def occurrences(text: str, needles: Iterable[str]) -> list[Span]:
    """Every occurrence (overlapping ones included) of every needle."""
    found: list[Span] = []
    for needle in needles:
        if not needle:
            continue
        pos = text.find(needle)
        while pos >= 0:
            found.append((pos, pos + len(needle)))
            pos = text.find(needle, pos + 1)
    return found


def _system_spans(event: dict[str, Any]) -> list[Span]:
    trig = event.get("trigger")
    if isinstance(trig, dict) and trig.get("start") is not None and trig.get("end") is not None:
        return [(int(trig["start"]), int(trig["end"]))]
    return [(int(e["start"]), int(e["end"])) for e in event.get("evidence") or []
            if e.get("start") is not None and e.get("end") is not None]


def _intersects(a: list[Span], b: list[Span]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _with_role(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [a for a in event.get("actors") or [] if a.get("role") == role]


# ---------------------------------------------------------------- matching
def _strictly_right(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    kind = gold["type"]
    if kind == "meeting":
        wanted = gold.get("participants") or []
        system = _with_role(event, "participant")
        hits = sum(1 for aliases in wanted if any(names_match(aliases, a) for a in system))
        return hits == len(wanted) and len(system) <= len(wanted) + 1
    if kind in ("request", "pledge"):
        if not gold.get("source"):
            return True
        return any(names_match(gold["source"], a) for a in _with_role(event, "source"))
    return True


def _project_matches(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    sys_key = _project_key(((event.get("project") or {}).get("name")) or "")
    if not sys_key:
        return False
    for alias in gold.get("name") or []:
        g = _project_key(alias)
        if g and (g == sys_key or g in sys_key or sys_key in g):
            return True
    return False


def _label(event: dict[str, Any]) -> str:
    return ((event.get("trigger") or {}).get("text")) or ((event.get("project") or {}).get("name")) or "?"


@dataclass
class _Tally:
    gold: int = 0
    sys: int = 0
    match: int = 0
    strict: int = 0


def _prf(hit: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = hit / n_sys if n_sys else 0.0
    r = hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def evaluate(gold_rows: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, Any]:
    """Score system ``events`` (Event dicts) against ``gold_rows`` (gold JSONL rows)."""
    per_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        if ev.get("event_type") in EVENT_TYPES:
            per_article[str(ev.get("article_id"))].append(ev)
    tallies = {t: _Tally() for t in EVENT_TYPES}
    dates = [0, 0]  # right, scored
    places = [0, 0]
    statuses = [0, 0]
    targets = [0, 0]
    confusion: dict[str, dict[str, int]] = {t: {u: 0 for u in EVENT_TYPES} for t in EVENT_TYPES}
    errors: list[dict[str, Any]] = []

    for row in gold_rows:
        aid, text = str(row["id"]), row["text"]
        system = per_article.get(aid, [])
        gold_events = row.get("events") or []
        gold_spans = [occurrences(text, g.get("triggers") or []) for g in gold_events]
        for kind in EVENT_TYPES:
            golds = [(k, g) for k, g in enumerate(gold_events) if g["type"] == kind]
            mine = [e for e in system if e.get("event_type") == kind]
            tally = tallies[kind]
            tally.gold += len(golds)
            tally.sys += len(mine)
            taken: set[int] = set()
            for k, g in golds:
                choice: int | None = None
                for j, ev in enumerate(mine):
                    if j in taken:
                        continue
                    if kind == "project_mention":
                        hit = _project_matches(g, ev)
                    else:
                        hit = _intersects(gold_spans[k], _system_spans(ev))
                    if not hit:
                        continue
                    if choice is None or (_strictly_right(g, ev) and not _strictly_right(g, mine[choice])):
                        choice = j
                if choice is None:
                    errors.append({"article": aid, "kind": "MISS", "type": kind,
                                   "detail": g.get("triggers") or g.get("name")})
                    continue
                taken.add(choice)
                ev = mine[choice]
                tally.match += 1
                if _strictly_right(g, ev):
                    tally.strict += 1
                else:
                    errors.append({"article": aid, "kind": "ARGS", "type": kind,
                                   "detail": {"gold": {f: g.get(f) for f in ("participants", "source", "target")},
                                              "system": [{"name": a.get("name"), "role": a.get("role"), "country": a.get("country")}
                                                         for a in ev.get("actors") or []]}})
                if kind in ("request", "pledge") and g.get("target"):
                    targets[1] += 1
                    targets[0] += int(any(names_match(g["target"], a) for a in _with_role(ev, "target")))
                if kind == "meeting":
                    if g.get("status"):
                        statuses[1] += 1
                        statuses[0] += int((ev.get("status") or "occurred") == g["status"])
                    if g.get("date"):
                        dates[1] += 1
                        dates[0] += int(str(ev.get("date")) == g["date"])
                    if g.get("location"):
                        places[1] += 1
                        loc = _normal(((ev.get("location") or {}).get("name")) or "")
                        want = _normal(g["location"])
                        places[0] += int(bool(loc) and (want in loc or loc in want))
            for j, ev in enumerate(mine):
                if j in taken:
                    continue
                errors.append({"article": aid, "kind": "EXTRA", "type": kind, "detail": _label(ev)})
                # confusion: does this unmatched event sit on a gold event of another type?
                spans = _system_spans(ev)
                for k, g in enumerate(gold_events):
                    if g["type"] != kind and g["type"] != "project_mention" and _intersects(gold_spans[k], spans):
                        confusion[kind][g["type"]] += 1
                        break

    report: dict[str, Any] = {"types": {}}
    total = _Tally()
    for kind in EVENT_TYPES:
        t = tallies[kind]
        total.gold += t.gold
        total.sys += t.sys
        total.match += t.match
        total.strict += t.strict
        report["types"][kind] = {"gold": t.gold, "sys": t.sys, "detection": _prf(t.match, t.sys, t.gold),
                                 "strict": _prf(t.strict, t.sys, t.gold)}
    report["micro"] = {"gold": total.gold, "sys": total.sys, "detection": _prf(total.match, total.sys, total.gold),
                       "strict": _prf(total.strict, total.sys, total.gold)}
    report["meeting_date_acc"] = round(dates[0] / dates[1], 3) if dates[1] else None
    report["meeting_location_acc"] = round(places[0] / places[1], 3) if places[1] else None
    report["meeting_status_acc"] = round(statuses[0] / statuses[1], 3) if statuses[1] else None
    report["target_acc"] = round(targets[0] / targets[1], 3) if targets[1] else None
    report["confusion"] = confusion
    report["errors"] = errors
    return report


def format_report(report: dict[str, Any], show_errors: bool = False) -> str:
    """Human-readable table (the reference scorer's layout) plus confusion and errors."""
    lines: list[str] = []
    if show_errors:
        for e in report.get("errors", []):
            detail = e["detail"] if isinstance(e["detail"], str) else json.dumps(e["detail"], ensure_ascii=False)
            lines.append(f"{e['article']} {e['kind']} {e['type']}: {detail}")
    lines.append(f"{'type':<16}{'gold':>6}{'sys':>6}  detection P/R/F1     strict P/R/F1")
    rows = list(report["types"].items()) + [("MICRO", report["micro"])]
    for name, r in rows:
        d, s = r["detection"], r["strict"]
        lines.append(f"{name:<16}{r['gold']:>6}{r['sys']:>6}  {d['p']:.3f} {d['r']:.3f} {d['f1']:.3f}"
                     f"    {s['p']:.3f} {s['r']:.3f} {s['f1']:.3f}")
    lines.append(f"meeting date accuracy: {report['meeting_date_acc']}   "
                 f"meeting location accuracy: {report['meeting_location_acc']}")
    lines.append(f"meeting status accuracy: {report['meeting_status_acc']}   "
                 f"request/pledge target accuracy: {report['target_acc']}")
    conf = report.get("confusion") or {}
    cells = [(s, g, n) for s, row in conf.items() for g, n in row.items() if n]
    if cells:
        lines.append("confusion (system type -> overlapping gold type): " +
                     ", ".join(f"{s}->{g}: {n}" for s, g, n in cells))
    return "\n".join(lines)


# ---------------------------------------------------------------- PLOVER check
def plover_rates(rows: list[dict[str, Any]], extractor: Any) -> dict[str, Any]:
    """Share of CONSULT sentences with a meeting and of DEMAND sentences with a request.

    ``rows`` are PLOVER gold-standard records (``event``, ``text``, ``id``);
    ``extractor`` is an ``Extractor``. Each sentence is run as its own article.
    """
    from eventx.contracts.models import RawArticle

    wanted = {"CONSULT": "meeting", "DEMAND": "request", "AGREE": "pledge"}
    picked = [r for r in rows if r.get("event") in wanted]
    arts = [RawArticle(id=str(r.get("id") or i), text=r["text"]) for i, r in enumerate(picked)]
    results = extractor.extract_many(arts)
    out: dict[str, Any] = {}
    for cat, etype in wanted.items():
        idx = [k for k, r in enumerate(picked) if r["event"] == cat]
        hits = [k for k in idx if any(e.event_type == etype for e in results[k])]
        out[cat] = {"n": len(idx), "found": len(hits), "rate": round(len(hits) / len(idx), 3) if idx else None,
                    "missed": [picked[k]["text"] for k in idx if k not in hits]}
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m eventx.services.tooling.evaluation plover FILE.jsonl``: print PLOVER rates."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "plover":
        print("usage: python -m eventx.services.tooling.evaluation plover PLOVER_GSR.jsonl", file=sys.stderr)
        return 2
    from eventx.services.extractor.extraction import Extractor

    with open(args[1], encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rates = plover_rates(rows, Extractor())
    for cat, r in rates.items():
        print(f"{cat:<8} {r['found']}/{r['n']} = {r['rate']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
