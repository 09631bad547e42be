"""Pydantic v2 models for every message eventx reads or writes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0"

EventType = Literal["meeting", "request", "pledge", "project_mention"]
EVENT_TYPES: tuple[str, ...] = ("meeting", "request", "pledge", "project_mention")
Role = Literal["participant", "source", "target", "mentioned"]
ActorKind = Literal["person", "organization", "country", "other"]
Status = Literal["occurred", "planned"]

# Crawler output often starts with a line such as " date 2024-12-04 ".
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*$", re.IGNORECASE)


def header_date(text: str) -> dt.date | None:
    """The publication date a crawler wrote on the first line of ``text``, if any."""
    first = text.split("\n", 1)[0]
    m = _DATE_HEADER.match(first)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


class RawArticle(BaseModel):
    """An article as a crawler publishes it on ``articles.raw``.

    Unknown fields are ignored so crawlers can add metadata without breaking us.
    """

    model_config = ConfigDict(extra="ignore", title="RawArticle")

    id: str = Field(min_length=1, description="Stable article id; also the Kafka key.")
    text: str = Field(description="Article text exactly as crawled; offsets refer to it.")
    url: str | None = None
    title: str | None = None
    published_at: dt.datetime | dt.date | None = Field(
        default=None, description="ISO date or RFC 3339 datetime of publication."
    )
    language: str | None = None
    source: str | None = None

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("id must not be blank")
        return v

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text must not be empty")
        return v

    def publication_date(self) -> dt.date | None:
        """``published_at`` as a date, else the crawler's ``date`` header line."""
        if isinstance(self.published_at, dt.datetime):
            return self.published_at.date()
        if isinstance(self.published_at, dt.date):
            return self.published_at
        return header_date(self.text)


class TextSpan(BaseModel):
    """A stretch of the article text, by character offsets into it as received."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Actor(BaseModel):
    name: str = Field(description="Canonical name: the fullest form used in the article.")
    role: Role
    kind: ActorKind = "other"
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3.")
    title: str | None = Field(default=None, description='e.g. "President", "Foreign Minister".')


class Project(BaseModel):
    name: str
    kind: str | None = Field(default=None, description="initiative, canal, corridor, zone, ...")


class Location(BaseModel):
    name: str
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3.")


class Amount(BaseModel):
    value: float
    currency: str | None = Field(default=None, description="ISO 4217 code.")
    text: str | None = Field(default=None, description="The figure as written.")


class ExtractorInfo(BaseModel):
    version: str
    model: str


class Event(BaseModel):
    """One normalised event, published on ``events.<event_type>``."""

    model_config = ConfigDict(title="Event")

    schema_version: str = SCHEMA_VERSION
    event_id: str = Field(description="Deterministic: same article, same extractor -> same id.")
    event_type: EventType
    article_id: str
    article_url: str | None = None
    published_at: dt.date | None = None
    date: dt.date | None = Field(default=None, description="When it happened or will happen.")
    status: Status = "occurred"
    actors: list[Actor] = Field(default_factory=list)
    project: Project | None = None
    location: Location | None = None
    amount: Amount | None = None
    content: str | None = Field(default=None, description="What is requested / pledged.")
    trigger: TextSpan | None = None
    evidence: list[TextSpan] = Field(default_factory=list)
    cameo: str | None = Field(default=None, description="CAMEO event code, e.g. 040, 0331.")
    plover: str | None = Field(default=None, description="PLOVER category, e.g. CONSULT.")
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: ExtractorInfo
    extracted_at: dt.datetime


class DeadLetter(BaseModel):
    """Describes the ``articles.dlq`` record; the body is the original bytes.

    The reason travels in the ``x-error`` header, the error class in
    ``x-error-type`` and the origin in ``x-original-topic``.
    """

    error: str
    error_type: str
    original_topic: str
