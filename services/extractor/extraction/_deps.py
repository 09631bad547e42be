"""Late-bound access to the normaliser modules (countries, dates, places, amounts, projects).

Those modules are written separately; importing them lazily through this one
place keeps the extraction core importable (and testable) even while one of
them is missing or broken, and gives a single seam to swap them in tests.
"""

from __future__ import annotations

import datetime as dt
import importlib
from functools import lru_cache
from types import ModuleType
from typing import Any, Literal


@lru_cache(maxsize=None)
def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"services.extractor.extraction.{name}")
    except Exception:  # pragma: no cover - only while a sibling module is absent
        return None


def country_code(name: str) -> str | None:
    """ISO3 for a country name, alias or demonym; None when unknown."""
    mod = _module("countries")
    if mod is None or not name:
        return None
    try:
        return mod.country_code(name)
    except Exception:
        return None


def place_country(name: str) -> str | None:
    """ISO3 of the country a city / venue lies in; None when unknown."""
    mod = _module("places")
    if mod is None or not name:
        return None
    try:
        return mod.place_country(name)
    except Exception:
        return None


def is_place(name: str) -> bool:
    mod = _module("places")
    if mod is None or not name:
        return False
    try:
        return bool(mod.is_place(name))
    except Exception:
        return False


def capital_of(name: str) -> str | None:
    """ISO3 of the country whose capital ``name`` is; None when it is none."""
    mod = _module("places")
    if mod is None or not name or not hasattr(mod, "capital_of"):
        return None
    try:
        return mod.capital_of(name)
    except Exception:
        return None


def resolve_date(
    expression: str, base: dt.date | None, prefer: Literal["past", "future"] = "past"
) -> dt.date | None:
    """Resolve a DATE expression against the publication date."""
    mod = _module("dates")
    if mod is None or not expression:
        return None
    try:
        return mod.resolve_date(expression, base, prefer)
    except Exception:
        return None


def parse_amount(text: str) -> Any:
    """``contracts.models.Amount`` for a MONEY expression, or None."""
    mod = _module("amounts")
    if mod is None or not text:
        return None
    try:
        return mod.parse_amount(text)
    except Exception:
        return None


def find_projects(doc: Any) -> list[Any]:
    """Project mentions found by the projects module (empty when unavailable)."""
    mod = _module("projects")
    if mod is None:
        return []
    try:
        return list(mod.find_projects(doc))
    except Exception:
        return []
