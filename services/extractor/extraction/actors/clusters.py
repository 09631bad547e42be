"""Actor clustering: mentions of one real-world actor become one ``Entity``.

A short form ("Xi", "Mr Srettha") joins the entity whose fullest name
contains all its words (nearest earlier such entity; never across
nationalities); organisations and countries join by country or name.
"""

from __future__ import annotations

from .model import Entity, Mention


def cluster(mentions: list[Mention]) -> list[Entity]:
    """Entities for ``mentions`` (each mention's ``entity`` is set to its entity id)."""
    entities: list[Entity] = []
    persons = [m for m in mentions if m.kind == "person"]
    # longest names first so short forms attach to the fullest name
    for m in sorted(persons, key=lambda m: (-len(m.name.split()), m.start)):
        words = {w.lower() for w in m.name.split()}
        best: Entity | None = None
        for e in entities:
            if e.kind != "person":
                continue
            if any(words <= {w.lower() for w in n.split()} for n in e.names):
                if m.country and e.country and m.country != e.country:
                    continue
                if best is None or _nearest(e, m.start) > _nearest(best, m.start):
                    best = e
        if best is None:
            best = Entity(len(entities), "person")
            entities.append(best)
        _attach(best, m)
    for m in mentions:
        if m.kind == "person":
            continue
        key = (m.country if m.kind == "country" else None) or m.name.lower()
        best = None
        for e in entities:
            if e.kind != m.kind:
                continue
            ekey = (e.country if e.kind == "country" else None) or e.names[0].lower()
            if ekey == key or (m.kind == "organization" and (m.name.lower() in e.names[0].lower() or e.names[0].lower() in m.name.lower())):
                best = e
                break
        if best is None:
            best = Entity(len(entities), m.kind)
            entities.append(best)
        _attach(best, m)
    return entities


def _nearest(e: Entity, pos: int) -> int:
    before = [p for p in e.positions if p <= pos]
    return max(before) if before else -min(e.positions, default=0)


def _attach(e: Entity, m: Mention) -> None:
    m.entity = e.id
    if m.name not in e.names:
        e.names.append(m.name)
    if e.title and m.title and m.title != e.title and m.title not in e.alt_titles:
        e.alt_titles.append(m.title)  # "Foreign Minister X" ... "Chancellor X": both describe X
    e.title = e.title or m.title
    if m.alt_title and m.alt_title not in e.alt_titles:
        e.alt_titles.append(m.alt_title)
    e.country = e.country or m.country
    e.positions.append(m.start)
    e.positions.sort()
