"""A practice conversation: choose what to say, see how it lands, and a summary at the end."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...content.models import Module, Scenario
from ...i18n import N_, _
from ...progress.journey import Walk, tone_words
from ..text import Hanging, bullet, literal, styled
from ..widgets.bar import TopBar
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from .base import CourseScreen


class ScenarioScreen(CourseScreen[None]):
    BINDINGS = [Binding("escape", "back", N_("Back to module"))]

    def __init__(self, module: Module, scenario: Scenario) -> None:
        super().__init__()
        self.module = module
        self.scenario = scenario
        self.walk: Walk | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(_("{module} › Practice: {scenario}").format(module=self.module.title,
                                                                  scenario=self.scenario.title))
        yield VerticalScroll(id="conversation", classes="page")
        yield CourseFooter()

    async def on_mount(self) -> None:
        self.walk = self.learner.walk(self.module, self.scenario)  # saves the place
        await self.start()

    async def start(self) -> None:
        log = self.query_one("#conversation", VerticalScroll)
        await log.remove_children()
        if self.scenario.intro:
            log.mount(Static(literal(self.scenario.intro), classes="intro"))
        self.show_step()

    def show_step(self) -> None:
        log = self.query_one("#conversation", VerticalScroll)
        assert self.walk is not None
        step = self.walk.step
        log.mount(Static(literal(step.text), classes="step"))
        if self.walk.ended:
            self.end()
            return
        self.shown_options = self.walk.options()
        options = OptionList(*(Option(bullet(o.text)) for o in self.shown_options), classes="options")
        log.mount(Static(_("What do you say? Choose with ↑↓ and Enter."), classes="hint"))
        log.mount(options)
        options.focus()
        self.call_after_refresh(lambda: log.scroll_end(animate=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option = self.shown_options[event.option_index]
        for old in self.query(".options, .hint"):
            old.remove()
        assert self.walk is not None
        choice = self.walk.choose(option)  # an ending reached is recorded
        log = self.query_one("#conversation", VerticalScroll)
        log.mount(Static(Hanging(styled((_("You: "), "bold")), choice.text), classes="said"))  # wraps under the text
        feedback: list[str | tuple[str, str]] = [(f"{tone_words(choice.tone)}. ", "bold")]
        if choice.feedback:
            feedback.append(choice.feedback)
        log.mount(Static(styled(*feedback), classes=f"tone tone-{choice.tone}"))
        self.show_step()

    def end(self) -> None:
        assert self.walk is not None
        summary = self.walk.summary()
        rows = [Static(styled((_("The end of this conversation. "), "bold"), summary.sentence()))]
        if summary.helpful_choices:
            rows.append(Static(_("Helpful things you said:")))
            # One Static a choice: a long one wraps under its own text, not under the bullet.
            rows += [Static(bullet(text), classes="helpful-choice") for text in summary.helpful_choices]
        rows.append(Static(_("Try it again to see where other choices lead.")))
        log = self.query_one("#conversation", VerticalScroll)
        log.mount(Vertical(*rows, classes="ending-summary"))
        buttons = ButtonRow(
            Button(_("Play again"), id="replay", variant="primary"), Button(_("Back to module"), id="back"),
            classes="buttons"
        )
        log.mount(buttons)
        self.call_after_refresh(self._at_the_end, log)

    def _at_the_end(self, log: VerticalScroll) -> None:
        self.query_one("#replay").focus()
        log.scroll_end(animate=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "replay":
            assert self.walk is not None
            self.walk.again()
            await self.start()
        else:
            self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()
