"""Which articles the English model may read: the declared language, else a detector's verdict.

py3langid ships its own model (no download at run time). The detector is
only trusted when it is confident and the text is long enough to judge, so a
short English article is never turned away; a declared ``language`` always wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry

from eventx.contracts.models import ErrorKind, RawArticle
from eventx.services.extractor.decode import RejectedInput

SAMPLE_CHARS = 3_000  # enough text for a confident verdict; detection stays in the milliseconds


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise_language(tag: str) -> str:
    """``en-GB``, ``eng``, ``English`` -> ``en``; unknown tags come back lower-cased."""
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    try:
        lang = pycountry.languages.lookup(primary)
    except LookupError:
        return primary
    return getattr(lang, "alpha_2", primary)


@dataclass(frozen=True)
class LanguageGate:
    supported: frozenset[str] = field(default_factory=lambda: frozenset({"en"}))
    min_confidence: float = 0.95
    min_chars: int = 100

    def load(self) -> None:
        """Load the detector's model now (about a second) rather than on the first article."""
        _identifier()

    def check(self, article: RawArticle) -> None:
        """Raise ``RejectedInput(UNSUPPORTED_LANGUAGE)`` for an article the model cannot read."""
        if article.language and article.language.strip():
            lang = normalise_language(article.language)
            if lang not in self.supported:
                raise RejectedInput(ErrorKind.UNSUPPORTED_LANGUAGE, f"declared language {article.language!r}")
            return
        if len(article.text.strip()) < self.min_chars:
            return
        lang, confidence = _identifier().classify(article.text[:SAMPLE_CHARS])
        if lang not in self.supported and confidence >= self.min_confidence:
            raise RejectedInput(ErrorKind.UNSUPPORTED_LANGUAGE,
                                f"detected language {lang!r} (confidence {confidence:.2f})")
