"""What every request passes through: the Host check, the visit, the form token, the headers, error pages.

A centre serves its room from one machine, so the page is written for a shared network and shared
computers: only the Host names the server was told are answered (no DNS rebinding), every form
carries a token (no cross-site forms), every page is `no-store` (Back after sign-out shows
nothing of the last learner), and the policy lets the browser load nothing from anywhere else.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from ..errors import StoreError
from ..i18n import _, speaking
from ..progress.faults import STORAGE_FAULTS, worth_retrying
from ..serve.hosts import host_of, is_loopback_header
from .keys import COURSE, VISITS
from .language import asked, visitor_language
from .render import page
from .visits import SESSION_COOKIE, clear_session_cookie, form_token, keep_form_token

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
log = logging.getLogger("mhcourse.web")

ALWAYS_SHOWN = frozenset({"/help", "/support"})
"""Pages shown even while the record cannot be read (the shared database is down): Get help now first."""

SECRET_FIELDS = frozenset({"pin", "pin_again", "current"})
"""Fields never written back into a page: a form that carried a PIN is not kept for Try again."""

MAX_BODY = 64 * 1024
"""The largest request body accepted: the longest form (a name, a PIN, an answer) is far smaller."""

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def host_allowed(request: web.Request) -> bool:
    """A loopback server answers only names of this computer; one on the network only the names it was given."""
    course = request.app[COURSE]
    if course.loopback:
        return is_loopback_header(request.host)
    return host_of(request.host).lower().rstrip(".") in course.hostnames


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure as a page in plain words, with Get help now at its top: never a traceback."""
    try:
        return await handler(request)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        return _error_page(request, err.status, err.reason)
    except StoreError as err:
        if worth_retrying(err):  # the shared database is away: the same step again, kept in the page
            return await _try_again_page(request, str(err))
        return _error_page(request, 503, str(err))
    except STORAGE_FAULTS as err:
        log.error("the store failed: %s", err)
        return _error_page(request, 503, _("Your progress could not be read or saved just now. Nothing already "
                                           "saved is lost. Please try again in a moment, or ask a facilitator."))
    except Exception:
        log.exception("a page failed")
        return _error_page(request, 500, _("Something went wrong on this page. Nothing already saved is lost."))


def _error_page(request: web.Request, status: int, reason: str) -> web.Response:
    with speaking(visitor_language(request)):  # outside the language middleware: the visitor's language again
        return _words_page(request, status, reason)


def _words_page(request: web.Request, status: int, reason: str) -> web.Response:
    words = {
        403: _("This page cannot be shown here."),
        404: _("There is no such page in this course."),
        405: _("That cannot be done from this address."),
        413: _("That was more than this course accepts. Please send less."),
    }
    return page(request, "error.html", title=_("Problem"), status=status,
                message=words.get(status, reason) if status < 500 else reason)


async def _try_again_page(request: web.Request, why: str) -> web.Response:
    """A step not saved: a form sent is kept in the page (its fields, with the form token the browser sent, which
    the address checks again when it comes back) for Try again; a page not read offers to load it again.
    Nothing is kept on the server: the step is in the learner's browser until it is saved or they leave."""
    fields: list[tuple[str, str]] = []
    secret = False
    if request.method == "POST":
        sent = await request.post()
        fields = [(name, value) for name, value in sent.items() if isinstance(value, str)]
        secret = any(name in SECRET_FIELDS and value for name, value in fields)
    with speaking(visitor_language(request)):
        response = page(request, "retry.html", title=_("Not saved"), status=503, message=why,
                        fields=[] if secret else fields, again=request.path_qs, sent=request.method == "POST",
                        secret=secret)
    response.headers["Retry-After"] = "5"
    return response


@web.middleware
async def hosts(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not host_allowed(request):
        with speaking(visitor_language(request)):
            words = _("This course does not answer to the name {host}.\n")
        return web.Response(status=421, text=words.format(host=host_of(request.host)[:100]))
    return await handler(request)


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer, error pages included (this runs outside `errors`); no-store on every
    page (pages show a learner's name and answers)."""
    response = await handler(request)
    if not response.prepared:
        response.headers.update(SECURITY_HEADERS)
        if request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "max-age=3600"
        else:
            response.headers["Cache-Control"] = "no-store"
        keep_form_token(request, response)
    return response


@web.middleware
async def visits(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Find the signed-in visit (on the store's thread); a cookie that no longer opens one is cleared."""
    key = request.cookies.get(SESSION_COOKIE)
    request["visit"] = None
    if key and not request.path.startswith("/static/"):
        course = request.app[COURSE]
        try:
            request["visit"] = await course.worker.call(request.app[VISITS].find, key, asked(request))
        except STORAGE_FAULTS:
            if request.path not in ALWAYS_SHOWN:
                raise
            request["unread_visit"] = True  # Get help now is shown anyway; the visit is kept for later
    response = await handler(request)
    if (key and request["visit"] is None and not request.get("signed_in") and not request.get("unread_visit")
            and not response.prepared):
        clear_session_cookie(response)
    return response


@web.middleware
async def language(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer in the visitor's language (language.visitor_language): every `_()` of this request, in the page,
    its templates and the core calls it makes (worker.py carries the language to the store's thread)."""
    request["lang"] = visitor_language(request)
    with speaking(request["lang"]):
        return await handler(request)


@web.middleware
async def forms(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every form sent must carry the token of the page it came from (CSRF)."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        data = await request.post()
        sent = data.get("csrf")
        if not isinstance(sent, str) or not secrets.compare_digest(sent, form_token(request)):
            return page(request, "error.html", title=_("Form expired"), status=403,
                        message=_("This form is out of date or came from another page. Go back, reload the "
                                  "page, and try again."))
    return await handler(request)


MIDDLEWARES = [headers, errors, hosts, visits, language, forms]
