"""A module in plain text: its content note first, then its menu of lessons, quiz and practice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _
from ..progress.journey import Target, skipped_words
from ..progress.module_next import next_in_module
from .lesson import lesson
from .moves import Back
from .quiz import quiz
from .scenario import scenario
from .text import plain_punctuation, says_type_help

if TYPE_CHECKING:
    from ..progress.learner import Learner
    from .session import PlainSession


def open_module(session: PlainSession, module: Module, target: Target | None = None) -> None:
    """The content note (the learner may skip the module there), then `target`, then the module's menu.

    A module not translated into the learner's language says so first (the core's words)."""
    note = session.current().language_note(module)
    if note:
        session.console.say("", note)
    try:
        if not _content_note(session, module):
            return
    except Back:
        return
    follow(session, module, target)
    _module_menu(session, module)


def _content_note(session: PlainSession, module: Module) -> bool:
    """The gate into the module: its content note; False when the learner skips the module."""
    learner = session.current()
    console = session.console
    gate = learner.gate(module)
    if gate.note is None:
        return True
    if not gate.ask:  # chosen before: shown again, not asked
        console.say("", _("Content note: {note}").format(note=gate.note))
        return True
    lines = ["", _("Content note for {title}:").format(title=module.title), gate.note]
    if not says_type_help(gate.note):  # said once: the author's note may say it already
        lines.append(_("Type help at any prompt to get help now."))
    options = [_("Continue with this module"), _("Skip this module for now (you can come back at any time)")]
    if console.choose(lines, options, next_index=0) == 1:
        learner.skip_module(module)
        console.say(skipped_words())
        return False
    learner.accept_content_note(module)
    return True


def state_words(learner: Learner, module: Module, state: str) -> str:
    """A module's state as the main menu and Your progress say it, with "refresher due" when it is."""
    state = plain_punctuation(state)
    if learner.refresher_due(module):
        return _("{state}, refresher due").format(state=state)
    return state


def _module_menu(session: PlainSession, module: Module) -> None:
    """The module's menu, until the learner goes back to the main menu."""
    while True:
        lines, options, targets, next_index = _menu(session, module)
        try:
            index = session.console.choose(lines, options, next_index=next_index)
        except Back:
            return
        chosen = targets[index]
        if chosen is None:
            return
        follow(session, module, chosen)


def _menu(session: PlainSession, module: Module) -> tuple[list[str], list[str], list[Target | None], int | None]:
    """The module menu's lines, its options and where each leads, and the option `next` chooses."""
    learner = session.current()
    record = learner.record(module)
    state = learner.state(module)
    lines = ["", module.title, module.module.summary,
             _("About {minutes} minutes. Your progress: {state}.").format(
                 minutes=module.module.minutes, state=plain_punctuation(state.describe()))]
    if learner.refresher_due(module):
        lines.append(_("Refresher due: it is a while since you passed this module. Take the quiz again to refresh "
                       "what you learned; the module stays passed."))
    missing = learner.missing_recommended(module)
    if missing:
        lines.append(_("Recommended before this module: {titles}. You can still go ahead.").format(
            titles=", ".join(m.title for m in missing)))
    options: list[str] = []
    targets: list[Target | None] = []
    for index, each in enumerate(module.lessons):
        title = _("Lesson {number}: {title}").format(number=index + 1, title=each.title)
        options.append(_("{title} (done)").format(title=title) if each.id in record.lessons_completed else title)
        targets.append(Target("lesson", index))
    if module.quiz is not None:
        options.append(_("Quiz ({label})").format(label=plain_punctuation(learner.quiz_label(module))))
        targets.append(Target("quiz"))
    for practice in module.scenarios:
        title = _("Practice: {title}").format(title=practice.title)
        options.append(_("{title} (done)").format(title=title) if practice.id in record.scenarios_done else title)
        targets.append(Target("scenario", scenario=practice))
    options.append(_("Back to the main menu"))
    targets.append(None)
    upcoming = next_in_module(module, record, state)
    return lines, options, targets, None if upcoming is None else targets.index(upcoming)


def follow(session: PlainSession, module: Module, target: Target | None) -> None:
    """Go through a lesson, the quiz or a scenario, and on to whatever the learner picks after it."""
    while target is not None:
        try:
            if target.kind == "lesson":
                target = lesson(session, module, target.index)
            elif target.kind == "quiz":
                target = quiz(session, module)
            elif target.scenario is not None:
                target = scenario(session, module, target.scenario)
            else:
                target = None
        except Back:
            target = None
