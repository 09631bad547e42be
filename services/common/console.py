"""What a person at a terminal sees: progress bars on TTYs, and the one-line summary after a run."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None, unit: str, desc: str) -> Iterator[T]:
    """``items`` with a progress bar on stderr when it is a terminal (pipes and logs stay clean)."""
    return iter(tqdm(items, total=total, unit=unit, desc=desc, file=sys.stderr, dynamic_ncols=True,
                     disable=None, leave=False))  # None: no bar unless stderr is a terminal


@dataclass
class RunSummary:
    """The tally a command prints at the end: articles, events by type, rejected lines, elapsed time."""

    articles: int = 0
    events: Counter[str] = field(default_factory=Counter)
    dead_letters: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self, verb: str = "extracted") -> str:
        by_type = ", ".join(f"{t} {n}" for t, n in sorted(self.events.items())) or "none"
        return (f"eventx: {self.articles} article(s), {sum(self.events.values())} event(s) {verb} ({by_type}), "
                f"{self.dead_letters} rejected, {time.monotonic() - self.started:.1f} s")


def count_lines(paths: Iterable[str]) -> int | None:
    """Non-blank lines in the files (for a bar's total); None when reading stdin."""
    paths = list(paths)
    if not paths or "-" in paths:
        return None
    total = 0
    for path in paths:
        with open(path, "rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total
