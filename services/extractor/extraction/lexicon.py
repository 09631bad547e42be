"""Trigger, title and code lexicons, loaded once from the JSON files in ``data/``.

Keeping the vocabulary in data files (rather than in code) lets the word lists
be reviewed and extended without touching the extraction logic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        data = json.load(f)
    return _strip_docs(data)


def _strip_docs(data: Any) -> Any:
    """Drop the '_doc' comment keys at every level."""
    if isinstance(data, dict):
        return {k: _strip_docs(v) for k, v in data.items() if k != "_doc"}
    return data


@dataclass(frozen=True)
class Lexicon:
    """Every word list the extraction core consults."""

    meeting: dict[str, Any]
    request: dict[str, Any]
    pledge: dict[str, Any]
    titles: dict[str, Any]
    codes: dict[str, Any]
    modality: dict[str, Any]
    title_words: frozenset[str] = field(default_factory=frozenset)
    honorifics: frozenset[str] = field(default_factory=frozenset)

    @property
    def trigger_lemmas(self) -> set[str]:
        """Every lemma that can start a trigger (used to build the Matcher)."""
        out: set[str] = set()
        out |= set(self.meeting["verbs"]) | set(self.meeting["nouns"])
        out |= set(self.request["verbs"]) | {p["noun"] for p in self.request["phrases"]}
        out |= {p["verb"] for p in self.request["phrases"]}
        out |= set(self.request["must_frames"]["speech"]) | set(self.meeting["welcome_phrase"]["verbs"])
        out |= set(self.pledge["verbs"]) | set(self.pledge["nouns"])
        out |= set(self.pledge["give_verbs"]) | set(self.pledge["future_verbs"]) | set(self.pledge.get("grow_verbs", []))
        out |= {k for k in self.pledge["intent_frames"] if not k.startswith("_")}
        out |= {"convey", "deliver", "pass", "hand", "send", "relay", "transmit"}  # "conveyed an invitation"
        out |= {"express"}  # "expressed the hope that China would open its market"
        return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon, read from disk on first use."""
    titles = _load("titles.json")
    return Lexicon(
        meeting=_load("triggers_meeting.json"),
        request=_load("triggers_request.json"),
        pledge=_load("triggers_pledge.json"),
        titles=titles,
        codes=_load("cameo_plover.json"),
        modality=_load("triggers_modality.json"),
        title_words=frozenset(titles["title_words"]),
        honorifics=frozenset(titles["honorifics"]),
    )
