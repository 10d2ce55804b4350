"""Author and learner text is data: these helpers show it literally, never as markup."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


def literal(text: str) -> Content:
    """Text shown exactly as typed: '[bold red]' stays '[bold red]'."""
    return Content(text)


def styled(*parts: str | tuple[str, str]) -> Content:
    """Plain strings and (text, style) pairs joined; no part is parsed as markup."""
    return Content.assemble(*parts)


def bullet(text: str) -> Hanging:
    """One choice in a list: a bullet, and wrapped lines under the text, so each choice reads as one item."""
    return Hanging("• ", text)


class Hanging(Visual):
    """A marker ('• ', '[✔] ', '3. ') then text whose wrapped lines start under the text, not the marker,
    so in a list of long choices each one reads as one item. Usable as an option's prompt or a Static's content."""

    def __init__(self, marker: str | Content, text: str | Content) -> None:
        self.marker = literal(marker) if isinstance(marker, str) else marker
        self.text = literal(text) if isinstance(text, str) else text
        self.indent = self.marker.cell_length

    def __str__(self) -> str:
        return self.marker.plain + self.text.plain

    def _text_width(self, width: int) -> int:
        return max(1, width - self.indent)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.indent + self.text.get_optimal_width(rules, self._text_width(container_width))

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.indent + self.text.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.text.get_height(rules, self._text_width(width))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        lines = self.text.render_strips(self._text_width(width), None, style, options)
        head = self.marker.render_strips(self.indent, 1, style, options)[0].extend_cell_length(
            self.indent, style.rich_style)
        blank = Strip.blank(self.indent, style.rich_style)
        return [Strip.join([head if n == 0 else blank, line]) for n, line in enumerate(lines)]
