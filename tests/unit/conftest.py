"""Fixtures for unit tests: one spaCy-backed extractor for the whole session."""

from __future__ import annotations

import pytest

from services.extractor.extraction import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """Loading the model costs about a second; every extraction test shares it."""
    return Extractor()
