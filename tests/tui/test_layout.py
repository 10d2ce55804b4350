"""What a learner sees at 80x24 (the smallest supported terminal) and 200x60: nothing cut off or out of reach."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from mhcourse.tui.screens.quiz import QuizScreen, ResultsScreen, ReviewScreen
from mhcourse.tui.widgets.question import QuestionView, TickList

from .driving import (
    answer,
    begin_quiz,
    choose,
    first_of_type,
    footer_shows,
    fully_visible,
    long_module,
    make_app,
    screen_lines,
    screen_text,
)
from .test_snapshots import app_with_profile, to_home, to_lesson, to_results


def long_app(tmp_path):
    app = make_app(tmp_path / "data", [long_module()])
    app.desk.create("Robin")
    return app


async def to_long_quiz(pilot) -> None:
    await to_long_module(pilot)
    await choose(pilot, "#items", "quiz")


async def to_long_module(pilot) -> None:
    await pilot.press("enter")  # Robin
    await pilot.pause()
    await choose(pilot, "#modules", "module:long")


async def to_long_lesson(pilot) -> None:
    await to_long_module(pilot)
    await choose(pilot, "#items", "lesson:first")


async def to_long_scenario(pilot) -> None:
    await to_long_module(pilot)
    await choose(pilot, "#items", "scenario:talk")


async def to_long_results(pilot) -> None:
    """Every question answered wrongly: all but the last through the core, the last by keys."""
    module = pilot.app.modules[0]
    begin_quiz(pilot.app, module, len(module.questions) - 1, right=lambda index: False)
    await to_long_quiz(pilot)
    await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ResultsScreen)


async def to_long_question(pilot, kind: str) -> QuestionView:
    """The first question of this type: the ones before it answered rightly through the core."""
    module = pilot.app.modules[0]
    begin_quiz(pilot.app, module, first_of_type(module, kind))
    await to_long_quiz(pilot)
    view = pilot.app.screen.query_one(QuestionView)
    assert view.question.type == kind
    return view


@pytest.mark.slow
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


@pytest.mark.slow
async def test_a_long_review_scrolls_down_to_why(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_results(pilot)
        await choose(pilot, "#review", "multiple")
        assert isinstance(app.screen, ReviewScreen)
        assert "Not quite" in screen_text(app)  # it opens at the top
        assert "Why:" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Why: Both help" in screen_text(app)
        await pilot.press("enter")  # the focused Back to results
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


@pytest.mark.slow
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


async def to_question(pilot, kind: str) -> QuestionView:
    """Answer the quiz's questions rightly until one of this type is on screen."""
    while (view := pilot.app.screen.query_one(QuestionView)).question.type != kind:
        await answer(pilot, view)
        await pilot.press("enter")
        await pilot.pause()
    return view


def list_rows(app, first: str) -> list[str]:
    """The rows inside the bordered list box that holds `first`, without the box."""
    lines = screen_lines(app)
    start = next(n for n, line in enumerate(lines) if first in line)
    while "╭" not in lines[start - 1]:
        start -= 1
    rows = []
    for line in lines[start:]:
        if "╰" in line:
            break
        rows.append(line[line.index("│") + 1:line.rindex("│")].rstrip())
    return rows


def each_item_hangs(rows: list[str], *markers: str) -> bool:
    """Every row starts an item with a marker, or carries on the item under its text (a hanging indent)."""
    indent = " " * (1 + len(markers[0]) + 1)  # the list's padding, the marker, a space
    return all(
        row.startswith(tuple(f" {marker} " for marker in markers))
        or (row.startswith(indent) and row[len(indent)] != " ")
        for row in rows
    )


async def test_long_multiple_choices_wrap_and_tick(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "multiple")
        text = screen_text(app)
        assert "…" not in text
        assert text.count("at eighty columns") == 6  # each choice's end, on its second line
        rows = list_rows(app, "Multiple 0")
        assert each_item_hangs(rows, "[ ]"), rows
        ticks = view.query_one(TickList)
        await pilot.press("space")  # tick the first, then take it back and tick the second
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert ticks.selected == [view.shown[1]]
        assert list_rows(app, "Multiple 0")[2].startswith(f" [✔] {view.shown[1][:20]}")
        await pilot.press("enter")
        await pilot.pause()
        assert view.answered


