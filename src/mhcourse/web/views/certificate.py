"""The certificate: what it needs, and once the track is passed the certificate itself, as a file to keep.

The core decides (Learner.certificate_check, issue_certificate) and words it (progress.certificate);
this page only asks and shows. A guest has none. In kiosk mode nothing is handed to the shared
computer's browser: the learner is shown the reference, and a facilitator prints it (as the TUI and
the plain face do).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...i18n import _
from ...progress import certificate
from ..course import WebCourse
from ..keys import COURSE
from ..render import core, go, page, signed_in
from ..visits import Visit

routes = web.RouteTableDef()


def offer(visit: Visit, course: WebCourse) -> str | None:
    """Home's line for the certificate, or None while there is none to give (and always for a guest).
    On the store's thread."""
    learner = visit.learner
    if learner.is_guest or not learner.certificate_check(course.site.track).ready:
        return None
    if course.desk.kiosk is not None:
        return _("{ready}: get its reference").format(ready=certificate.ready_words())
    return _("{ready}: save it").format(ready=certificate.ready_words())


def _organization(course: WebCourse) -> str:
    return course.site.name or "mhcourse"


def _status(visit: Visit, course: WebCourse, show_reference: bool) -> dict[str, Any]:
    """What the certificate page says: why not yet, or that it is ready (and in kiosk mode its reference)."""
    learner = visit.learner
    kiosk = course.desk.kiosk is not None
    context: dict[str, Any] = {"guest": learner.is_guest, "kiosk": kiosk, "ready": False, "reason": "",
                               "missing": [], "reference": None, "command": None}
    if learner.is_guest:
        return context
    check = learner.certificate_check(course.site.track)
    context.update(ready=check.ready, reason=check.reason, missing=[m.title for m in check.missing])
    if check.ready and kiosk and show_reference:
        # Issuing again with nothing changed gives the same certificate and reference (progress.certificate.issue).
        cert = learner.issue_certificate(course.site.track, _organization(course))
        context.update(reference=cert.ref, command=certificate.facilitator_command(cert.name))
    return context


@routes.get("/certificate")
async def show(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    course = request.app[COURSE]
    context = await core(request, _status, visit, course, request.query.get("shown") == "1")
    return page(request, "certificate.html", title=_("Certificate"), words=_words(), **context)


def _words() -> dict[str, str]:
    """The core's own words for the certificate (progress/certificate.py), the same in every face."""
    return {"ready_words": certificate.ready_words(), "kiosk_note": certificate.kiosk_note()}


def _issue(visit: Visit, course: WebCourse) -> certificate.Certificate | None:
    """Issue the certificate; None when it is refused (the track changed since the page was shown)."""
    if visit.learner.is_guest:
        return None
    try:
        return visit.learner.issue_certificate(course.site.track, _organization(course))
    except certificate.CertificateRefused:
        return None


@routes.post("/certificate")
async def issue(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    course = request.app[COURSE]
    cert = await core(request, _issue, visit, course)
    if cert is None:
        go("/certificate")  # the page says why not
    if course.desk.kiosk is not None:
        go("/certificate?shown=1#reference")
    paper = certificate.paper_size(course.site.course.paper, course.site.helplines_settings.country)
    return web.Response(
        text=certificate.render_html(cert, paper=paper), content_type="text/html", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{certificate.file_name(cert)}"'})
