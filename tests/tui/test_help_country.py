"""Get help now at 80x24: it says which country is listed first and how to choose another, and offers it."""

from __future__ import annotations

from textual.command import CommandPalette

from mhcourse.tui.screens.help import GetHelpScreen

from .driving import fully_visible, screen_text
from .test_layout import long_app


def which_first(app) -> str:
    return str(app.screen.query_one("#help-which-country").render())


def first_country(app) -> str:
    return str(app.screen.query(".help-country").first().render()).split(" · ")[0]


async def open_help(pilot) -> None:
    await pilot.press("enter")  # Robin
    await pilot.pause()
    await pilot.press("f1")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GetHelpScreen)


async def test_the_dialog_says_which_country_is_first_and_c_chooses_another(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_help(pilot)
        said = which_first(app)
        assert "United States is listed first." in said
        assert "Press c to choose your country." in said
        assert fully_visible(app, app.screen.query_one("#help-which-country"))
        assert first_country(app) == "United States"
        await pilot.press("c")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"kingdom")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen)  # back in the dialog, which now lists it first
        assert first_country(app) == "United Kingdom"
        assert "United Kingdom is listed first." in which_first(app)
        assert app.learner is not None and app.learner.setting("country") == "GB"  # and keeps it


async def test_the_my_country_button_opens_the_country_choice(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_help(pilot)
        button = app.screen.query_one("#help-country")
        assert button.region.bottom <= app.screen.query_one("#help-box").region.bottom  # in sight, in the box
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen)


async def test_no_notification_draws_over_the_dialog(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Robin
        await pilot.pause()
        app.notify("A word that would cover the dialog's border", timeout=30)
        await pilot.pause()
        assert [n.message for n in app._notifications]  # (a headless run draws no toasts: the list is what shows)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen)
        assert not list(app._notifications)
        box = app.screen.query_one("#help-box").region
        lines = screen_text(app).splitlines()
        assert lines[box.y][box.x] == "┏" and lines[box.bottom - 1][box.right - 1] == "┛"  # its border whole
