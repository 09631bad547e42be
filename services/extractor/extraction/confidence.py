"""Confidence of an extracted event.

Formula (clipped to [0.05, 0.95]):

    base      0.55 for a verbal trigger from the lexicon, 0.40 for a nominal one
    + args    meeting: +0.25 when >= 2 participants are named directly, +0.15
              when one of them came through a pronoun / description / speaker;
              request & pledge: +0.25 for a named source, +0.12 for an inferred
              one, -0.10 when no source could be found
    + merge   +0.05 per extra restatement merged in (at most +0.10)
    + detail  +0.05 when a date (meeting) or an amount/content (request, pledge)
              is present
    - planned -0.05 for planned meetings (they may not happen)

Why these weights: explicit lexical triggers with named arguments are the
cases the rules get right nearly always on the dev set; inferred arguments
(coreference) and nominal triggers are where the errors concentrate.
"""

from __future__ import annotations


def score(*, nominal: bool, event_type: str, how: list[str], n_args: int, merged: int,
          has_detail: bool, planned: bool) -> float:
    c = 0.40 if nominal else 0.55
    direct = all(h == "name" for h in how) and how
    if event_type == "meeting":
        if n_args >= 2:
            c += 0.25 if direct else 0.15
    else:
        if n_args >= 1:
            c += 0.25 if direct else 0.12
        else:
            c -= 0.10
    c += min(0.10, 0.05 * max(0, merged))
    if has_detail:
        c += 0.05
    if planned:
        c -= 0.05
    return round(max(0.05, min(0.95, c)), 3)
