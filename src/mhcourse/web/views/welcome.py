"""The welcome page and the way in: choose or make a profile, a PIN, a guest; and signing out."""

from __future__ import annotations

from aiohttp import web

from ...i18n import _
from ..keys import COURSE, VISITS
from ..render import core, go, page, see
from ..visits import clear_session_cookie, set_session_cookie

routes = web.RouteTableDef()


@routes.get("/")
async def welcome(request: web.Request) -> web.StreamResponse:
    if request["visit"] is not None:
        go("/home")
    course = request.app[COURSE]
    profiles = await core(request, course.desk.profiles)
    return page(request, "welcome.html", title=_("Welcome"), profiles=profiles)


@routes.post("/guest")
async def guest(request: web.Request) -> web.StreamResponse:
    course, book = request.app[COURSE], request.app[VISITS]

    def sign_in() -> str:
        return book.sign_in(course.desk.guest(course.modules, course.rng())).key

    key = await core(request, sign_in)
    response = see("/home")
    set_session_cookie(request, response, key)
    return response


@routes.post("/signout")
async def sign_out(request: web.Request) -> web.StreamResponse:
    visit = request["visit"]
    if visit is not None:
        await core(request, request.app[VISITS].sign_out, visit.key)
    response = see("/")
    clear_session_cookie(response)
    return response
