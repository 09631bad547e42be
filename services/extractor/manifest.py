"""The per-article manifest the extractor publishes after an article's events.

It lists every event id the current extraction yields, so a consumer (the
sink first) can retract the events an earlier extraction of the same article
produced that this one no longer does (see ``eventx.contracts.models.ArticleManifest``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from eventx.contracts.models import ArticleManifest, Event, ExtractorInfo


def article_manifest(article_id: str, events: Sequence[Event], extractor: ExtractorInfo,
                     now: dt.datetime | None = None) -> ArticleManifest:
    """The manifest of one extraction; its time is the events' own, or now when there are none.

    Taking the events' ``extracted_at`` keeps "listed events are no newer than
    their manifest", which the sink relies on to tell stale from fresh.
    """
    at = max((e.extracted_at for e in events), default=now or dt.datetime.now(dt.timezone.utc))
    return ArticleManifest(article_id=article_id, event_ids=list(dict.fromkeys(e.event_id for e in events)),
                           extractor=events[0].extractor if events else extractor, extracted_at=at)
