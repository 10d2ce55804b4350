"""First launch, and choosing or creating a profile."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import ProfileError
from ...i18n import N_, _
from ...progress.desk import NAME_LIMIT
from ..text import literal, styled
from ..widgets.bar import TopBar
from ..widgets.footer import CourseFooter
from .base import CourseScreen

WELCOME = (
    N_("This is a self-guided course on mental health: what it is, common conditions, stigma, how to support "
       "someone, and how a community can help."),
    N_("It is for awareness and first support. It does not diagnose anyone, and it is not treatment. If "
       "something in it feels close to home, talking to someone you trust or a doctor is a good next step."),
    N_("Help is always one key away: press F1 (or Ctrl+G) on any screen for \"Get help now\", with crisis "
       "lines and what to do in an emergency."),
    N_("Your progress stays on this computer. Nothing is sent anywhere."),
)
"""The welcome's paragraphs, each translated where it is shown."""


class WelcomeScreen(CourseScreen[None]):
    """Shown on first launch, before any profile exists."""

    def compose(self) -> ComposeResult:
        yield TopBar(_("Welcome"))
        site = self.app.configured_site
        with VerticalScroll(classes="page"):
            yield Static(_("Welcome to the mental health awareness course"), classes="title")
            if site and site.name:
                yield Static(styled((_("Offered by "), ""), (site.name, "bold")), classes="prose")
            if site and site.welcome:
                yield Static(literal(site.welcome), classes="prose note")
            yield Static("\n\n".join(_(paragraph) for paragraph in WELCOME), classes="prose")
            yield Button(_("Start: create your profile"), id="start", variant="primary")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#start").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.app.switch_screen(ProfileScreen())


class ProfileScreen(CourseScreen[None]):
    """Who is learning? Choose a profile, or type a name to make a new one.

    With hidden names (kiosk) no list is shown: the learner first says "I have a profile" or "I'm
    new", then types a name (and a PIN): the core's front desk (progress/desk.py) answers.
    """

    BINDINGS = [
        Binding("escape", "focus_list", N_("Profiles"), show=False),
        # The buttons and fields stand one under another: ↑ and ↓ move between them, as a learner expects
        # (the list of names keeps ↑↓ for itself).
        Binding("down", "app.focus_next", N_("Next"), show=False),
        Binding("up", "app.focus_previous", N_("Previous"), show=False),
    ]

    step: str | None = None
    """Hidden names: None (asking new or not), "new" or "existing"."""

    def _current(self) -> list[tuple[int, str]]:
        return [(p.id, p.name) for p in self.app.desk.profiles()]

    def compose(self) -> ComposeResult:
        site = self.app.configured_site
        yield TopBar(_("Who is learning?"), name=site.name if site and site.name else "")
        with Vertical(classes="page"):
            if site and site.welcome:  # a kiosk never shows the welcome screen: each learner sees it here
                yield Static(literal(site.welcome), classes="prose note", id="site-welcome")
            if self.hide_names:
                self._shown = []
                yield from self._hidden()
            else:
                profiles = self.app.desk.profiles()
                self._shown = [(p.id, p.name) for p in profiles]
                if profiles:
                    yield Static(_("Choose your profile and press Enter:"))
                    yield OptionList(*(Option(literal(p.name), id=str(p.id)) for p in profiles), id="profiles")
                yield Static(_("New profile: type a name (a first name or nickname is enough) and press Enter"))
                yield Input(placeholder=_("Your name"), id="new-name", max_length=NAME_LIMIT)
                yield Static("", id="name-problem", classes="problem")
            yield Button(_("Learn as a guest (nothing is saved)"), id="guest")
        yield CourseFooter()

    def _hidden(self) -> ComposeResult:
        if self.step is None:
            yield Static(_("Do you have a profile on this computer, or are you new here?"))
            yield Button(_("I have a profile"), id="existing", variant="primary")
            yield Button(_("I'm new"), id="new")
        elif self.step == "new":
            yield Static(_("Type a name for your new profile (a first name or nickname is enough) and press "
                           "Enter. Esc goes back."))
            yield Input(placeholder=_("Your name"), id="new-name", max_length=NAME_LIMIT)
        else:
            yield Static(_("Type your name and press Enter, then your PIN if you have one. Esc goes back."))
            yield Input(placeholder=_("Your name"), id="name", max_length=NAME_LIMIT)
            yield Input(placeholder=_("Your PIN"), id="pin", password=True)
        yield Static("", id="name-problem", classes="problem")

    def on_mount(self) -> None:
        self._focus_first()

    async def start_over(self) -> None:
        """Hidden names: the next learner starts from the question, with nothing typed."""
        self.step = None
        await self.recompose()
        self._focus_first()

    async def on_screen_resume(self) -> None:
        """Back from a session (or a kiosk lock): fresh names, and focus where the next learner starts."""
        if self.hide_names and self.step is not None:
            await self.start_over()
        elif self._shown != self._current() and not self.hide_names:  # a profile was added or renamed while away
            await self.recompose()
        self._focus_first()

    def _focus_first(self) -> None:
        for selector in ("#profiles", "#existing", "#new-name", "#name"):
            found = self.query(selector)
            if found:
                found.first().focus()
                return

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "guest":
            self.app.start_guest()
        elif event.button.id in ("new", "existing"):
            self.step = event.button.id
            await self.recompose()
            self._focus_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        profile = self.app.desk.find(int(event.option.id or 0))
        if profile is not None:
            self.app.open_profile(profile)

    @property
    def hide_names(self) -> bool:
        return self.app.desk.hide_names

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#name-problem", Static)
        if event.input.id == "new-name":
            try:
                self.app.make_profile(event.value)
            except ProfileError as err:
                problem.update(literal(str(err)))
                return
            problem.update("")
            event.input.value = ""
        elif event.input.id == "name":
            self._existing(problem)
        elif event.input.id == "pin":
            self._existing(problem, event.input.value)

    def _existing(self, problem: Static, pin: str | None = None) -> None:
        """Hidden names, "I have a profile": a PIN-less profile opens at its name; anything else asks for
        a PIN, and an unknown name and a wrong PIN get the same answer."""
        name_field, pin_field = self.query_one("#name", Input), self.query_one("#pin", Input)
        if not name_field.value.strip():
            problem.update(_("Please type your name first."))
            name_field.focus()
            return
        if pin is not None and not pin.strip():
            problem.update(_("Please type your PIN, then press Enter."))
            return
        desk = self.app.desk
        opening = desk.open(name_field.value, pin)
        pin_field.value = ""
        if opening.status == "pin":
            locked = desk.lock(name_field.value) if pin is None else None
            # Paused: said as the name is typed (alike for a name and a profile), not after a PIN.
            problem.update(desk.refusal(locked, hidden=True) if locked is not None else "")
            pin_field.focus()
        elif opening.ok:
            problem.update("")
            name_field.value = ""
            self.app.proceed(opening)
        else:
            problem.update(desk.refusal(opening, hidden=True))

    async def action_focus_list(self) -> None:
        if self.hide_names and self.step is not None:
            await self.start_over()
            return
        lists = self.query("#profiles")
        if lists:
            lists.first().focus()
