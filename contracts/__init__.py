"""Message contracts shared by every eventx service and its consumers.

The pydantic models in :mod:`eventx.contracts.models` are the single source of truth;
the JSON Schemas in ``contracts/schemas`` and ``contracts/asyncapi.json`` are
generated from them (``python -m eventx.services.tooling.schemas``) and checked by a test.
"""

from eventx.contracts.models import (
    SCHEMA_VERSION,
    Actor,
    Amount,
    ArticleManifest,
    DeadLetter,
    ErrorKind,
    Event,
    EventType,
    ExtractorInfo,
    Location,
    Project,
    RawArticle,
    TextSpan,
)

__all__ = [
    "ArticleManifest",
    "SCHEMA_VERSION",
    "Actor",
    "Amount",
    "DeadLetter",
    "ErrorKind",
    "Event",
    "EventType",
    "ExtractorInfo",
    "Location",
    "Project",
    "RawArticle",
    "TextSpan",
]
