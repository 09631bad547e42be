"""Dateline detection and capital-city lookup on their own: plain functions, no model.

What whole sentences yield around datelines (agency and city not actors, the
dateline date not the meeting date, "here" as the dateline city) is data in
``tests/data/cases/datelines_dates_shapes.yaml``.
"""

from __future__ import annotations

import pytest

from eventx.services.extractor.extraction.datelines import dateline_spans, in_dateline
from eventx.services.extractor.extraction.places import capital_of


@pytest.mark.parametrize("text, prefix", [
    ("LIMA, May 20 (Andina) -- The minister said ...", "LIMA, May 20 (Andina) -- "),
    ("Quito (EFE) – The minister said ...", "Quito (EFE) – "),
    ("SUVA. FIJIVILLAGE – The minister said ...", "SUVA. FIJIVILLAGE – "),
    ("Accra, 3 March 2025 (GNA) --- The minister said ...", "Accra, 3 March 2025 (GNA) --- "),
    ("Lusaka, Mar 4 (ZNBC) Zambia will ...", "Lusaka, Mar 4 (ZNBC) "),
    ("Tunis, (TAP - Tunis Afrique Presse - 4th May, 2025) The minister said ...",
     "Tunis, (TAP - Tunis Afrique Presse - 4th May, 2025) "),
])
def test_dateline_shapes_are_found(text: str, prefix: str) -> None:
    spans = dateline_spans(text)
    assert spans and text[spans[0][0]:spans[0][1]] == prefix


def test_ordinary_lines_are_not_datelines() -> None:
    for line in ("Peru and Chile signed a port deal - officials said it was a first.",
                 "The minister said: we will help.",
                 "Research) (PETR4.SA: up 2 percent)"):
        assert dateline_spans(line) == []
    assert not in_dateline("The minister met X.", 4, 12)


def test_a_capital_names_its_country() -> None:
    """A capital as subject stands for its government ("Paris had agreed to extend a loan")."""
    assert capital_of("Wellington") == "NZL" and capital_of("Lae") is None
