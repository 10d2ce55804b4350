"""The language the page speaks, chosen from the form at the foot of every page.

Signed in, the choice is the learner's (Learner.set_language: kept in their profile, a guest's with the guest);
before signing in, it is kept for this visit only (web/chosen.py). Either way back to the page it was made on.
"""

from __future__ import annotations

from aiohttp import web

from ..keys import CHOSEN
from ..language import back_to, chosen_code
from ..render import core, go
from ..visits import FORM_COOKIE, Visit

routes = web.RouteTableDef()


@routes.post("/language")
async def choose_language(request: web.Request) -> web.StreamResponse:
    data = await request.post()
    back = back_to(data.get("back"))
    code = chosen_code(data.get("language"))
    if code is None:
        raise web.HTTPBadRequest()
    visit: Visit | None = request["visit"]
    if visit is not None:
        await core(request, visit.learner.set_language, code)
    else:
        token = request.cookies.get(FORM_COOKIE, "")
        if token:  # the form token checked it: this browser's visit has one
            request.app[CHOSEN].put(token, code)
    go(back)
