"""The terminal's real cursor follows focus, so a braille display or a magnifier can follow the learner."""

from __future__ import annotations

from textual.widgets import OptionList

from .driving import choose, make_app, small_module


async def test_cursor_follows_the_highlighted_choice_and_focus(tmp_path):
    first = small_module(tmp_path, module_id="one", title="One")
    second = small_module(tmp_path, module_id="two", title="Two")
    app = make_app(tmp_path / "data", [first, second])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Pat", "enter")
        await pilot.pause()
        modules = app.screen.query_one("#modules", OptionList)
        top = modules.content_region.y
        assert app.cursor_position.y == top  # "Start here" is the first row
        await pilot.press("down")  # past the separator, to module one
        await pilot.pause()
        one_row = app.cursor_position.y
        assert one_row > top and app.cursor_position.x == modules.content_region.x
        await pilot.press("down")
        await pilot.pause()
        assert app.cursor_position.y == one_row + 1
        await choose(pilot, "#modules", "module:one")
        await pilot.pause()
        items = app.screen.query_one("#items", OptionList)
        assert items.content_region.y <= app.cursor_position.y < items.content_region.bottom
