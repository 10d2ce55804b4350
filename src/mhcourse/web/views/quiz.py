"""A module's quiz: one question per page, its feedback, and the results with the review.

The rules are the core's (learner.py, journey.py): an attempt resumes in its own order, questions an
author removed are passed over, and the attempt is finished when none is left. Every change is a POST
answered with a 303 (Post/Redirect/Get), so Reload never answers twice; an answer is taken only for
the attempt's next question, so a replayed or stale form (Back, then Submit) changes nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from ...content.models import Module
from ...i18n import _, ngettext
from ...learning.answers import mark
from ...learning.quiz import Attempt, Score, shown_choices
from ...progress.journey import QuizQuestion, percent
from ..gate import module_of, note_first
from ..questions import FormData, FormProblem, answer_from_form, answer_lines, feedback, form_view, right_lines
from ..render import core, go, page, signed_in
from ..urls import quiz_url
from ..visits import Visit

routes = web.RouteTableDef()


def _quiz_of(request: web.Request) -> Module:
    """The module named in the address, with a quiz (404 for one without)."""
    module = module_of(request)
    if module.quiz is None:
        raise web.HTTPNotFound()
    return module


def _lang(module: Module) -> str:
    return module.module.language


# -- a question -------------------------------------------------------------------------------------


def _question_page(visit: Visit, module: Module, attempt: Attempt, step: QuizQuestion,
                   form: FormData | None = None, problem: FormProblem | None = None) -> dict[str, Any]:
    """What the question page shows: the question as a form, and the quiz's opening words."""
    assert module.quiz is not None
    answered = sum(1 for q in attempt.plan.questions if q.id in attempt.answers)
    state = visit.learner.state(module)
    if answered:
        intro = _("Welcome back: {answered} of {total} questions answered. Carrying on where you stopped.").format(
            answered=answered, total=step.total)
    else:
        intro = ngettext(
            "{count} question. The pass mark is {mark}. You see whether each answer is right as you go.",
            "{count} questions. The pass mark is {mark}. You see whether each answer is right as you go.",
            step.total).format(count=step.total, mark=percent(module.quiz.pass_mark))
    return {
        "module": visit.learner.taken_in(module, attempt),  # the attempt's language, for the page's content
        "step": step,
        "view": form_view(step.question, step.choices, form),
        "problem": problem,
        "intro": intro,
        "lessons_left": state.lessons_done < state.lessons_total and not answered,
        "legend": _("Question {number} of {total}: {prompt}").format(
            number=step.number, total=step.total, prompt=step.question.prompt),
    }


def _ask(visit: Visit, module: Module) -> dict[str, Any]:
    """The next question of the attempt (resumed, or started); when none is left, the attempt finished."""
    here = quiz_url(module)
    if (note := note_first(visit, module, here)) is not None:
        return {"go": note}
    learner = visit.learner
    attempt = learner.quiz_attempt(module)
    step = learner.next_question(module, attempt)
    if step is None:
        return {"go": _finish(visit, module, learner.finish_attempt(module, attempt))}
    return _question_page(visit, module, attempt, step)


def _finish(visit: Visit, module: Module, result: Score) -> str:
    """Where a finished attempt goes: its results, after the confidence question when it is asked
    (as the TUI asks it: after a pass, when the site asks it, not of a guest, once)."""
    results = quiz_url(module, "/results")
    if visit.learner.asks_confidence(module, "after", passed=result.passed):
        return f"/modules/{module.id}/confidence/after?next={quote(results, safe='')}"
    return results


