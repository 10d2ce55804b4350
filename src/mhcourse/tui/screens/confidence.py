"""The optional confidence question, before a module's first lesson and after its quiz."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...content.models import Module
from ...i18n import N_, _
from ..text import styled
from ..widgets.footer import CourseFooter
from .base import CourseModal

SCALE = (N_("Not at all confident"), N_("A little confident"), N_("Fairly confident"), N_("Confident"),
         N_("Very confident"))


class ConfidenceScreen(CourseModal["int | None"]):
    """Answers 1-5, or None when skipped. Anonymous in the facilitator's report."""

    BINDINGS = [
        Binding("escape", "skip", N_("Skip")),
        # The choices are numbered, so their numbers choose them (not in the footer: the list shows them).
        *(Binding(str(n), f"choose({n})", show=False) for n in range(1, len(SCALE) + 1)),
    ]

    def __init__(self, module: Module, when: str) -> None:
        super().__init__()
        self.module = module
        self.when = when

    def compose(self) -> ComposeResult:
        lead = _("Before you start: ") if self.when == "before" else _("Now that you have finished: ")
        with Vertical(classes="small-box"):
            yield Static(styled((lead, "bold"), self.module.title), classes="title")
            yield Static(_("How confident do you feel to talk about this topic and to support someone with it? "
                           "This is optional and anonymous: press Esc to skip."))
            yield OptionList(*(Option(f"{n}  {_(text)}") for n, text in enumerate(SCALE, 1)),
                             Option(_("Skip this question"), id="skip"), id="scale")
        yield CourseFooter()

    def on_mount(self) -> None:
        scale = self.query_one("#scale", OptionList)
        # Lit on "Skip", not on "1": Enter pressed out of habit must not put a learner down as not confident at
        # all (the report's figures are for funders); the plain face and the web page have no default either.
        scale.highlighted = len(SCALE)
        scale.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(None if event.option.id == "skip" else event.option_index + 1)

    def action_choose(self, value: int) -> None:
        self.dismiss(value)

    def action_skip(self) -> None:
        self.dismiss(None)
