"""`mhcourse preview --at PLACE --watch`: the author lands where they asked, and sees each save."""

from __future__ import annotations

import os
import time

from helpers import module_text, write_module
from mhcourse.content.loader import load_module
from mhcourse.progress.desk import Desk
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ContentNoteScreen, ModuleScreen
from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.screens.scenario import ScenarioScreen

from .driving import QUIET_SITE, screen_text


def preview(path, at=None, watch=True) -> CourseApp:
    module = load_module(path).module
    assert module is not None
    return CourseApp([module], Desk.in_memory(), preview=module, seed=7, site=QUIET_SITE, preview_at=at,
                     watch=path if watch else None)


def told(app) -> str:
    """The notifications on screen (a headless run draws no toasts: the list is what shows)."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def save(path, text: str, tick: int) -> None:
    """Save the file as an editor does, with a later modification time (never the machine's clock)."""
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + tick * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


async def test_at_opens_the_second_lesson(tmp_path):
    app = preview(write_module(tmp_path, "small"), "lesson:2", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "second"
        assert "Talking helps" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)  # back to the module's page, as from the list


async def test_at_opens_the_quiz_and_a_scenario(tmp_path):
    path = write_module(tmp_path, "small")
    app = preview(path, "quiz", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
    app = preview(path, "scenario:talk", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen) and "Sam: 'I'm fine.'" in screen_text(app)


async def test_a_content_note_still_comes_first_at_a_place(tmp_path):
    text = module_text("noted").replace("requires = []", 'requires = []\ncontent_note = "Talks about loss."')
    app = preview(write_module(tmp_path, "noted", text=text), "lesson:2", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "second"


async def test_a_save_reloads_the_lesson_in_view(tmp_path):
    path = write_module(tmp_path, "small")
    app = preview(path, "lesson:2")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        save(path, module_text("small").replace("Talking helps.", "Talking really helps."), 1)
        await app.preview_watch.check()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "second"
        assert "Talking really helps." in screen_text(app)
        assert "Reloaded small.toml" in told(app)


async def test_a_broken_save_keeps_the_last_good_module_and_shows_its_problems(tmp_path):
    path = write_module(tmp_path, "small")
    app = preview(path, "lesson:2")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        save(path, module_text("small").replace("minutes = 10", "minuts = 10"), 1)
        await app.preview_watch.check()
        await pilot.pause()
        assert "Not reloaded" in told(app) and f"{path}:7: module.minuts: unknown key 'minuts'" in told(app)
        assert isinstance(app.screen, LessonScreen) and "Talking helps." in screen_text(app)  # the last good one
        assert [p.key for p in app.preview_watch.problems] == [("module", "minutes"), ("module", "minuts")]

        save(path, module_text("small").replace("Talking helps.", "Talking helps a lot."), 2)  # fixed
        await app.preview_watch.check()
        await pilot.pause()
        assert "Not reloaded" not in told(app) and "Talking helps a lot." in screen_text(app)
        assert app.preview_watch.problems == []


async def test_an_unchanged_file_is_not_reloaded_and_a_gone_place_falls_back_to_the_page(tmp_path):
    path = write_module(tmp_path, "small")
    app = preview(path, "scenario:talk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = app.screen
        await app.preview_watch.check()  # nothing saved
        assert app.screen is shown
        text = module_text("small")
        save(path, text[: text.index("[[scenarios]]")], 1)  # the scenario is gone
        await app.preview_watch.check()
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and app.preview.scenarios == []


async def test_the_watch_polls_on_its_own(tmp_path):
    """No call from the test: the app's own timer sees the save (a busy machine gets up to 30 seconds)."""
    path = write_module(tmp_path, "small")
    app = preview(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        save(path, module_text("small", title="Renamed module"), 1)
        waited = time.monotonic()
        while app.preview.title != "Renamed module" and time.monotonic() - waited < 30:
            await pilot.pause(0.1)
        await pilot.pause()
        assert app.preview.title == "Renamed module" and "Renamed module" in screen_text(app)
