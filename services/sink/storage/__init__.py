"""Event storage: pick a backend from the database URL.

``open_store("sqlite:///eventx.db")`` or ``open_store("postgresql://...")``
returns an opened :class:`EventStore`; use it as a context manager or call
``close()``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .base import EventStore, RejectedEventError, StoreError
from .postgres import PostgresEventStore
from .sqlite import SQLiteEventStore

__all__ = [
    "EventStore",
    "PostgresEventStore",
    "RejectedEventError",
    "SQLiteEventStore",
    "StoreError",
    "make_store",
    "open_store",
]


def make_store(db_url: str, connect_timeout: int = 5, source: str = "EVENTX_DB_URL") -> EventStore:
    """An unopened store for ``db_url`` (the sink opens it on startup).

    Errors name the scheme and where the URL came from (``source``, if
    given), never the URL: it may carry a password.
    """
    scheme = urlsplit(db_url).scheme.lower()
    if scheme == "sqlite":
        return SQLiteEventStore.from_url(db_url)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return PostgresEventStore.from_url(db_url, connect_timeout=connect_timeout)
    raise ValueError(
        f"unsupported database URL scheme {scheme!r}{f' in {source}' if source else ''}: "
        "expected sqlite:///path or postgresql://..."
    )


def open_store(db_url: str) -> EventStore:
    """An opened store for ``db_url``, schema created if missing."""
    store = make_store(db_url)
    store.open()
    return store
