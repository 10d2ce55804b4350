"""The way into a module's pages, the same for every one of them: the module must be offered here, and
its content note comes first (learner.needs_content_note: every path asks it, in every face)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from aiohttp import web

from .keys import COURSE

if TYPE_CHECKING:
    from ..content.models import Module
    from .visits import Visit


def module_of(request: web.Request) -> Module:
    """The module named in the address, in the signed-in learner's language where it can be (learner.shown);
    404 for one this site does not offer."""
    module = request.app[COURSE].module(request.match_info.get("module", ""))
    if module is None:
        raise web.HTTPNotFound()
    visit: Visit | None = request.get("visit")
    return module if visit is None else visit.learner.shown(module)


def note_first(visit: Visit, module: Module, here: str) -> str | None:
    """Where to go before `here` (a page inside `module`): its content note while it must be asked; else None.
    On the store's thread."""
    if visit.learner.needs_content_note(module):
        return f"/modules/{module.id}/note?next={quote(here, safe='')}"
    return None


def local_next(module: Module, raw: str | None) -> str:
    """A `next` address from a form or a query, kept only when it is a page of this module on this
    server (never another site: no open redirect); else the module's own page."""
    home = f"/modules/{module.id}"
    if raw:
        parts = urlsplit(raw)
        if not parts.scheme and not parts.netloc and (parts.path == home or parts.path.startswith(home + "/")):
            return raw
    return home
