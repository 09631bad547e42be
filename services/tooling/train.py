"""``eventx train``: train the learned stage's sentence classifier and compare it honestly.

Reads the gold files where they live (``../shared/eval`` and ``tests/data``;
nothing is copied into the project) and:

1. runs the rules once over every article, recording each article's sentences
   and rule events with the learned stage configured off;
2. labels each sentence with the event types whose gold trigger it overlaps;
3. cross-validates across articles (``--folds``), choosing each type's veto
   threshold on the out-of-fold scores, and reports rules alone against
   rules + veto;
4. trains the shipped model on every training article, writes it and its
   thresholds (with the figures, for the model card) into the package;
5. scores the untouched fifth of train.jsonl and ``tests/data/heldout4.jsonl``
   (the project's untouched set) with the new model: scores only, never their
   errors or texts; neither is trained on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
import spacy.cli.train
from spacy.tokens import DocBin

from eventx.contracts.models import Event, RawArticle
from eventx.services.tooling.evaluation import evaluate, occurrences
from eventx.services.extractor.extraction import Extractor, event_id
from eventx.services.extractor.extraction.events import EventDraft
from eventx.services.extractor.extraction.learned.stage import (GATED_TYPES, MODEL_DIR, THRESHOLDS_FILE, SentenceScorer,
                                                          keep, meeting_sentences, new_meetings, proposals,
                                                          sentence_spans, sentences_of)
from eventx.services.extractor.extraction.lexicon import load_lexicon

CONFIG = MODEL_DIR.with_name("config.cfg")
GRID = tuple(round(0.05 * k, 2) for k in range(13))  # candidate veto thresholds 0.00 .. 0.60
PROPOSE_GRID = (None, *(round(0.05 * k, 2) for k in range(6, 20)))  # no proposals, or from 0.30 .. 0.95
FIXED_NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
Span = tuple[int, int]


@dataclass
class Article:
    """One gold article with what the rules made of it."""

    row: dict[str, Any]
    sents: list[Span] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    labels: list[set[str]] = field(default_factory=list)
    # every meeting the stage could propose: (sentence index, draft, the draft as an Event)
    proposals: list[tuple[int, EventDraft, Event]] = field(default_factory=list)
    drafts: list[EventDraft] = field(default_factory=list)  # the rule events as drafts (restatement check)


def sentence_labels(row: dict[str, Any], spans: Sequence[Span]) -> list[set[str]]:
    """A sentence is positive for a type when it overlaps an occurrence of a gold trigger of that type."""
    labels: list[set[str]] = [set() for _ in spans]
    for gold in row.get("events") or []:
        if gold["type"] not in GATED_TYPES:
            continue
        for a, b in occurrences(row["text"], gold.get("triggers") or []):
            for k, (s, e) in enumerate(spans):
                if a < e and s < b:
                    labels[k].add(gold["type"])
    return labels


def collect(extractor: Extractor, rows: list[dict[str, Any]]) -> list[Article]:
    """Rules alone (``Extractor(learned=False)``) over the gold articles, with sentences, labels
    and every meeting the learned stage could propose there (it sees the same candidates)."""
    lex = load_lexicon()
    arts = [RawArticle.model_validate(r) for r in rows]
    out = []
    for row, art, doc in zip(rows, arts, extractor.docs(arts)):
        spans = sentence_spans(doc)
        drafts = list(doc._.eventx_events)
        open_ids = meeting_sentences(doc, drafts, lex, [s for s, _ in spans])
        found = [(k, d, extractor.to_event(art, d, FIXED_NOW)) for k, d in proposals(doc, open_ids, lex)]
        events = [extractor.to_event(art, d, FIXED_NOW) for d in drafts]
        out.append(Article(row, spans, [doc.text[s:e] for s, e in spans], events,
                           sentence_labels(row, spans), found, drafts))
    return out


def write_docbin(articles: Sequence[Article], path: Path) -> int:
    """Sentences as ``Doc`` objects with ``cats`` for ``spacy train``; returns how many."""
    nlp = spacy.blank("en")
    db = DocBin()
    for art in articles:
        for text, labels in zip(art.texts, art.labels):
            if text.strip():
                doc = nlp.make_doc(text)
                doc.cats = {t: float(t in labels) for t in GATED_TYPES}
                db.add(doc)
    db.to_disk(path)
    return len(db)


def train_classifier(articles: Sequence[Article], out_dir: Path) -> Path:
    """``spacy train`` with the checked-in config; returns the last model (no early stopping on held-out data)."""
    with tempfile.TemporaryDirectory() as tmp:
        train_path, dev_path = Path(tmp) / "train.spacy", Path(tmp) / "dev.spacy"
        write_docbin(articles, train_path)
        write_docbin(articles[::10], dev_path)  # spaCy wants a dev corpus; the last model is used, not the best
        with contextlib.redirect_stdout(sys.stderr):
            spacy.cli.train.train(CONFIG, out_dir, overrides={"paths.train": str(train_path), "paths.dev": str(dev_path)})
    return out_dir / "model-last"


def fold_of(article_id: str, folds: int) -> int:
    return int(hashlib.sha1(f"eventx-cv|{article_id}".encode()).hexdigest(), 16) % folds


def out_of_fold_scores(articles: Sequence[Article], folds: int, workdir: Path) -> list[list[dict[str, float]]]:
    """Each article's sentence scores from a model trained on the other folds."""
    scores: list[list[dict[str, float]]] = [[] for _ in articles]
    for f in range(folds):
        held = [k for k, a in enumerate(articles) if fold_of(a.row["id"], folds) == f]
        model = train_classifier([a for a in articles if fold_of(a.row["id"], folds) != f], workdir / f"fold{f}")
        scorer = SentenceScorer(model)
        for k in held:
            scores[k] = scorer.scores(articles[k].texts)
    return scores


