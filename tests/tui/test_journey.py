"""A learner's whole journey, by keyboard: from first launch to a passed module, then back again."""

from __future__ import annotations

import pytest

from mhcourse.learning.progress import Status
from mhcourse.progress.store import Store
from mhcourse.tui.screens.help import GetHelpScreen
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ModuleScreen
from mhcourse.tui.screens.profiles import ProfileScreen, WelcomeScreen
from mhcourse.tui.screens.quiz import QuizScreen, ResultsScreen
from mhcourse.tui.screens.scenario import ScenarioScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, choose, make_app, small_module


async def read_lesson_to_end(pilot) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    for view in screen.query(QuestionView):
        await answer(pilot, view)
    screen.query_one("#lesson-scroll").focus()
    await pilot.press("end")
    await pilot.pause()
    assert screen.completed


@pytest.mark.slow
async def test_full_journey_and_continue(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press(*"Robin", "enter")
        assert isinstance(app.screen, HomeScreen)

        await choose(pilot, "#modules", "module:small")
        assert isinstance(app.screen, ModuleScreen)
        await choose(pilot, "#items", "lesson:first")
        await read_lesson_to_end(pilot)
        await pilot.press("right")  # next lesson
        await pilot.pause()
        assert app.screen.lesson_id == "second"
        await read_lesson_to_end(pilot)
        await pilot.press("right")  # on to the quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        for _ in module.questions:
            await answer(pilot, app.screen.query_one(QuestionView))
            await pilot.press("enter")  # the focused "Next question" button
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.passed
        await pilot.press("escape")
        assert isinstance(app.screen, ModuleScreen)

        await choose(pilot, "#items", "scenario:talk")
        assert isinstance(app.screen, ScenarioScreen)
        await pilot.press("enter")  # the only option
        await pilot.pause()
        assert app.screen.walk.ended
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)
        row = str(app.screen.query_one("#modules").get_option("module:small").prompt)
        assert "passed 2/2" in row
        # Save a place to come back to: open the second lesson, then quit.
        await pilot.press("escape")
    learner_store = Store.open(data)
    profile = learner_store.profile("robin")
    records = learner_store.records(profile.id)
    assert records["small"].lessons_completed == {"first", "second"}
    assert learner_store.scenario_runs(profile.id, "small")[0]["ending"] == "end"
    learner_store.close()

    again = make_app(data, [module])
    async with again.run_test(size=(80, 24)) as pilot:
        assert isinstance(again.screen, ProfileScreen)
        await choose(pilot, "#profiles", str(profile.id))
        home = again.screen
        assert isinstance(home, HomeScreen)
        # The last place opened was the practice conversation, played to its end, and the module is
        # passed: nothing is left to continue (it never points at a finished conversation).
        ids = [home.query_one("#modules").get_option_at_index(i).id
               for i in range(home.query_one("#modules").option_count)]
        assert "continue" not in ids


@pytest.mark.slow
async def test_unfinished_quiz_resumes_in_its_order(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Sam", "enter")
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "quiz")
        first = app.screen.query_one(QuestionView).question.id
        order = [q.id for q in app.screen.attempt.plan.questions]
        await answer(pilot, app.screen.query_one(QuestionView))
        await pilot.press("enter")
        await pilot.pause()
        second = app.screen.query_one(QuestionView).question.id
        assert second != first
    again = make_app(data, [module])
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the only profile
        await choose(pilot, "#modules", "continue")
        assert isinstance(again.screen, QuizScreen)
        assert [q.id for q in again.screen.attempt.plan.questions] == order
        assert again.screen.query_one(QuestionView).question.id == second


@pytest.mark.slow
async def test_failed_retry_and_pass_are_separate_attempts(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Ana", "enter")
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "quiz")
        for _ in module.questions:
            await answer(pilot, app.screen.query_one(QuestionView), right=False)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and not app.screen.score.passed
        app.screen.query_one("#again").focus()
        await pilot.press("enter")
        await pilot.pause()
        for _ in module.questions:
            await answer(pilot, app.screen.query_one(QuestionView), right=True)
            await pilot.press("enter")
            await pilot.pause()
        assert app.screen.score.passed
    store = Store.open(data)
    profile = store.profile("Ana")
    attempts = store.attempts(profile.id, "small")
    assert [(a["right"], a["total"], bool(a["passed"])) for a in attempts] == [(0, 2, False), (2, 2, True)]
    assert store.records(profile.id)["small"].best_score == "2/2"
    store.close()


@pytest.mark.slow
async def test_get_help_from_every_screen_returns_to_the_same_place(tmp_path):
    module = small_module(tmp_path, requires="[]")
    noted = small_module(tmp_path / "noted", module_id="noted", title="Noted")
    note = noted.module.model_copy(update={"content_note": "Talks about hard things."})
    noted = noted.model_copy(update={"module": note})
    app = make_app(tmp_path / "data", [module, noted])

    async def help_and_back(key: str = "f1") -> None:
        before = app.screen
        focused = app.focused
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen), f"{key} on {type(before).__name__}"
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "immediate danger" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is before
        assert app.focused is focused

    async with app.run_test(size=(80, 24)) as pilot:
        await help_and_back()  # welcome
        await pilot.press("enter")
        await help_and_back("ctrl+g")  # profile screen, inside the name input
        await pilot.press(*"Kim", "enter")
        await help_and_back("question_mark")  # home
        await choose(pilot, "#modules", "module:noted")
        await help_and_back()  # the content note, a modal
        await pilot.press("escape")
        await choose(pilot, "#modules", "module:small")
        await help_and_back()  # module
        await choose(pilot, "#items", "lesson:first")
        await help_and_back()  # lesson
        await pilot.press("escape")
        await choose(pilot, "#items", "quiz")
        await help_and_back()  # quiz question
        for _ in module.questions:
            await answer(pilot, app.screen.query_one(QuestionView))
            await help_and_back()  # after the answer, with its feedback
            await pilot.press("enter")
            await pilot.pause()
        await help_and_back()  # results
        await pilot.press("escape")
        await choose(pilot, "#items", "scenario:talk")
        await help_and_back()  # scenario


async def test_home_shows_state_and_recommendations(tmp_path):
    first = small_module(tmp_path, module_id="first-module", title="First")
    second = small_module(tmp_path, module_id="second-module", title="Second", requires='["first-module"]')
    app = make_app(tmp_path / "data", [first, second])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Lee", "enter")
        home = app.screen
        await choose(pilot, "#modules", "module:second-module")  # recommended, never enforced
        assert isinstance(app.screen, ModuleScreen)
        await pilot.press("escape")
        options = home.query_one("#modules")
        options.highlighted = options.get_option_index("module:second-module")
        await pilot.pause()
        assert "Recommended first: First" in str(home.query_one("#module-detail").render())
        assert app.learner.state(second).status in (Status.IN_PROGRESS, Status.NOT_STARTED)
