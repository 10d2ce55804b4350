"""After the quiz, and on big terminals: the way on (Next module, Home), End on the home list, the room used."""

from __future__ import annotations

from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ContentNoteScreen, ModuleScreen
from mhcourse.tui.screens.quiz import ResultsScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, begin_quiz, footer_shows, fully_visible, screen_text
from .test_snapshots import app_with_profile, basics, to_home, to_quiz


async def to_passed_results(pilot) -> None:
    """Mental health basics passed: every answer right, all but the last through the core, the last by keys."""
    module = basics(pilot)
    begin_quiz(pilot.app, module, len(module.questions) - 1)
    await to_quiz(pilot)
    await answer(pilot, pilot.app.screen.query_one(QuestionView))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ResultsScreen) and pilot.app.screen.score.passed


async def test_passed_results_offer_the_next_module(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_passed_results(pilot)
        text = screen_text(app)
        assert "Next: Myths, facts and stigma" in text, text
        for button in ("#next-module", "#home", "#again", "#back"):
            assert fully_visible(app, app.screen.query_one(button)), button
        assert footer_shows(app, "Next module") and footer_shows(app, "Home")
        await pilot.press("n")
        await pilot.pause()
        # The next module has a content note: it comes first, over home, and Continue goes straight to its lesson.
        assert isinstance(app.screen, ContentNoteScreen) and app.screen.module.id == "myths-facts-stigma"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.module.id == "myths-facts-stigma"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # nothing of the quiz left between


async def test_h_goes_home_from_the_results(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_passed_results(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "✔  1  Mental health basics" in screen_text(app)


async def test_failed_results_offer_no_next_module(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        module = basics(pilot)
        begin_quiz(app, module, len(module.questions) - 1, right=lambda index: False)
        await to_quiz(pilot)
        await answer(pilot, app.screen.query_one(QuestionView), right=False)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and not app.screen.score.passed
        assert not app.screen.query("#next-module") and "Next:" not in screen_text(app)
        assert not footer_shows(app, "Next module")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_end_and_home_on_the_home_list_bring_the_module_into_view(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_home(pilot)
        last = f"{len(course):>2}  {course[-1].title}"
        assert last not in screen_text(app)  # the bundled course is longer than the list at 80x24
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert last in text, text
        assert course[-1].module.summary[:40] in " ".join(text.split())  # and its summary below the list
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert "Start here: " in text and last not in text, text
