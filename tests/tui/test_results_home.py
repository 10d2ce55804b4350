"""After the quiz, and on big terminals: the way on (Next module, Home), End on the home list, the room used."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from mhcourse.progress.desk import Desk
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ContentNoteScreen, ModuleScreen, outline
from mhcourse.tui.screens.quiz import ResultsScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import QUIET_SITE, SEED, answer, begin_quiz, choose, footer_shows, fully_visible, screen_text
from .test_snapshots import app_with_profile, basics, to_home, to_lesson, to_module, to_quiz


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
        assert fully_visible(app, app.screen.query_one("#home")) and footer_shows(app, "Home")
        app.screen.query_one("#home").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


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


def centred(app, region) -> bool:
    """As much room on the left of the region as on its right (to a column)."""
    return abs(region.x - (app.screen.size.width - region.right)) <= 1


def aside_text(app, selector: str) -> str:
    return " ".join(str(app.screen.query_one(selector, Static).render()).split())


@pytest.mark.parametrize("size", [(200, 60), (120, 40)])
async def test_a_roomy_home_is_centred_with_the_summary_beside_the_list(tmp_path, course, size):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=size) as pilot:
        await to_home(pilot)
        screen = app.screen
        columns, modules, aside = (screen.query_one(s) for s in ("#home-columns", "#modules", "#home-aside"))
        assert centred(app, columns.region), columns.region
        assert aside.display and aside.region.x >= modules.region.right  # beside the list, not under it
        assert aside.region.y == modules.region.y
        assert "Start here: Mental health basics › What mental health is" in aside_text(app, "#home-aside")
        assert not screen.query_one("#module-detail").display  # the summary is beside the list instead
        for module in course[:3]:
            await pilot.press("down")
            await pilot.pause()
            words = aside_text(app, "#home-aside")
            assert words.startswith(module.title) and " ".join(module.module.summary.split()) in words, words
        assert fully_visible(app, aside)


async def test_at_80_columns_home_and_a_module_have_nothing_beside_the_list(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_home(pilot)
        assert not app.screen.query_one("#home-aside").display
        assert app.screen.query_one("#modules").region.width == 76  # the whole width, as before
        assert app.screen.query_one("#module-detail").display
        await choose(pilot, "#modules", "module:mental-health-basics")
        assert not app.screen.query_one("#module-aside").display
        assert app.screen.query_one("#items").region.width == 76


@pytest.mark.parametrize("size", [(200, 60), (120, 40)])
async def test_a_roomy_module_page_shows_the_highlighted_lessons_outline(tmp_path, course, size):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=size) as pilot:
        await to_module(pilot)
        screen = app.screen
        page, items, aside = screen.query_one(".page"), screen.query_one("#items"), screen.query_one("#module-aside")
        assert centred(app, page.region), page.region
        assert aside.display and aside.region.x >= items.region.right
        basics_module = basics(pilot)
        for number, lesson in enumerate(basics_module.lessons, 1):
            words = aside_text(app, "#module-aside")
            assert words.startswith(f"{lesson.title} Lesson {number} of 4"), words
            assert "In this lesson" in words and outline(lesson.body)[0] in words and outline(lesson.body)[-1] in words
            await pilot.press("down")
            await pilot.pause()
        assert aside_text(app, "#module-aside").startswith("Quiz 10 questions")
        assert fully_visible(app, aside)


async def test_a_lesson_is_a_centred_column_at_120_columns_too(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_lesson(pilot)
        column = app.screen.query_one("#lesson-scroll").region
        assert centred(app, column) and column.width < 120, column


async def test_the_results_are_a_centred_column_on_a_big_terminal(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(200, 60)) as pilot:
        await to_passed_results(pilot)
        page = app.screen.query_one(".page").region
        assert centred(app, page) and page.width <= 107, page
        assert fully_visible(app, app.screen.query_one("#next-module"))


@pytest.mark.slow
async def test_a_preview_passed_offers_neither_home_nor_a_next_module(tmp_path, course):
    """`mhcourse preview` shows one module and has no home: its results keep Try again and Back alone."""
    module, after = course[0], course[1]
    app = CourseApp([module, after], Desk.in_memory(), preview=module, seed=SEED, site=QUIET_SITE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await choose(pilot, "#items", "quiz")
        for _ in module.questions:
            await answer(pilot, app.screen.query_one(QuestionView))
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.screen.score.passed
        assert not app.screen.query("#next-module") and not app.screen.query("#home")
        assert not footer_shows(app, "Home") and not footer_shows(app, "Next module")
        await pilot.press("h", "n")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
