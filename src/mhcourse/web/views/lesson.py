"""A lesson: its body (author markdown through the one safe renderer), key points, knowledge checks
(not graded), and where to go after it (the core's after_lesson: the next lesson, the quiz, the module).

A check is a form of its own (web/questions.py, owned with the quiz): it posts, the answer is marked
and kept by the core, and the lesson is shown again with that check's feedback at #feedback.

Where the learner was reading (the core's part of the body, content/parts.py) opens the lesson again:
the plain address of a lesson with a part kept sends the browser on to `?at=N#part-N`, which says so and
offers the beginning. The part is kept by the Done form, by "Start from the beginning", and, with
JavaScript, by course.js as the learner leaves the page (a beacon to .../place); it all works without.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...content.models import Lesson, Module, Question
from ...i18n import _
from ...learning.answers import mark
from .. import questions
from ..course import WebCourse
from ..gate import module_of
from ..keys import COURSE
from ..markdown import render
from ..render import core, go, page, signed_in
from ..urls import lesson_url, module_url, target_url
from ..visits import Visit
from .module import asks_confidence, confidence_url, gated
from .pretest import pretest_url

routes = web.RouteTableDef()

LESSON = "/modules/{module}/lessons/{lesson}"


def _lesson_of(request: web.Request, module: Module) -> tuple[int, Lesson]:
    """The lesson named in the address and its index; 404 for one the module does not have."""
    lesson = module.lesson(request.match_info["lesson"])
    if lesson is None:
        raise web.HTTPNotFound()
    return module.lessons.index(lesson), lesson


def _check_of(request: web.Request, lesson: Lesson) -> Question:
    found = next((q for q in lesson.checks if q.id == request.match_info["question"]), None)
    if found is None:
        raise web.HTTPNotFound()
    return found


def _checks(visit: Visit, module: Module, lesson: Lesson, answered: str | None,
            problem: tuple[str, questions.FormProblem, Any] | None) -> list[dict[str, Any]]:
    """Each check: its form, or its feedback once answered in this visit (`answered` has the page's focus)."""
    shown = []
    for number, check in enumerate(lesson.checks, 1):
        choices = questions.check_choices(visit.learner.profile.id, check)
        given = visit.checks.get((module.id, check.id))
        entry: dict[str, Any] = {
            "heading": _("Knowledge check {number} of {total} (not graded)").format(
                number=number, total=len(lesson.checks)),
            "action": f"{lesson_url(module, module.lessons.index(lesson))}/checks/{check.id}",
            "prompt": check.prompt, "focus": check.id == answered, "problem": None, "feedback": None,
        }
        if problem is not None and problem[0] == check.id:
            entry.update(problem=problem[1], view=questions.form_view(check, choices, problem[2]))
        elif given is not None:
            entry["feedback"] = questions.feedback(check, given, mark(check, given), choices)
        else:
            entry["view"] = questions.form_view(check, choices)
        shown.append(entry)
    return shown


def _lesson(visit: Visit, course: WebCourse, module: Module, index: int, answered: str | None,
            problem: tuple[str, questions.FormProblem, Any] | None = None) -> dict[str, Any]:
    """What the lesson page shows; on the way in, the content note and the confidence question come first."""
    here = lesson_url(module, index)
    gated(visit, module, here)
    learner = visit.learner
    first_visit = not learner.record(module).lessons_opened
    if first_visit and asks_confidence(visit, course, module, "before"):
        go(confidence_url(module, "before", here))  # before the module's first lesson, as in the TUI
    if first_visit and learner.pretest_offered(module):
        go(pretest_url(module, here))  # the short pre-test, offered once, after the confidence question
    lesson = module.lessons[index]
    learner.open_lesson(module, lesson.id)
    onward = learner.after_lesson(module, index)
    return {
        "lesson": lesson,
        "part": learner.reading_position(module, lesson.id),
        "checks": _checks(visit, module, lesson, answered, problem),
        "previous": None if index == 0 else {"url": lesson_url(module, index - 1),
                                              "title": module.lessons[index - 1].title},
        "done_words": _done_words(module, onward),
    }


def _done_words(module: Module, onward: Any) -> str:
    """What the Done button leads to, as the plain face says it."""
    if onward is not None and onward.kind == "lesson":
        return _("Done: next lesson, {title}").format(title=module.lessons[onward.index].title)
    if onward is not None:
        return _("Done: take the quiz")
    return _("Done: back to {title}").format(title=module.title)


def _show(request: web.Request, module: Module, index: int, context: dict[str, Any], status: int = 200) -> web.Response:
    lesson: Lesson = context["lesson"]
    context.setdefault("continuing", False)
    total = len(module.lessons)
    number = _("Lesson {number} of {total}").format(number=index + 1, total=total)
    title = _("Lesson {number} of {total}: {lesson} - {module}").format(
        number=index + 1, total=total, lesson=lesson.title, module=module.title)
    return page(request, "lesson.html", title=title, lang=module.module.language, status=status, module=module,
                number_words=number, body=render(lesson.body), module_url=module_url(module),
                done_url=f"{lesson_url(module, index)}/done", place_url=f"{lesson_url(module, index)}/place",
                **context)


@routes.get(LESSON)
async def lesson_page(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    index, _lesson_found = _lesson_of(request, module)
    context = await core(request, _lesson, visit, request.app[COURSE], module, index, request.query.get("answered"))
    part = context["part"]
    if part and not request.query:  # opened again: where the learner was reading
        go(f"{lesson_url(module, index)}?at={part}#part-{part}")
    context["continuing"] = bool(part) and request.query.get("at") == str(part)
    return _show(request, module, index, context)


def part_sent(form: Any) -> int | None:
    """The part a form says the learner was reading; None when it says none (or nothing a part can be)."""
    raw = form.get("part")
    if not isinstance(raw, str) or not raw.strip().isdigit() or len(raw.strip()) > 6:
        return None
    return int(raw)


def _keep_part(visit: Visit, module: Module, index: int, part: int) -> None:
    gated(visit, module, lesson_url(module, index))
    visit.learner.keep_reading_position(module, module.lessons[index].id, part)


@routes.post(LESSON + "/place")
async def keep_place(request: web.Request) -> web.StreamResponse:
    """Keep where the learner is reading: course.js's beacon on leaving (204), or "Start from the beginning"."""
    visit = signed_in(request)
    module = module_of(request)
    index, _lesson_found = _lesson_of(request, module)
    form = await request.post()
    part = part_sent(form)
    if part is None:
        raise web.HTTPBadRequest()
    await core(request, _keep_part, visit, module, index, part)
    if form.get("beacon"):
        return web.Response(status=204)
    go(f"{lesson_url(module, index)}?at={part}" + (f"#part-{part}" if part else ""))


def _answer(visit: Visit, module: Module, index: int, check: Question,
            form: Any) -> questions.FormProblem | None:
    """Mark and keep a check's answer; the problem with the form when it is not an answer yet.
    `form` is the posted MultiDictProxy (questions.FormData's getall overloads differ from aiohttp's in mypy)."""
    gated(visit, module, lesson_url(module, index))
    answer = questions.answer_from_form(check, questions.check_choices(visit.learner.profile.id, check), form)
    if isinstance(answer, questions.FormProblem):
        return answer
    visit.learner.answer_check(module, module.lessons[index].id, check, answer)
    visit.checks[(module.id, check.id)] = answer
    return None


@routes.post(LESSON + "/checks/{question}")
async def answer_check(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    index, lesson = _lesson_of(request, module)
    check = _check_of(request, lesson)
    form = await request.post()
    problem = await core(request, _answer, visit, module, index, check, form)
    if problem is not None:  # shown again with the problem, never a 500
        context = await core(request, _lesson, visit, request.app[COURSE], module, index, None,
                             (check.id, problem, form))
        return _show(request, module, index, context, status=400)
    go(f"{lesson_url(module, index)}?answered={check.id}#feedback")


def _done(visit: Visit, module: Module, index: int, part: int | None) -> str:
    gated(visit, module, lesson_url(module, index))
    learner = visit.learner
    if part is not None:
        learner.keep_reading_position(module, module.lessons[index].id, part)
    learner.finish_lesson(module, module.lessons[index].id)
    return target_url(module, learner.after_lesson(module, index))


@routes.post(LESSON + "/done")
async def done(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module = module_of(request)
    index, _lesson_found = _lesson_of(request, module)
    form = await request.post()
    go(await core(request, _done, visit, module, index, part_sent(form)))
