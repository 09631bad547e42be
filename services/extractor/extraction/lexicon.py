"""The one lexicon of the extraction core, read from the JSON files in ``data/``.

Why one typed loader: every word list, title, honorific, reporting verb and
trigger frame the rules consult is data a reviewer can extend without
touching code, and a typo in a key fails at load time rather than as a silent
empty list. The stages receive the ``Lexicon`` explicitly (through their
spaCy factory config), so a test can hand a stage a small lexicon of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


def _load(data_dir: Path, name: str) -> dict[str, Any]:
    with (data_dir / name).open(encoding="utf-8") as f:
        data = json.load(f)
    return _strip_docs(data)


def _strip_docs(data: Any) -> Any:
    """Drop the '_doc' comment keys at every level."""
    if isinstance(data, dict):
        return {k: _strip_docs(v) for k, v in data.items() if k != "_doc"}
    return data


@dataclass(frozen=True)
class ActorWords:
    """``words.json`` / actors: mention detection, coreference, speakers."""

    headline_verbs: frozenset[str]
    group_nouns: frozenset[str]
    portfolio_words: frozenset[str]
    name_particles: frozenset[str]
    org_words: frozenset[str]
    spokesperson_words: frozenset[str]
    senior_words: frozenset[str]
    governing_bodies: frozenset[str]
    member_group_nouns: frozenset[str]
    project_words: frozenset[str]
    travel_verbs: frozenset[str]
    vague_description_heads: frozenset[str]
    deputy_words: frozenset[str]
    premier_words: frozenset[str]
    head_of_government_keys: frozenset[str]
    named_government_nouns: frozenset[str]
    gathering_bodies: frozenset[str]
    not_name_syllables: frozenset[str]


@dataclass(frozen=True)
class TriggerWords:
    """``words.json`` / triggers: frame conditions shared by the trigger frames."""

    needs_money: frozenset[str]
    scheme_nouns: frozenset[str]
    event_nouns: frozenset[str]
    invitation_verbs: frozenset[str]
    restate_verbs: frozenset[str]
    help_verbs: frozenset[str]
    concrete_aims: frozenset[str]
    adverbial_words: frozenset[str]
    anonymity_verbs: frozenset[str]
    analyst_nouns: frozenset[str]
    money_hints: frozenset[str]
    session_nouns: frozenset[str]
    body_nouns: frozenset[str]
    upcoming_words: frozenset[str]
    convey_verbs: frozenset[str]
    express_verbs: frozenset[str]
    readiness_adjectives: frozenset[str]
    meal_nouns: frozenset[str]
    talk_nouns: frozenset[str]
    call_media: frozenset[str]
    plural_meeting_nouns: frozenset[str]
    backdrop_meeting_nouns: frozenset[str]
    hosting_verbs: frozenset[str]
    receiving_verbs: frozenset[str]


@dataclass(frozen=True)
class ArgumentWords:
    """``words.json`` / arguments: dates, places, content, reported speech."""

    duration_words: frozenset[str]
    relative_same_day: frozenset[str]
    relative_previous_day: frozenset[str]
    venue_words: frozenset[str]
    venue_predicates: frozenset[str]
    motion_verbs: frozenset[str]
    trip_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    reception_verbs: frozenset[str]
    invite_words: frozenset[str]
    self_nouns: frozenset[str]
    prediction_words: frozenset[str]
    earlier_adverbs: frozenset[str]
    additive_adverbs: frozenset[str]
    today_phrases: frozenset[str]
    light_content_verbs: frozenset[str]
    addressing_verbs: frozenset[str]
    target_preps: frozenset[str]
    content_synonyms: dict[str, str]


@dataclass(frozen=True)
class EventWords:
    """``words.json`` / events: merging restatements."""

    office_nouns: frozenset[str]
    leader_titles: tuple[str, ...]


def _section(cls: type, raw: dict[str, Any]) -> Any:
    """Build one ``words.json`` section; a missing or unknown key is an error."""
    names = {f.name for f in fields(cls)}
    if set(raw) != names:
        raise ValueError(f"words.json section for {cls.__name__}: missing {sorted(names - set(raw))}, "
                         f"unknown {sorted(set(raw) - names)}")
    values: dict[str, Any] = {}
    for f in fields(cls):
        entry = raw[f.name]
        if "map" in entry:
            values[f.name] = dict(entry["map"])
        elif f.name == "leader_titles":
            values[f.name] = tuple(entry["words"])
        else:
            values[f.name] = frozenset(entry["words"])
    return cls(**values)


@dataclass(frozen=True)
class ProjectLexicon:
    """``projects_lexicon.json``: heads, modifiers and blockers of project names (its ``_comment`` says what each list is for)."""

    heads: dict[str, str]
    head_modifiers: dict[str, frozenset[str]]
    head_modifiers_need_building: dict[str, frozenset[str]]
    lower_heads: dict[str, str]
    modifiers: frozenset[str]
    blockers: frozenset[str]
    company_prone: frozenset[str]
    generic_compounds: frozenset[str]
    not_projects: tuple[str, ...]  # normalised keys
    head_policy_ok: frozenset[str]
    year_heads: frozenset[str]
    lower_head_modifiers: dict[str, frozenset[str]]
    lower_heads_need_context: frozenset[str]
    development_words: frozenset[str]
    year_required: frozenset[str]
    soft_blockers: frozenset[str]
    policy_heads: frozenset[str]
    min_name_words: dict[str, int]
    head_requires_word: dict[str, frozenset[str]]
    heads_need_building: frozenset[str]
    hyphen_modifiers: frozenset[str]
    name_connectors: frozenset[str]
    head_initial: dict[str, str]
    apposition_heads: frozenset[str]
    free_modifier_stop: frozenset[str]
    head_initial_need_connector: frozenset[str]
    title_blockers: frozenset[str]
    numbered_heads: frozenset[str]
    action_heads: frozenset[str]
    lower_min_name_words: dict[str, int]
    name_joiners: frozenset[str]
    extension_words: frozenset[str]
    context_before: frozenset[str]
    context_after: frozenset[str]
    org_purposes: frozenset[str]
    capital_policy_heads: frozenset[str]
    head_continuations: frozenset[str]
    number_markers: frozenset[str]
    two_end_heads: frozenset[str]
    specific_determiners: frozenset[str]
    backref_determiners: frozenset[str]
    owner_determiners: frozenset[str]
    generic_head: str
    port_noun: str
    port_development_words: frozenset[str]
    port_not_development: frozenset[str]
    document_of_words: frozenset[str]
    ordinal_heads: frozenset[str]
    recipient_preps: frozenset[str]
    naming_words: frozenset[str]
    arrival_heads: frozenset[str]
    arrival_verbs: frozenset[str]
    backref_heads: dict[str, str | None]
    title_joiners: frozenset[str]
    route_heads: frozenset[str]
    route_preps: frozenset[str]
    route_new: frozenset[str]


def load_project_lexicon(path: Path) -> ProjectLexicon:
    """Read ``projects_lexicon.json``; a missing or unknown key is an error.

    Each value is converted by its field's declared type, so the file and
    the dataclass cannot drift apart silently.
    """
    from .projects import normalise_project_name  # the name key is the projects module's rule

    with path.open(encoding="utf-8") as fh:
        raw = {k: v for k, v in json.load(fh).items() if not k.startswith("_")}
    names = {f.name for f in fields(ProjectLexicon)}
    if set(raw) != names:
        raise ValueError(f"projects_lexicon.json: missing {sorted(names - set(raw))}, "
                         f"unknown {sorted(set(raw) - names)}")
    values: dict[str, Any] = {}
    for f in fields(ProjectLexicon):
        v = raw[f.name]
        if f.name == "not_projects":
            values[f.name] = tuple(normalise_project_name(n) for n in v)
        elif f.type == "frozenset[str]":
            values[f.name] = frozenset(v)
        elif f.type == "dict[str, frozenset[str]]":
            values[f.name] = {k: frozenset(w) for k, w in v.items()}
        elif f.type.startswith("dict["):
            values[f.name] = dict(v)
        else:
            values[f.name] = v
    return ProjectLexicon(**values)


@dataclass(frozen=True)
class GazEntry:
    """One well-known project of ``projects_gazetteer.json``."""

    name: str
    kind: str | None
    aliases: tuple[str, ...]  # includes the name itself
    acronyms: tuple[str, ...]


Gazetteer = tuple[GazEntry, ...]


def load_gazetteer(path: Path) -> Gazetteer:
    """Read the gazetteer of well-known projects."""
    with path.open(encoding="utf-8") as fh:
        rows = json.load(fh)["projects"]
    return tuple(
        GazEntry(r["name"], r.get("kind"), (r["name"], *(r.get("aliases") or ())),
                 tuple(r.get("acronyms") or ()))
        for r in rows
    )


@dataclass(frozen=True)
class CountryTables:
    """``countries_aliases.json`` and ``demonyms.json``: forms of country names the ISO data lacks."""

    aliases: dict[str, list[str]]  # ISO3 -> abbreviations, historic and everyday names (curated, win)
    demonyms: dict[str, list[str]]  # ISO3 -> nationality adjectives


@dataclass(frozen=True)
class PlaceTables:
    """``places_venues.json`` and ``places_aliases.json``: curated places that beat the geonames data."""

    venues: dict[str, list[str]]  # ISO3 -> diplomatic venues
    ambiguous_venues: tuple[str, ...]  # venues whose country depends on the article ("State House")
    aliases: dict[str, list[str]]  # ISO3 -> exonyms, old names, capitals


@dataclass(frozen=True)
class Currencies:
    """``currencies.json``: the money grammar's tables."""

    symbols: dict[str, str]
    codes: dict[str, str]
    words: dict[str, str]
    multipliers: dict[str, float]


