"""Language (Ctrl+P, then Language): the languages the course speaks, each named in its own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, SHIPPED, _, current_language
from ..widgets.footer import CourseFooter
from .base import CourseModal


class LanguageScreen(CourseModal[str | None]):
    """Choose the course's language; Enter chooses, Esc goes back. Names are never translated: a learner
    looks for their own language by the name it gives itself."""

    BINDINGS = [Binding("escape", "dismiss", N_("Back"))]
    DEFAULT_CSS = """
    LanguageScreen { align: center middle; background: $background 60%; }
    LanguageScreen #languages { height: auto; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        now = current_language()
        with Vertical(classes="small-box"):
            yield Static(_("Language"), classes="title")
            yield Static(_("Choose the language of the course and press Enter. Esc goes back."))
            yield OptionList(*(Option(f"{'✔' if code == now else ' '} {name}", id=code)
                               for code, name in SHIPPED.items()), id="languages")
        yield CourseFooter()

    def on_mount(self) -> None:
        languages = self.query_one("#languages", OptionList)
        codes = list(SHIPPED)
        languages.highlighted = codes.index(current_language()) if current_language() in codes else 0
        languages.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
