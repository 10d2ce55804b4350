"""Home: the learner's modules with their states, and Continue where you left off."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...i18n import _
from ..render import core, page, signed_in
from ..visits import Visit

routes = web.RouteTableDef()


def _home(visit: Visit) -> dict[str, Any]:
    learner = visit.learner
    overview = learner.overview()
    return {
        "step": learner.next_step(),
        "modules": [(module, overview.states[module.id]) for module in learner.modules],
        "overview": overview,
    }


@routes.get("/home")
async def home(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    return page(request, "home.html", title=_("Home"), **await core(request, _home, visit))
