"""``eventx.services.common.kafka``: Settings -> KafkaBroker (security, metrics, servers)."""

from __future__ import annotations

import pytest
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.kafka.security import parse_security
from prometheus_client import CollectorRegistry

from eventx.services.common.config import Settings, load_settings
from eventx.services.common.kafka import make_broker, make_security


def consumer_options(settings: Settings) -> dict[str, object]:
    broker = make_broker(settings, CollectorRegistry())
    return dict(broker.config.broker_config.builder.keywords)


def test_plaintext_default() -> None:
    assert make_security(Settings()) is None
    opts = consumer_options(Settings(kafka_bootstrap="k1:9092, k2:9093", kafka_client_id="ex"))
    assert opts["bootstrap_servers"] == ["k1:9092", "k2:9093"]
    assert opts["client_id"] == "ex"
    assert opts.get("security_protocol", "PLAINTEXT") == "PLAINTEXT"


@pytest.mark.parametrize(
    ("protocol", "mechanism", "expected_protocol", "expected_mechanism"),
    [
        ("SASL_SSL", "SCRAM-SHA-512", "SASL_SSL", "SCRAM-SHA-512"),
        ("SASL_SSL", "SCRAM-SHA-256", "SASL_SSL", "SCRAM-SHA-256"),
        ("sasl_plaintext", "plain", "SASL_PLAINTEXT", "PLAIN"),
        ("SASL_PLAINTEXT", None, "SASL_PLAINTEXT", "PLAIN"),
    ],
)
def test_sasl(protocol: str, mechanism: str | None, expected_protocol: str, expected_mechanism: str) -> None:
    settings = Settings(
        kafka_security_protocol=protocol,
        kafka_sasl_mechanism=mechanism,
        kafka_sasl_username="sink",
        kafka_sasl_password="s3cret",
    )
    parsed = parse_security(make_security(settings))
    assert parsed["security_protocol"] == expected_protocol
    assert parsed["sasl_mechanism"] == expected_mechanism
    assert parsed["sasl_plain_username"] == "sink"
    assert parsed["sasl_plain_password"] == "s3cret"
    assert (parsed["ssl_context"] is not None) == (expected_protocol == "SASL_SSL")
    assert consumer_options(settings)["security_protocol"] == expected_protocol


def test_ssl_has_context() -> None:
    parsed = parse_security(make_security(Settings(kafka_security_protocol="SSL")))
    assert parsed["security_protocol"] == "SSL"
    assert parsed["ssl_context"] is not None


@pytest.mark.parametrize(
    "overrides",
    [
        {"kafka_security_protocol": "KERBEROS"},
        {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_mechanism": "GSSAPI",
         "kafka_sasl_username": "u", "kafka_sasl_password": "p"},
        {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_mechanism": "PLAIN"},  # no credentials
    ],
)
def test_misconfiguration_fails_fast(overrides: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="EVENTX_KAFKA"):
        make_broker(load_settings(**overrides))


def test_prometheus_middleware_only_with_registry() -> None:
    with_registry = make_broker(Settings(), CollectorRegistry())
    without = make_broker(Settings())
    assert any(isinstance(m, KafkaPrometheusMiddleware) for m in with_registry.middlewares)
    assert not any(isinstance(m, KafkaPrometheusMiddleware) for m in without.middlewares)
