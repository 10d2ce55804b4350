"""The aiohttp application of the web face, put together: templates, routes, middlewares, the sweeper."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from ..i18n import _, ngettext
from .chosen import Chosen
from .course import WebCourse
from .guard import MAX_BODY, MIDDLEWARES
from .keys import CHOSEN, COURSE, PENDING, VISITS
from .pending import Pending
from .views import ROUTES
from .visits import VisitBook

HERE = Path(__file__).resolve().parent
SWEEP_SECONDS = 60.0


def build_app(course: WebCourse) -> web.Application:
    """The course's web application; the caller runs it (web.run_app, or a test client)."""
    app = web.Application(middlewares=MIDDLEWARES, client_max_size=MAX_BODY)
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # author and learner text is data: shown as text, never as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_=_, ngettext=ngettext)
    app[COURSE] = course
    app[VISITS] = VisitBook(course)
    app[PENDING] = Pending()
    app[CHOSEN] = Chosen()
    for routes in ROUTES:
        app.add_routes(routes)
    app.router.add_static("/static", HERE / "static", show_index=False)
    app.cleanup_ctx.append(_sweeper)
    app.on_cleanup.append(_close)
    return app


async def _sweeper(app: web.Application) -> AsyncIterator[None]:
    """End idle sessions every minute, so a session left open on a shared computer is closed."""
    course, book = app[COURSE], app[VISITS]

    async def sweep() -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            with contextlib.suppress(Exception):  # a busy store now is fine: the next sweep ends them
                await course.worker.call(book.sweep)

    task = asyncio.create_task(sweep())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _close(app: web.Application) -> None:
    await app[COURSE].worker.call(app[VISITS].close)
