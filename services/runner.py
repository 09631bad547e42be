"""``eventx serve <service>``: one service in the foreground, as production runs it."""

from __future__ import annotations

import asyncio

from eventx.services.common.broker import all_topics, ensure_topics
from eventx.services.common.config import Settings, load_settings
from eventx.services.common.errors import UserError
from eventx.services.common.logs import configure_logging, get_logger


def serve(service: str, settings: Settings | None = None, workers: int | None = None) -> int:
    """``workers`` (extractor only) overrides ``EVENTX_EXTRACTOR_WORKERS``."""
    settings = settings or load_settings()
    if workers is not None:
        settings = settings.model_copy(update={"extractor_workers": workers})
    configure_logging(settings.log_level)
    log = get_logger("eventx.serve")
    if service == "extractor":
        from eventx.services.extractor.app import create_app

        app = create_app(settings)
    elif service == "sink":
        from eventx.services.sink.app import create_app as create_sink

        try:
            app = create_sink(settings)
        except ValueError as exc:  # an unusable EVENTX_DB_URL (the message never shows the URL)
            message = str(exc) if "EVENTX_DB_URL" in str(exc) else f"EVENTX_DB_URL: {exc}"
            raise UserError(message) from exc
    else:  # argparse restricts the choice; this guards programmatic callers
        raise ValueError(f"unknown service {service!r}")

    async def _run() -> None:
        if settings.kafka_create_topics:
            await ensure_topics(settings.kafka_bootstrap, all_topics(settings),
                                partitions=settings.kafka_topic_partitions)
        await app.run()

    log.info("service_starting", service=service, bootstrap=settings.kafka_bootstrap)
    asyncio.run(_run())
    log.info("service_stopped", service=service)
    return 0
