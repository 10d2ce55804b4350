"""Ctrl+P: Textual's command palette, its own words (the search box, "No matches found") in the learner's."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets.option_list import Option

from ...i18n import _


class CoursePalette(CommandPalette):
    """The command palette, speaking the learner's language."""

    def __init__(self, providers: ProviderSource | None = None, *, placeholder: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's, with its sentence translated (Textual 8.2 writes it inside this method)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