def _normaliser_tables(root: Path) -> tuple[CountryTables, PlaceTables, Currencies]:
    """The normalisers' tables, as the files order them (the first form of a name wins)."""
    venues = _load(root, "places_venues.json")
    money = _load(root, "currencies.json")
    return (CountryTables(aliases=_load(root, "countries_aliases.json")["aliases"],
                          demonyms=_load(root, "demonyms.json")["demonyms"]),
            PlaceTables(venues=venues["venues"], ambiguous_venues=tuple(venues.get("ambiguous_venues", ())),
                        aliases=_load(root, "places_aliases.json")["places"]),
            Currencies(symbols=money["symbols"], codes=money["codes"], words=money["words"],
                       multipliers=money["multipliers"]))


def _subset(data: dict[str, Any], key: str, of: str) -> frozenset[str]:
    """``data[key]`` as a set that must lie within ``data[of]`` (one list, one marked subset)."""
    sub, whole = frozenset(data[key]), frozenset(data[of])
    if not sub <= whole:
        raise ValueError(f"{key} not in {of}: {sorted(sub - whole)}")
    return sub


@dataclass(frozen=True)
class Lexicon:
    """Every word list the extraction core consults."""

    meeting: dict[str, Any]
    request: dict[str, Any]
    pledge: dict[str, Any]
    titles: dict[str, Any]
    codes: dict[str, Any]
    modality: dict[str, Any]
    title_words: frozenset[str]
    honorifics: frozenset[str]
    name_honorifics: frozenset[str]  # titles.json: the honorifics that always precede a name
    name_title_words: frozenset[str]  # titles.json: title words that stand before a name
    government_nouns: frozenset[str]  # titles.json: nouns that stand for a government
    generic_description_heads: frozenset[str]  # titles.json: heads that may describe any office holder
    reporting_verbs: frozenset[str]  # words.json / shared: saying and reporting, for every stage
    actors: ActorWords
    triggers: TriggerWords
    arguments: ArgumentWords
    events: EventWords
    projects: ProjectLexicon
    gazetteer: Gazetteer
    countries: CountryTables
    places: PlaceTables
    currencies: Currencies

    @property
    def trigger_lemmas(self) -> set[str]:
        """Every lemma that can start a trigger (used to build the Matcher)."""
        out: set[str] = set()
        out |= set(self.meeting["verbs"]) | set(self.meeting["nouns"])
        out |= set(self.request["verbs"]) | {p["noun"] for p in self.request["phrases"]}
        out |= {k for k in self.request.get("nouns", {}) if not k.startswith("_")}
        out |= {p["verb"] for p in self.request["phrases"]}
        out |= set(self.request["must_frames"]["speech"]) | set(self.meeting["welcome_phrase"]["verbs"])
        out |= set(self.meeting["credentials_phrase"]["verbs"])
        out |= set(self.pledge["verbs"]) | set(self.pledge["nouns"])
        out |= set(self.pledge["give_verbs"]) | set(self.pledge["future_verbs"]) | set(self.pledge.get("grow_verbs", []))
        out |= {k for k in self.pledge["intent_frames"] if not k.startswith("_")}
        out |= self.triggers.convey_verbs | self.triggers.express_verbs
        return out


