"""Spaced review, the pre-test and refreshers in the terminal: a learner passes a quiz, the clock moves on, and
home offers "Review: N due"; each review answer is kept as it is given; the pre-test comes once before the first
lesson and can be skipped; a passed module past its refresher time says so, and stays passed."""

from __future__ import annotations

import random
from dataclasses import replace

from textual.widgets import OptionList

from helpers import pass_module
from mhcourse.learning.answers import correct_answer
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.confidence import ConfidenceScreen
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ModuleScreen
from mhcourse.tui.screens.pretest import PretestScreen
from mhcourse.tui.screens.review import ReviewSessionScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import QUIET_SITE, SEED, answer, choose, footer_shows, open_item, screen_text, small_module

PASSED_ON = "2027-01-04"
A_MONTH_LATER = "2027-02-04"


def course_app(tmp_path, monkeypatch, access: Access | None = None, site=QUIET_SITE) -> CourseApp:
    """An app on a store whose clock follows MHCOURSE_TODAY, with Robin in it (no answers yet)."""
    monkeypatch.setenv("MHCOURSE_TODAY", PASSED_ON)
    store = Store.open(tmp_path / "data")
    # The site's confidence_check reaches the learner through the desk's policy, as Access.from_site makes it.
    access = replace(access or Access(pretest=False), confidence=site.course.confidence_check)
    app = CourseApp([small_module(tmp_path)], Desk(store, access), seed=SEED, site=site)
    app.desk.create("Robin")
    return app


def core_learner(app: CourseApp) -> Learner:
    store = app.desk.store
    return Learner(store, store.profile("Robin"), app.modules, random.Random(SEED),
                   **app.desk.course_rules())


def passed(app: CourseApp) -> Learner:
    """Robin passes the module through the core, its knowledge check answered too: three cards."""
    learner = core_learner(app)
    module = app.modules[0]
    pass_module(learner, module)
    check = module.lessons[0].checks[0]
    learner.answer_check(module, module.lessons[0].id, check, correct_answer(check))
    return learner


def home_rows(app) -> list[str]:
    options = app.screen.query_one("#modules", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_home_offers_review_once_cards_are_due_and_a_session_reschedules_them(tmp_path, monkeypatch):
    app = course_app(tmp_path, monkeypatch)
    learner = passed(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not any("Review" in row for row in home_rows(app))  # nothing due on the day of the quiz

        monkeypatch.setenv("MHCOURSE_TODAY", A_MONTH_LATER)
        assert learner.due().count == 3
        await choose(pilot, "#modules", "module:small")  # and back: home is drawn again
        await pilot.press("escape")
        await pilot.pause()
        assert "Review: 3 due" in home_rows(app)
        await choose(pilot, "#modules", "review")
        assert isinstance(app.screen, ReviewSessionScreen)
        assert "Small module" in screen_text(app) and "question 1 of 3 · Review" in screen_text(app)
        assert footer_shows(app, "Leave review")
        for number in range(3):
            view = app.screen.query_one(QuestionView)
            await answer(pilot, view, right=number != 1)
            assert "Why:" in screen_text(app)  # the quiz's feedback and why
            await pilot.press("enter")
            await pilot.pause()
        text = screen_text(app)
        assert "2 of 3 right." in text and "Your next review is on" in text
        await pilot.press("enter")  # Back to your modules
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not any("Review" in row for row in home_rows(app))
    assert learner.due().count == 0 and learner.due().next_due is not None
    assert len(app.desk.store.review_answers(learner.profile.id)) == 3


async def test_leaving_a_review_midway_keeps_the_answers_given(tmp_path, monkeypatch):
    app = course_app(tmp_path, monkeypatch)
    learner = passed(app)
    monkeypatch.setenv("MHCOURSE_TODAY", A_MONTH_LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await choose(pilot, "#modules", "review")
        await answer(pilot, app.screen.query_one(QuestionView))
        await pilot.press("escape")  # before Next question: the answer is already kept
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Review: 2 due" in home_rows(app)
    assert learner.due().count == 2
    assert len(app.desk.store.review_answers(learner.profile.id)) == 1


async def test_the_pretest_is_offered_once_before_the_first_lesson_and_skip_works(tmp_path, monkeypatch):
    app = course_app(tmp_path, monkeypatch, Access(pretest=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:first")
        await pilot.pause()
        assert isinstance(app.screen, PretestScreen)
        assert "A quick check before you start: 2 questions, not marked as a test" in screen_text(app)
        await pilot.press("right", "enter")  # Skip
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")
        await pilot.pause()
        await choose(pilot, "#items", "lesson:first")
        assert isinstance(app.screen, LessonScreen)  # not offered again
    store = app.desk.store
    assert store.pretest(store.profile("Robin").id, "small") == (None, 0)


async def test_the_pretest_comes_after_the_confidence_question_and_makes_no_review_cards(tmp_path, monkeypatch):
    app = course_app(tmp_path, monkeypatch, Access(pretest=True), site=SiteConfig())  # a site that asks confidence
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await open_item(pilot, "lesson:second")  # any first lesson opened: the same gate
        await pilot.pause()
        assert isinstance(app.screen, ConfidenceScreen)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, PretestScreen)
        await pilot.press("enter")  # Start
        await pilot.pause()
        for _ in range(2):
            assert "Why:" not in screen_text(app)
            await answer(pilot, app.screen.query_one(QuestionView))
        assert "You got 2 of 2. The module will cover all of this." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "second"
    learner = core_learner(app)
    assert app.desk.store.pretest(learner.profile.id, "small") == (2, 2)
    monkeypatch.setenv("MHCOURSE_TODAY", A_MONTH_LATER)
    assert learner.due().count == 0 and learner.due().next_due is None  # no cards from the pre-test


async def test_a_module_past_its_refresher_time_says_so_and_stays_passed(tmp_path, monkeypatch):
    app = course_app(tmp_path, monkeypatch, Access(pretest=False, refresher_months=12))
    passed(app)
    monkeypatch.setenv("MHCOURSE_TODAY", "2028-02-01")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        row = next(row for row in home_rows(app) if "Small module" in row)
        assert row.startswith("✔") and row.endswith("refresher due")  # the tick: still passed
        await choose(pilot, "#modules", "module:small")
        assert isinstance(app.screen, ModuleScreen)
        assert "Refresher due: take the quiz again to refresh" in screen_text(app)
        assert "passed 2/2 · refresher due" in screen_text(app)


async def test_no_refresher_words_before_the_time(tmp_path, monkeypatch):
    app = course_app(tmp_path, monkeypatch, Access(pretest=False, refresher_months=12))
    passed(app)
    monkeypatch.setenv("MHCOURSE_TODAY", "2027-06-01")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not any("refresher" in row for row in home_rows(app))


async def test_keys_on_the_review_screen_say_how_to_leave(tmp_path, monkeypatch):
    from mhcourse.tui.screens.keys import KeysScreen

    from .test_course_keys import open_keys

    app = course_app(tmp_path, monkeypatch)
    passed(app)
    monkeypatch.setenv("MHCOURSE_TODAY", A_MONTH_LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await choose(pilot, "#modules", "review")
        await open_keys(pilot)
        assert isinstance(app.screen, KeysScreen)
        assert "Leave review" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSessionScreen)
