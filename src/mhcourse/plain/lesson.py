"""A lesson in plain text: its pages, its knowledge checks (not graded), and where to go after it."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..content.models import Lesson, Module, Question
from ..i18n import _
from ..learning.quiz import shown_order
from ..progress.journey import Target
from .questions import ask, feedback
from .text import Block, pages, to_blocks

if TYPE_CHECKING:
    from .session import PlainSession


def lesson(session: PlainSession, module: Module, index: int) -> Target | None:
    """Read the lesson at `index`, answer its checks, and choose what comes next."""
    learner = session.current()
    chosen = module.lessons[index]
    learner.open_lesson(module, chosen.id)
    session.console.say("", _("Lesson {number} of {total}: {title}").format(
        number=index + 1, total=len(module.lessons), title=chosen.title), "")
    _read_pages(session, chosen)
    for number, check in enumerate(chosen.checks, 1):
        heading = _("Knowledge check {number} of {total} (not graded)").format(number=number, total=len(chosen.checks))
        _check(session, module, chosen, check, heading)
    learner.finish_lesson(module, chosen.id)
    session.console.say("", _("End of lesson {number}: {title}. It is marked as done.").format(
        number=index + 1, title=chosen.title))
    return _after(session, module, index)


def _read_pages(session: PlainSession, lesson: Lesson) -> None:
    """The lesson's body and key points, a page at a time."""
    console = session.console
    blocks = to_blocks(lesson.body)
    if lesson.key_points:
        blocks += [Block((_("Key points:"),), heading=True), Block(tuple(f"- {p}" for p in lesson.key_points))]
    parts = pages(blocks)
    for number, page in enumerate(parts, 1):
        console.say(*page)
        if number < len(parts):
            console.say("")
            console.more(_("Press Enter for more (part {number} of {total}), or type back to leave the lesson.").format(
                number=number, total=len(parts)))
            console.say("")


def _check(session: PlainSession, module: Module, lesson: Lesson, question: Question, heading: str) -> None:
    """A knowledge check: asked, and marked with feedback, or skipped."""
    shown = list(shown_order(question, session.rng or random.Random(), False))
    answer = ask(session.console, question, shown, heading, skippable=True)
    if answer is None:
        session.console.say(_("Skipped."))
        return
    marked = session.current().answer_check(module, lesson.id, question, answer)
    feedback(session.console, question, answer, marked, shown)


def _after(session: PlainSession, module: Module, index: int) -> Target | None:
    """The next lesson, or the quiz after the last one (as the core says), or back to the module."""
    onward = session.current().after_lesson(module, index)
    options: list[str] = []
    if onward is not None and onward.kind == "lesson":
        options.append(_("Next lesson: {title}").format(title=module.lessons[onward.index].title))
    elif onward is not None:
        options.append(_("Take the quiz"))
    options.append(_("Back to {title}").format(title=module.title))
    targets = [onward, None] if onward is not None else [None]
    return targets[session.console.choose([], options, next_index=0)]
