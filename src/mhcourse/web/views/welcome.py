"""The welcome page (choose a profile, or type your name where names are hidden), a guest, signing out.

Making and opening a profile, and its PIN, are in views/profiles.py.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...i18n import _
from ..keys import CHOSEN, COURSE, VISITS
from ..language import asked, keep_chosen
from ..render import core, go, page, see
from ..visits import FORM_COOKIE, clear_session_cookie, set_session_cookie

routes = web.RouteTableDef()


def welcome_page(request: web.Request, problem: str = "", status: int = 200, name: str = "") -> web.Response:
    """Rendered after `welcome_words` ran on the store's thread (its dict is in request["welcome"])."""
    return page(request, "welcome.html", title=_("Welcome"), status=status, problem=problem, typed=name,
                **request["welcome"])


def welcome_words(request: web.Request) -> dict[str, Any]:
    """What the welcome page shows: the profiles to choose from (none with hidden names), the store's notice."""
    desk = request.app[COURSE].desk
    return {"profiles": desk.profiles(), "hidden": desk.hide_names, "notice": desk.notice,
            "offers_pin": desk.shared_machine}


async def with_welcome(request: web.Request) -> None:
    request["welcome"] = await core(request, welcome_words, request)


@routes.get("/")
async def welcome(request: web.Request) -> web.StreamResponse:
    if request["visit"] is not None:
        go("/home")
    await with_welcome(request)
    return welcome_page(request)


@routes.post("/guest")
async def guest(request: web.Request) -> web.StreamResponse:
    course, book = request.app[COURSE], request.app[VISITS]
    if request["visit"] is not None:
        go("/home")

    browser, chosen = asked(request), request.app[CHOSEN].get(request.cookies.get(FORM_COOKIE, ""))

    def sign_in() -> str:
        return book.sign_in(keep_chosen(course.desk.guest(course.modules, course.rng(), asked=browser), chosen)).key

    key = await core(request, sign_in)
    response = see("/home")
    set_session_cookie(request, response, key)
    return response


@routes.post("/signout")
async def sign_out(request: web.Request) -> web.StreamResponse:
    """The session ends in the store (its cookie opens nothing any more); back to the welcome page, kiosk or not."""
    visit = request["visit"]
    if visit is not None:
        await core(request, request.app[VISITS].sign_out, visit.key)
    request.app[CHOSEN].drop(request.cookies.get(FORM_COOKIE, ""))  # the next person starts in the browser's
    response = see("/")
    clear_session_cookie(response)
    return response
