"""Get help now: what to do in immediate danger first, then crisis lines, the learner's country first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..text import literal, styled
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from .base import InCourse

if TYPE_CHECKING:
    from ...content.helplines import Country, Helplines


class GetHelpScreen(InCourse, ModalScreen[None]):  # type: ignore[misc]
    """A modal over whatever was open; closing it returns exactly there."""

    BINDINGS = [
        Binding("escape", "close", "Back to where you were"),
        Binding("q", "close", "Back", show=False),
    ]

    def __init__(self, helplines: Helplines, country: str | None) -> None:
        super().__init__()
        self.helplines = helplines
        self.country = country

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Get help now", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(literal(self.helplines.emergency), id="help-emergency")
                for country in self.helplines.ordered(self.country):
                    yield from self._country_rows(country)
                yield Static(literal(self.helplines.directory), classes="help-directory")
                yield Static(literal(f"List checked: {self.helplines.checked}"), classes="help-checked")
            with ButtonRow(classes="buttons"):
                yield Button("Back to where you were (Esc)", id="help-close", variant="primary")
                if self.has_support:
                    yield Button("Local support", id="help-support")
        yield CourseFooter()

    def _country_rows(self, country: Country):
        heading: list[str | tuple[str, str]] = [(country.name, "bold")]
        if country.emergency:
            heading.append(f" · emergency {country.emergency}")
        yield Static(styled(*heading), classes="help-country")
        for line in country.line:
            parts: list[str | tuple[str, str]] = [(line.name, "bold")]
            if line.region:
                parts.append(f" ({line.region})")
            reach = line.how_to_reach()
            if reach:
                parts.append(f": {reach}")
            if line.hours:
                parts.append(f". {line.hours[0].upper()}{line.hours[1:]}")
            yield Static(styled(*parts), classes="help-line")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    @property
    def has_support(self) -> bool:
        from .support import has_local_support

        return has_local_support(self.app.site)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
        if event.button.id == "help-support":
            self.app.show_local_support()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_get_help(self) -> None:
        """Already here: pressing the key again keeps it open."""
