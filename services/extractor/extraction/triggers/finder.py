"""The trigger stage's rules: every Matcher-marked token tried against the meeting,
request and pledge frames, in that order; the first frame that fits wins."""

from __future__ import annotations

from spacy.tokens import Doc

from ..actors import DocActors
from ..lexicon import Lexicon
from .candidate import Candidate
from .meeting import MeetingFrames
from .pledge import PledgeFrames
from .request import RequestFrames

SKIP_ENT_TYPES = {"ORG", "EVENT", "WORK_OF_ART", "LAW", "FAC", "PRODUCT"}


class TriggerFinder:
    """Turns Matcher-marked tokens into typed ``Candidate`` triggers."""

    def __init__(self, lex: Lexicon) -> None:
        self.meeting = MeetingFrames(lex)
        self.frames = (self.meeting, RequestFrames(lex), PledgeFrames(lex))

    def find(self, doc: Doc, marked: list[tuple[int, str]], actors: DocActors) -> list[Candidate]:
        """Candidates for the marked token indices, in text order."""
        out: list[Candidate] = []
        used_nouns: set[int] = set()
        for i, _label in marked:
            tok = doc[i]
            if tok.ent_type_ in SKIP_ENT_TYPES and tok.pos_ in {"NOUN", "PROPN"}:
                continue
            for frames in self.frames:
                c = frames.find(tok, actors, used_nouns)
                if c is not None:
                    out.append(c)
                    break
        return out
