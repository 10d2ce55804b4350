"""First launch, and choosing or creating a profile."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...progress.store import ProfileError
from ..text import literal, styled
from ..widgets.bar import TopBar
from ..widgets.footer import CourseFooter
from .base import CourseScreen

WELCOME = """\
This is a self-guided course on mental health: what it is, common conditions, stigma, \
how to support someone, and how a community can help.

It is for awareness and first support. It does not diagnose anyone, and it is not \
treatment. If something in it feels close to home, talking to someone you trust or a \
doctor is a good next step.

Help is always one key away: press F1 (or Ctrl+G) on any screen for "Get help now", \
with crisis lines and what to do in an emergency.

Your progress stays on this computer. Nothing is sent anywhere."""


class WelcomeScreen(CourseScreen[None]):
    """Shown on first launch, before any profile exists."""

    def compose(self) -> ComposeResult:
        yield TopBar("Welcome")
        site = self.app.configured_site
        with VerticalScroll(classes="page"):
            yield Static("Welcome to the mental health awareness course", classes="title")
            if site and site.name:
                yield Static(styled(("Offered by ", ""), (site.name, "bold")), classes="prose")
            if site and site.welcome:
                yield Static(literal(site.welcome), classes="prose note")
            yield Static(WELCOME, classes="prose")
            yield Button("Start: create your profile", id="start", variant="primary")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#start").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.app.switch_screen(ProfileScreen())


class ProfileScreen(CourseScreen[None]):
    """Who is learning? Choose a profile, or type a name to make a new one."""

    BINDINGS = [Binding("escape", "focus_list", "Profiles", show=False)]

    def _current(self) -> list[tuple[int, str]]:
        return [(p.id, p.name) for p in self.app.store.profiles()]

    def compose(self) -> ComposeResult:
        site = self.app.configured_site
        yield TopBar("Who is learning?", name=site.name if site and site.name else "")
        with Vertical(classes="page"):
            if site and site.welcome:  # a kiosk never shows the welcome screen: each learner sees it here
                yield Static(literal(site.welcome), classes="prose note", id="site-welcome")
            profiles = self.app.store.profiles()
            self._shown = [(p.id, p.name) for p in profiles]
            if self.hide_names:
                yield Static("Type your name and press Enter. A new name starts a new profile.")
            else:
                if profiles:
                    yield Static("Choose your profile and press Enter:")
                    yield OptionList(*(Option(literal(p.name), id=str(p.id)) for p in profiles), id="profiles")
                yield Static("New profile: type a name (a first name or nickname is enough) and press Enter")
            yield Input(placeholder="Your name", id="new-name", max_length=60)
            yield Static("", id="name-problem", classes="problem")
            yield Button("Learn as a guest (nothing is saved)", id="guest")
        yield CourseFooter()

    def on_mount(self) -> None:
        self._focus_first()

    async def on_screen_resume(self) -> None:
        """Back from a session (or a kiosk lock): fresh names, and focus where the next learner starts."""
        if self._shown != self._current():  # a profile was added or renamed while away
            await self.recompose()
        self._focus_first()

    def _focus_first(self) -> None:
        lists = self.query("#profiles")
        (lists.first() if lists else self.query_one("#new-name")).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "guest":
            self.app.start_guest()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        profile = self.app.store.profile_by_id(int(event.option.id))
        if profile is not None:
            self.app.open_profile(profile)

    @property
    def hide_names(self) -> bool:
        return bool(self.app.kiosk and self.app.kiosk.hide_names)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#name-problem", Static)
        existing = self.app.store.profile(event.value) if self.hide_names else None
        if existing is not None:
            event.input.value = ""
            self.app.open_profile(existing)
            return
        try:
            profile = self.app.store.create_profile(event.value)
        except ProfileError as err:
            problem.update(literal(str(err)))
            return
        problem.update("")
        event.input.value = ""
        self.app.start_learning(profile)

    def action_focus_list(self) -> None:
        lists = self.query("#profiles")
        if lists:
            lists.first().focus()
