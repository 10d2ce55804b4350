"""A row of buttons that ← and → move between, as a learner expects (Tab still works, but is shown nowhere)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from ...i18n import N_


class ButtonRow(Horizontal):
    """Buttons side by side; ← and → move the focus from one to the next, round the ends."""

    BINDINGS = [
        Binding("left", "step(-1)", N_("Previous button"), show=False),
        Binding("right", "step(1)", N_("Next button"), show=False),
    ]

    def action_step(self, by: int) -> None:
        buttons = [b for b in self.query(Button) if b.focusable]
        focused = self.screen.focused
        if buttons and focused in buttons:
            buttons[(buttons.index(focused) + by) % len(buttons)].focus()
