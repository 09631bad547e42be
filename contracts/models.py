"""Pydantic v2 models for every message eventx reads or writes."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

# Semantic version of the message contracts (see "Contract versioning" in the
# README): additive changes bump the minor, fixes the patch; a breaking change
# gets new topics rather than a new major on the old ones, so every message on
# today's topics carries a 1.x.y version.
SCHEMA_VERSION = "1.1.0"
SCHEMA_VERSION_PATTERN = r"^1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"

# Field limits, part of the contract (they appear as maxLength in the schemas).
# Indexed columns must stay under PostgreSQL's btree limit (2,704 bytes per
# index row): 512 characters are at most 2,048 UTF-8 bytes. Validating here,
# before any store, makes SQLite and PostgreSQL accept exactly the same events.
MAX_ID_CHARS = 512
MAX_NAME_CHARS = 512
MAX_CODE_CHARS = 16
MAX_URL_CHARS = 4096
MAX_LABEL_CHARS = 256  # language, source, title-like short labels
EVENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"

# NUL and lone UTF-16 surrogates: PostgreSQL refuses the first in text and
# JSONB, neither database driver can encode the second.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value: str) -> str:
    """Reject characters a database refuses, identically for every backend."""
    bad = _UNSTORABLE.search(value)
    if bad:
        raise ValueError(f"contains U+{ord(bad.group()):04X}, which the databases refuse")
    return value


Text = Annotated[str, AfterValidator(_storable)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS), AfterValidator(_storable)]
Code = Annotated[str, Field(max_length=MAX_CODE_CHARS), AfterValidator(_storable)]
ArticleId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS), AfterValidator(_storable)]
EventId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, pattern=EVENT_ID_PATTERN)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3, e.g. CHN.")]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. USD.")]


def _legacy_version(value: object) -> object:
    """Messages written before versions had three parts said "1.0"; read them as 1.0.0."""
    return "1.0.0" if value == "1.0" else value


SchemaVersion = Annotated[str, BeforeValidator(_legacy_version),
                          Field(pattern=SCHEMA_VERSION_PATTERN,
                                description="Semantic version of the contract this message follows.")]


class Emitted(BaseModel):
    """Base of what eventx writes: every field is always serialised (null when unknown),
    so the serialisation schema lists them all as ``required`` and generated
    Java/Go types are not needlessly optional."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


EventType = Literal["meeting", "request", "pledge", "project_mention"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)  # derived once: the Literal is the source


class ErrorKind(str, Enum):
    """Why a record is on a dead-letter topic: one vocabulary for every service.

    The value travels in the ``x-error-kind`` header and is the ``reason``
    label of the ``*_dlq_total`` metrics, so the set is small and closed.
    """

    EMPTY_RECORD = "empty_record"  # no value at all
    INVALID_ENCODING = "invalid_encoding"  # body (or text/plain article) is not UTF-8
    INVALID_JSON = "invalid_json"  # not JSON, or nested beyond what a parser accepts
    INVALID_ARTICLE = "invalid_article"  # JSON that is not a valid RawArticle (incl. over-long fields)
    EMPTY_TEXT = "empty_text"  # an article without text
    TOO_LARGE = "too_large"  # over the configured byte / character limits
    UNSUPPORTED_LANGUAGE = "unsupported_language"  # not English (declared or detected)
    EXTRACTION_TIMEOUT = "extraction_timeout"  # extraction ran past its time limit
    EXTRACTION_ERROR = "extraction_error"  # the extraction core raised
    INVALID_EVENT = "invalid_event"  # JSON that is not a valid Event (incl. empty or malformed event_id)
    INVALID_MANIFEST = "invalid_manifest"  # JSON on the manifest topic that is not a valid ArticleManifest
    WRONG_TOPIC = "wrong_topic"  # an event on another type's topic
    ID_CONFLICT = "id_conflict"  # an event_id that already belongs to another article or type
    STORE_REJECTED = "store_rejected"  # the database refused the event's data


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

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS, description="Stable article id; also the Kafka key.")
    text: str = Field(description="Article text exactly as crawled; offsets refer to it. NUL and lone "
                                  "surrogates, which no database stores, are read as U+FFFD (one character "
                                  "for one, so offsets hold).")
    url: str | None = Field(default=None, max_length=MAX_URL_CHARS)
    title: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    published_at: dt.datetime | dt.date | None = Field(
        default=None, description="ISO date or RFC 3339 datetime of publication."
    )
    language: str | None = Field(default=None, max_length=MAX_LABEL_CHARS,
                                 description='BCP 47 tag, e.g. "en"; only English is extracted.')
    source: str | None = Field(default=None, max_length=MAX_LABEL_CHARS)

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("id must not be blank")
        return _storable(v)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text must not be empty")
        # the events quote the text: a character the sink must refuse would cost the
        # whole article's events, so it is replaced here, offset for offset
        return _UNSTORABLE.sub("\ufffd", v)

    def publication_date(self) -> dt.date | None:
        """``published_at`` as a date, else the crawler's ``date`` header line."""
        if isinstance(self.published_at, dt.datetime):
            return self.published_at.date()
        if isinstance(self.published_at, dt.date):
            return self.published_at
        return header_date(self.text)


