"""The main menu in plain text: continue where you left off, the certificate, the modules, your progress."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _
from ..learning.progress import Overview, Place
from .certificate import give, offered
from .gethelp import help_now
from .module import open_module, state_words
from .moves import Back, Quit, Target

if TYPE_CHECKING:
    from .session import PlainSession

Action = Callable[[], None]


def main_menu(session: PlainSession) -> str | None:
    """The main menu until the learner quits; returns "switch" when they went back to choose another profile."""
    while True:
        lines, options, actions, place = _menu(session)
        try:
            index = session.console.choose(lines, options, next_index=0 if place is not None else None)
        except Back:
            if session.chose_profile and not session.guest:
                return "switch"
            session.console.say(_("This is the main menu. Type quit to stop."))
            continue
        actions[index]()


def _menu(session: PlainSession) -> tuple[list[str], list[str], list[Action], Place | None]:
    """The menu's lines, its options and what each does, and the place to continue at (None: all done)."""
    learner = session.current()
    overview = learner.overview()
    place = learner.continue_place()
    options: list[str] = []
    actions: list[Action] = []
    if place is not None:
        start = _("Continue where you left off: {place}") if learner.has_started else _("Start here: {place}")
        options.append(start.format(place=_place_words(session, place)))
        actions.append(_continuer(session, place))
    certificate = offered(learner, session.certificates, session.guest, session.access.kiosk is not None)
    if certificate is not None:
        options.append(certificate)
        actions.append(lambda: give(session, learner, session.certificates))
    for module in session.modules:
        options.append(f"{module.title} ({state_words(overview.states[module.id].describe())})")
        actions.append(_opener(session, module))
    options += [_("Your progress"), _("Get help now"), _("Quit")]
    actions += [lambda: _progress(session), lambda: session.console.say("", *help_now(session)), _quit]
    lines = ["", _("Main menu"), _passed_words(learner.profile.name, overview)]
    if place is None and session.modules:
        lines.append(_("You have passed or skipped every module. Well done."))
    if not session.modules:
        lines.append(_("There are no modules to read."))
    return lines, options, actions, place


def _opener(session: PlainSession, module: Module) -> Action:
    return lambda: open_module(session, module)


def _continuer(session: PlainSession, place: Place) -> Action:
    return lambda: continue_at(session, place)


def _quit() -> None:
    raise Quit


def _passed_words(name: str, overview: Overview) -> str:
    return _("{name}: {passed} of {total} modules passed.").format(
        name=name, passed=overview.passed, total=overview.total)


def _place_words(session: PlainSession, place: Place) -> str:
    """Where the learner left off, in words: the module, and the lesson, quiz or practice in it."""
    module = session.current().module(place.module_id)
    if module is None:
        return place.module_id
    if place.kind == "lesson" and place.item_id and (lesson := module.lesson(place.item_id)):
        number = module.lessons.index(lesson) + 1
        return _("{module}, lesson {number} of {total}: {lesson}").format(
            module=module.title, number=number, total=len(module.lessons), lesson=lesson.title)
    if place.kind == "quiz":
        return _("{module}, the quiz").format(module=module.title)
    if place.kind == "scenario" and place.item_id and (scenario := module.scenario(place.item_id)):
        return _("{module}, practice: {scenario}").format(module=module.title, scenario=scenario.title)
    return module.title


def continue_at(session: PlainSession, place: Place) -> None:
    """Open the module of a saved place at the lesson, quiz or scenario it names."""
    module = session.current().module(place.module_id)
    if module is None:
        return
    target: Target = None
    if place.kind == "lesson" and place.item_id and (lesson := module.lesson(place.item_id)):
        target = ("lesson", str(module.lessons.index(lesson)))
    elif place.kind == "quiz" and module.quiz is not None:
        target = ("quiz",)
    elif place.kind == "scenario" and place.item_id and module.scenario(place.item_id):
        target = ("scenario", place.item_id)
    open_module(session, module, target)


def _progress(session: PlainSession) -> None:
    """Every module's state, then back to the main menu."""
    learner = session.current()
    overview = learner.overview()
    console = session.console
    console.say("", _("Your progress"), _passed_words(learner.profile.name, overview))
    for module in session.modules:
        console.say(f"- {module.title}: {state_words(overview.states[module.id].describe())}")
    with contextlib.suppress(Back):
        console.more(_("Press Enter to go back to the main menu."))
