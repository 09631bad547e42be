"""``eventx db upgrade``: bring a database's schema to the current version by hand.

The sink does the same when it starts; doing it beforehand lets an operator
migrate once, under their own eyes, before rolling out new sink replicas.
"""

from __future__ import annotations

import sys
from typing import TextIO
from urllib.parse import urlsplit, urlunsplit

from eventx.services.common.config import load_settings
from eventx.services.common.errors import UserError

from .storage import StoreError, make_store
from .storage.migrate import migration_ids


def upgrade(db_url: str | None = None, out: TextIO | None = None) -> int:
    """Apply pending migrations to ``db_url`` (default ``EVENTX_DB_URL``); exit status.

    Errors are one line naming the backend, never the URL (it may hold a password).
    """
    out = out or sys.stdout  # looked up now: sys.stdout may have been replaced since import
    settings = load_settings()
    url = db_url or settings.db_url
    try:
        store = make_store(url, settings.db_connect_timeout_s)
        store.open()
    except (StoreError, ValueError) as exc:
        print(f"eventx: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    try:
        current = migration_ids(store.dialect)[-1]  # type: ignore[arg-type]
        applied = store.applied_migrations
        done = f"applied {', '.join(applied)}" if applied else "nothing to apply"
        print(f"{store.dialect} schema at {current} ({done})", file=out)
    finally:
        store.close()
    return 0


def shown_url(db_url: str) -> str:
    """``db_url`` fit to print: any password replaced by ``***``."""
    try:
        parts = urlsplit(db_url)
        if parts.password is None:
            return db_url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "<unparsable URL>"


def check_db_url(db_url: str, source: str, connect_timeout: int = 5) -> None:
    """Connect to ``db_url`` once (applying pending migrations) or raise a one-line :class:`UserError`.

    For commands that start services on the database (``eventx up``): a URL
    that is malformed, of an unknown scheme or unreachable stops them before
    anything starts, naming where the URL came from (``source``: an option
    or a variable) and the URL without its password.
    """
    try:
        store = make_store(db_url, connect_timeout, source="")
        store.open()
    except (StoreError, ValueError) as exc:
        raise UserError(f"{source} {shown_url(db_url)}: {' '.join(str(exc).split())}") from exc
    store.close()
