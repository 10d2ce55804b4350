"""What a learner sees at 80x24 (the smallest supported terminal) and 200x60: nothing cut off or out of reach."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from mhcourse.settings import Settings, load_catalog
from mhcourse.tui.screens.quiz import QuizScreen, ResultsScreen

from .driving import footer_shows, fully_visible, screen_text
from .test_snapshots import app_with_profile, to_results


@pytest.fixture
def course(tmp_path):
    return load_catalog(Settings.resolve(str(tmp_path / "data"))).modules


async def test_results_buttons_stay_in_sight_and_t_tries_again(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        for button in screen.query(Button):
            assert fully_visible(app, button), button.label
        for _ in screen.query(Button):  # Tab only ever lands on something the learner can see
            await pilot.press("tab")
            assert fully_visible(app, app.focused)
        text = screen_text(app)
        assert "Try again" in text and "Back to module" in text
        assert footer_shows(app, "Try again")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
