"""The base of our modal screens: Get help now and Quit stay in their footer too.

A modal screen hides the app's bindings from its footer, so each modal lists them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import ModalScreen, Screen, ScreenResultType

from ..faults import Guarded

if TYPE_CHECKING:
    from ...progress.learner import Learner
    from ..app import CourseApp


class InCourse:
    """What every screen of the course may ask its app: the CourseApp, and the learner who is in."""

    if TYPE_CHECKING:  # for the type checker only: every course screen runs in the CourseApp
        @property
        def app(self) -> CourseApp: ...

    @property
    def learner(self) -> Learner:
        """The learner whose screens these are (a screen past "Who is learning?" always has one)."""
        learner = self.app.learner
        assert learner is not None, "a learner's screen with no learner in"
        return learner


class CourseScreen(InCourse, Guarded, Screen[ScreenResultType]):  # type: ignore[misc]
    """A full screen of the course: a storage fault in its handlers is told, not fatal (tui/faults.py)."""


class CourseModal(InCourse, Guarded, ModalScreen[ScreenResultType]):  # type: ignore[misc]
    BINDINGS = [
        Binding("f1", "app.get_help", "Get help now", key_display="F1"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
