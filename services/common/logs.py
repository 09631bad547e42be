"""Logging configuration for every eventx process, in one place.

structlog renders JSON lines on stderr; the standard library's loggers
(aiokafka, FastStream, psycopg) are routed through the same processors, so a
log shipper sees one format from every component.
"""

from __future__ import annotations

import logging
import sys

import structlog

_configured = False

_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "INFO") -> None:
    """Idempotent: the first call wins, later calls are no-ops."""
    global _configured
    if _configured:
        return
    lvl = getattr(logging, level.upper(), logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    ))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(lvl)
    # aiokafka narrates every rebalance step at INFO; FastStream's own view of the
    # same (via the broker logger "eventx.kafka") is enough.
    logging.getLogger("aiokafka").setLevel(max(lvl, logging.WARNING))
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(lvl),
        cache_logger_on_first_use=True,
    )
    _configured = True


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    return structlog.get_logger(name)
