"""Get help now: what to do in immediate danger first, then crisis lines, the learner's country first."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...i18n import N_, _
from ..text import literal, styled
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from .base import InCourse

if TYPE_CHECKING:
    from ...content.helplines import Country, Helplines


class GetHelpScreen(InCourse, ModalScreen[None]):  # type: ignore[misc]
    """A modal over whatever was open; closing it returns exactly there."""

    BINDINGS = [
        Binding("escape", "close", N_("Back to where you were")),
        Binding("q", "close", N_("Back"), show=False),
        Binding("c", "choose_country", N_("Country"), show=False),  # the hint in the dialog and its button say it
    ]

    def __init__(self, helplines: Helplines, country: str | None) -> None:
        super().__init__()
        self.helplines = helplines
        self.country = country

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(_("Get help now"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(literal(self.helplines.emergency), id="help-emergency")
                if self.choices:
                    yield Static(self._first_words(), id="help-which-country")
                for country in self.helplines.ordered(self.country):
                    yield from self._country_rows(country)
                yield Static(literal(self.helplines.directory), classes="help-directory")
                checked = _("List checked: {date}").format(date=self.helplines.checked_words)
                yield Static(literal(checked), classes="help-checked")
            with ButtonRow(classes="buttons"):
                yield Button(_("Back (Esc)"), id="help-close", variant="primary")
                if self.choices:
                    yield Button(_("My country (c)"), id="help-country")
                if self.has_support:
                    yield Button(_("Local support"), id="help-support")
        yield CourseFooter()

    @property
    def choices(self) -> list[Country]:
        """The countries a learner may put first (the site's own lines are always first)."""
        return [country for country in self.helplines.country if not country.local]

    def _first_words(self) -> Content:
        first = self.helplines.first_country(self.country)
        if first is None:
            return styled((_("Somewhere else? Press c to choose your country."), "bold"))
        return styled(_("{country} is listed first. ").format(country=first.name),
                      (_("Somewhere else? Press c to choose your country."), "bold"))

    def _country_rows(self, country: Country):
        heading: list[str | tuple[str, str]] = [(country.name, "bold")]
        if country.emergency:
            heading.append(_(" · emergency {number}").format(number=country.emergency))
        yield Static(styled(*heading), classes="help-country")
        for line in country.line:
            parts: list[str | tuple[str, str]] = [(line.name, "bold")]
            said = "; ".join(w for w in (line.region, line.for_whom()) if w)
            if said:
                parts.append(f" ({said})")
            reach = line.how_to_reach()
            if reach:
                parts.append(f": {reach}")
            notes = [n for n in line.notes() if n != line.region]
            if notes:
                when = "; ".join(notes)
                parts.append(f". {when[0].upper()}{when[1:]}")
            yield Static(styled(*parts), classes="help-line")

    def on_mount(self) -> None:
        # A notification would draw over the dialog's border and its first lines: what was said before
        # matters less than the crisis lines, so it goes.
        self.app.clear_notifications()
        self.query_one("#help-body").focus()

    @property
    def has_support(self) -> bool:
        from .support import has_local_support

        return has_local_support(self.app.configured_site)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "help-country":
            self.action_choose_country()
            return
        self.dismiss(None)
        if event.button.id == "help-support":
            self.app.show_local_support()

    def action_choose_country(self) -> None:
        """The app's country choice (ctrl+p, My country), as a list of countries to type into or move through."""
        if not self.choices:
            return
        self.app.search_commands(
            [(country.name, partial(self._put_first, country.code), _("List this country's crisis lines first"))
             for country in self.choices],
            placeholder=_("Type your country, or choose it with ↑↓ and Enter"),
        )

    async def _put_first(self, code: str) -> None:
        self.app.set_country(code)
        self.country = code
        await self.recompose()  # the dialog now says which country is first, and lists it first
        self.app.clear_notifications()  # set_country's own word would cover the dialog
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_get_help(self) -> None:
        """Already here: pressing the key again keeps it open."""