@dataclass(frozen=True)
class Thresholds:
    veto: dict[str, float]
    propose: float | None = None


def _spans(ev: Event) -> list[Span]:
    """Where an event is stated: its trigger and every evidence span."""
    spans = [(e.start, e.end) for e in ev.evidence]
    if ev.trigger is not None:
        spans.append((ev.trigger.start, ev.trigger.end))
    return spans


def replay(articles: Sequence[Article], scores: Sequence[list[dict[str, float]]], th: Thresholds) -> list[dict[str, Any]]:
    """What the stage would emit with these scores and thresholds, as the JSON dicts the evaluator reads."""
    out = []
    for art, sc in zip(articles, scores):
        starts = [s for s, _ in art.sents]
        by_sent = dict(enumerate(sc))
        kept = [ev for ev in art.events if keep(ev.event_type, sentences_of(_spans(ev), starts), by_sent, th.veto)]
        if th.propose is not None:
            as_event = {id(d): ev for _k, d, ev in art.proposals}
            added = new_meetings([d for k, d, _ev in art.proposals if sc[k].get("meeting", 0.0) >= th.propose],
                                 art.drafts)
            kept += [as_event[id(d)] for d in added]
        out += [json.loads(ev.model_dump_json()) for ev in kept]
    return out


def _f1(articles: Sequence[Article], scores: Sequence[list[dict[str, float]]], th: Thresholds, kind: str) -> float:
    rep = evaluate([a.row for a in articles], replay(articles, scores, th))
    return rep["types"][kind]["strict"]["f1"]


