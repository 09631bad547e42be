"""Small helpers for tests that run the extraction core on articles written for them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from spacy.tokens import Doc

from eventx.contracts.models import Event, RawArticle
from eventx.services.extractor.extraction import Extractor, projects
from eventx.services.extractor.extraction.lexicon import load_lexicon
from eventx.services.extractor.extraction.projects import GazetteerMatchers, ProjectMention, build_matchers

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def extract_text(ex: Extractor, text: str, published: str, aid: str = "t-1") -> list[Event]:
    return ex.extract(RawArticle(id=aid, text=text, published_at=published), now=NOW)


def of_type(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.event_type == kind]


def names(ev: Event, role: str | None = None) -> set[str]:
    return {a.name for a in ev.actors if role is None or a.role == role}


_PROJECT_MATCHERS: dict[int, GazetteerMatchers] = {}


def find_projects(doc: Doc) -> list[ProjectMention]:
    """The projects stage's rules on a parsed doc, with the package lexicon (test helper:
    the matchers are built once per test vocab)."""
    lex = load_lexicon()
    matchers = _PROJECT_MATCHERS.setdefault(id(doc.vocab), build_matchers(doc.vocab, lex.gazetteer))
    return projects.find_projects(doc, lex.projects, lex.gazetteer, matchers)


SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def shared_eval(name: str) -> Path:
    """A file of the shared evaluation data beside the checkout (``../shared/eval``).

    Missing, it skips the test on a developer's machine but fails it under CI
    (environment variable ``CI`` set): there a silent skip would hide that the
    accuracy bar was never checked.
    """
    path = SHARED_EVAL / name
    if not path.exists():
        reason = f"shared evaluation data missing: {path}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path
