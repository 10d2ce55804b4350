"""The shared database cannot be reached in the middle of a step: the TUI says the step was not saved, offers
Retry (focused) or Leave, keeps the step in memory, and Retry saves it once the server is back."""

from __future__ import annotations

from textual.widgets import Button

from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.screens.retry import RetryScreen
from mhcourse.tui.widgets.question import QuestionView
from unreachable import WHERE, ServerDown

from .driving import answer, choose, make_app, small_module


async def _at_quiz(pilot, app) -> QuestionView:
    await pilot.press("enter")  # the only profile
    await choose(pilot, "#modules", "module:small")
    await choose(pilot, "#items", "quiz")
    assert isinstance(app.screen, QuizScreen)
    return app.screen.query_one(QuestionView)


def _answers(app) -> int:
    store = app.desk.store
    return store.db.inner.execute("SELECT count(*) FROM answers").fetchone()[0]


async def test_an_answer_not_saved_is_offered_retry_and_saved_when_the_server_is_back(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    server = ServerDown(app.desk.store)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _at_quiz(pilot, app)
        question = view.question.id
        server.down = True
        await answer(pilot, view)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RetryScreen)
        assert "Your last step was not saved" in dialog.why and WHERE in dialog.why
        assert app.focused is dialog.query_one("#retry", Button)  # Enter tries again
        assert app.return_code is None
        await pilot.press("enter")  # Retry while still down: the dialog again, the step still kept
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        assert server.refused >= 2
        server.down = False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.query_one(QuestionView).question.id == question
        assert app.screen.query(".feedback")  # the answer's feedback is shown: it was saved
        assert _answers(app) == 1
    assert app.return_code is None


async def test_leave_goes_home_without_the_step_and_get_help_stays_one_key_away(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    server = ServerDown(app.desk.store)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _at_quiz(pilot, app)
        server.down = True
        await answer(pilot, view)
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "GetHelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        server.down = False
        await pilot.press("right", "enter")  # Leave
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _answers(app) == 0
    assert app.return_code is None


async def test_a_read_that_fails_while_the_server_is_down_offers_retry_instead_of_exiting(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    server = ServerDown(app.desk.store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        server.down = True
        await pilot.press("enter")  # choose Robin: opening the profile reads the record
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        server.down = False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.return_code is None


async def test_a_lesson_whose_opening_was_not_saved_opens_on_retry(tmp_path):
    from mhcourse.tui.screens.lesson import LessonScreen

    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    server = ServerDown(app.desk.store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await choose(pilot, "#modules", "module:small")
        server.down = True
        await choose(pilot, "#items", "lesson:first")
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        server.down = False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "first" in app.learner.record(app.modules[0]).lessons_opened
    assert app.return_code is None


async def test_in_kiosk_mode_leave_goes_back_to_the_profiles(tmp_path):
    from mhcourse.tui.kiosk import Kiosk
    from mhcourse.tui.screens.profiles import ProfileScreen

    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=Kiosk(facilitator_pin_ok=lambda pin: False))
    app.desk.create("Robin")
    server = ServerDown(app.desk.store)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _at_quiz(pilot, app)
        server.down = True
        await answer(pilot, view)
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        server.down = False
        await pilot.press("right", "enter")  # Leave
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.learner is None
    assert app.return_code is None


async def test_a_dialog_closed_by_the_kiosk_lock_drops_its_step_and_the_next_fault_is_offered_again(tmp_path):
    from mhcourse.tui.kiosk import Kiosk

    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=Kiosk(facilitator_pin_ok=lambda pin: False))
    app.desk.create("Robin")
    server = ServerDown(app.desk.store)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await _at_quiz(pilot, app)
        server.down = True
        await answer(pilot, view)
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
        server.down = False
        await app.lock()  # as the idle lock does
        await pilot.pause()
        assert not isinstance(app.screen, RetryScreen) and app.unsaved is None
        server.down = True
        await pilot.press("enter")  # choose Robin again: not read
        await pilot.pause()
        assert isinstance(app.screen, RetryScreen)
    assert app.return_code is None
