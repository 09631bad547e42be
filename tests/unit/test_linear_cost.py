"""Extraction cost grows linearly with article length (issue 9, item 1).

A synthetic article of invented wire copy (meetings with dates and places,
requests, pledges with amounts, trips, many distinct names) is parsed once at
50k and once at 200k characters; the eventx stages then run under a profile
hook that counts (a) calls to the helpers that used to rescan the whole
document per call and (b) every call into spaCy's ``Doc`` / ``Span`` /
``Token`` code (spaCy is compiled with profiling hooks, so each token or span
the rules touch shows up as a call). Four times the text must cost about four
times the calls, not sixteen. Counts only: no timing assertions.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from eventx.services.extractor.extraction import Extractor, arguments, projects, roles
from eventx.services.extractor.extraction.stages import STAGES

SMALL, LARGE = 50_000, 200_000
SLACK = 1.25  # allowed growth of the per-character count from 50k to 200k (quadratic cost gives 4x)

_FIRST = ["Taro", "Mele", "Rikan", "Sova", "Lumo", "Nedra", "Kavi", "Dorin", "Pelta", "Ismo", "Varen", "Oleka"]
_LAST = ["Brannoc", "Telvaro", "Quessin", "Amadu", "Korlev", "Singaro", "Hettmar", "Ulvane", "Marsko", "Pendry",
         "Ostrava", "Velikan", "Dunmere", "Sarrow", "Ebbert", "Tallis"]
_TITLES = ["President", "Foreign Minister", "Prime Minister", "Finance Minister", "Trade Minister"]
_PLACES = [("Kenya", "Nairobi"), ("Peru", "Lima"), ("Vietnam", "Hanoi"), ("Norway", "Oslo"), ("Chile", "Santiago"),
           ("Ghana", "Accra"), ("Japan", "Tokyo"), ("Brazil", "Brasilia"), ("Egypt", "Cairo"), ("Canada", "Ottawa")]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_WORKS = ["a new water project", "rural roads", "two solar farms", "a port upgrade", "school buildings"]
_PROJECTS = ["Green Valley Railway", "Silver Coast Highway", "Blue Lake Dam", "North Star Port Project"]


def _paragraph(rng: random.Random) -> str:
    """One invented story: a meeting, a request, a pledge, two trips ahead."""
    (c1, city1), (c2, city2), (c3, city3) = rng.sample(_PLACES, 3)
    p1, p2, p3 = (f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(3))
    t1, t2, t3 = (rng.choice(_TITLES) for _ in range(3))
    day, work, proj, n = rng.choice(_DAYS), rng.choice(_WORKS), rng.choice(_PROJECTS), rng.randint(2, 90)
    return (f"{t1} {p1} of {c1} met {t2} {p2} of {c2} in {city1} on {day} to discuss trade and energy.\n\n"
            f"{p1.split()[1]} asked {c2} to provide ${n} million for {work} near {city3}, according to "
            f"a statement. {p2.split()[1]} pledged ${n + 5} million in grants for the {proj}, officials said.\n\n"
            f"{p1.split()[1]} will travel to {city2} next month, where he is expected to meet {t3} {p3} "
            f"of {c3}.\n\n"
            f"{p2.split()[1]} will visit {c3} later this year. He will also meet {rng.choice(_TITLES)} "
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)} to discuss fisheries.\n\n")


def synthetic_article(chars: int, seed: int = 7) -> str:
    """Invented wire copy, about ``chars`` characters, cut at a paragraph end."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        p = _paragraph(rng)
        parts.append(p)
        size += len(p)
    return "".join(parts).strip()


_HELPERS = [(roles, "meeting_date"), (roles, "meeting_location"), (roles, "visit_destination"),
            (roles, "amount_for"), (arguments, "_date_ents"), (projects, "_in_headline")]


def _count_calls(calls: Counter[str], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return fn(*args, **kwargs)
    return wrapper


def _costs(extractor: Extractor, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[str], int]:
    """Helper calls and spaCy object calls made by the eventx stages on ``text``."""
    nlp = extractor.nlp
    doc = nlp.make_doc(text)
    with nlp.select_pipes(disable=list(STAGES)):
        doc = nlp(doc)
    calls: Counter[str] = Counter()
    with monkeypatch.context() as mp:
        for module, name in _HELPERS:
            mp.setattr(module, name, _count_calls(calls, name, getattr(module, name)))
        spacy_calls = 0

        def hook(frame: FrameType, event: str, _arg: object) -> None:
            nonlocal spacy_calls
            if event == "call" and "spacy/tokens/" in frame.f_code.co_filename.replace("\\", "/"):
                spacy_calls += 1

        sys.setprofile(hook)
        try:
            for name in STAGES:
                doc = nlp.get_pipe(name)(doc)
        finally:
            sys.setprofile(None)
    assert doc._.eventx_events, "the synthetic article should make events"
    return calls, spacy_calls


@pytest.fixture(scope="module")
def costs(shipped_extractor: Extractor) -> dict[int, tuple[Counter[str], int, int]]:
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        for chars in (SMALL, LARGE):
            text = synthetic_article(chars)
            calls, spacy_calls = _costs(shipped_extractor, text, mp)
            out[chars] = (calls, spacy_calls, len(text))
    return out


def test_the_synthetic_article_reaches_every_helper(costs: dict[int, tuple[Counter[str], int, int]]) -> None:
    calls, _, chars = costs[LARGE]
    assert chars >= LARGE
    for _module, name in _HELPERS:
        if name != "_in_headline":  # only asked of names outside the gazetteer
            assert calls[name] > 0, name


@pytest.mark.parametrize("name", [n for _m, n in _HELPERS])
def test_helper_calls_grow_linearly(costs: dict[int, tuple[Counter[str], int, int]], name: str) -> None:
    (small, _, n_small), (large, _, n_large) = costs[SMALL], costs[LARGE]
    assert large[name] <= SLACK * small[name] * n_large / n_small + 2


def test_spacy_work_of_the_stages_grows_linearly(costs: dict[int, tuple[Counter[str], int, int]]) -> None:
    """Every token, span and entity the rules touch, per character, stays flat from 50k to 200k."""
    (_, small, n_small), (_, large, n_large) = costs[SMALL], costs[LARGE]
    assert small > 0
    assert large / n_large <= SLACK * small / n_small


