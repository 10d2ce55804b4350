"""Ctrl+P, Keys lists the course's keys in the learner's words; the footer shows each key one way, whole."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from mhcourse.progress.access import Access
from mhcourse.tui.screens.keys import KeysScreen

from .driving import make_app, open_item, screen_text, small_module


def footer_words(app) -> list[str]:
    """What each key of the footer says, as on screen ("Ctrl+Q Quit"); keys left out are not there."""
    keys = app.screen.query_one(Footer).query(FooterKey)
    return [f"{key.key_display} {key.description}".strip() for key in keys if key.display and key.region.area]


async def open_keys(pilot) -> None:
    await pilot.press("ctrl+p", *"keys")
    for _ in range(50):
        await pilot.pause(0.05)
        if pilot.app.screen.query("CommandList") and pilot.app.screen.query_one("CommandList").option_count:
            break
    await pilot.press("enter")
    await pilot.pause()


async def test_keys_in_the_palette_lists_the_courses_keys_in_plain_words(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:first")
        await pilot.pause()
        footer_before = footer_words(app)
        await open_keys(pilot)
        assert isinstance(app.screen, KeysScreen)
        text = screen_text(app)
        assert "n or →" in text and "Next" in text and "Esc" in text
        for jargon in ("^pgup", "Page Left", "super+c", "Focus Next", "^q"):
            assert jargon not in text
        assert not app.screen.query("HelpPanel")  # Textual's own panel, which squeezed the footer
        app.screen.query_one("#keys-box").scroll_end(animate=False)
        await pilot.pause()
        assert "Ctrl+Q" in screen_text(app) and "Quit: your progress is saved" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert footer_words(app) == footer_before  # the footer was never cut


async def test_keys_in_kiosk_mode_say_ctrl_q_ends_the_session(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], access=Access(kiosk=True))
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" in titles and "Quit" not in titles
        app.action_show_help_panel()
        await pilot.pause()
        app.screen.query_one("#keys-box").scroll_end(animate=False)
        await pilot.pause()
        assert "End your session" in screen_text(app)


async def test_the_footer_shows_keys_in_the_learners_words(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert footer_words(app) == ["F1 Get help now", "Esc Switch profile", "Ctrl+Q Quit", "Ctrl+P More"]


async def test_the_footer_shows_next_one_way_wherever_the_focus_is(tmp_path):
    """A lesson said "→ Next" with its text in focus and "n Next" with a check's choices in focus."""
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:first")
        seen = set()
        for _ in range(3):
            await pilot.pause()
            seen.add((type(app.focused).__name__, next(w for w in footer_words(app) if w.endswith("Next"))))
            await pilot.press("tab")
        assert len({focus for focus, _ in seen}) > 1, "the focus moved between the text and a check"
        assert {words for _, words in seen} == {"n Next"}


@pytest.mark.parametrize("width", [80, 60, 44, 30])
async def test_the_footer_never_cuts_a_key(tmp_path, width):
    """Short of room, a key is left out whole (and those after it), never shown as "Ctrl+Q Qui"."""
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:first")
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = [key for key in footer.query(FooterKey) if key.display and key.region.area]
        palette = [key for key in keys if key.has_class("-command-palette")]
        right = palette[0].region.x if palette else footer.region.right
        for key in keys:
            if key not in palette:
                assert key.region.right <= right, key.description
        shown = screen_text(app).splitlines()[-1]
        for words in footer_words(app):
            assert words in shown
        assert "F1 Get help now" in shown