@lru_cache(maxsize=4)
def load_lexicon(data_dir: str = "") -> Lexicon:
    """The lexicon in ``data_dir`` (default: the package's ``data/``), read once per directory.

    Cached by directory only because every stage of a pipeline asks for the
    same one; the result is immutable.
    """
    root = Path(data_dir) if data_dir else DATA_DIR
    titles = _load(root, "titles.json")
    words = _load(root, "words.json")
    countries, places, currencies = _normaliser_tables(root)
    return Lexicon(
        meeting=_load(root, "triggers_meeting.json"),
        request=_load(root, "triggers_request.json"),
        pledge=_load(root, "triggers_pledge.json"),
        titles=titles,
        codes=_load(root, "cameo_plover.json"),
        modality=_load(root, "triggers_modality.json"),
        title_words=frozenset(titles["title_words"]),
        honorifics=frozenset(titles["honorifics"]),
        name_honorifics=_subset(titles, "honorifics_before_names", "honorifics"),
        name_title_words=frozenset(titles["name_title_words"]),
        government_nouns=frozenset(titles["government_nouns"]),
        generic_description_heads=frozenset(titles["generic_description_heads"]),
        reporting_verbs=frozenset(words["shared"]["reporting_verbs"]["words"]),
        actors=_section(ActorWords, words["actors"]),
        triggers=_section(TriggerWords, words["triggers"]),
        arguments=_section(ArgumentWords, words["arguments"]),
        events=_section(EventWords, words["events"]),
        projects=load_project_lexicon(root / "projects_lexicon.json"),
        gazetteer=load_gazetteer(root / "projects_gazetteer.json"),
        countries=countries,
        places=places,
        currencies=currencies,
    )
