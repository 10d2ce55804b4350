"""A lesson in plain text: its pages, its knowledge checks (not graded), and where to go after it.

A lesson opens again at the page where the learner was reading (the part of the body kept by the core,
content/parts.py), and `top` there goes back to its beginning. Each page shown is kept as the place.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..content.models import Lesson, Module, Question
from ..i18n import _
from ..learning.quiz import shown_order
from ..progress.journey import Target
from .outcomes import before_first_lesson
from .prompts import Console
from .questions import ask, feedback
from .text import Block, page_numbers, pages, to_parts

if TYPE_CHECKING:
    from .session import PlainSession


def lesson(session: PlainSession, module: Module, index: int) -> Target | None:
    """Read the lesson at `index`, answer its checks, and choose what comes next."""
    learner = session.current()
    chosen = module.lessons[index]
    before_first_lesson(session, module)
    learner.open_lesson(module, chosen.id)
    session.console.say("", _("Lesson {number} of {total}: {title}").format(
        number=index + 1, total=len(module.lessons), title=chosen.title), "")
    _read_pages(session, module, chosen)
    for number, check in enumerate(chosen.checks, 1):
        heading = _("Knowledge check {number} of {total} (not graded)").format(number=number, total=len(chosen.checks))
        _check(session, module, chosen, check, heading)
    learner.finish_lesson(module, chosen.id)
    session.console.say("", _("End of lesson {number}: {title}. It is marked as done.").format(
        number=index + 1, title=chosen.title))
    return _after(session, module, index)


def _read_pages(session: PlainSession, module: Module, lesson: Lesson) -> None:
    """The lesson's body and key points, a page at a time, from the page where the learner was reading."""
    console, learner = session.console, session.current()
    blocks: list[Block] = []
    part_of: list[int] = []  # the part of the body each block comes from
    for part, found in enumerate(to_parts(lesson.body)):
        blocks += found
        part_of += [part] * len(found)
    last = part_of[-1] if part_of else 0
    if lesson.key_points:
        blocks += [Block((_("Key points:"),), heading=True), Block(tuple(f"- {p}" for p in lesson.key_points))]
        part_of += [last, last]
    width = console.width() or 80
    parts = pages(blocks, width=width)
    # The page each block lands on; a page's place is the part its first block comes from.
    page_of = page_numbers(blocks, width=width)
    page_part: dict[int, int] = {}
    for i, page in enumerate(page_of):
        page_part.setdefault(page, part_of[i])
    saved = learner.reading_position(module, lesson.id)
    number = 1 + next((page_of[i] for i, part in enumerate(part_of) if part >= saved), 0)
    if number > 1:
        console.say(_("Continuing where you left off, at part {number} of {total}. "
                      "Type top to start from the beginning.").format(number=number, total=len(parts)), "")
    while number <= len(parts):
        learner.keep_reading_position(module, lesson.id, page_part.get(number - 1, 0))
        console.say(*parts[number - 1])
        if number == len(parts):
            break
        console.say("")
        if _more(console, _("Press Enter for more (part {number} of {total}), or type back to leave the lesson.")
                 .format(number=number, total=len(parts))):
            console.say(_("From the beginning of the lesson."), "")
            number = 1
        else:
            console.say("")
            number += 1


def _more(console: Console, text: str) -> bool:
    """Wait for Enter (or next) before the next page: True when the learner typed top instead."""
    console.say(text)
    while True:
        reply = console.read([text]).lower()
        if reply in ("", "next"):
            return False
        if reply == "top":
            return True
        console.say(_("Press Enter to go on, type top for the beginning of the lesson, or back to leave it."))


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
