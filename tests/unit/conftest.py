"""Fixtures for unit tests: one spaCy-backed extractor for the whole session."""

from __future__ import annotations

import pytest

from eventx.services.extractor.extraction import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The rules alone (no learned stage): rule tests pin what the rules do with a sentence.

    Loading the model costs about a second; every extraction test shares it.
    """
    return Extractor(learned=False)


@pytest.fixture(scope="session")
def shipped_extractor() -> Extractor:
    """Rules + learned stage, as the extractor service runs them: the accuracy floors hold for this."""
    return Extractor()
