"""A module's short pre-test, offered on the way into its first lesson: Start or Skip, three of its own quiz
questions on one page, then "You got 2 of 3" and on into the lesson.

The rules are the core's (progress/reviewing.py): whether it is offered (a quiz, no lesson opened yet, not
taken or skipped, the site has it on), which questions, how it is graded and kept (no review cards, not a
quiz attempt). The questions drawn are kept in the Visit, so a reload (or a form with a problem) shows the
same three. Every change is a POST answered with a 303; once taken or skipped, a replayed form changes nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from ...content.models import Module, Question
from ...i18n import _, ngettext
from ...learning.answers import Answer
from ..gate import local_next, module_of
from ..questions import FormData, FormProblem, answer_from_form, check_choices, form_view, scoped
from ..render import core, go, page, signed_in
from ..urls import module_url
from ..visits import Visit
from .module import gated

routes = web.RouteTableDef()

PRETEST = "/modules/{module}/pretest"


def pretest_url(module: Module, onward: str, tail: str = "") -> str:
    """The pre-test's offer (or a page below it), going on to `onward` (the first lesson) after it."""
    return f"{module_url(module)}/pretest{tail}?next={quote(onward, safe='')}"


def _prefix(number: int) -> str:
    return f"q{number}-"


def _drawn(visit: Visit, module: Module) -> list[Question]:
    """The pre-test's questions for this visit: drawn once, the same on every reload (an author's removal drops one)."""
    ids = visit.pretests.get(module.id)
    if ids is None:
        ids = visit.pretests[module.id] = [q.id for q in visit.learner.pretest_questions(module)]
    return [q for q in (module.question(qid) for qid in ids) if q is not None]


def _views(visit: Visit, questions: list[Question], form: FormData | None = None,
           problems: dict[str, FormProblem] | None = None) -> list[dict[str, Any]]:
    pid = visit.learner.profile.id
    return [{"view": form_view(q, check_choices(pid, q), form, prefix=_prefix(n)),
             "problem": (problems or {}).get(q.id),
             "legend": _("Question {number} of {total}: {prompt}").format(number=n, total=len(questions),
                                                                          prompt=q.prompt)}
            for n, q in enumerate(questions, 1)]


# -- the offer --------------------------------------------------------------------------------------

def _offer(visit: Visit, module: Module, here: str, onward: str) -> None:
    gated(visit, module, here)
    if not visit.learner.pretest_offered(module):
        go(onward)


def _page(request: web.Request, module: Module, template: str, title: str, **context: Any) -> web.Response:
    return page(request, template, title=title, lang=module.module.language,
                module=module, **context)


@routes.get(PRETEST)
async def offer(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    onward = local_next(module, request.query.get("next"))
    await core(request, _offer, visit, module, request.path_qs, onward)
    title = _("Pre-test - {module}").format(module=module.title)
    return _page(request, module, "pretest_offer.html", title, onward=onward)


def _choose(visit: Visit, module: Module, start: bool) -> None:
    if start or not visit.learner.pretest_offered(module):
        return
    visit.learner.skip_pretest(module)
    visit.pretests.pop(module.id, None)


@routes.post(PRETEST)
async def choose(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    form = await request.post()
    onward = local_next(module, str(form.get("next") or ""))
    choice = form.get("choice")
    if choice not in ("start", "skip"):
        raise web.HTTPBadRequest()
    await core(request, _choose, visit, module, choice == "start")
    go(pretest_url(module, onward, "/questions") if choice == "start" else onward)


# -- the questions ----------------------------------------------------------------------------------

def _questions(visit: Visit, module: Module, here: str, onward: str) -> dict[str, Any]:
    _offer(visit, module, here, onward)
    return {"asked": _views(visit, _drawn(visit, module)), "problem": False}


def _show(request: web.Request, module: Module, onward: str, ctx: dict[str, Any]) -> web.Response:
    count = len(ctx["asked"])
    title = ngettext("Pre-test, {count} question - {module}", "Pre-test, {count} questions - {module}",
                     count).format(count=count, module=module.title)
    if ctx["problem"]:
        title = _("Problem: {title}").format(title=title)
    return _page(request, module, "pretest_questions.html", title, onward=onward, **ctx)


@routes.get(PRETEST + "/questions")
async def questions_page(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    onward = local_next(module, request.query.get("next"))
    ctx = await core(request, _questions, visit, module, request.path_qs, onward)
    return _show(request, module, onward, ctx)


def _take(visit: Visit, module: Module, form: FormData, onward: str) -> dict[str, Any]:
    """Grade and keep the pre-test when every question is answered; else the page again with what is missing."""
    learner = visit.learner
    if not learner.pretest_offered(module) or module.id not in visit.pretests:
        return {"go": pretest_url(module, onward, "/questions") if learner.pretest_offered(module) else onward}
    questions = _drawn(visit, module)
    answers: dict[str, Answer] = {}
    problems: dict[str, FormProblem] = {}
    pid = learner.profile.id
    for number, question in enumerate(questions, 1):
        given = answer_from_form(question, check_choices(pid, question), scoped(form, _prefix(number)))
        if isinstance(given, FormProblem):
            problems[question.id] = given
        else:
            answers[question.id] = given
    if problems:
        return {"asked": _views(visit, questions, form, problems), "problem": True}
    visit.pretest_scores[module.id] = learner.finish_pretest(module, answers)
    visit.pretests.pop(module.id, None)
    return {"go": pretest_url(module, onward, "/done")}


@routes.post(PRETEST + "/answers")
async def answers(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    form = await request.post()
    onward = local_next(module, str(form.get("next") or ""))
    ctx = await core(request, _take, visit, module, form, onward)
    if "go" in ctx:
        go(ctx["go"])
    return _show(request, module, onward, ctx)


# -- the result -------------------------------------------------------------------------------------

def _done(visit: Visit, module: Module, here: str, onward: str) -> tuple[int, int]:
    gated(visit, module, here)
    score = visit.pretest_scores.get(module.id)
    if score is None:
        go(onward)
    return score


@routes.get(PRETEST + "/done")
async def done(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    onward = local_next(module, request.query.get("next"))
    right, total = await core(request, _done, visit, module, request.path_qs, onward)
    score = ngettext("You got {right} of {total} question right.", "You got {right} of {total} questions right.",
                     total).format(right=right, total=total)
    title = _("Pre-test result - {module}").format(module=module.title)
    return _page(request, module, "pretest_done.html", title, onward=onward, score=score)