class TextSpan(Emitted):
    """A stretch of the article text, by character offsets into it as received.

    ``start`` is inclusive and ``end`` exclusive (Python slice semantics), so
    ``end >= start`` always holds; a span with ``end < start`` is invalid.
    """

    text: Text
    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset after the last character; never less than start.")

    @model_validator(mode="after")
    def _ordered(self) -> "TextSpan":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class Actor(Emitted):
    name: Name = Field(description="Canonical name: the fullest form used in the article.")
    role: Role
    kind: ActorKind = "other"
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-3.")
    title: Name | None = Field(default=None, description='e.g. "President", "Foreign Minister".')


class Project(Emitted):
    name: Name
    kind: Name | None = Field(default=None, description="initiative, canal, corridor, zone, ...")


class Location(Emitted):
    name: Name
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-3.")


class Amount(Emitted):
    value: float = Field(allow_inf_nan=False)
    currency: CurrencyCode | None = Field(default=None, description="ISO 4217 code.")
    text: Text | None = Field(default=None, description="The figure as written.")


class ExtractorInfo(Emitted):
    version: Name
    model: Name


class Event(Emitted):
    """One normalised event, published on ``events.<event_type>``."""

    model_config = ConfigDict(title="Event", json_schema_serialization_defaults_required=True)

    schema_version: SchemaVersion = SCHEMA_VERSION
    event_id: EventId = Field(description="Deterministic: same article, same extractor -> same id. "
                                          "Letters, digits and . _ : - only.")
    event_type: EventType
    article_id: ArticleId
    article_url: Text | None = Field(default=None, max_length=MAX_URL_CHARS)
    published_at: dt.date | None = None
    date: dt.date | None = Field(default=None, description="When it happened or will happen.")
    status: Status = "occurred"
    actors: list[Actor] = Field(default_factory=list)
    project: Project | None = None
    location: Location | None = None
    amount: Amount | None = None
    content: Text | None = Field(default=None, description="What is requested / pledged.")
    trigger: TextSpan | None = None
    evidence: list[TextSpan] = Field(default_factory=list)
    cameo: Code | None = Field(default=None, description="CAMEO event code, e.g. 040, 0331.")
    plover: Code | None = Field(default=None, description="PLOVER category, e.g. CONSULT.")
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: ExtractorInfo
    extracted_at: dt.datetime


class ArticleManifest(Emitted):
    """An article's complete current set of events, published on ``events.articles``.

    The extractor publishes one per processed article, after the article's
    events. It is the correction signal: any event of ``article_id`` not listed
    here, extracted no later than ``extracted_at``, is retracted. An empty
    ``event_ids`` retracts them all. A manifest older than the one already
    applied is ignored, so replays are no-ops.
    """

    model_config = ConfigDict(title="ArticleManifest", json_schema_serialization_defaults_required=True)

    schema_version: SchemaVersion = SCHEMA_VERSION
    article_id: ArticleId
    event_ids: list[EventId] = Field(description="Every event id the current extraction yields.")
    extractor: ExtractorInfo
    extracted_at: dt.datetime = Field(description="When this extraction ran; orders manifests.")

    @field_validator("event_ids")
    @classmethod
    def _unique_ids(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("event_ids must be unique")
        return v


class DeadLetter(BaseModel):
    """The headers of a record on ``articles.dlq`` / ``events.dlq``; the body is the original bytes.

    In the spirit of Kafka Connect's ``__connect.errors.*`` headers: enough to
    triage (kind, message, exception, stack trace, when, which service and
    version) and to replay (original topic, partition, offset, key and headers).
    Header names are ``x-`` plus the field name with ``_`` as ``-``.
    """

    model_config = ConfigDict(title="DeadLetter", json_schema_serialization_defaults_required=True)

    error_kind: ErrorKind
    error_message: str = Field(description="Human-readable reason (truncated to 2,000 characters).")
    error_exception: str = Field(description="Exception class, or the kind when there was none.")
    error_stacktrace: str = Field(default="", description="Python traceback, truncated to 8,000 characters.")
    error_timestamp: dt.datetime = Field(description="When the record was dead-lettered (UTC).")
    error_service: str = Field(description="extractor or sink.")
    error_version: str = Field(description="Version of the eventx service that dead-lettered it.")
    original_topic: str
    original_partition: int
    original_offset: int
    original_timestamp: int | None = Field(default=None, description="Original record timestamp (ms).")
    original_headers: str = Field(description="JSON list of [name, base64 value] pairs, as received.")
    original_size: int = Field(description="Size of the original value in bytes.")
    original_sha256: str = Field(description="Hex SHA-256 of the original value.")
    truncated: bool = Field(default=False, description="True when the body is only the first bytes of the value.")
