"""The line at the top of every screen: where you are on the left, who and how far on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

from ..text import literal


class TopBar(Horizontal):
    """`where` on the left; on the right a name (a profile's or a site's) and `who`, the state words
    ("lesson 2 of 4", "Guest (nothing is saved) · 0 of 14"). Short of room, `where` gives way first,
    then the name; the state words always show in full."""

    DEFAULT_CSS = """
    TopBar { height: 1; dock: top; background: $panel; padding: 0 1; }
    TopBar .where { width: 1fr; min-width: 8; margin-right: 2; text-style: bold; text-wrap: nowrap;
                    text-overflow: ellipsis; }
    TopBar .name { width: auto; max-width: 40%; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    TopBar .who { width: auto; color: $text-muted; text-wrap: nowrap; }
    """

    def __init__(self, where: str, who: str = "", name: str = "") -> None:
        super().__init__()
        self.where = where
        self.who = who
        self.name_text = name

    def compose(self) -> ComposeResult:
        yield Label(literal(self.where), classes="where")
        yield Label(literal(self.name_text), classes="name")
        yield Label(self._who_words(), classes="who")

    def on_mount(self) -> None:
        self.query_one(".name").display = bool(self.name_text)

    def _who_words(self) -> Content:
        return literal(f" · {self.who}" if self.name_text and self.who else self.who)

    def set_where(self, where: str) -> None:
        """Say where the learner is now (a review names each question's module)."""
        self.where = where
        if self.is_mounted:
            self.query_one(".where", Label).update(literal(where))

    def set_who(self, who: str, name: str = "") -> None:
        """Show the state words `who`, after a `name` when there is one."""
        self.who, self.name_text = who, name
        if self.is_mounted:
            label = self.query_one(".name", Label)
            label.update(literal(name))
            label.display = bool(name)
            self.query_one(".who", Label).update(self._who_words())
