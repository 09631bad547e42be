"""Country names, aliases and demonyms -> ISO 3166-1 alpha-3.

News text names countries in many ways ("China", "the PRC", "Chinese",
"Beijing's" is a *place* and lives in ``places``). Actors and locations need
one stable code, so every form is folded into a single lookup table built once
(on first use) from pycountry (ISO names, official names, common names) plus
two reviewed data files, read by the one lexicon loader (``Lexicon.countries``):
``data/countries_aliases.json`` (abbreviations and historic / everyday names
pycountry lacks) and ``data/demonyms.json`` (nationality adjectives; pycountry
has none and no maintained PyPI package provides them).

Documented choices for ambiguous words:
  * "Korea" / "Korean" -> KOR (South Korea is what unqualified news copy means);
    "North Korea" / "North Korean" / "DPRK" -> PRK.
  * "Congo" -> COG, but "Congolese" and "DRC" -> COD (the far larger country).
  * "Dominican" -> DOM, "Khmer" -> KHM, "English" / "Scottish" -> GBR.
  * "EU", "ASEAN" and other blocs -> None: they are not countries.
  * Two-letter ISO codes are *not* accepted (they collide with English words
    such as "IT", "IN", "TO"); only the curated abbreviations (US, UK, UAE, PRC,
    DRC, ROK, DPRK, ...) are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import pycountry

if TYPE_CHECKING:
    from .lexicon import CountryTables

__all__ = ["country_code", "country_name", "is_country", "normalise_name"]

# pycountry "common_name" is not always what news copy uses; these override
# the display name returned by country_name().
_DISPLAY_OVERRIDES: dict[str, str] = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "RUS": "Russia",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "IRN": "Iran",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "BOL": "Bolivia",
    "VEN": "Venezuela",
    "TZA": "Tanzania",
    "MDA": "Moldova",
    "PSE": "Palestine",
    "CZE": "Czech Republic",
    "TUR": "Turkey",
    "XKX": "Kosovo",
    "FSM": "Micronesia",
    "BRN": "Brunei",
    "VAT": "Vatican City",
    "CIV": "Ivory Coast",
    "MKD": "North Macedonia",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
}

_POSSESSIVE = re.compile(r"(?:'s|')$")


def normalise_name(name: str) -> str:
    """Fold a surface form to the key used by the lookup tables.

    Lower-cases, unifies apostrophes, drops dots ("U.S." == "US"), treats
    hyphens as spaces ("Guinea-Bissau"), strips a leading "the" and a
    trailing possessive ("China's").
    """
    s = name.strip().replace("\u2019", "'").replace("\u2018", "'").lower()
    s = _POSSESSIVE.sub("", s)
    s = s.replace(".", "").replace("-", " ").replace("\u2013", " ")
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _reordered(name: str) -> list[str]:
    """ISO style "Korea, Republic of" -> also "Republic of Korea"."""
    out = [name]
    if ", " in name:
        head, tail = name.split(", ", 1)
        tail = re.sub(r"^(?:The|the) ", "", tail)
        out.append(f"{tail} {head}")
        out.append(f"{tail} the {head}")
        out.append(head)
    stripped = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if stripped != name:
        out.append(stripped)
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(surface key -> ISO3, ISO3 -> display name) from the package lexicon. Built once, cached."""
    from .lexicon import load_lexicon  # not at import: the lexicon imports projects, which imports this module

    return build_tables(load_lexicon().countries)


def build_tables(tables: CountryTables) -> tuple[dict[str, str], dict[str, str]]:
    """(surface key -> ISO3, ISO3 -> display name) from pycountry and the lexicon's curated forms."""
    index: dict[str, str] = {}
    names: dict[str, str] = {}
    for c in pycountry.countries:
        code = c.alpha_3
        common = getattr(c, "common_name", None)
        names[code] = _DISPLAY_OVERRIDES.get(code) or common or c.name.split(",")[0]
        for raw in (c.name, getattr(c, "official_name", None), common):
            if not raw:
                continue
            for form in _reordered(raw):
                index.setdefault(normalise_name(form), code)
    # Curated data wins over pycountry's generated forms (e.g. "Congo").
    for code, forms in tables.aliases.items():
        names.setdefault(code, _DISPLAY_OVERRIDES.get(code, forms[0]))
        for form in forms:
            index[normalise_name(form)] = code
    for code, forms in tables.demonyms.items():
        for form in forms:
            index.setdefault(normalise_name(form), code)
    # Explicit multi-word demonyms beat the bare "Korean" fallback.
    index["north korean"] = "PRK"
    index["south korean"] = "KOR"
    return index, names


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-3 for a country name, alias or demonym, else None.

    Case-insensitive; tolerates "the", possessive "'s" and plural demonyms
    ("Cambodians"). Anything not positively known returns None, so callers
    can treat a code as reliable.
    """
    if not name or not name.strip():
        return None
    index, _ = _tables()
    key = normalise_name(name)
    if not key:
        return None
    code = index.get(key)
    if code is None and key.endswith("s") and len(key) > 4:
        code = index.get(key[:-1])  # "Cambodians" -> "Cambodian"
    if code is None and key.endswith("people") and len(key) > 7:
        code = index.get(key[: -len("people")].strip())  # "Chinese people"
    return code


def is_country(name: str) -> bool:
    """True when ``name`` is any known country form (name, alias, demonym)."""
    return country_code(name) is not None


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """Common short English name for an ISO3 code ("CHN" -> "China")."""
    if not code:
        return None
    _, names = _tables()
    return names.get(code.strip().upper())
