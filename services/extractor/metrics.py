"""The extractor's own Prometheus metrics (names are a contract with deploy/)."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class ExtractorMetrics:
    articles: Counter
    events: Counter
    dlq: Counter
    extraction_seconds: Histogram
    inflight: Gauge

    @classmethod
    def create(cls, registry: CollectorRegistry) -> ExtractorMetrics:
        return cls(
            articles=Counter("eventx_extractor_articles", "Articles consumed, by outcome (ok|dlq).",
                             ["outcome"], registry=registry),
            events=Counter("eventx_extractor_events", "Events published, by event type.",
                           ["event_type"], registry=registry),
            dlq=Counter("eventx_extractor_dlq", "Records sent to the dead-letter topic, by reason.",
                        ["reason"], registry=registry),
            extraction_seconds=Histogram("eventx_extractor_extraction_seconds",
                                         "Seconds of spaCy parsing + extraction per article: its length's "
                                         "share of its chunk's batched nlp.pipe.",
                                         buckets=LATENCY_BUCKETS, registry=registry),
            inflight=Gauge("eventx_extractor_inflight", "Articles being parsed right now.", registry=registry),
        )