@routes.get("/modules/{module}/quiz")
async def question(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = _quiz_of(request)
    ctx = await core(request, _ask, visit, module)
    if "go" in ctx:
        go(ctx["go"])
    return _show_question(request, ctx)


def _show_question(request: web.Request, ctx: dict[str, Any]) -> web.Response:
    module, step = ctx["module"], ctx["step"]
    title = _("Quiz, question {number} of {total} - {module}").format(
        number=step.number, total=step.total, module=module.title)
    if ctx["problem"] is not None:
        title = _("Problem: {title}").format(title=title)  # a screen reader hears it first on the new page
    return page(request, "quiz_question.html", title=title, lang=_lang(ctx["module"]), **ctx)


def _take(visit: Visit, module: Module, form: FormData) -> dict[str, Any]:
    """Keep the answer to the attempt's next question; anything else (a stale form) changes nothing."""
    if (note := note_first(visit, module, quiz_url(module))) is not None:
        return {"go": note}
    learner = visit.learner
    attempt = learner.unfinished_attempt(module)
    step = None if attempt is None else learner.next_question(module, attempt)
    if attempt is None or step is None or form.getall("question", []) != [step.question.id]:
        return {"go": quiz_url(module)}
    answer = answer_from_form(step.question, step.choices, form)
    if isinstance(answer, FormProblem):
        return _question_page(visit, module, attempt, step, form, answer)
    learner.answer(attempt, step.question, answer)
    return {"go": quiz_url(module, f"/feedback/{step.question.id}#feedback")}


@routes.post("/modules/{module}/quiz/answer")
async def answer(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = _quiz_of(request)
    form = await request.post()
    ctx = await core(request, _take, visit, module, form)
    if "go" in ctx:
        go(ctx["go"])
    return _show_question(request, ctx)


# -- feedback ---------------------------------------------------------------------------------------


def _feedback(visit: Visit, module: Module, question_id: str) -> dict[str, Any]:
    """The feedback on an answered question of the attempt in progress (or of the one just finished)."""
    if (note := note_first(visit, module, quiz_url(module))) is not None:
        return {"go": note}
    learner = visit.learner
    attempt = learner.unfinished_attempt(module)
    finished = attempt is None or question_id not in attempt.answers
    if finished:
        last = learner.last_results(module)
        attempt = None if last is None else last[0]
    if attempt is None or question_id not in attempt.answers:
        return {"go": quiz_url(module)}
    module = learner.taken_in(module, attempt)  # the question as it was answered, in its language
    question = module.question(question_id)
    if question is None:
        return {"go": quiz_url(module)}
    plan = attempt.plan.questions
    number, shown = next((n, s) for n, s in enumerate(plan, 1) if s.id == question_id)
    choices = shown_choices(question, shown)
    given = attempt.answers[question_id]
    last_one = finished or learner.next_question(module, attempt) is None
    return {
        "module": module,
        "question": question,
        "number": number,
        "total": len(plan),
        "feedback": feedback(question, given, mark(question, given), choices),
        "next_url": quiz_url(module, "/results") if finished else quiz_url(module),
        "next_words": _("See your results") if last_one else _("Next question"),
    }


@routes.get("/modules/{module}/quiz/feedback/{question}")
async def feedback_page(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = _quiz_of(request)
    ctx = await core(request, _feedback, visit, module, request.match_info["question"])
    if "go" in ctx:
        go(ctx["go"])
    title = _("Quiz, feedback on question {number} of {total} - {module}").format(
        number=ctx["number"], total=ctx["total"], module=module.title)
    return page(request, "quiz_feedback.html", title=title, lang=_lang(ctx["module"]), **ctx)


# -- results ----------------------------------------------------------------------------------------


def _results(visit: Visit, module: Module) -> dict[str, Any]:
    """The newest finished attempt's results and review; before any, the quiz (or the note first)."""
    if (note := note_first(visit, module, quiz_url(module, "/results"))) is not None:
        return {"go": note}
    learner = visit.learner
    last = learner.last_results(module)
    if last is None:
        return {"go": quiz_url(module)}
    _attempt, results = last
    rows = []
    for row in results.rows:
        heading, right = right_lines(row.question, row.choices)
        rows.append({"row": row, "given": answer_lines(row.question, row.answer),
                     "right_heading": heading, "right": right})
    after = learner.after_passing(module)  # the core's next step, as the terminal's results offer it
    return {
        "module": module,
        "results": results,
        "rows": rows,
        "next_module": after.module if after is not None and results.score.passed else None,
        "confidence": visit.learner.asks_confidence(module, "after", passed=results.score.passed),
    }


@routes.get("/modules/{module}/quiz/results")
async def results(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = _quiz_of(request)
    ctx = await core(request, _results, visit, module)
    if "go" in ctx:
        go(ctx["go"])
    title = _("Quiz results - {module}").format(module=module.title)
    return page(request, "quiz_results.html", title=title, lang=_lang(module), **ctx)


def _again(visit: Visit, module: Module) -> str:
    """A new attempt (reshuffled when the module says so); an attempt in progress is carried on instead,
    so a second Try again (or a replayed one) never throws answers away."""
    if (note := note_first(visit, module, quiz_url(module))) is not None:
        return note
    learner = visit.learner
    if learner.unfinished_attempt(module) is None:
        learner.new_attempt(module)
    return quiz_url(module)


@routes.post("/modules/{module}/quiz/again")
async def again(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = _quiz_of(request)
    go(await core(request, _again, visit, module))
