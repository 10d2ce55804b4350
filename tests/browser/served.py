"""The web page served in-process: the aiohttp app on 127.0.0.1 and a free port, on a loop in its own thread.

A browser needs a real socket, so the aiohttp test client will not do; a thread (not a subprocess) keeps
start-up to a few milliseconds and lets the test make profiles in the same store before the browser comes.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from aiohttp import web

from mhcourse.content.loader import load_text
from mhcourse.content.models import Module
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.web.app import build_app
from mhcourse.web.course import WebCourse

FIVE = Path(__file__).with_name("five.toml")
START = 30.0  # seconds for the server to start or stop


def five_module() -> Module:
    """The browser tests' module: a content note, a lesson check, the five question types, a scenario."""
    loaded = load_text(FIVE.read_text(encoding="utf-8"), FIVE)
    assert loaded.ok, loaded.problems
    return loaded.module


class ServedCourse:
    """`build_app(course)` answering on http://127.0.0.1:<port>/ until `stop()`."""

    def __init__(self, data: Path, modules: list[Module] | None = None) -> None:
        self.store = Store.open(data)
        # A room's computer (a new profile is offered a PIN) whose site offers the pre-test, so the walks meet it.
        self.desk = Desk(self.store, Access(shared=True, pretest=True))
        self.course = WebCourse(self.desk, modules if modules is not None else [five_module()], SiteConfig(), seed=7)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="served-course", daemon=True)
        self.thread.start()
        self.runner = web.AppRunner(build_app(self.course))
        self.port = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(START)
        self.url = f"http://127.0.0.1:{self.port}"

    async def _start(self) -> int:
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        return int(self.runner.addresses[0][1])

    def stop(self) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(START)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(START)
            self.loop.close()
            self.course.worker.close()
            self.store.close()
