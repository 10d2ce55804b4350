"""Every key the footer shows does something, and the keys a screen's words mention work."""

from __future__ import annotations

import pytest

from mhcourse.site.config import SiteConfig
from mhcourse.tui.screens.confidence import ConfidenceScreen
from mhcourse.tui.screens.lesson import LessonScreen

from .driving import footer_shows, make_app, open_item, small_module


@pytest.mark.slow
async def test_previous_is_offered_only_where_there_is_a_previous_lesson(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:first")
        await pilot.pause()
        assert not footer_shows(app, "Previous") and footer_shows(app, "Next")
        await pilot.press("left")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "first"
        await pilot.press("end", "right")  # to the end of the lesson, then the next one
        await pilot.pause()
        assert app.screen.lesson_id == "second"
        assert footer_shows(app, "Previous")
        await pilot.press("left")
        await pilot.pause()
        assert app.screen.lesson_id == "first"


async def test_the_confidence_scale_is_chosen_by_its_numbers(tmp_path):
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module], site=SiteConfig())  # a site that asks
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:first")
        await pilot.pause()
        assert isinstance(app.screen, ConfidenceScreen)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.desk.store.confidence(app.learner.profile.id, "small") == {"before": 4}
