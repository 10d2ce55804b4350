"""A module in plain text: its content note first, then its menu of lessons, quiz and practice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _
from ..learning.progress import ModuleRecord, Status, next_lesson
from .lesson import lesson
from .moves import Back, Target
from .questions import percent
from .quiz import quiz
from .scenario import scenario
from .text import help_keys_as_words

if TYPE_CHECKING:
    from .session import PlainSession


def open_module(session: PlainSession, module: Module, target: Target = None) -> None:
    """The content note (the learner may skip the module there), then `target`, then the module's menu."""
    try:
        if not _content_note(session, module):
            return
    except Back:
        return
    follow(session, module, target)
    _module_menu(session, module)


def _content_note(session: PlainSession, module: Module) -> bool:
    """Show the module's content note; False when the learner skips the module."""
    note = module.module.content_note
    if not note:
        return True
    learner = session.current()
    console = session.console
    if not learner.needs_content_note(module):  # chosen before: shown again, not asked
        console.say("", _("Content note: {note}").format(note=note))
        return True
    lines = ["", _("Content note for {title}:").format(title=module.title), note]
    if "type help" not in help_keys_as_words(note).lower():  # said once: the author's note may say it already
        lines.append(_("Type help at any prompt to get help now."))
    options = [_("Continue with this module"), _("Skip this module for now (you can come back at any time)")]
    if console.choose(lines, options, next_index=0) == 1:
        learner.skip_module(module)
        console.say(_("Skipped {title}. You can come back to it at any time from the main menu.").format(
            title=module.title))
        return False
    learner.accept_content_note(module)
    return True


def _module_menu(session: PlainSession, module: Module) -> None:
    """The module's menu, until the learner goes back to the main menu."""
    while True:
        lines, options, targets, next_index = _menu(session, module)
        try:
            index = session.console.choose(lines, options, next_index=next_index)
        except Back:
            return
        if targets[index] is None:
            return
        follow(session, module, targets[index])


def _menu(session: PlainSession, module: Module) -> tuple[list[str], list[str], list[Target], int | None]:
    """The module menu's lines, its options and where each leads, and the option `next` chooses."""
    learner = session.current()
    record = learner.record(module)
    state = learner.state(module)
    lines = ["", module.title, module.module.summary,
             _("About {minutes} minutes. Your progress: {state}.").format(
                 minutes=module.module.minutes, state=state_words(state.describe()))]
    missing = learner.missing_recommended(module)
    if missing:
        lines.append(_("Recommended before this module: {titles}. You can still go ahead.").format(
            titles=", ".join(m.title for m in missing)))
    options: list[str] = []
    targets: list[Target] = []
    for number, each in enumerate(module.lessons, 1):
        title = _("Lesson {number}: {title}").format(number=number, title=each.title)
        options.append(_("{title} (done)").format(title=title) if each.id in record.lessons_completed else title)
        targets.append(("lesson", str(number - 1)))
    if module.quiz is not None:
        options.append(quiz_words(module, state.status, state.best_score))
        targets.append(("quiz",))
    for practice in module.scenarios:
        title = _("Practice: {title}").format(title=practice.title)
        options.append(_("{title} (done)").format(title=title) if practice.id in record.scenarios_done else title)
        targets.append(("scenario", practice.id))
    options.append(_("Back to the main menu"))
    targets.append(None)
    return lines, options, targets, _next_index(module, record, state.status)


def _next_index(module: Module, record: ModuleRecord, status: Status) -> int | None:
    """The option `next` chooses: the next lesson not done, else the quiz until it is passed."""
    upcoming = next_lesson(module, record)
    if upcoming is not None:
        return module.lessons.index(upcoming)
    if module.quiz is not None and status is not Status.PASSED:
        return len(module.lessons)
    return None


def quiz_words(module: Module, status: Status, best: str | None) -> str:
    """The quiz's line in the module menu: its size and pass mark, and the best score so far."""
    assert module.quiz is not None
    words = _("Quiz: {count} questions, pass mark {mark}").format(
        count=len(module.quiz.questions), mark=percent(module.quiz.pass_mark))
    if status is Status.PASSED and best:
        return _("{words} (passed, best {best})").format(words=words, best=best)
    if status is Status.PASSED:
        return _("{words} (passed)").format(words=words)
    if best:
        return _("{words} (best so far {best})").format(words=words, best=best)
    return words


def follow(session: PlainSession, module: Module, target: Target) -> None:
    """Go through a lesson, the quiz or a scenario, and on to whatever the learner picks after it."""
    while target is not None:
        try:
            if target[0] == "lesson":
                target = lesson(session, module, int(target[1]))
            elif target[0] == "quiz":
                target = quiz(session, module)
            elif target[0] == "scenario" and (chosen := module.scenario(target[1])):
                target = scenario(session, module, chosen)
            else:
                target = None
        except Back:
            target = None


def state_words(words: str) -> str:
    """The core's state words, with its middle dot made plain punctuation for screen readers."""
    return words.replace(" \u00b7 ", ", ")
