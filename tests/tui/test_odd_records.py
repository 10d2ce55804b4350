"""Records from before imports were checked (a hand-edited export): the course still works with them."""

from __future__ import annotations

from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.store import Store
from mhcourse.tui.screens.quiz import QuizScreen, ResultsScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import FIXED_TIME, answer, choose, make_app, screen_text, small_module


async def test_a_quiz_plan_listing_a_question_twice_is_shown_once_and_can_be_finished(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    store = Store.open(data, clock=lambda: FIXED_TIME)
    sam = store.create_profile("Sam")
    plan = QuizPlan((ShownQuestion("q1"), ShownQuestion("q2")))
    attempt = store.start_attempt(sam.id, "small", plan, 0.5)
    doubled = '[{"id": "q1", "shown": []}, {"id": "q2", "shown": []}, {"id": "q1", "shown": []}]'
    store.db.execute("UPDATE attempts SET plan = ? WHERE id = ?", (doubled, attempt.id))
    store.close()

    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the only profile
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "quiz")
        assert isinstance(app.screen, QuizScreen)
        seen = []
        while isinstance(app.screen, QuizScreen):
            view = app.screen.query_one(QuestionView)
            seen.append(view.question.id)
            await answer(pilot, view)
            await pilot.press("enter")
            await pilot.pause()
        assert seen == ["q1", "q2"]
        assert isinstance(app.screen, ResultsScreen)


async def test_a_resumed_quiz_numbers_and_counts_only_the_questions_the_module_still_has(tmp_path):
    module = small_module(tmp_path)  # q1 and q2
    data = tmp_path / "data"
    store = Store.open(data, clock=lambda: FIXED_TIME)
    sam = store.create_profile("Sam")
    store.start_attempt(sam.id, "small", QuizPlan((ShownQuestion("gone"), ShownQuestion("q2"))), 0.5)
    store.close()

    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the only profile
        await choose(pilot, "#modules", "module:small")
        assert "resume at question 1" in screen_text(app)
        await choose(pilot, "#items", "quiz")
        assert isinstance(app.screen, QuizScreen)
        assert "question 1 of 1" in screen_text(app) and "of 2" not in screen_text(app)
        view = app.screen.query_one(QuestionView)
        assert view.question.id == "q2"
        await answer(pilot, view)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "You scored 1 out of 1" in screen_text(app) and "✔ 1. " in screen_text(app)
