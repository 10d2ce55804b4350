"""The language of each request: the signed-in learner's; before signing in, the one the visitor chose on
this visit, else what the browser asks for (Accept-Language) through the core's one rule (Desk.language).

A choice made before signing in is kept in this server's memory under the browser's form-cookie token, which
lives as long as the browser's session: no cookie of its own, nothing that outlives the visit. Signing out
forgets it. Touched only on the event loop.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web

from ..i18n import SHIPPED, choose_language, language_of

if TYPE_CHECKING:
    from ..progress.learner import Learner
    from .visits import Visit

_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$|^\*$")


def asked(request: web.Request) -> list[str]:
    """The languages a browser asks for (Accept-Language), most wanted first: "es-MX,es;q=0.9,en;q=0.5"."""
    header = request.headers.get("Accept-Language", "")[:500]
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:30]):
        tag, _sep, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or not _TAG.match(tag) or tag == "*":
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            wanted.append((-weight, index, tag))
    return [tag for _weight, _index, tag in sorted(wanted)]


def before_sign_in(request: web.Request) -> str:
    """The language of a browser no learner is signed in on: the one chosen on this visit, else the browser's
    (the site's default first, as the core's rule says)."""
    from .keys import CHOSEN, COURSE
    from .visits import FORM_COOKIE

    desk = request.app[COURSE].desk
    chosen = request.app[CHOSEN].get(request.cookies.get(FORM_COOKIE, ""))
    if chosen is not None:
        return choose_language(learner=chosen, site=desk.access.language, asked=asked(request))
    return desk.language(asked(request))


def keep_chosen(learner: Learner, chosen: str | None) -> Learner:
    """A language chosen before signing in becomes the learner's own when they have none yet (a profile that
    has one keeps it: on a shared computer the last visitor's choice must not change it). On the store's thread."""
    if chosen is not None and learner.setting("language") is None and chosen != learner.language:
        learner.set_language(chosen)
    return learner


def visitor_language(request: web.Request) -> str:
    """The language to answer this request in."""
    known = request.get("lang")
    if isinstance(known, str):
        return known
    visit: Visit | None = request.get("visit")
    if visit is not None:
        return visit.learner.language
    return before_sign_in(request)


def offered() -> list[tuple[str, str]]:
    """The languages a visitor can choose, each named in its own words (never translated)."""
    return list(SHIPPED.items())


def chosen_code(raw: object) -> str | None:
    """A language code from a form, only when it is one of the shipped ones."""
    return raw if isinstance(raw, str) and raw in SHIPPED and language_of(raw) == raw else None


def back_to(raw: object) -> str:
    """Where to go after choosing: a path on this server only (never another site: no open redirect)."""
    if isinstance(raw, str) and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        parts = urlsplit(raw)
        if not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in raw):
            return raw
    return "/"
