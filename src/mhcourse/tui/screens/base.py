"""The base of our modal screens: Get help now and Quit stay in their footer too.

A modal screen hides the app's bindings from its footer, so each modal lists them again.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen, Screen, ScreenResultType

from ..faults import Guarded


class CourseScreen(Guarded, Screen[ScreenResultType]):
    """A full screen of the course: a storage fault in its handlers is told, not fatal (tui/faults.py)."""


class CourseModal(Guarded, ModalScreen[ScreenResultType]):
    BINDINGS = [
        Binding("f1", "app.get_help", "Get help now", key_display="F1"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
