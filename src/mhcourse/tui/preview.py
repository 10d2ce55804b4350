"""`mhcourse preview`: one module as a learner sees it, opened at a place (--at), reloaded when saved (--watch).

The watch polls the file's modification time every half second. A save with problems leaves the last good
module on screen and shows the problems; the next good save reloads the module and reopens the place the
author was looking at (while the module still has it).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from ..progress.journey import Target
from ..progress.preview_at import NoSuchPlace, place_of, preview_target

if TYPE_CHECKING:
    from ..content.models import Module
    from ..content.problems import Problem
    from .app import CourseApp

POLL_SECONDS = 0.5
"""How often --watch looks at the file's modification time."""
SHOWN_PROBLEMS = 6
"""The most problem lines shown at once; the rest are counted."""


def open_preview(app: CourseApp, module: Module, at: str | None) -> None:
    """The module's page, then the place `at` names (None: the page itself), then its content note when the
    learner would be asked, on top: as a learner sees it."""
    from .screens.module import ContentNoteScreen, ModuleScreen, open_target

    app.push_screen(ModuleScreen(module))
    target = _target(module, at)
    if target is not None:
        open_target(app, module, target)
    assert app.learner is not None
    if app.learner.gate(module).ask:
        app.push_screen(ContentNoteScreen(module))


def _target(module: Module, at: str | None) -> Target | None:
    if at is None:
        return None
    try:
        return preview_target(module, at)
    except NoSuchPlace:
        return None  # a reloaded module without the place: its page


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None  # being saved (some editors write a new file and rename it): look again next time
    return found.st_mtime_ns, found.st_size


class PreviewWatch:
    """Reloads the preview's module when its file is saved."""

    def __init__(self, app: CourseApp, path: Path) -> None:
        self.app = app
        self.path = path
        self.stamp = _stamp(path)
        self.problems: list[Problem] = []
        """The last save's problems, shown in the preview; empty once a good save is loaded."""
        self._busy = False

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.check)

    async def check(self) -> None:
        """Reload when the file's modification time (or size) changed since the last look."""
        stamp = _stamp(self.path)
        if stamp is None or stamp == self.stamp or self._busy:
            return
        self.stamp = stamp
        self._busy = True
        try:
            await self.reload()
        finally:
            self._busy = False

    async def reload(self) -> None:
        from ..content.loader import load_module

        loaded = load_module(self.path)
        app = self.app
        app.clear_notifications()
        if not loaded.ok or loaded.module is None:
            self.problems = loaded.problems
            app.notify(self._problem_lines(), title=_("Not reloaded: the file has problems; this is the last good "
                                                      "version"), severity="error", timeout=3600)
            return
        self.problems = []
        at = self._place_now()
        while len(app.screen_stack) > 1:
            await app.pop_screen()
        module = loaded.module
        app.preview = module
        if app.learner is not None:  # the same record (ticks, answers) for the module as it is now
            app.learner = dataclasses.replace(app.learner, course=[module])
        open_preview(app, module, at)
        app.notify(_("Reloaded {file}.").format(file=self.path.name), timeout=4)

    def _problem_lines(self) -> str:
        lines = [str(problem) for problem in self.problems[:SHOWN_PROBLEMS]]
        more = len(self.problems) - SHOWN_PROBLEMS
        if more > 0:
            lines.append(ngettext("... and {count} more problem", "... and {count} more problems", more)
                         .format(count=more))
        return "\n".join(lines)

    def _place_now(self) -> str | None:
        """Where the author is looking, as --at spells it: the top lesson, quiz or scenario on the stack."""
        from .screens.lesson import LessonScreen
        from .screens.quiz import QuizScreen, ResultsScreen
        from .screens.scenario import ScenarioScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, LessonScreen):
                return f"lesson:{screen.lesson_id}"
            if isinstance(screen, QuizScreen | ResultsScreen):
                return "quiz"
            if isinstance(screen, ScenarioScreen):
                return place_of(Target("scenario", scenario=screen.scenario), screen.module)
        return None
