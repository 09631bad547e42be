"""The normalisers the extraction rules call, gathered in one namespace.

Rules call ``_deps.country_code(...)`` and friends rather than importing four
modules each; blank inputs short-circuit here. Errors are not swallowed: a
normaliser bug surfaces as an extraction error (and a dead letter in the
service) instead of silently missing arguments.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from eventx.contracts.models import Amount

from . import amounts, countries, dates, places


def country_code(name: str) -> str | None:
    """ISO3 for a country name, alias or demonym; None when unknown."""
    return countries.country_code(name) if name else None


def country_name(code: str) -> str | None:
    """Common short name for an ISO3 code ("CHN" -> "China")."""
    return countries.country_name(code) if code else None


def place_country(name: str) -> str | None:
    """ISO3 of the country a city / venue lies in; None when unknown."""
    return places.place_country(name) if name else None


def is_place(name: str) -> bool:
    return bool(name) and bool(places.is_place(name))


def capital_of(name: str) -> str | None:
    """ISO3 of the country whose capital ``name`` is; None when it is none."""
    return places.capital_of(name) if name else None


def capital_city(code: str) -> str | None:
    """The capital of an ISO3 country ("EGY" -> "Cairo"); None when unknown."""
    return places.capital_city(code) if code else None


def resolve_date(
    expression: str, base: dt.date | None, prefer: Literal["past", "future"] = "past"
) -> dt.date | None:
    """Resolve a DATE expression against the publication date."""
    return dates.resolve_date(expression, base, prefer) if expression else None


def parse_amount(text: str) -> Amount | None:
    """The amount of a MONEY expression, or None."""
    return amounts.parse_amount(text) if text else None
