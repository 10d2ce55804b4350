"""Containers whose own lines (background and padding, nothing else) are kept while only their height changes.

Textual draws every widget under a changed region, containers included, each line behind their
children: after an answer the question area and the question view were drawn again in full (about
40 lines, 0.9 ms of the learner's wait, issue 21) because their height or scrollable size had
changed, which throws away Textual's per-widget line cache. A container with no border, outline,
title, keyline, hatch or tint draws three kinds of line only: its top padding, its content rows (a
blank in its own style) and its bottom padding. KeptBackground keeps one of each, made by Textual
itself, until anything they are made from changes (width, padding, scrollbars, colours, style, opacity,
line filters, ANSI theme), and hands those out for any height. Anything else goes to Textual as before.

An override of Textual's Widget.render_lines (8.2.x): tests/tui/test_background.py checks that its
lines are Textual's own, in the quiz and in a lesson's bordered check, before and after an answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

_KINDS = 3
"""Top padding, content row, bottom padding."""

if TYPE_CHECKING:
    _OnAWidget = Widget
else:
    _OnAWidget = object  # not a Widget itself: Textual follows a class's first Widget base for its DEFAULT_CSS


class KeptBackground(_OnAWidget):
    """Mixed into a container (before it): its lines are kept across height changes (see the module's note)."""

    _kept_key: tuple[Any, ...] | None = None
    _kept_lines: list[Strip | None]

    def _plain(self) -> bool:
        """Nothing drawn but background and padding: no border, outline, title, keyline, hatch or tint."""
        styles = self.styles
        return (self._border_title is None and self._border_subtitle is None
                and styles.gutter == styles.padding  # no border
                and not any(edge for edge, _ in styles.outline)
                and styles.keyline[0] == "none"
                and not (styles.has_rule("hatch") and styles.hatch != "none")
                and not styles.tint.a and not styles.background_tint.a)

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._plain():
            return super().render_lines(crop)
        width, height = self.size
        styles = self.styles
        app = self.app
        key = (width, styles.padding, self.scrollbar_gutter, self.background_colors, self.visual_style, self.opacity,
               styles.text_opacity, tuple(self.get_line_filters()), app.ansi_theme, app.native_ansi_color)
        if key != self._kept_key:
            self._kept_key = key
            self._kept_lines = [None] * _KINDS
        top, bottom = styles.padding.top, height - styles.padding.bottom
        lines = self._kept_lines
        strips: list[Strip] = []
        for y in crop.line_range:
            kind = 0 if y < top else 2 if y >= bottom else 1
            line = lines[kind]
            if line is None:  # Textual's own line, for the whole width
                line = lines[kind] = super().render_lines(Region(0, y, width, 1))[0]
            strips.append(line)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips


class QuestionArea(KeptBackground, VerticalScroll):
    """The scrolling area a question and its feedback are shown in (the quiz, the pre-test, review)."""
