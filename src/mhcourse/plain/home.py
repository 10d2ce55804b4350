"""The main menu in plain text: continue where you left off, the certificate, the modules, your progress."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _
from ..learning.progress import Overview
from ..progress.journey import NextStep
from .certificate import give, offered
from .gethelp import help_now
from .module import open_module, state_words
from .moves import Back, GoOn, LanguageChanged, Quit
from .review import due_words, review, review_option, review_summary
from .support import has_support, support_lines
from .text import plain_punctuation

if TYPE_CHECKING:
    from .session import PlainSession

Action = Callable[[], None]


def main_menu(session: PlainSession) -> str | None:
    """The main menu until the learner quits; returns "switch" when they went back to choose another profile."""
    while True:
        lines, options, actions, step = _menu(session)
        try:
            index = session.console.choose(lines, options, next_index=0 if step is not None else None,
                                           words={"review": len(actions) - 1})
        except Back:
            if session.chose_profile and not session.current().is_guest:
                return "switch"
            session.console.say(_("This is the main menu. Type quit to stop."))
            continue
        except LanguageChanged:  # the menu again, in the new language
            continue
        with contextlib.suppress(LanguageChanged):  # from anywhere under the menu: back to it, in the new language
            follow(session, actions[index])


def follow(session: PlainSession, action: Action) -> None:
    """Do what the learner chose; from a passed quiz they may go on into the next module, and on from there."""
    while True:
        try:
            action()
            return
        except GoOn as onward:
            assert isinstance(onward.step, NextStep)
            action = _continuer(session, onward.step)


def _menu(session: PlainSession) -> tuple[list[str], list[str], list[Action], NextStep | None]:
    """The menu's lines, its options and what each does, and the step `next` takes (None: all done)."""
    learner = session.current()
    overview = learner.overview()
    step = learner.next_step()
    due = learner.due()
    options: list[str] = []
    actions: list[Action] = []
    if step is not None:
        options.append(plain_punctuation(step.lead + step.words))
        actions.append(_continuer(session, step))
    if due.count:
        options.append(review_option(due))
        actions.append(lambda: review(session))
    certificate = offered(learner, session.certificates, session.desk.kiosk is not None)
    if certificate is not None:
        options.append(certificate)
        actions.append(lambda: give(session, learner, session.certificates))
    for module in learner.modules:  # in the learner's language where it can be
        options.append(f"{module.title} ({state_words(learner, module, overview.states[module.id].describe())})")
        actions.append(_opener(session, module))
    options.append(_("Your progress"))
    actions.append(lambda: _progress(session))
    if has_support(session.support):
        options.append(_("Local support"))
        actions.append(lambda: session.console.say("", *support_lines(session.support)))
    options += [_("Get help now"), _("Quit")]
    actions += [lambda: session.console.say("", *help_now(session)), _quit]
    actions.append(lambda: review(session))  # the review command: not numbered, typed (after every option)
    lines = ["", _("Main menu"), _passed_words(learner.profile.name, overview)]
    said = due_words(due)
    if said:
        lines.append(said)
    if step is None and learner.modules:
        lines.append(_("You have passed or skipped every module. Well done."))
    if not learner.modules:
        lines.append(_("There are no modules to read."))
    return lines, options, actions, step


def _opener(session: PlainSession, module: Module) -> Action:
    return lambda: open_module(session, module)


def _continuer(session: PlainSession, step: NextStep) -> Action:
    """Open the module of the saved place at the lesson, quiz or scenario it names."""
    return lambda: open_module(session, step.module, step.target)


def _quit() -> None:
    raise Quit


def _passed_words(name: str, overview: Overview) -> str:
    return _("{name}: {passed} of {total} modules passed.").format(
        name=name, passed=overview.passed, total=overview.total)


def _progress(session: PlainSession) -> None:
    """Every module's state, then back to the main menu."""
    learner = session.current()
    overview = learner.overview()
    console = session.console
    console.say("", _("Your progress"), _passed_words(learner.profile.name, overview))
    for module in learner.modules:
        console.say(f"- {module.title}: {state_words(learner, module, overview.states[module.id].describe())}")
    console.say(*review_summary(learner.due()))
    with contextlib.suppress(Back):
        console.more(_("Press Enter to go back to the main menu."))
