"""The trigger candidate: what the trigger stage writes and the argument stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    """One trigger occurrence before argument resolution."""

    type: str
    anchor: int
    span: tuple[int, int]  # token span [start, end)
    lemma: str
    nominal: bool = False
    restatement: bool = False
    cameo: str | None = None
    plover: str | None = None
    subj: list[int] = field(default_factory=list)
    objs: list[int] = field(default_factory=list)  # counterpart / target heads
    content_head: int | None = None
    from_source: list[int] = field(default_factory=list)  # "pledge of Japan", "support from China"
    passive: bool = False
    frame: str = "explicit"  # explicit | future | intent | give | nominal
    # "the next meeting of the India-Nepal Joint Commission": the two countries named in a
    # bilateral body's name are the participants (ISO codes; resolved in the pipeline)
    pair_codes: list[str] = field(default_factory=list)
    upcoming: bool = False  # "the next session": a later meeting, never a restatement of this one
