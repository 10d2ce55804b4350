"""Kiosk mode for shared machines: the session locks when left idle, and only a facilitator can leave.

These are privacy screens between learners, not protection from someone who has the
computer's account (docs/facilitators.md says so plainly).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ..i18n import N_, _
from ..progress.access import Kiosk
from .screens.base import CourseModal
from .widgets.footer import CourseFooter

__all__ = ["FacilitatorExitScreen", "Kiosk"]


class FacilitatorExitScreen(CourseModal[bool]):
    """Closing the course in kiosk mode needs the facilitator PIN."""

    BINDINGS = [Binding("escape", "cancel", N_("Back"))]

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__()
        self.kiosk = kiosk

    def compose(self) -> ComposeResult:
        with Vertical(id="exit-box"):
            yield Static(_("Close the course"), classes="title")
            if self.kiosk.facilitator_pin_ok is None:
                yield Static(_("This computer is set up so the course stays open. "
                               "A facilitator can close it from the computer's own account."))
            else:
                yield Static(_("Facilitators only: type the facilitator PIN and press Enter. Press Esc to go back."))
                yield Input(password=True, id="facilitator-pin", placeholder=_("Facilitator PIN"))
            yield Static("", id="exit-problem", classes="problem")
        yield CourseFooter()

    def on_mount(self) -> None:
        pins = self.query("#facilitator-pin")
        if pins:
            locked = self.app.desk.facilitator_lock()
            if locked is not None:  # said before a PIN is typed, not after
                self.query_one("#exit-problem", Static).update(self.app.desk.facilitator_refusal(locked))
            pins.first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        # Counted and locked like a learner's PIN, so guessing it takes days.
        checked = self.app.desk.check_facilitator(event.value)
        if checked.ok:
            self.dismiss(True)
            return
        event.input.value = ""
        self.query_one("#exit-problem", Static).update(self.app.desk.facilitator_refusal(checked))

    def action_cancel(self) -> None:
        self.dismiss(False)
