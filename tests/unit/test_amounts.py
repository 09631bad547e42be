"""Money expressions -> eventx.contracts.models.Amount (extraction.amounts)."""

from __future__ import annotations

import pytest

from eventx.contracts.models import Amount
from eventx.services.extractor.extraction.amounts import currency_code, parse_amount


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$1.5 billion", 1.5e9, "USD"),
        ("US$6 billion", 6e9, "USD"),
        ("USD 200 million", 2e8, "USD"),
        ("USD2.1 billion", 2.1e9, "USD"),
        ("450 million yuan", 4.5e8, "CNY"),
        ("4 billion Chinese yuan", 4e9, "CNY"),
        ("RMB 1 billion", 1e9, "CNY"),
        ("\u20ac150 billion", 1.5e11, "EUR"),
        ("\u00a33m", 3e6, "GBP"),
        ("1.2 trillion riels", 1.2e12, "KHR"),
        ("5 billion baht", 5e9, "THB"),
        ("\u00a5100 million", 1e8, "JPY"),  # documented: bare yen sign is JPY
        ("\u00a5240-billion", 2.4e11, "JPY"),
        ("Rs 500 crore", 5e9, "INR"),
        ("Rs. 20 lakh", 2e6, "INR"),
        ("\u20b935-36 lakhs", 3.5e6, "INR"),  # a range gives its lower bound
        ("1,000,000 dollars", 1e6, "USD"),
        ("10 billion USD", 1e10, "USD"),
        ("$2B", 2e9, "USD"),
        ("$2-billion", 2e9, "USD"),
        ("$500m", 5e8, "USD"),
        ("Sh19.2 billion", 1.92e10, "KES"),
        ("HK$3 billion", 3e9, "HKD"),
        ("a billion dollars", 1e9, "USD"),
        ("two million euros", 2e6, "EUR"),
        ("12 million US dollars", 1.2e7, "USD"),
        ("about $400 million", 4e8, "USD"),
        ("$2 to $3 billion", 2e9, "USD"),
        ("KHR 400 billion", 4e11, "KHR"),
        ("300 million rupees", 3e8, "INR"),
    ],
)
def test_parse_amount(text: str, value: float, currency: str) -> None:
    amount = parse_amount(text)
    assert isinstance(amount, Amount)
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency
    assert amount.text == text


@pytest.mark.parametrize("text", ["", "   ", "20%", "five years", "several million", "no money"])
def test_no_amount(text: str) -> None:
    assert parse_amount(text) is None


def test_number_without_currency_keeps_value() -> None:
    amount = parse_amount("400,000 tonnes")
    assert amount is not None
    assert amount.value == 400_000
    assert amount.currency is None


def test_lowercase_words_are_not_iso_codes() -> None:
    # "try" must not read as Turkish lira (TRY).
    amount = parse_amount("5 million to try")
    assert amount is not None and amount.currency is None


@pytest.mark.parametrize(
    ("word", "code"),
    [("yuan", "CNY"), ("riels", "KHR"), ("USD", "USD"), ("usd", None), ("\u20ac", "EUR"),
     ("Swiss francs", "CHF"), ("widgets", None)],
)
def test_currency_code(word: str, code: str | None) -> None:
    assert currency_code(word) == code


def test_all_table_codes_are_iso_4217() -> None:
    import pycountry

    from eventx.services.extractor.extraction.lexicon import load_lexicon

    money = load_lexicon().currencies
    known = {c.alpha_3 for c in pycountry.currencies}
    for section in ("symbols", "codes", "words"):
        for surface, code in getattr(money, section).items():
            assert code in known, (section, surface, code)
