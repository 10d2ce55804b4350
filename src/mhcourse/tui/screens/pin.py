"""PINs: typing a profile's PIN to open it, and setting or removing your own."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...errors import ProfileError
from ...i18n import N_, _
from ...progress.profile import Opening, Profile
from ..text import literal, styled
from ..widgets.footer import CourseFooter
from .base import CourseModal


class PinEntryScreen(CourseModal[Opening | None]):
    """Opening a profile that has a PIN, chosen from the list: checked against the profile as it is now."""

    BINDINGS = [Binding("escape", "cancel", N_("Back"))]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-box"):
            yield Static(styled((_("PIN for "), "bold"), (self.profile.name, "bold")), classes="title")
            yield Static(_("Type the PIN for this profile and press Enter. Esc goes back."))
            yield Input(password=True, id="pin", placeholder=_("PIN"))
            yield Static("", id="pin-problem", classes="problem")
        yield CourseFooter()

    def on_mount(self) -> None:
        locked = self.app.desk.lock(self.profile.id)
        if locked is not None:
            self._say(locked)
        self.query_one("#pin").focus()

    def _say(self, opening: Opening) -> None:
        self.query_one("#pin-problem", Static).update(self.app.desk.refusal(opening))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        opening = self.app.desk.open(self.profile.id, event.value)
        event.input.value = ""
        if opening.ok or opening.status == "gone":
            self.dismiss(opening)
        else:
            self._say(opening)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewPinScreen(CourseModal[bool]):
    """Setting a PIN as a profile is opened or made: required by the site, or offered on a shared computer.

    `save` takes the PIN typed twice: it sets it on the profile, or makes the new profile with it.
    """

    BINDINGS = [Binding("escape", "skip", N_("Back"))]

    def __init__(self, name: str, save: Callable[[str], None], *, required: bool, new: bool = False) -> None:
        super().__init__()
        self.name_shown, self.save, self.required, self.new = name, save, required, new

    def compose(self) -> ComposeResult:
        if self.required and not self.new:
            why = _("This computer asks every profile for a PIN, and yours has none yet. Please choose one now.")
        elif self.required:
            why = _("This computer asks every profile for a PIN. Please choose one now.")
        else:
            why = _("Other people use this computer. A PIN stops them from opening your profile. You can skip this.")
        with Vertical(classes="small-box"):
            yield Static(styled((_("A PIN for "), "bold"), (self.name_shown, "bold")), classes="title")
            how = (_("Type it twice and press Enter.") if self.required
                   else _("Type it twice and press Enter. Esc skips."))
            yield Static(f"{why} {how}")
            yield Input(password=True, id="pin-1", placeholder=_("New PIN"))
            yield Input(password=True, id="pin-2", placeholder=_("The same PIN again"))
            yield Static("", id="pin-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(_("Back") if self.required else _("Not now"), id="skip")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#pin-1").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if pin_typed_twice(self, event, self.save):
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_skip()

    def action_skip(self) -> None:
        self.dismiss(False)


class SetPinScreen(CourseModal[None]):
    """Protect your profile with a PIN, change it, or remove it.

    A profile that has a PIN asks for it first, checked as at opening (wrong tries count toward the
    pause), so nobody at an open session can change or remove it and lock the owner out.
    """

    BINDINGS = [Binding("escape", "dismiss", N_("Back"))]

    has_pin = False
    confirmed = False
    """The PIN the profile has now was typed right (or it has none)."""

    def compose(self) -> ComposeResult:
        profile = self.learner.profile
        has_pin = self.has_pin = self.app.desk.has_pin(profile)
        self.confirmed = not has_pin
        with Vertical(classes="small-box"):
            yield Static(_("Your PIN"), classes="title")
            yield Static(
                _("A PIN stops the next person at this computer from opening your profile.") + " "
                + (_("Type your PIN now and press Enter, then the new one twice.") if has_pin
                   else _("Type it twice and press Enter."))
            )
            # Three fields in bordered boxes would not fit in 24 lines: with a PIN to check first, they are compact.
            if has_pin:
                yield Input(password=True, id="pin-now", placeholder=_("Your PIN now"), compact=True)
            yield Input(password=True, id="pin-1", placeholder=_("New PIN"), compact=has_pin)
            yield Input(password=True, id="pin-2", placeholder=_("The same PIN again"), compact=has_pin)
            yield Static("", id="pin-problem", classes="problem")
            with Horizontal(classes="buttons"):
                if has_pin and not self.app.desk.require_pin:  # a site that requires PINs keeps them
                    yield Button(_("Remove my PIN"), id="remove")
                yield Button(_("Back"), id="back")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#pin-now" if self.has_pin else "#pin-1").focus()
        locked = self.app.desk.lock(self.learner.profile.id) if self.has_pin else None
        if locked is not None:
            self._problem(self.app.desk.refusal(locked, hidden=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "pin-now":
            self._check_pin_now(event.input)
        elif self._asked_pin_now() and pin_typed_twice(self, event, self.learner.set_pin):
            self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "remove":
            if not self._asked_pin_now():
                return
            self.learner.set_pin(None)
            self.app.notify(_("Your PIN is removed."))
        self.dismiss(None)

    def _check_pin_now(self, field: Input) -> None:
        """The PIN the profile has now: counted and paused as when the profile is opened."""
        if not field.value:
            return
        checked = self.app.desk.check_own_pin(self.learner.profile, field.value)
        field.value = ""
        if checked.ok:
            self.confirmed = True
            field.disabled = True
            self._problem("")
            self.query_one("#pin-1").focus()
        else:
            self._problem(self.app.desk.refusal(checked, hidden=False))

    def _asked_pin_now(self) -> bool:
        if not self.confirmed:
            self._problem(_("Please type your PIN now first, then press Enter."))
            self.query_one("#pin-now").focus()
        return self.confirmed

    def _problem(self, text: str) -> None:
        self.query_one("#pin-problem", Static).update(literal(text))


def pin_typed_twice(screen, event: Input.Submitted, save: Callable[[str], None]) -> bool:
    """Enter in the first PIN field moves to the second; in the second, the two must match and `save` take it.

    True once the PIN is saved; otherwise the problem is shown under the fields.
    """
    first, second = screen.query_one("#pin-1", Input), screen.query_one("#pin-2", Input)
    if event.input is first:
        second.focus()
        return False
    problem = screen.query_one("#pin-problem", Static)
    if first.value != second.value:
        problem.update(_("The two PINs are not the same. Please type them again."))
        first.value = second.value = ""
        first.focus()
        return False
    try:
        save(first.value)
    except ProfileError as err:
        problem.update(literal(str(err)))
        return False
    screen.app.notify(_("Your PIN is set. You will need it to open your profile."))
    return True
