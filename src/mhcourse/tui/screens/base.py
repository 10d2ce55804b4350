"""The base of our modal screens: Get help now and Quit stay in their footer too.

A modal screen hides the app's bindings from its footer, so each modal lists them again.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen, ScreenResultType


class CourseModal(ModalScreen[ScreenResultType]):
    BINDINGS = [
        Binding("f1", "app.get_help", "Get help now", key_display="F1"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
