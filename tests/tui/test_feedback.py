"""The feedback after an answer follows what the learner saw and did, in plain words."""

from __future__ import annotations

import pytest

from mhcourse.learning.quiz import shown_choices
from mhcourse.tui.screens.quiz import QuizScreen, ReviewScreen
from mhcourse.tui.widgets.feedback import Feedback
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, choose, make_app, open_item, screen_lines, small_module
from .test_layout import long_app, to_long_question, to_long_results


def rows(widget) -> list[str]:
    return widget.query_one(Feedback).texts("choice")


def choice_of(row: str) -> str:
    return row[2:].split(" (")[0]


async def test_multiple_choice_feedback_is_in_the_order_shown_and_names_what_was_missed(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "multiple")
        await answer(pilot, view, right=False)  # ticks one wrong choice, and none of the right ones
        ticked = next(t for t in view.shown if not t.startswith(("Multiple 0", "Multiple 1")))
        shown_rows = rows(view)
        assert [choice_of(row) for row in shown_rows] == view.shown
        for row in shown_rows:
            if row[2:].startswith(("Multiple 0", "Multiple 1")):  # the right ones
                assert row.startswith("✘ ") and row.endswith("(you did not tick this one, but it is right)")
            elif choice_of(row) == ticked:
                assert row.startswith("✘ ") and row.endswith("(you ticked it, but it is not right)")
            else:
                assert row.startswith("· ") and "(" not in row


async def test_single_choice_feedback_is_in_the_order_shown(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "single")
        assert view.shown != [c.text for c in view.question.choices]  # shuffled, so the test means something
        await answer(pilot, view, right=False)
        shown_rows = rows(view)
        assert [choice_of(row) for row in shown_rows] == view.shown
        assert sum(row.endswith("(your answer)") for row in shown_rows) == 1
        assert [row for row in shown_rows if row.endswith("(the right answer)")] == [
            f"✔ {view.question.choices[0].text} (the right answer)"]


async def test_order_feedback_says_what_the_learner_put_in_each_place(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "order")
        await answer(pilot, view, right=False)  # the reverse of the right order
        items = view.question.items
        reasons = view.query_one(Feedback).texts("reason")
        assert reasons == [f"You put here: {items[2]}", f"You put here: {items[0]}"]  # the middle one is right
        assert rows(view)[1:] == [f"✘ 1. {items[0]}", f"✔ 2. {items[1]}", f"✘ 3. {items[2]}"]


@pytest.mark.slow
async def test_the_review_keeps_the_order_the_learner_saw(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_results(pilot)
        attempt = app.screen.attempt
        await choose(pilot, "#review", "multiple")
        assert isinstance(app.screen, ReviewScreen)
        question = app.screen.question
        shown = shown_choices(question, next(q for q in attempt.plan.questions if q.id == "multiple"))
        assert shown != [c.text for c in question.choices]
        assert [choice_of(row) for row in rows(app.screen)] == shown


async def test_the_verdict_is_drawn_where_the_feedback_says_it_is(tmp_path):
    """One widget draws every row: the region it gives for the verdict (the quiz scrolls by it) holds the verdict."""
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "single")
        await answer(pilot, view, right=False)
        box = view.query_one(Feedback)
        region = box.row_region("verdict")
        [said] = box.texts("verdict")
        assert said.startswith("✘ ")
        lines = screen_lines(app)[region.y:region.bottom]
        assert " ".join(line[region.x:region.right].strip() for line in lines) == said


async def test_the_next_button_shows_only_after_an_answer_and_is_kept_for_the_next_question(tmp_path):
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await open_item(pilot, "quiz")
        assert isinstance(app.screen, QuizScreen)
        button = app.screen.query_one("#next")
        assert not button.display and "Next question" not in "\n".join(screen_lines(app))
        await answer(pilot, app.screen.query_one(QuestionView))
        assert button.display and app.focused is button
        assert "Next question" in "\n".join(screen_lines(app))
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(QuestionView)
        assert not view.answered and app.focused is view.input  # the new question's input, not the hidden button
        assert app.screen.query_one("#next") is button and not button.display
        assert "Next question" not in "\n".join(screen_lines(app))


@pytest.mark.parametrize("right", [True, False])
async def test_the_answer_gives_the_feedback_the_edge_and_classes_a_restyle_gives(tmp_path, right):
    """The answer sets the box's classes without a restyle and its edge itself (QuestionView.show_feedback):
    the edge must be the one the stylesheet gives, now and after a theme switch restyles the box."""
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "single")
        box = view.query_one(Feedback)
        assert not view.query(".feedback")  # not yet answered
        await answer(pilot, view, right=right)
        await pilot.pause()
        verdict = "-right" if right else "-wrong"
        assert view.query(".feedback") and box.has_class(verdict)
        edge = box.styles.border_left
        other = view.get_component_styles("question-view--wrong" if right else "question-view--right").border_left
        assert edge != other  # right and wrong answers have edges of different colours
        app.stylesheet.apply(box)  # what a restyle gives it
        assert box.styles.border_left == edge
        old = edge
        app.theme = "course-light"
        await pilot.pause()
        assert box.styles.border_left != old
        assert box.styles.border_left == view.get_component_styles(f"question-view-{verdict}").border_left
