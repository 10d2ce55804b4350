"""Our own light, dark and high-contrast themes (Textual ships no high-contrast theme), and no colour at all."""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.theme import Theme

from ..i18n import N_

LIGHT = Theme(
    name="course-light",
    primary="#1f5f8b",
    secondary="#5a4e8c",
    accent="#8a4b08",
    foreground="#1d1d1d",
    background="#f7f5f0",
    surface="#ffffff",
    panel="#e8e4da",
    success="#1e6b34",
    warning="#8a5a00",
    error="#a32020",
    dark=False,
)

DARK = Theme(
    name="course-dark",
    primary="#7fb8e0",
    secondary="#b3a6e8",
    accent="#f0b46a",
    foreground="#e8e6e1",
    background="#1b1d21",
    surface="#24272c",
    panel="#2f333a",
    success="#7ccf8f",
    warning="#e9c46a",
    error="#f08080",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="course-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    success="#00ff00",
    warning="#ffff00",
    error="#ff6666",
    dark=True,
    variables={
        "border": "#ffffff",
        "border-blurred": "#ffffff",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#808000",
        "block-cursor-blurred-foreground": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "footer-background": "#000000",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "scrollbar": "#ffffff",
        "scrollbar-background": "#000000",
    },
)

THEMES = {"light": LIGHT, "dark": DARK, "high-contrast": HIGH_CONTRAST}
DEFAULT = "dark"
NAMES = {"light": N_("Light"), "dark": N_("Dark"), "high-contrast": N_("High contrast")}
"""Each theme's name, translated where it is shown."""
SWITCH = {"light": N_("Switch to the light theme"), "dark": N_("Switch to the dark theme"),
          "high-contrast": N_("Switch to the high contrast theme")}


# -- no colour at all (NO_COLOR) -------------------------------------------------------------------

NO_COLOUR_MARK = "#010203"
"""A background no theme uses, given under NO_COLOR (course.tcss, `$no-colour-mark`) to what has the focus
or the highlight where Textual cannot reverse it (an option list's highlighted line drops `reverse`).
NoColour shows it as reverse video."""
VARIABLES = {"no-colour-mark": NO_COLOUR_MARK}
"""Variables every theme has (CourseApp.get_theme_variable_defaults)."""
_MARK = Color.parse(NO_COLOUR_MARK).rich_color
_PLAIN = Style.from_color(RichColor.default(), RichColor.default())
_REVERSED = _PLAIN + Style(reverse=True)


@lru_cache(1024)
def _no_colour(style: Style) -> Style:
    marked = style.bgcolor is not None and style.bgcolor.triplet == _MARK.triplet
    return style + (_REVERSED if marked else _PLAIN)


class NoColour(LineFilter):
    """Under NO_COLOR: no colour at all, every colour the terminal's own default (Textual 8.2 would send
    greys), and what is marked with NO_COLOUR_MARK in reverse video."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, None if style is None else _no_colour(style), control)
                for text, style, control in segments]
