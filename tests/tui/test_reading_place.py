"""A lesson opens again where the learner was reading, after leaving it and after quitting the app."""

from __future__ import annotations

from mhcourse.content.parts import part_count
from mhcourse.tui.screens.lesson import LessonScreen

from .driving import choose, make_app, screen_lines
from .test_lesson_checks import checked_module


async def open_first_lesson(pilot) -> LessonScreen:
    await choose(pilot, "#modules", "module:small")
    await choose(pilot, "#items", "lesson:first")
    for _ in range(5):  # the body's blocks are mounted, then it scrolls to the saved part
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def saved(app, lesson: str = "first") -> int:
    return app.desk.store.db.execute("SELECT COALESCE(position, 0) FROM lessons WHERE lesson_id = ?",
                                     (lesson,)).fetchone()[0]


def top_line(app) -> str:
    """The first line of the lesson's text on screen, under the top bar."""
    return next(line.strip("▌ ") for line in screen_lines(app)[1:] if line.strip("▌ "))


async def test_reopening_a_lesson_after_quitting_goes_back_to_where_the_learner_was_reading(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        screen = await open_first_lesson(pilot)
        assert screen.part_in_view() == 0
        await pilot.press(*["down"] * 7)  # a few paragraphs down
        await pilot.pause()
        reading = top_line(app)
        part = screen.part_in_view()
        assert reading.startswith("Paragraph") and 0 < part < part_count(module.lessons[0].body)
        await pilot.press("ctrl+q")
    assert saved(app) == part

    again = make_app(tmp_path / "data", [module])
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Robin, the only profile
        await pilot.pause()
        screen = await open_first_lesson(pilot)
        assert screen.part_in_view() == part
        assert top_line(again) == reading
        assert any("Continuing where you left off" in n.message for n in again._notifications)

        await pilot.press("home")  # back to the top: kept once the scrolling stops
        await pilot.pause(1.0)
        assert saved(again) == 0
        await pilot.press(*["down"] * 3)  # and out to the module at once: kept on leaving
        await pilot.pause()
        part = again.screen.part_in_view()
        assert part > 0
        await pilot.press("escape")
        await pilot.pause()
        assert saved(again) == part
        await choose(pilot, "#items", "lesson:first")
        await pilot.pause()
        await pilot.press("home")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert saved(again) == 0
        await choose(pilot, "#items", "lesson:first")
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen) and again.screen.part_in_view() == 0


async def test_a_new_learner_reading_position_is_never_written_into_another_record(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await open_first_lesson(pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        app.learner = None  # as a kiosk's lock does before it closes the screens
        await app.pop_screen()
        await pilot.pause()
    assert saved(app) == 0
