"""Focus is unmistakable in every theme, and under NO_COLOR no colour is sent at all (issue 22)."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.command import CommandList
from textual.widgets import Button, OptionList

from mhcourse.tui import themes
from mhcourse.tui.screens.quiz import ResultsScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, choose, make_app, small_module


def contrast(one: Color, two: Color) -> float:
    """WCAG contrast ratio of two opaque colours."""
    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def fill(button: Button) -> Color:
    """The colour a button's label sits on, as the learner sees it (reverse swaps the two)."""
    styles = button.styles
    return styles.color if styles.text_style.reverse else styles.background


async def to_failed_results(pilot, module) -> None:
    await pilot.press("enter")  # Ana, the only profile
    await pilot.pause()
    await choose(pilot, "#modules", "module:small")
    await choose(pilot, "#items", "quiz")
    for _ in module.questions:
        await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, ResultsScreen) and not pilot.app.screen.score.passed


def app_for(tmp_path, theme: str):
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    app.desk.store.set_setting(app.desk.store.create_profile("Ana").id, "theme", theme)
    return app, module


@pytest.mark.parametrize("theme", list(themes.THEMES))
async def test_the_focused_button_stands_out_and_the_others_look_alike(tmp_path, theme):
    """On failed results "Try again" is the primary button: unfocused, it looked chosen."""
    app, module = app_for(tmp_path, theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_failed_results(pilot, module)
        again, back = app.screen.query_one("#again", Button), app.screen.query_one("#back", Button)
        back.focus()
        await pilot.pause()
        assert app.theme == themes.THEMES[theme].name
        unfocused_again = (again.styles.background, again.styles.color, again.styles.border, again.styles.text_style)
        page = app.screen.styles.background
        # Not by colour alone: bold, reverse video and a heavy frame, where the others are plain and thin.
        assert back.styles.text_style.bold and back.styles.text_style.reverse
        assert not again.styles.text_style.bold and not again.styles.text_style.reverse
        assert back.styles.border.top[0] == "heavy" and again.styles.border.top[0] == "round"
        # And by colour: the focused fill stands out from the page and from an unfocused button.
        assert contrast(fill(back), page) >= 3 and contrast(fill(back), fill(again)) >= 3
        assert contrast(back.styles.background, fill(back)) >= 4.5  # its words are easy to read
        again.focus()
        await pilot.pause()
        # Unfocused, the primary "Try again" looks just like "Back to module" did.
        assert (back.styles.background, back.styles.color, back.styles.border, back.styles.text_style) == (
            unfocused_again)


@pytest.mark.parametrize("theme", list(themes.THEMES))
async def test_the_palettes_highlighted_command_stands_out(tmp_path, theme):
    """The first match was faint: a learner pressed ↓ to reach it, then Enter ran the second."""
    app, _ = app_for(tmp_path, theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+p", *"theme")
        commands = app.screen.query_one(CommandList)
        for _ in range(50):
            await pilot.pause(0.05)
            if commands.option_count and commands.highlighted == 0:
                break
        assert commands.highlighted == 0
        highlighted = commands.get_visual_style("option-list--option", "option-list--option-highlighted")
        other = commands.get_visual_style("option-list--option")
        back = app.screen.styles.background
        assert contrast(highlighted.background, back) >= 3 and contrast(highlighted.background, other.background) >= 3
        assert contrast(highlighted.foreground, highlighted.background) >= 4.5
        assert highlighted.underline and not other.underline  # a cue that is not colour
        # Each command's line of help keeps full contrast: dimmed, it faded into the highlight.
        assert not app.screen.get_component_styles("command-palette--help-text").text_style.dim


def segments(app):
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            yield y, segment


def no_colour_at_all(app) -> bool:
    return all(style is None or (style.color in (None,) or style.color.is_default) and (
        style.bgcolor is None or style.bgcolor.is_default) for _, (_, style, _) in segments(app))


def reversed_text(app) -> str:
    return "".join(text for _, (text, style, _) in segments(app) if style is not None and style.reverse)


async def test_no_color_sends_no_colour_and_shows_focus_by_reverse_video(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app, module = app_for(tmp_path, "high-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert no_colour_at_all(app)
        assert "Ana" in reversed_text(app)  # the highlighted profile
        await pilot.press("enter")
        await pilot.pause()
        home = app.screen.query_one("#modules", OptionList)
        assert home.has_focus and "Small module" in reversed_text(app)
        assert no_colour_at_all(app)
        await to_failed_results_from_home(pilot, module)
        app.screen.query_one("#back", Button).focus()
        await pilot.pause()
        assert no_colour_at_all(app)
        assert "Back to module" in reversed_text(app) and "Try again" not in reversed_text(app)
        await pilot.press("ctrl+p", *"theme")
        commands = app.screen.query_one(CommandList)
        for _ in range(50):
            await pilot.pause(0.05)
            if commands.option_count and commands.highlighted == 0:
                break
        await pilot.pause()
        assert no_colour_at_all(app)
        assert "Theme: Light" in reversed_text(app) and "Theme: Dark" not in reversed_text(app)


async def to_failed_results_from_home(pilot, module) -> None:
    await choose(pilot, "#modules", "module:small")
    await choose(pilot, "#items", "quiz")
    for _ in module.questions:
        await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)
        await pilot.press("enter")
        await pilot.pause()
