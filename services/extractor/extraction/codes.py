"""CAMEO and PLOVER codes for an event, from the table in ``data/cameo_plover.json``.

Meetings take the trigger frame's CAMEO code (visit 042, host 043, negotiate
046, otherwise 040 consult); requests and pledges take the first sub-code
whose keywords occur in the content or trigger sentence, else the family
default (020 / 030). See the table's ``_doc`` for why pledges map to PLOVER
AGREE.
"""

from __future__ import annotations

from .lexicon import Lexicon


def codes_for(event_type: str, lex: Lexicon, frame_cameo: str | None, frame_plover: str | None,
              words: set[str]) -> tuple[str | None, str | None]:
    """(cameo, plover) for one event; ``words`` are lower-cased content/trigger words."""
    table = lex.codes.get(event_type)
    if table is None:
        return None, None
    plover = frame_plover or table["plover"]
    if event_type == "meeting":
        return frame_cameo or table["default"], plover
    for rule in table.get("rules", []):
        if words & set(rule["words"]):
            return rule["code"], plover
    return table["default"], plover
