"""What a learner sees at 80x24 (the smallest supported terminal) and 200x60: nothing cut off or out of reach."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from mhcourse.settings import Settings, load_catalog
from mhcourse.tui.screens.quiz import QuizScreen, ResultsScreen, ReviewScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, choose, footer_shows, fully_visible, make_app, screen_text
from .long_module import long_module
from .test_snapshots import app_with_profile, to_results


@pytest.fixture
def course(tmp_path):
    return load_catalog(Settings.resolve(str(tmp_path / "data"))).modules


def long_app(tmp_path):
    app = make_app(tmp_path / "data", [long_module(tmp_path)])
    app.store.create_profile("Robin")
    return app


async def to_long_quiz(pilot) -> None:
    await pilot.press("enter")  # Robin
    await pilot.pause()
    await choose(pilot, "#modules", "module:long")
    await choose(pilot, "#items", "quiz")


async def to_long_results(pilot) -> None:
    """Every question answered wrongly."""
    await to_long_quiz(pilot)
    while isinstance(pilot.app.screen, QuizScreen):
        await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)
        await pilot.press("enter")
        await pilot.pause()


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


async def test_a_long_review_scrolls_down_to_why(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_results(pilot)
        await choose(pilot, "#review", "multiple")
        assert isinstance(app.screen, ReviewScreen)
        assert "Not quite." in screen_text(app)  # it opens at the top
        assert "Why:" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Why: Both help" in screen_text(app)
        await pilot.press("enter")  # the focused Back to results
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_get_help_now_is_in_the_footer_for_every_question_type(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_quiz(pilot)
        seen = set()
        while isinstance(app.screen, QuizScreen):
            view = app.screen.query_one(QuestionView)
            await pilot.pause()
            assert footer_shows(app, "Get help now"), view.question.type
            seen.add(view.question.type)
            await answer(pilot, view)
            assert footer_shows(app, "Get help now"), f"{view.question.type}, answered"
            await pilot.press("enter")
            await pilot.pause()
        assert seen == {"single", "multiple", "order", "match", "true_false"}
