"""A page from its template, with what every page has: the title that names the place, the language,
the form token, the learner's look, Get help now at the top."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup, escape

from ..i18n import _, current_language
from .language import offered
from .visits import form_token

if TYPE_CHECKING:
    from .visits import Visit

P = ParamSpec("P")
T = TypeVar("T")

CONTRAST_THEMES = frozenset({"high-contrast", "contrast"})


def page(request: web.Request, template: str, *, title: str, lang: str | None = None, status: int = 200,
         **context: Any) -> web.Response:
    """Render `template`. `title` names the place ("Lesson 2 of 4: What stigma is - Myths, facts and
    stigma"); the course's name follows it in the browser's title. The page speaks the request's language
    (<html lang>); `lang` is the language of the module content it shows, which its elements carry
    (`content_lang`) when it differs, so a screen reader reads an English module in a Spanish page in English."""
    from .keys import COURSE

    course = request.app[COURSE]
    visit: Visit | None = request.get("visit")
    context.update(
        place=title,
        title=_("{place} - {course}").format(place=title, course=course.title),
        lang=current_language(),
        content_lang=_lang_attribute(lang),
        languages=offered(),
        here=request.path_qs if request.method in ("GET", "HEAD") else "/",
        csrf=form_token(request),
        visit=visit,
        course=course,
        contrast=visit is not None and visit.theme in CONTRAST_THEMES,
        look=_look(visit),
    )
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def _lang_attribute(lang: str | None) -> Markup:
    """' lang="en"' for content in another language than the page's; nothing when it is the same."""
    if not lang or lang.split("-")[0] == current_language():
        return Markup("")
    return Markup(' lang="{}"').format(escape(lang))


def _look(visit: Visit | None) -> str:
    """The class on <html> for the learner's chosen look; "" follows the browser (light, dark, contrast)."""
    theme = None if visit is None else visit.theme
    if theme in CONTRAST_THEMES:
        return "contrast"
    return theme if theme in ("light", "dark") else ""


def signed_in(request: web.Request) -> Visit:
    """The signed-in visit; a browser without one is sent to the welcome page to choose a profile."""
    visit: Visit | None = request.get("visit")
    if visit is None:
        raise web.HTTPSeeOther("/")
    return visit


async def core(request: web.Request, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a core call (anything that reads or writes the store) on a store thread, one at a time per visit."""
    from .keys import COURSE

    visit: Visit | None = request.get("visit")
    if visit is None:
        return await request.app[COURSE].worker.call(fn, *args, **kwargs)
    return await request.app[COURSE].worker.call(_one_at_a_time, visit.lock, partial(fn, *args, **kwargs))


def _one_at_a_time(lock: threading.Lock, call: Callable[[], T]) -> T:
    with lock:
        return call()


def see(location: str) -> web.Response:
    """A 303 to `location`, for a handler that sets a cookie on it."""
    return web.Response(status=303, headers={"Location": location})


def go(location: str) -> NoReturn:
    """After a form: see the page at `location` (Post/Redirect/Get, so Reload never sends a form twice)."""
    raise web.HTTPSeeOther(location)
