"""Extraction core of eventx: RawArticle -> meeting / request / pledge / project_mention Events.

Public API::

    from eventx.services.extractor.extraction import Extractor, EXTRACTOR_VERSION
    ex = Extractor()
    ex.extract(article, now=None) -> list[Event]
    ex.extract_many(articles, now=None) -> list[list[Event]]
"""

from .pipeline import EXTRACTOR_VERSION, Extractor, event_id

__all__ = ["EXTRACTOR_VERSION", "Extractor", "event_id"]
