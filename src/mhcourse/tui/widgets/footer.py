"""The footer of every screen, with Get help now first."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

from ..runtime import release_footer_keys

HELP_ACTIONS = ("get_help", "app.get_help")
COMPACT_BELOW = 100
"""Columns under which the keys lose their padding, so that at 80 columns every key of a busy screen fits."""


class CourseFooter(Footer):
    """Textual's Footer lists the focused widget's keys first and the app's last, so on a narrow terminal
    F1 Get help now would be the first key pushed out of sight. Here it always comes first."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        yield from sorted(keys, key=lambda key: getattr(key, "action", None) not in HELP_ACTIONS)  # stable

    async def recompose(self) -> None:
        # Each redraw (after any change of focus) replaces every key: let the removed ones go now.
        await super().recompose()
        release_footer_keys(self)

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
