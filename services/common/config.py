"""All runtime configuration, from ``EVENTX_*`` environment variables, in one place."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Validated settings; every field maps to ``EVENTX_<FIELD>`` (case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix="EVENTX_", extra="ignore")

    kafka_bootstrap: str = Field("127.0.0.1:9092", description="Comma-separated bootstrap servers.")
    kafka_security_protocol: str = Field("PLAINTEXT", description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    kafka_sasl_mechanism: str | None = Field(None, description="PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
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
    log_level: str = "INFO"

    def event_topic(self, event_type: str) -> str:
        return f"{self.topic_events_prefix}{event_type}"

    def supported_language_set(self) -> frozenset[str]:
        return frozenset(x.strip().lower() for x in self.supported_languages.split(",") if x.strip())
