"""The threads that own the store: every core call of the web face runs there, never on the event loop.

On SQLite one thread: SQLite takes one writer at a time anyway, and a page's reads and writes cannot
interleave with another learner's half-way. A core call takes a millisecond or two, so fifty learners
answering every two seconds keep it busy a few percent of the time. On a shared PostgreSQL record each
call waits for the network too, so a few threads serve learners side by side, each with its own
connection from the store's pool; one visit's calls still run one at a time (render.core holds the
visit's lock), so a Learner or a Walk is never touched by two threads at once.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


SHARED_STORE_THREADS = 4
"""Threads (and pooled connections) for a shared PostgreSQL record: a room of learners, never a crowd."""


class StoreWorker:
    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mhcourse-store")

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn(*args, **kwargs)` on the store's thread and wait for it without blocking the loop. It runs in a
        copy of the caller's context, so words the core makes there are in the request's language (i18n.speaking)."""
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self.pool, partial(context.run, fn, *args, **kwargs))

    def close(self) -> None:
        self.pool.shutdown(wait=True)
