"""Settings: the look (light, dark, high contrast, or the browser's), the country Get help now lists first,
and the profile's PIN. Saved with the learner's profile (a guest's live in memory with the guest).

Changing the PIN ends the profile's other web sessions (Desk.set_pin), so a cookie copied before
the change opens nothing after it; the current PIN is asked first and counted like at opening.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...i18n import _
from ...pins import MAX_PIN
from ..keys import COURSE
from ..render import core, go, page, signed_in
from ..visits import Visit
from .profiles import new_pin_problem

routes = web.RouteTableDef()

SYSTEM = "system"
"""The look the browser asks for (prefers-color-scheme, prefers-contrast): no theme saved."""
THEMES = (SYSTEM, "light", "dark", "high-contrast")
"""The TUI's theme keys, and "system"."""


def _theme_names() -> dict[str, str]:
    return {SYSTEM: _("As this device is set"), "light": _("Light"), "dark": _("Dark"),
            "high-contrast": _("High contrast")}


def _settings(request: web.Request, visit: Visit) -> dict[str, Any]:
    """What the settings page shows (on the store's thread)."""
    course = request.app[COURSE]
    learner = visit.learner
    theme = learner.setting("theme")
    return {
        "theme": theme if theme in THEMES else SYSTEM,
        "themes": list(_theme_names().items()),
        "country": learner.setting("country") or "",
        "countries": [c for c in course.site.helplines.country if not c.local],
        "has_pin": not visit.is_guest and course.desk.has_pin(learner.profile),
        "requires_pin": course.desk.require_pin,
        "pin_limit": MAX_PIN,
    }


async def _page(request: web.Request, visit: Visit, *, status: int = 200, **words: str) -> web.Response:
    ctx = await core(request, _settings, request, visit)
    said = {"look": _("Saved. The page now has the look and country you chose."),
            "pin": _("Your PIN is set. You will need it to open your profile.")}
    saved = said.get(request.query.get("saved", ""), "")
    return page(request, "settings.html", title=_("Settings"), status=status,
                **{"saved": saved, "problem": "", "pin_problem": "", **ctx, **words})


@routes.get("/settings")
async def settings(request: web.Request) -> web.StreamResponse:
    return await _page(request, signed_in(request))


@routes.post("/settings")
async def save_settings(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    data = await request.post()
    theme, country = data.get("theme", SYSTEM), data.get("country", "")
    countries = {c.code for c in request.app[COURSE].site.helplines.country if not c.local}
    if theme not in THEMES or not isinstance(country, str) or (country and country not in countries):
        return await _page(request, visit, status=400, problem=_("Please choose a look and a country from the lists."))

    def save() -> None:
        visit.learner.set_setting("theme", None if theme == SYSTEM else theme)
        visit.learner.set_setting("country", country or None)

    await core(request, save)
    go("/settings?saved=look#feedback")


@routes.post("/settings/pin")
async def change_pin(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    if visit.is_guest:
        go("/settings")
    data = await request.post()
    current, pin, again = (v if isinstance(v := data.get(k, ""), str) else "" for k in ("current", "pin", "pin_again"))
    problem = new_pin_problem(pin, again, required=True)
    if problem:
        return await _page(request, visit, status=400, pin_problem=problem)
    desk = request.app[COURSE].desk
    profile = visit.learner.profile

    def change() -> str:
        if desk.has_pin(profile):
            checked = desk.check_own_pin(profile, current)  # counted and locked as at opening
            if not checked.ok:
                return desk.refusal(checked, hidden=False)
        desk.set_pin(profile, pin, keep_session=visit.key)  # every other browser of this profile is signed out
        return ""

    refused = await core(request, change)
    if refused:
        return await _page(request, visit, status=400, pin_problem=refused)
    go("/settings?saved=pin#feedback")
