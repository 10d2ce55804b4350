"""The base of our modal screens: Get help now and Quit stay in their footer too.

A modal screen hides the app's bindings from its footer, so each modal lists them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual._compositor import Compositor, ReflowResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import ModalScreen, Screen, ScreenResultType

from ...i18n import N_
from ..faults import Guarded

if TYPE_CHECKING:
    from ...progress.journey import NextStep
    from ...progress.learner import Learner
    from ..app import CourseApp


ROOMY = [(0, "-narrow"), (120, "-roomy")]
"""From 120 columns a screen has room beside its list: the module's summary (home) or the lesson's outline
(a module's page) stands there, and the reading column is centred (course.tcss)."""


class ArrangedOnce(Compositor):
    """Textual's compositor, without arranging the whole screen twice after a layout change.

    Textual 8.2's Screen._refresh_layout marks the compositor's full map out of date when a widget that was not
    on screen is to be drawn (the feedback's box, shown by an answer), then arranges every widget (reflow),
    which makes the full map afresh but leaves the mark; the first widget whose size is then updated asks for
    its region and every widget is arranged a second time, to the same result (0.8 ms of the 8 ms between a
    learner's Enter and the feedback, issue 21). The map reflow makes is whole and current: the mark goes.
    Anything that changes after it still asks for a layout of its own, as before.
    Checked by tests/tui/test_background.py (the frames are Textual's own; one arrangement per answer).
    """

    def reflow(self, parent: Any, size: Size) -> ReflowResult:
        result = super().reflow(parent, size)
        self._full_map_invalidated = False
        return result


class InCourse:
    """What every screen of the course may ask its app: the CourseApp, and the learner who is in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = ArrangedOnce()

    is_home = False
    """The learner's home screen (tui/screens/home.py): where `go_home` stops."""

    def take_step(self, step: NextStep) -> None:
        """Open `step` as Continue does; only the home screen can (go_home)."""

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
        Binding("f1", "app.get_help", N_("Get help now"), key_display="F1"),
        Binding("ctrl+q", "app.quit", N_("Quit")),
    ]


def go_home(app: CourseApp, step: NextStep | None = None) -> None:
    """Back to the learner's home from any screen above it, in one step (the screens between are closed);
    with `step`, straight on into it as Continue would (its content note first, while the core says so).
    Here, not in home.py, so a screen above home need not import it (no import loop)."""
    while len(app.screen_stack) > 1 and not getattr(app.screen, "is_home", False):
        app.pop_screen()
    screen = app.screen
    if step is not None and isinstance(screen, InCourse):
        screen.take_step(step)
