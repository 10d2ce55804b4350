"""Knowledge checks inside a lesson answer to the keys they name: ↓ through the page reaches a check,
↑↓ and Enter answer it, and the next check is reached the same way."""

from __future__ import annotations

import pytest

from helpers import module_text, write_module
from mhcourse.content.loader import load_module
from mhcourse.tui.screens.lesson import LessonScreen, LessonScroll
from mhcourse.tui.widgets.question import QuestionView

from .driving import choose, make_app, screen_text

LONG_BODY = "\n\n".join(f"Paragraph {i} of the lesson, to read before the checks." for i in range(14))
SECOND_CHECK = '''
[[lessons.checks]]
id = "check-2"
type = "single"
prompt = "Which helps a friend who seems low?"
explanation = "Listening helps."

[[lessons.checks.choices]]
text = "Ignoring them"

[[lessons.checks.choices]]
text = "Listening"
correct = true
'''


def checked_module(tmp_path):
    """The first lesson a page and more long, with two checks at its end: true/false, then single choice."""
    text = module_text().replace("Mental health is part of health. People recover.", LONG_BODY)
    text = text.replace('explanation = "Most people do."\n', 'explanation = "Most people do."\n' + SECOND_CHECK)
    loaded = load_module(write_module(tmp_path / "modules", text=text))
    assert loaded.ok, loaded.problems
    return loaded.module


async def press_down_until_in(pilot, view: QuestionView, limit: int = 40) -> None:
    """↓ on the page, as a learner reads on, until the check's choices have the focus."""
    for _ in range(limit):
        if pilot.app.focused is view.input:
            return
        await pilot.press("down")
    assert pilot.app.focused is view.input, f"↓ never reached the check; focus is on {pilot.app.focused!r}"


def checks_recorded(app) -> list[tuple[str, int]]:
    return app.desk.store.db.execute("SELECT question_id, correct FROM checks ORDER BY id").fetchall()


async def open_first_lesson(pilot, module) -> LessonScreen:
    await pilot.press("enter", *"Robin", "enter")
    await choose(pilot, "#modules", "module:small")
    await choose(pilot, "#items", "lesson:first")
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen) and isinstance(pilot.app.focused, LessonScroll)
    return screen


async def read_down_to_first_check(pilot, module) -> tuple[LessonScreen, QuestionView, QuestionView]:
    """The first lesson opened and read on with ↓ until its first check has the focus."""
    screen = await open_first_lesson(pilot, module)
    first, second = screen.query(QuestionView)
    await pilot.press("pagedown")
    await press_down_until_in(pilot, first)
    return screen, first, second


@pytest.mark.slow
async def test_down_reaches_each_check_and_up_down_enter_answer_it(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        screen, first, second = await read_down_to_first_check(pilot, module)

        text = screen_text(app)
        assert "Check your understanding (1 of 2)" in text and "True or false? ↑↓ then Enter." in text
        await pilot.press("enter")  # True, the first choice, lit as the check is reached
        await pilot.pause()
        assert checks_recorded(app) == [("check-1", 1)]
        assert "✔ Right." in screen_text(app) and "Most people do." in screen_text(app)

        await press_down_until_in(pilot, second)  # focus went on, not back to the top of the page
        assert "Which helps a friend who seems low?" in screen_text(app)
        while second.shown[second.input.highlighted] != "Listening":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert checks_recorded(app) == [("check-1", 1), ("check-2", 1)]
        assert "Listening helps." in screen_text(app)


@pytest.mark.slow
async def test_a_check_can_be_left_unanswered_with_the_arrows_and_the_page_reads_on(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        screen, first, second = await read_down_to_first_check(pilot, module)
        await pilot.press("up")  # on the first choice: back to the page, a line up
        assert isinstance(app.focused, LessonScroll)
        await press_down_until_in(pilot, first, limit=3)  # and back in as soon as it is wholly in view

        await pilot.press("down", "down")  # True, False, then out past the check
        assert isinstance(app.focused, LessonScroll)
        await press_down_until_in(pilot, second)  # ↓ reads on to the next check, not back into this one
        await pilot.press("down", "down")
        for _ in range(20):
            await pilot.press("down")
        await pilot.pause()
        assert isinstance(app.focused, LessonScroll) and screen.completed
        assert checks_recorded(app) == []  # nothing answered, nothing recorded


async def test_in_a_lesson_that_fits_the_screen_the_first_down_reaches_the_check(tmp_path):
    from .driving import small_module

    module = small_module(tmp_path)  # a short first lesson with one true/false check
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot, module)
        await pilot.press("down")
        assert app.focused is screen.query_one(QuestionView).input
        await pilot.press("down", "enter")  # False: a wrong answer is recorded as one
        await pilot.pause()
        assert checks_recorded(app) == [("check-1", 0)]
        assert "✘ Not quite" in screen_text(app)


@pytest.mark.slow
async def test_coming_back_down_to_a_check_lights_its_first_choice_again(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        screen, first, _ = await read_down_to_first_check(pilot, module)
        await pilot.press("down", "down")  # True, False, then out past the check
        assert isinstance(app.focused, LessonScroll)
        await pilot.press("home")  # back to the top: the check is out of view
        await press_down_until_in(pilot, first)
        assert first.input.highlighted == 0  # True again, not False left lit from before
        await pilot.press("down")  # so ↓ goes to False, inside the check
        assert app.focused is first.input and first.input.highlighted == 1


@pytest.mark.slow
async def test_a_check_passed_by_is_reached_again_after_going_back_up(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        screen, first, _ = await read_down_to_first_check(pilot, module)
        await pilot.press("down", "down")  # True, False, then out past the check, unanswered
        assert isinstance(app.focused, LessonScroll)
        await pilot.press("up", "up")  # back up a little to read it again
        await press_down_until_in(pilot, first, limit=4)  # and ↓ goes into it, though it never left the screen
        assert first.input.highlighted == 0

