"""Keys (Ctrl+P, then Keys): the course's keys for the screen the learner is on, in their own words.

Textual's own key panel listed every widget's keys in its words ("^pgup Page Left", "super+c Copy") and
squeezed the footer; this lists what the course's screens do, then the keys that work everywhere.
"""

from __future__ import annotations

from collections import defaultdict

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import N_, _
from ..text import Hanging, styled
from ..widgets.footer import binding_words, footer_key_rank
from .base import CourseModal


def course_bindings(kind: type) -> set[tuple[str, str]]:
    """The (key, action) pairs the course's own classes bind on a widget or screen of this kind, not those it
    inherits from Textual's (an option list's "Scroll Left", a screen's "Focus Next")."""
    pairs = set()
    for cls in kind.__mro__:
        if cls.__module__.startswith("mhcourse.") and "BINDINGS" in cls.__dict__:
            pairs |= {(b.key, b.action) for b in Binding.make_bindings(cls.__dict__["BINDINGS"])}
    return pairs


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """The course's own keys live on `screen` now (its focused part's included): (keys, what they do), each
    action once, its keys joined by "or" in the order the footer prefers. Textual's widget keys are left
    out: the everywhere list says what ↑ ↓ and Enter do in plain words."""
    keys: defaultdict[str, list[Binding]] = defaultdict(list)
    said: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.description or not active.enabled:
            continue
        if (binding.key, binding.action) not in course_bindings(type(active.node)):
            continue
        if binding.action in ("get_help", "app.get_help", "quit", "app.quit", "command_palette"):
            continue  # in the everywhere list
        keys[binding.action].append(binding)
        said.setdefault(binding.action, _(binding.description))
    rows = []
    for action, bindings in keys.items():
        shown = dict.fromkeys(binding_words(b) for b in sorted(bindings, key=footer_key_rank))
        rows.append((_(" or ").join(shown), said[action]))
    return rows


def everywhere_keys(kiosk: bool) -> list[tuple[str, str]]:
    """The keys that work on every screen, in the learner's words."""
    return [
        (_("F1 or Ctrl+G"), _("Get help now: crisis lines and what to do in an emergency (also ? when you "
                              "are not typing)")),
        (_("↑ ↓"), _("Move through a list, or scroll the page")),
        (_("Enter"), _("Choose what is lit, or press the lit button")),
        (_("← →"), _("Move between buttons side by side")),
        (_("Tab, Shift+Tab"), _("Move to the next or previous part of the screen")),
        (_("Ctrl+P"), _("More: themes, local support, your PIN, your certificate, these keys")),
        (_("Ctrl+Q"), _("End your session: your progress is saved, and the next person can start") if kiosk
         else _("Quit: your progress is saved as you go")),
    ]


class KeysScreen(CourseModal[None]):
    """The keys of the screen underneath, then the keys that work everywhere. Esc goes back."""

    BINDINGS = [Binding("escape", "dismiss", N_("Back"))]
    DEFAULT_CSS = """
    KeysScreen { align: center middle; background: $background 60%; }
    KeysScreen .keys-heading { text-style: bold; color: $primary; margin-top: 1; }
    KeysScreen .key-row { padding-left: 2; }
    """

    def __init__(self, under: Screen, kiosk: bool = False) -> None:
        super().__init__()
        self.here = screen_keys(under)
        self.everywhere = everywhere_keys(kiosk)

    def compose(self) -> ComposeResult:
        from ..widgets.footer import CourseFooter

        with VerticalScroll(classes="small-box", id="keys-box"):
            yield Static(_("Keys"), classes="title")
            if self.here:
                yield Static(_("On this screen"), classes="keys-heading")
                yield from self._rows(self.here)
            yield Static(_("Everywhere"), classes="keys-heading")
            yield from self._rows(self.everywhere)
            yield Static(_("Press Esc to go back."), classes="keys-heading")
        yield CourseFooter()

    def _rows(self, rows: list[tuple[str, str]]) -> ComposeResult:
        width = max(len(keys) for keys, _what in rows)
        for keys, what in rows:
            yield Static(Hanging(styled((keys.ljust(width) + "  ", "bold")), what), classes="key-row")

    def on_mount(self) -> None:
        self.query_one("#keys-box").focus()
