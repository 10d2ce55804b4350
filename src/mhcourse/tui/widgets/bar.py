"""The line at the top of every screen: where you are on the left, who and how far on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from ..text import literal


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar { height: 1; dock: top; background: $panel; padding: 0 1; }
    TopBar .where { width: 1fr; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    TopBar .who { width: auto; max-width: 40%; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; margin-left: 2; }
    """

    def __init__(self, where: str, who: str = "") -> None:
        super().__init__()
        self.where = where
        self.who = who

    def compose(self) -> ComposeResult:
        yield Label(literal(self.where), classes="where")
        yield Label(literal(self.who), classes="who")

    def set_who(self, who: str) -> None:
        self.who = who
        if self.is_mounted:
            self.query_one(".who", Label).update(literal(who))
