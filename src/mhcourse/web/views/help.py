"""Get help now and Local support: plain HTML any visitor reaches, signed in or not, with or without JavaScript.

Get help now lists the emergency advice first, then crisis lines by country: the site's local lines,
then the learner's country (their "country" setting), else the site's ([helplines] country), as the
TUI and the plain face order them (Helplines.ordered, first_country). A number is a tel: or sms:
link only where the list gives its dialable form (`dial`, `sms`): a link is never guessed from words.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...content.helplines import first_country
from ...i18n import _
from ...progress.faults import STORAGE_FAULTS
from ..keys import COURSE
from ..language import asked
from ..render import core, page
from ..visits import Visit

routes = web.RouteTableDef()

SUPPORT_KINDS = ("groups", "services", "partners")


def _chosen_country(visit: Visit | None) -> str | None:
    """The learner's own choice of country (on the store's thread); None for a visitor not signed in."""
    try:  # Get help now is shown even while the record cannot be read (the shared database is down)
        return None if visit is None else visit.learner.setting("country")
    except STORAGE_FAULTS:
        return None


@routes.get("/help")
async def get_help(request: web.Request) -> web.StreamResponse:
    site = request.app[COURSE].site
    chosen = await core(request, _chosen_country, request["visit"])
    helplines = site.helplines
    # A visitor's country is in their browser's languages (fr-BE), not in the server's locale.
    code = first_country(chosen, site.helplines_settings.country, asked=asked(request))
    return page(request, "help.html", title=_("Get help now"), helplines=helplines, places=helplines.ordered(code),
                first=helplines.first_country(code), has_support=not site.support.is_empty())


def _support(request: web.Request) -> dict[str, Any]:
    site = request.app[COURSE].site
    support = site.support
    headings = {"groups": _("Support groups"), "services": _("Services"), "partners": _("Partner organisations")}
    sections = [(kind, headings[kind], getattr(support, kind)) for kind in SUPPORT_KINDS if getattr(support, kind)]
    local = [place for place in site.helplines.country if place.local]
    return {"intro": support.intro, "sections": sections, "local": local}


@routes.get("/support")
async def local_support(request: web.Request) -> web.StreamResponse:
    return page(request, "support.html", title=_("Local support"), **_support(request))
