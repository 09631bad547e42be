"""Waiting until a consumer group has caught up: used by ``eventx up --once`` and the tests.

A group is caught up when its lag (:mod:`eventx.services.common.lag`) is zero on
every partition of its topics. Because both services commit only after their
output is safe, "caught up" means "everything is persisted".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from eventx.services.common.lag import total_lag


async def lag(bootstrap: str, group: str, topics: Sequence[str]) -> int:
    """Total records in ``topics`` not yet committed by ``group``."""
    return await total_lag(bootstrap, group, topics)


async def wait_caught_up(bootstrap: str, group: str, topics: Sequence[str], timeout: float,
                         interval: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while True:
        remaining = await total_lag(bootstrap, group, topics)
        if remaining == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"group {group!r} still has {remaining} record(s) to commit on {list(topics)}")
        await asyncio.sleep(interval)
