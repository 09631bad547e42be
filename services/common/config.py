"""All runtime configuration, from ``EVENTX_*`` environment variables, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eventx.services.common.errors import UserError

ENV_PREFIX = "EVENTX_"
# Variables with this prefix belong to the test harness, not to the services.
NOT_SETTINGS_PREFIX = "EVENTX_TEST_"
SECRET_FIELDS = frozenset({"kafka_sasl_password", "db_url"})  # never echoed in an error
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ConfigError(UserError, ValueError):
    """A bad ``EVENTX_*`` variable: the message names it, in one line."""


def check_bootstrap(value: str) -> str:
    """``host:port[,host:port...]``, or a ValueError saying which entry is wrong."""
    entries = [x.strip() for x in value.split(",") if x.strip()]
    if not entries:
        raise ValueError("expected host:port[,host:port...]")
    for entry in entries:
        host, _, port = entry.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{entry!r} is not host:port")
    return value


def env_name(field: str) -> str:
    return f"{ENV_PREFIX}{field.upper()}"


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """``EVENTX_*`` names that match no setting: a misspelt one must not be silently ignored."""
    known = {env_name(f) for f in Settings.model_fields}
    return sorted(k for k in environ if k.upper().startswith(ENV_PREFIX)
                  and not k.upper().startswith(NOT_SETTINGS_PREFIX) and k.upper() not in known)


class Settings(BaseSettings):
    """Validated settings; every field maps to ``EVENTX_<FIELD>`` (case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    kafka_bootstrap: str = Field("127.0.0.1:9092", description="Comma-separated bootstrap servers.")
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = None
    kafka_client_id: str = "eventx"
    kafka_create_topics: bool = Field(True, description="Create missing topics at start-up (off where ops own topics).")
    kafka_topic_partitions: int = Field(12, ge=1, description="Partitions for topics eventx creates (a multiple "
                                        "of common replica and worker counts: 1, 2, 3, 4, 6, 12).")

    topic_articles: str = "articles.raw"
    topic_dlq: str = Field("articles.dlq", description="Articles the extractor could not process.")
    topic_events_dlq: str = Field("events.dlq", description="Event messages the sink could not store.")
    topic_events_prefix: str = Field("events.", description="Event topics are <prefix><event_type>.")
    topic_manifests: str = Field("events.articles", description="Per-article manifests: the current event ids.")

    extractor_group: str = "eventx-extractor"
    extractor_batch_size: int = Field(16, ge=1, description="Articles per consumed batch (committed together).")
    extractor_workers: int = Field(1, ge=1, description="Extraction worker processes per extractor (one per core).")
    extractor_batch_timeout_ms: int = Field(200, ge=1, description="Longest wait to fill an extractor batch.")
    max_article_bytes: int = Field(1_000_000, ge=1, description="Larger records are dead-lettered as too_large.")
    max_article_chars: int = Field(100_000, ge=1, description="Longer article texts are dead-lettered as too_large.")
    extraction_timeout_s: float = Field(30.0, gt=0, description="Per batch, then per article; the worker is "
                                        "killed and replaced when it runs over.")
    supported_languages: str = Field("en", description="Comma-separated language codes the model reads.")
    language_min_confidence: float = Field(0.95, ge=0, le=1, description="Detector confidence needed to reject.")
    language_detect_min_chars: int = Field(100, ge=0, description="Shorter texts are not language-checked.")
    publish_retries: int = Field(5, ge=0, description="Extra attempts to publish before the batch is nacked.")
    publish_retry_backoff_s: float = Field(0.5, ge=0, description="First back-off; doubles, capped at 10 s.")
    dlq_max_bytes: int = Field(1_000_000, ge=10_000, description="Dead letters above this are stored truncated; "
                               "also the producer's max_request_size.")
    sink_group: str = "eventx-sink"

    db_url: str = Field("sqlite:///eventx.db", description="sqlite:///path or postgresql://...")
    sink_batch_size: int = Field(200, ge=1)
    sink_batch_timeout_ms: int = Field(500, ge=1)
    db_connect_timeout_s: int = Field(5, ge=1, description="PostgreSQL connect timeout per attempt.")
    sink_retry_initial_s: float = Field(0.5, gt=0, description="First wait after a database error; doubles.")
    sink_retry_max_s: float = Field(10.0, gt=0, description="Longest wait between database attempts.")
    sink_retry_window_s: float = Field(60.0, gt=0, lt=300, description="Wait this long inside one batch, then "
                                       "hand it back uncommitted and fetch it again (under max.poll.interval).")

    extractor_metrics_port: int = Field(9108, ge=0, le=65535, description="0 disables it.")
    sink_metrics_port: int = Field(9109, ge=0, le=65535, description="0 disables it.")
    lag_refresh_seconds: float = Field(15.0, gt=0, description="How often each service re-reads its group's lag.")
    metrics_host: str = Field("127.0.0.1", description="Address /metrics, /healthz and /readyz listen on; "
                              "0.0.0.0 in containers.")
    health_interval_s: float = Field(5.0, gt=0, description="How often readiness is re-checked.")
    health_timeout_s: float = Field(3.0, gt=0, description="Time allowed to each readiness check.")
    health_stall_s: float = Field(60.0, gt=0, description="Not ready when records wait and no batch completed "
                                  "for this long.")
    log_level: LogLevel = "INFO"

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_variables(cls, data: Any) -> Any:
        unknown = unknown_variables(os.environ)
        if unknown:
            raise ValueError(f"unknown variable {', '.join(unknown)} (misspelt? the settings are listed "
                             "in the README)")
        return data

    @field_validator("kafka_bootstrap")
    @classmethod
    def _bootstrap(cls, v: str) -> str:
        return check_bootstrap(v)

    @field_validator("kafka_security_protocol", "kafka_sasl_mechanism", "log_level", mode="before")
    @classmethod
    def _upper(cls, v: Any) -> Any:
        return v.upper() if isinstance(v, str) else v

    def event_topic(self, event_type: str) -> str:
        return f"{self.topic_events_prefix}{event_type}"

    def supported_language_set(self) -> frozenset[str]:
        return frozenset(x.strip().lower() for x in self.supported_languages.split(",") if x.strip())


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, or a :class:`ConfigError` naming the variable at fault."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe_settings_error(exc)) from exc


def describe_settings_error(exc: ValidationError) -> str:
    """One line per pydantic error, keyed by the variable (``EVENTX_SINK_BATCH_SIZE``), not the field."""
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if isinstance(x, str)]
        msg = err["msg"].removeprefix("Value error, ")
        if not loc:
            parts.append(msg)
            continue
        got = err.get("input")
        secret = loc[0] in SECRET_FIELDS or isinstance(got, dict)
        shown = "" if secret else f" (got {got!r})"
        parts.append(f"{env_name(loc[0])}: {msg}{shown}")
    return "; ".join(parts)
