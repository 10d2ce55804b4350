"""At 80x24: the question stays above its feedback, each results item shows whole, the practice summary's
bullets hang (p22)."""

from __future__ import annotations

from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.widgets.feedback import Feedback
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, fully_visible, screen_lines
from .test_layout import long_app, to_long_results, to_long_scenario
from .test_snapshots import app_with_profile, to_quiz


async def test_the_question_stays_in_sight_above_its_verdict(tmp_path, course):
    """The course's own quiz: its longer feedback used to scroll the question off the top."""
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_quiz(pilot)
        seen = set()
        number = 0
        while isinstance(app.screen, QuizScreen):
            view = app.screen.query_one(QuestionView)
            await answer(pilot, view, right=number % 2 == 1)  # right and wrong feedback both
            await pilot.pause()
            kind = view.question.type
            seen.add(kind)
            assert fully_visible(app, view.query_one(".prompt")), (number, kind)
            assert fully_visible(app, view.query_one(Feedback).row_region("verdict")), (number, kind)
            assert app.screen.query_one("#next").has_focus, kind  # Enter still goes on
            await pilot.press("enter")
            await pilot.pause()
            number += 1
        assert {"single", "multiple", "order", "match", "true_false"} <= seen


async def test_each_results_item_shows_whole_as_the_learner_moves_through_them(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_results(pilot)
        review = app.screen.query_one("#review")
        for _ in range(len(review.options)):
            await pilot.pause()
            prompt = str(review.options[review.highlighted].prompt)
            shown = " ".join(" ".join(line.strip(" │╭╮╰╯▇▂▃▄▅▆▁") for line in screen_lines(app)).split())
            assert " ".join(prompt.split()) in shown
            await pilot.press("down")


async def test_a_long_helpful_choice_in_the_practice_summary_wraps_under_its_own_text(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_scenario(pilot)
        while app.screen.query(".options"):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()
        choice = app.screen.query_one(".helpful-choice")
        assert choice.region.height >= 2 and fully_visible(app, choice)
        lines = screen_lines(app)[choice.region.y:choice.region.bottom]
        bullet_at = lines[0].index("• ")
        for line in lines[1:]:  # the wrapped lines start under the text, past the bullet
            assert line[bullet_at:bullet_at + 2] == "  " and line[bullet_at + 2] != " "
