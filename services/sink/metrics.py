"""Sink metrics. The names are a contract with ``deploy/`` dashboards and alerts."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

BATCH_SIZE_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 200, 500, 1000, 2000)
WRITE_SECONDS_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class SinkMetrics:
    """All sink metrics, registered on the registry the app owns (one per app, so
    tests can build several apps in one process without duplicate-name errors)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.events_written = Counter(
            "eventx_sink_events_written_total",
            "Events upserted into the store, by event type.",
            ["event_type"],
            registry=registry,
        )
        self.write_seconds = Histogram(
            "eventx_sink_write_seconds",
            "Time to write one batch to the store (successful or not).",
            buckets=WRITE_SECONDS_BUCKETS,
            registry=registry,
        )
        self.batch_size = Histogram(
            "eventx_sink_batch_size",
            "Kafka records per consumed batch.",
            buckets=BATCH_SIZE_BUCKETS,
            registry=registry,
        )
        self.write_errors = Counter(
            "eventx_sink_write_errors_total",
            "Batch writes that failed and were left uncommitted for redelivery.",
            registry=registry,
        )
        self.retracted = Counter(
            "eventx_sink_events_retracted_total",
            "Stored events deleted because their article's new manifest no longer lists them.",
            registry=registry,
        )
        self.stale_events = Counter(
            "eventx_sink_events_stale_total",
            "Events skipped as superseded (an older extraction than the stored row or manifest).",
            registry=registry,
        )
        self.manifests = Counter(
            "eventx_sink_manifests_total",
            "Article manifests consumed, by outcome (applied | stale).",
            ["outcome"],
            registry=registry,
        )
        self.dlq = Counter(
            "eventx_sink_dlq_total",
            "Records sent to the events dead-letter topic, by reason.",
            ["reason"],
            registry=registry,
        )
