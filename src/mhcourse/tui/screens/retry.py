"""When a step could not be saved for a while (the shared database cannot be reached): Retry or Leave.

The step itself is kept by the app (tui/faults.py) until it is saved or the learner leaves; this dialog only
says why and asks. Get help now stays one key away (F1), as on every screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from ...i18n import _
from ..text import literal
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from .base import CourseModal


class RetryScreen(CourseModal[bool]):
    """Says why the last step was not saved; True is Retry (the same step again), False is Leave (without it)."""

    DEFAULT_CSS = """
    RetryScreen { align: center middle; background: $background 60%; }
    RetryScreen #retry-why { margin: 1 0; }
    """

    def __init__(self, why: str, gone: Callable[[], None] | None = None) -> None:
        """`gone` is called when the dialog is closed, answered or not (a kiosk's idle lock closes it too)."""
        super().__init__()
        self.why = why
        self.gone = gone

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-box"):
            yield Static(_("Not saved"), classes="title")
            yield Static(literal(self.why), id="retry-why")
            with ButtonRow(classes="buttons"):
                yield Button(_("Retry"), id="retry", variant="primary")
                yield Button(_("Leave"), id="leave")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def on_unmount(self) -> None:
        if self.gone is not None:
            self.gone()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "retry")