def pick_thresholds(articles: Sequence[Article], scores: Sequence[list[dict[str, float]]]) -> Thresholds:
    """Per type, the veto threshold with the best strict F1 for that type (lowest on ties); then the
    meeting proposal threshold with the best meeting strict F1 under that veto (none on ties)."""
    veto = {t: max(GRID, key=lambda v: (_f1(articles, scores, Thresholds({t: v}), t), -v)) for t in GATED_TYPES}
    veto = {t: v for t, v in veto.items() if v > 0}
    base = _f1(articles, scores, Thresholds(veto), "meeting")
    best, best_f1 = None, base
    for p in PROPOSE_GRID[1:]:
        f1 = _f1(articles, scores, Thresholds(veto, p), "meeting")
        if f1 > best_f1:
            best, best_f1 = p, f1
    return Thresholds(veto, best)


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The figures the model card quotes."""
    out = {t: report["types"][t]["strict"]["f1"] for t in report["types"]}
    out["micro_strict"] = report["micro"]["strict"]["f1"]
    out["micro_detection"] = report["micro"]["detection"]["f1"]
    return out


def compare(articles: Sequence[Article], scores: Sequence[list[dict[str, float]]],
            th: Thresholds) -> dict[str, dict[str, Any]]:
    rows = [a.row for a in articles]
    return {"rules": summary(evaluate(rows, replay(articles, scores, Thresholds({})))),
            "rules+learned": summary(evaluate(rows, replay(articles, scores, th)))}


def read_rows(paths: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def read_ids(path: str) -> set[str]:
    with open(path, encoding="utf-8") as fh:
        return {ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")}


def install(model: Path, out: Path, card: dict[str, Any]) -> None:
    """Replace the packaged model with ``model`` and write its thresholds and figures beside it.

    The string table is emptied: the bag-of-words features are hashes, so scores are
    identical without it, and the words of the gold articles are not ours to ship.
    """
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(model, out)
    (out / "vocab" / "strings.json").write_text("[]", encoding="utf-8")
    (out / THRESHOLDS_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def _print_comparison(title: str, figures: dict[str, dict[str, Any]]) -> None:
    print(f"{title}\n  {'':<15}" + "".join(f"{k:>16}" for k in figures["rules"]))
    for arm, fig in figures.items():
        print(f"  {arm:<15}" + "".join(f"{v:>16}" for v in fig.values()))


def run(shared: str, extra: Sequence[str], untouched_ids: str, folds: int, out: Path,
        check: Sequence[str] = ()) -> dict[str, Any]:
    """The whole procedure; returns the model card's figures.

    Thresholds are chosen on the out-of-fold scores of the real-news training articles
    (train.jsonl less the untouched fifth): the rules were written against dev and our
    own sets, so only there do the rules' errors look like those on unseen copy.
    """
    untouched = read_ids(untouched_ids)
    train_rows = read_rows([f"{shared}/train.jsonl"])
    real = [r for r in train_rows if r["id"] not in untouched]
    extractor = Extractor(learned=False)
    articles = collect(extractor, real + read_rows([f"{shared}/dev.jsonl", *extra]))
    apart = collect(extractor, [r for r in train_rows if r["id"] in untouched])
    checked = collect(extractor, read_rows(check)) if check else []
    with tempfile.TemporaryDirectory() as tmp:
        oof = out_of_fold_scores(articles, folds, Path(tmp))
        th = pick_thresholds(articles[:len(real)], oof[:len(real)])
        final = train_classifier(articles, Path(tmp) / "final")
        scorer = SentenceScorer(final)
        apart_scores = [scorer.scores(a.texts) for a in apart]
        check_scores = [scorer.scores(a.texts) for a in checked]
        card = {"veto": th.veto, "propose": th.propose, "folds": folds, "articles": len(articles),
                "real_news_articles": len(real), "sentences": sum(len(a.texts) for a in articles),
                "positive_sentences": {t: sum(t in lab for a in articles for lab in a.labels) for t in GATED_TYPES},
                "cv_all": compare(articles, oof, th),
                "cv_real_news": compare(articles[:len(real)], oof[:len(real)], th),
                "cv_dev_and_ours": compare(articles[len(real):], oof[len(real):], th),
                "untouched": compare(apart, apart_scores, th), "untouched_articles": len(apart),
                "kept_out": compare(checked, check_scores, th) if checked else None,
                "kept_out_files": [Path(c).name for c in check]}
        install(final, out, card)
    for key in ("cv_all", "cv_real_news", "cv_dev_and_ours", "untouched", "kept_out"):
        if card[key]:
            _print_comparison(f"{key} (strict F1; micro detection last)", card[key])
    print(f"veto thresholds {th.veto}, meeting proposals from {th.propose}; model written to {out}")
    return card


KEPT_OUT = ("tests/data/heldout4.jsonl",)  # the project's untouched estimate: scored, never trained on


def main(shared: str, extra: Sequence[str] | None, untouched_ids: str, folds: int, out: str | None) -> int:
    extra_files = list(extra) if extra else [f for f in sorted(glob.glob("tests/data/heldout*.jsonl")) if f not in KEPT_OUT]
    check = [f for f in KEPT_OUT if Path(f).exists()]
    run(shared, extra_files, untouched_ids, folds, Path(out) if out else MODEL_DIR, check)
    return 0
