"""The one thread that owns the store: every core call of the web face runs there, never on the event loop.

One thread, not a pool: SQLite takes one writer at a time anyway, the core's objects (a Learner, a
Walk) are then only ever touched by one thread, and a page's reads and writes cannot interleave
with another learner's half-way. A core call takes a millisecond or two, so fifty learners
answering every two seconds keep it busy a few percent of the time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class StoreWorker:
    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mhcourse-store")

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn(*args, **kwargs)` on the store's thread and wait for it without blocking the loop."""
        return await asyncio.get_running_loop().run_in_executor(self.pool, partial(fn, *args, **kwargs))

    def close(self) -> None:
        self.pool.shutdown(wait=True)