@pytest.mark.slow
async def test_each_choice_reads_as_one_item(tmp_path):
    """A bullet starts each choice and its wrapped lines sit under its text: choices never run together."""
    for kind, first, count, markers in (("single", "Single 0", 12, ["•"]), ("order", "First", 6, ["1.", "2.", "3."])):
        app = long_app(tmp_path / kind)
        async with app.run_test(size=(80, 24)) as pilot:
            await to_long_question(pilot, kind)
            rows = list_rows(app, first)
            assert len(rows) == count and each_item_hangs(rows, *markers), rows
    app = long_app(tmp_path / "again")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_long_scenario(pilot)
        rows = list_rows(app, "Cheer up!")
        assert len(rows) == 4 and each_item_hangs(rows, "•"), rows
        await pilot.press("escape")
        await choose(pilot, "#items", "lesson:first")
        rows = list_rows(app, "Key points")[1:]
        assert rows == [
            " • A key point that is long enough to wrap onto a second line at eighty",
            "   columns, on purpose.",
            " • Another key point.",
        ]


@pytest.mark.slow
async def test_after_an_answer_the_verdict_is_in_sight_and_enter_goes_on(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "multiple")  # its feedback is taller than the screen
        number = app.screen.index
        await answer(pilot, view, right=False)
        await pilot.pause()
        assert "✘ Not quite" in screen_text(app)
        assert app.focused.id == "next"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.index == number + 1
        view = await to_question(pilot, "order")  # shorter feedback: the question and the button stay in sight
        await answer(pilot, view, right=True)
        await pilot.pause()
        text = screen_text(app)
        assert "Put these in order." in text and "✔ Right." in text
        assert fully_visible(app, app.focused) and app.focused.id == "next"


async def test_home_shows_the_highlighted_modules_summary_at_80x24(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_home(pilot)
        modules = app.screen.query_one("#modules")
        for module_id, summary in (("bipolar-disorder", "What bipolar disorder is"),
                                   ("building-supportive-community", "Awareness events, support groups")):
            target = modules.get_option_index(f"module:{module_id}")
            while modules.highlighted != target:
                await pilot.press("down")
            await pilot.pause()
            text = screen_text(app)
            assert summary in text and "Recommended first:" in text, text
            assert fully_visible(app, app.screen.query_one("#module-detail"))


async def test_the_top_bar_cuts_the_name_before_the_state_words(tmp_path, course):
    app = make_app(tmp_path / "data", course)
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#guest").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen_lines(app)[0].rstrip().endswith(f"Guest (nothing is saved) · 0 of {len(course)}")
    long_name = "Alexandra Konstantinopoulou-Smithson"  # 36 of the 40 letters a name may have
    app = make_app(tmp_path / "data2", course)
    app.desk.store.create_profile(long_name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        top = screen_lines(app)[0]
        assert top.rstrip().endswith(f"… · 0 of {len(course)}") and "Alexandra Konstan" in top, top
        await choose(pilot, "#modules", "module:mental-health-basics")
        assert screen_lines(app)[0].rstrip().endswith("… · not started")


@pytest.mark.slow
async def test_lessons_open_at_their_heading_and_keep_lines_readable(tmp_path, course):
    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_lesson(pilot)
        lines = screen_lines(app)
        assert lines[1].strip("▌ ") == "" and lines[2].strip("▌ ") == "Everyone has mental health"
    app = app_with_profile(tmp_path / "wide", course)
    async with app.run_test(size=(200, 60)) as pilot:
        await to_lesson(pilot)
        column = app.screen.query_one("#lesson-scroll").region  # the reading column, centred (p22)
        assert abs(column.x - (200 - column.right)) <= 1, column
        body = [line[column.x + 3:column.right - 2] for line in screen_lines(app)[1:-1]]  # its text, no bar or margins
        assert max(len(line.rstrip()) for line in body) <= 100  # the lesson, at most 100 columns
        assert sum(len(line.rstrip()) > 80 for line in body) > 5  # yet it uses the room there is


@pytest.mark.slow
async def test_get_help_now_is_in_the_footer_for_every_kind_of_lesson_check(tmp_path, course):
    """A check's keys come before the lesson's (p Previous, n Next, esc Module): at 80 columns every key still shows."""
    from mhcourse.tui.screens.lesson import LessonScreen

    app = app_with_profile(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_home(pilot)
        seen = set()
        for module in course:
            for lesson in module.lessons[1:]:  # not the first lesson: the others offer Previous too
                for check in (c for c in lesson.checks if c.type not in seen):
                    seen.add(check.type)
                    await app.push_screen(LessonScreen(module, lesson.id))
                    view = next(v for v in app.screen.query(QuestionView) if v.question.id == check.id)
                    view.focus_input()
                    await pilot.pause()
                    await pilot.pause()
                    for key in ("Get help now", "Previous", "Next", "Module", "Quit"):
                        assert footer_shows(app, key), f"{check.type}: {key}"
                    await app.pop_screen()
        assert seen == {"single", "multiple", "match", "true_false"}  # the course has no order question in a lesson
