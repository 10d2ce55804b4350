"""The real cursor follows focus: braille displays and magnifiers track the terminal's cursor, so it is put at the
start of the focused choice, list item or button (mixed into CourseApp)."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.geometry import Offset
from textual.widgets import Input, OptionList


class FollowsFocus(App[None]):
    """Mixed into CourseApp (before App): Textual finds these handlers along the class's MRO."""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.place_cursor)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.call_after_refresh(self.place_cursor)

    def place_cursor(self) -> None:
        """Put the terminal's cursor at the start of the focused choice, list item or button."""
        widget = self.focused
        if widget is None or isinstance(widget, Input):  # an Input places the cursor itself
            return
        region = widget.content_region
        line = 0
        if isinstance(widget, OptionList) and widget.highlighted is not None:
            # OptionList keeps no public map from option to line; its private one is the only exact source.
            line = getattr(widget, "_index_to_line", {}).get(widget.highlighted, 0) - round(widget.scroll_y)
        self.cursor_position = Offset(region.x, region.y + max(0, min(line, region.height - 1)))
