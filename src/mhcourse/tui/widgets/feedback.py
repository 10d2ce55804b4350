"""The feedback after an answer: right or not, each choice or item with its feedback, and why.

One widget draws every row. It used to be a Vertical of a Static per row (about ten), and mounting,
styling, laying out and rendering those rows was most of the time between the learner's Enter and
the frame that shows the feedback (issue 21). The rows are drawn exactly as those Statics drew them
(the same calls, styles, margins and hanging indents), so the screen is the same to the cell: the
rows' spacing and colours are component classes below, read from CSS as the Statics' classes were.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from ...content.models import (
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)
from ...i18n import _
from ...learning.answers import Marked
from ...progress.journey import verdict
from ..text import Hanging, literal, styled

Row = tuple[str, Visual]
"""A row's kind (verdict, choice, reason, why) and what it shows."""
Layout = tuple[int, list[tuple[int, int, int, int]], int]
"""At a content width: each row's top line, height, gap above and indent; then the number of lines."""


class Feedback(Widget):
    """The rows of an answer's feedback, drawn by one widget.

    Each kind of row has a component class: `feedback--verdict` (its margin below), `feedback--reason`
    (its indent and muted colour) and `feedback--why` (its margin above); choice rows take the widget's
    own style. Vertical margins between rows collapse, as they did between the Statics.
    """

    COMPONENT_CLASSES = {"feedback--verdict", "feedback--reason", "feedback--why"}

    ALLOW_SELECT = False
    """Mouse text selection would take each row's own offsets for the whole widget's, and copy the wrong
    words; off until the rows' offsets are joined up (the choice rows were never selectable)."""

    DEFAULT_CSS = """
    Feedback { height: auto; }
    Feedback > .feedback--verdict { margin-bottom: 1; }
    Feedback > .feedback--reason { padding-left: 4; color: $text-muted; }
    Feedback > .feedback--why { margin-top: 1; }
    """

    def __init__(self, rows: list[Row], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows = rows
        self._laid_out: Layout | None = None
        self._drawn: tuple[tuple[int, Style], list[Strip]] | None = None
        self._link_style: RichStyle | None = None

    # -- what tests and screens ask of it -----------------------------------------------------

    def texts(self, kind: str) -> list[str]:
        """The plain text of each row of this kind, in order (what a Static per row used to hold)."""
        return [str(visual) for row_kind, visual in self.rows if row_kind == kind]

    def row_span(self, kind: str) -> tuple[int, int]:
        """The first row of this kind: its first line and the line after its last, from the widget's top
        (border and padding included), as laid out now."""
        places = self._layout(self.content_region.width)[1]
        at = next(i for i, (row_kind, _) in enumerate(self.rows) if row_kind == kind)
        top, height, _, _ = places[at]
        return top + self.gutter.top, top + height + self.gutter.top

    def row_region(self, kind: str) -> Region:
        """Where the first row of this kind is on the screen."""
        top, bottom = self.row_span(kind)
        content = self.content_region
        return Region(content.x, self.region.y + top, content.width, bottom - top)

    def fill(self, rows: list[Row]) -> None:
        """These rows in place of those it had (a question's feedback, mounted empty, filled in by the answer)."""
        self.rows = rows
        self._drawn = self._laid_out = None
        self.refresh(layout=True)

    # -- layout and drawing --------------------------------------------------------------------

    def _spacing(self, kind: str) -> tuple[int, int, int]:
        """A kind of row's margin above, margin below and indent (its CSS padding-left)."""
        if kind == "choice":  # drawn in the widget's own style, with no spacing of its own
            return 0, 0, 0
        styles = self.get_component_styles(f"feedback--{kind}")
        return styles.margin.top, styles.margin.bottom, styles.padding.left

    def _style(self, kind: str) -> Style:
        """The style a Static of this kind would render with: the widget's, with the component's colour."""
        if kind == "reason":
            return self.get_visual_style("feedback--reason")
        return self.visual_style

    def _layout(self, width: int) -> Layout:
        """Where each row goes at this content width: (top line, height, gap above, indent) per row, and the
        line count. Heights only, no drawing: layout asks for two widths when a scrollbar comes or goes."""
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out
        places: list[tuple[int, int, int, int]] = []
        top = below = 0
        for index, (kind, visual) in enumerate(self.rows):
            above, after, indent = self._spacing(kind)
            gap = max(below, above) if index else above  # margins collapse between rows, as in a Vertical
            top += gap
            # The widget's styles as the rules, as Textual's Widget.get_content_height passes them to a Static's visual.
            height = visual.get_height(self.styles, max(1, width - indent))  # type: ignore[arg-type]
            places.append((top, height, gap, indent))
            top += height
            below = after
        self._laid_out = (width, places, top + below)
        return self._laid_out

    def _draw(self) -> list[Strip]:
        """Every content line at the content width, drawn as a Static per row would draw it.

        Cached until the width or the style changes (a theme switch restyles the widget)."""
        width = self.content_region.width
        key = (width, self.visual_style)
        if self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        _, places, count = self._layout(width)
        self._link_style = None  # worked out again for this drawing, once (see link_style)
        base, background = self.background_colors
        inner = Style(background=base + background).rich_style  # what Textual pads a Static's lines with
        blank = Strip.blank(width, RichStyle.from_color(bgcolor=background.rich_color))  # a container's margin line
        lines: list[Strip] = []
        for (kind, visual), (_, height, gap, indent) in zip(self.rows, places, strict=True):
            lines.extend([blank] * gap)
            inside = max(1, width - indent)
            for strip in Visual.to_strips(self, visual, inside, height, self._style(kind)):
                strip = strip.adjust_cell_length(inside, inner)
                if indent:  # as Textual pads a Static: the padding a segment of its own, before the text
                    strip = Strip([Segment(" " * indent, inner), *strip], width)
                lines.append(strip)
        lines.extend([blank] * (count - len(lines)))
        self._drawn = (key, lines)
        return lines

    @property
    def link_style(self) -> RichStyle:
        """Textual's, kept for the whole of one drawing: Visual.to_strips asks for it once per row, and working
        it out from the CSS each time was a good part of drawing the feedback, on the learner's wait (issue 21)."""
        if self._link_style is None:
            self._link_style = super().link_style
        return self._link_style

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout(width)[2]

    def render_line(self, y: int) -> Strip:
        lines = self._draw()
        if y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        self._drawn = self._laid_out = self._link_style = None  # a row's margins or indent may have changed too
        super().notify_style_update()


def feedback(question: Question, answer: Any, marked: Marked, shown: list[str] | None = None,
             **kwargs: Any) -> Feedback:
    """What the learner sees after answering, as one widget (see feedback_rows)."""
    return Feedback(feedback_rows(question, answer, marked, shown), **kwargs)


def feedback_rows(question: Question, answer: Any, marked: Marked, shown: list[str] | None = None) -> list[Row]:
    """What the learner sees after answering: right or not, each choice or item with its feedback, and why.

    Choices come in `shown`, the order the learner saw them in (the module's order when it is not given
    or no longer matches the module).
    """
    mark = "✔ " if marked.correct else "✘ "
    rows: list[Row] = [("verdict", styled((mark + verdict(question, answer, marked), "bold")))]

    def row(marker: str, text: Content, reason: str | None = None) -> None:
        rows.append(("choice", Hanging(marker, text)))
        if reason:
            rows.append(("reason", literal(reason)))

    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        chosen = {answer} if isinstance(answer, str) else set(answer)
        choices = {choice.text: choice for choice in question.choices}
        order = shown if shown and sorted(shown) == sorted(choices) else list(choices)
        for text in order:
            choice = choices[text]
            marker, words = choice_words(isinstance(question, MultipleQuestion), choice.correct, text in chosen)
            row(marker, styled((text, "bold" if text in chosen else ""), (words, "italic")), choice.feedback)
    elif isinstance(question, TrueFalseQuestion):
        rows.append(("choice", literal(TRUE_FALSE[(bool(question.answer), bool(answer))]())))
    elif isinstance(question, OrderQuestion):
        rows.append(("choice", literal(_("The right order:"))))
        given = answer if isinstance(answer, list) else []
        for i, item in enumerate(question.items):
            put = given[i] if i < len(given) else None
            row(f"{'✔' if put == item else '✘'} {i + 1}. ", literal(item),
                None if put == item or put is None else _("You put here: {item}").format(item=put))
    elif isinstance(question, MatchQuestion):
        matched = answer if isinstance(answer, dict) else {}
        for pair in question.pairs:
            ok = matched.get(pair.term) == pair.meaning
            row("✔ " if ok else "✘ ", styled((pair.term, "bold"), " → ", pair.meaning),
                None if ok or pair.term not in matched
                else _("You chose: {meaning}").format(meaning=matched[pair.term]))
    rows.append(("why", styled((_("Why: "), "bold"), question.explanation)))
    return rows


def choice_words(several: bool, correct: bool, chosen: bool) -> tuple[str, str]:
    """The mark before a choice and the plain words after it, for what the learner did with it."""
    if not several:  # single choice
        if chosen:
            return ("✔ " if correct else "✘ "), " " + _("(your answer)")
        return ("✔ ", " " + _("(the right answer)")) if correct else ("· ", "")
    if correct:
        return (("✔ ", " " + _("(you ticked it)")) if chosen
                else ("✘ ", " " + _("(you did not tick this one, but it is right)")))
    return ("✘ ", " " + _("(you ticked it, but it is not right)")) if chosen else ("· ", "")


TRUE_FALSE = {
    (True, True): lambda: _("The statement is true. You said true."),
    (True, False): lambda: _("The statement is true. You said false."),
    (False, True): lambda: _("The statement is false. You said true."),
    (False, False): lambda: _("The statement is false. You said false."),
}
"""A true-or-false answer's feedback, (the statement, the answer): whole sentences, each translated."""
