"""Home: the learner's modules with their states, Continue where you left off, and the certificate offer."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...i18n import _
from ...progress.journey import skipped_words
from ..course import WebCourse
from ..keys import COURSE
from ..render import core, page, signed_in
from ..urls import module_url, target_url
from ..visits import Visit
from .certificate import offer
from .review import review_words

routes = web.RouteTableDef()


def _home(visit: Visit, course: WebCourse, skipped: bool) -> dict[str, Any]:
    """What home shows, read on the store's thread."""
    learner = visit.learner
    overview = learner.overview()
    step = learner.next_step()
    return {
        "name": learner.profile.name,
        "passed_words": _("{name}: {passed} of {total} modules passed.").format(
            name=learner.profile.name, passed=overview.passed, total=overview.total),
        "step": step,
        "step_url": None if step is None else target_url(step.module, step.target),
        "certificate": offer(visit, course),
        "modules": [{"module": module, "url": module_url(module), "state": overview.states[module.id].describe(),
                     "refresher": learner.refresher_due(module) is not None}
                    for module in learner.modules],
        "review": review_words(learner.due()),
        "all_done": step is None and bool(learner.modules),
        "notice": course.desk.notice,
        "skipped": skipped_words() if skipped else None,
    }


@routes.get("/home")
async def home(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    context = await core(request, _home, visit, request.app[COURSE], request.query.get("skipped") == "1")
    return page(request, "home.html", title=_("Home"), **context)
