"""A module's page (lessons, quiz, practice), its content note, and the optional confidence question.

Every page inside a module passes its gate first (gate.note_first): the content note, while the core
says it must be asked. The rules live in the core (Learner.gate, skip_module, accept_content_note,
confidence_asked); these pages only show them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from ...content.models import Module
from ...i18n import _
from ...learning.progress import Status
from ..course import WebCourse
from ..gate import local_next, module_of, note_first
from ..keys import COURSE
from ..render import core, go, page, signed_in
from ..urls import lesson_url, module_url, practice_url, quiz_url
from ..visits import Visit

routes = web.RouteTableDef()

WHEN = ("before", "after")


def scale() -> list[str]:
    """The confidence question's answers, 1 to 5: the TUI's words (tui/screens/confidence.py)."""
    return [_("Not at all confident"), _("A little confident"), _("Fairly confident"), _("Confident"),
            _("Very confident")]


def gated(visit: Visit, module: Module, here: str) -> None:
    """Go to the module's content note first while it must be asked (raises the 303). On the store's thread."""
    first = note_first(visit, module, here)
    if first is not None:
        go(first)


# -- the module's page -----------------------------------------------------------------------------

def _module(visit: Visit, module: Module, here: str) -> dict[str, Any]:
    gated(visit, module, here)
    learner = visit.learner
    record = learner.record(module)
    lessons = [{"title": lesson.title, "url": lesson_url(module, index), "read": lesson.id in record.lessons_completed}
               for index, lesson in enumerate(module.lessons)]
    practice = [{"title": s.title, "url": practice_url(module, s.id), "done": s.id in record.scenarios_done}
                for s in module.scenarios]
    return {
        "skipped": record.skipped,
        "state": learner.state(module).describe(),
        "missing": [{"title": m.title, "url": module_url(m)} for m in learner.missing_recommended(module)],
        "lessons": lessons,
        "quiz": None if module.quiz is None else {"url": quiz_url(module), "label": learner.quiz_label(module)},
        "practice": practice,
        "refresher": learner.refresher_due(module) is not None,
        "language_note": learner.language_note(module),
    }


@routes.get("/modules/{module}")
async def module_page(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    context = await core(request, _module, visit, module, request.path_qs)
    return page(request, "module.html", title=module.title, lang=module.module.language, module=module, **context)


# -- the content note ------------------------------------------------------------------------------

def _note(visit: Visit, module: Module, onward: str) -> dict[str, Any]:
    """The note and whether the module was skipped; straight on when there is nothing to ask."""
    learner = visit.learner
    skipped = learner.record(module).skipped
    if not learner.gate(module).ask and not skipped:
        go(onward)
    return {"skipped": skipped}


@routes.get("/modules/{module}/note")
async def note(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    onward = local_next(module, request.query.get("next"))
    context = await core(request, _note, visit, module, onward)
    return page(request, "note.html", title=_("Content note: {module}").format(module=module.title),
                lang=module.module.language, module=module, onward=onward, **context)


def _choose(visit: Visit, module: Module, go_on: bool) -> None:
    learner = visit.learner
    if not go_on:
        learner.skip_module(module)
    elif module.module.content_note:
        learner.accept_content_note(module)  # also takes back an earlier skip
    else:
        learner.take_back_skip(module)  # skipped when it had a note its author has since removed


@routes.post("/modules/{module}/note")
async def choose(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    form = await request.post()
    choice = form.get("choice")
    if choice not in ("go", "skip"):
        raise web.HTTPBadRequest()
    await core(request, _choose, visit, module, choice == "go")
    if choice == "skip":
        go("/home?skipped=1#feedback")  # home says it was skipped for now (journey.skipped_words)
    go(local_next(module, str(form.get("next") or "")))


# -- the confidence question -----------------------------------------------------------------------

def asks_confidence(visit: Visit, course: WebCourse, module: Module, when: str) -> bool:
    """Whether the question is asked now, by the core's one rule (Learner.asks_confidence): 'after' only once the
    module is passed. On the store's thread."""
    learner = visit.learner
    passed = when == "after" and learner.state(module).status is Status.PASSED
    return learner.asks_confidence(module, when, passed=passed)


def confidence_url(module: Module, when: str, onward: str) -> str:
    return f"{module_url(module)}/confidence/{when}?next={quote(onward, safe='')}"


def _when(request: web.Request) -> str:
    when = request.match_info["when"]
    if when not in WHEN:
        raise web.HTTPNotFound()
    return when


def _confidence(visit: Visit, course: WebCourse, module: Module, when: str, here: str, onward: str) -> None:
    gated(visit, module, here)
    if not asks_confidence(visit, course, module, when):
        go(onward)


def _confidence_page(request: web.Request, module: Module, when: str, onward: str, error: str | None = None,
                     status: int = 200) -> web.Response:
    lead = _("Before you start: {module}") if when == "before" else _("Now that you have finished: {module}")
    return page(request, "confidence.html", title=_("How confident you feel - {module}").format(module=module.title),
                lang=module.module.language, module=module, heading=lead.format(module=module.title),
                scale=list(enumerate(scale(), 1)), when=when, onward=onward, error=error, status=status)


@routes.get("/modules/{module}/confidence/{when}")
async def confidence(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module, when = module_of(request), _when(request)
    onward = local_next(module, request.query.get("next"))
    await core(request, _confidence, visit, request.app[COURSE], module, when, request.path_qs, onward)
    return _confidence_page(request, module, when, onward)


def _keep_confidence(visit: Visit, course: WebCourse, module: Module, when: str, value: int | None) -> None:
    if asks_confidence(visit, course, module, when):  # asked once: a second answer (Back, resend) is not kept
        visit.learner.confidence(module, when, value)


@routes.post("/modules/{module}/confidence/{when}")
async def answer_confidence(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module, when = module_of(request), _when(request)
    form = await request.post()
    onward = local_next(module, str(form.get("next") or ""))
    values = [str(v) for v in form.getall("value", [])]
    if "skip" in values:
        value = None
    elif len(values) == 1 and values[0] in {str(n) for n in range(1, 6)}:
        value = int(values[0])
    else:
        return _confidence_page(request, module, when, onward, status=400,
                                error=_("Please choose one of the five answers, or skip this question."))
    await core(request, _keep_confidence, visit, request.app[COURSE], module, when, value)
    go(onward)
