"""PINs: typing a profile's PIN to open it, and setting or removing your own."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...progress.store import PIN_TRIES, Profile, ProfileError
from ..text import literal, styled
from ..widgets.footer import CourseFooter
from .base import CourseModal


def _until(seconds: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(seconds))


class PinEntryScreen(CourseModal[bool]):
    """Opening a profile that has a PIN."""

    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-box"):
            yield Static(styled(("PIN for ", "bold"), (self.profile.name, "bold")), classes="title")
            yield Static("Type the PIN for this profile and press Enter. Esc goes back.")
            yield Input(password=True, id="pin", placeholder="PIN")
            yield Static("", id="pin-problem", classes="problem")
        yield CourseFooter()

    def on_mount(self) -> None:
        locked = self.app.store.pin_locked_until(self.profile.id)
        if locked:
            self._say_locked(locked)
        self.query_one("#pin").focus()

    def _say_locked(self, until: float) -> None:
        self.query_one("#pin-problem", Static).update(
            f"This profile is paused after {PIN_TRIES} wrong PINs. Try again after {_until(until)}. "
            "If the PIN is forgotten, a facilitator can reset it."
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        result = self.app.store.check_pin(self.profile.id, event.value)
        event.input.value = ""
        if result.ok:
            self.dismiss(True)
        elif result.status == "locked":
            self._say_locked(result.locked_until or time.time())
        else:
            self.query_one("#pin-problem", Static).update(
                f"That is not the PIN. {result.tries_left} more tr{'y' if result.tries_left == 1 else 'ies'} "
                "before a one-minute pause."
            )

    def action_cancel(self) -> None:
        self.dismiss(False)


class SetPinScreen(CourseModal[None]):
    """Protect your profile with a PIN, change it, or remove it."""

    BINDINGS = [Binding("escape", "dismiss", "Back")]

    def compose(self) -> ComposeResult:
        has_pin = self.app.learner.profile.has_pin or self.app.store.profile_by_id(self.app.learner.profile.id).has_pin
        with Vertical(classes="small-box"):
            yield Static("Your PIN", classes="title")
            yield Static(
                "A PIN stops the next person at this computer from opening your profile. "
                "Type it twice and press Enter."
            )
            yield Input(password=True, id="pin-1", placeholder="New PIN")
            yield Input(password=True, id="pin-2", placeholder="The same PIN again")
            yield Static("", id="pin-problem", classes="problem")
            with Horizontal(classes="buttons"):
                if has_pin:
                    yield Button("Remove my PIN", id="remove")
                yield Button("Back", id="back")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#pin-1").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        first, second = self.query_one("#pin-1", Input), self.query_one("#pin-2", Input)
        if event.input is first:
            second.focus()
            return
        problem = self.query_one("#pin-problem", Static)
        if first.value != second.value:
            problem.update("The two PINs are not the same. Please type them again.")
            first.value = second.value = ""
            first.focus()
            return
        try:
            self.app.learner.set_pin(first.value)
        except ProfileError as err:
            problem.update(literal(str(err)))
            return
        self.app.notify("Your PIN is set. You will need it to open your profile.")
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "remove":
            self.app.learner.set_pin(None)
            self.app.notify("Your PIN is removed.")
        self.dismiss(None)
