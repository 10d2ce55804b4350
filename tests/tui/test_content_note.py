"""A module's content note comes first on every path into it (start here, continue, the list, a preview),
and the learner's choice is kept: asked once, asked again only after a skip."""

from __future__ import annotations

import pytest

from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ContentNoteScreen, ModuleScreen
from mhcourse.tui.screens.scenario import ScenarioScreen

from .driving import QUIET_SITE, choose, make_app, screen_text, small_module

NOTE = "Talks about hard things."


def noted_module(tmp_path):
    module = small_module(tmp_path, module_id="noted", title="Noted")
    return module.model_copy(update={"module": module.module.model_copy(update={"content_note": NOTE})})


def option_text(app, option_id: str) -> str:
    return str(app.screen.query_one("#modules").get_option(option_id).prompt)


def records(data, name: str = "Robin"):
    store = Store.open(data)
    try:
        return store.records(store.profile(name).id).get("noted")
    finally:
        store.close()


@pytest.mark.slow
async def test_start_here_shows_the_note_a_skip_is_kept_and_the_list_asks_again(tmp_path):
    data = tmp_path / "data"
    app = make_app(data, [noted_module(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert "Start here" in option_text(app, "continue")
        assert "not started" in option_text(app, "module:noted")  # the state, not "content note"
        await choose(pilot, "#modules", "continue")

        assert isinstance(app.screen, ContentNoteScreen)
        assert NOTE in screen_text(app)
        await pilot.press("tab", "enter")  # Skip this module
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert records(data).skipped
        assert "skipped" in option_text(app, "module:noted")

        await choose(pilot, "#modules", "module:noted")
        assert isinstance(app.screen, ContentNoteScreen)  # a skipped module asks again
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
    record = records(data)
    assert record.note_read and not record.skipped


@pytest.mark.slow
async def test_continue_shows_the_note_before_the_saved_lesson_then_never_again(tmp_path):
    """A learner in a module whose note they never chose on: continue no longer walks past it."""
    data = tmp_path / "data"
    store = Store.open(data)
    robin = store.create_profile("Robin")
    store.lesson_opened(robin.id, "noted", "second")
    store.close()
    module = noted_module(tmp_path)
    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the only profile
        assert "Continue where you left off" in option_text(app, "continue")
        await choose(pilot, "#modules", "continue")
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "second"
        assert records(data).note_read

        await pilot.press("escape", "escape")
        await pilot.pause()
        await choose(pilot, "#modules", "continue")
        assert isinstance(app.screen, LessonScreen)  # the choice is kept: straight in


@pytest.mark.slow
async def test_a_finished_practice_conversation_is_progress_and_continue_leads_on(tmp_path):
    data = tmp_path / "data"
    app = make_app(data, [noted_module(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await choose(pilot, "#modules", "module:noted")
        await pilot.press("enter")  # Continue, at the note
        await pilot.pause()
        await choose(pilot, "#items", "scenario:talk")
        assert isinstance(app.screen, ScenarioScreen)
        await pilot.press("enter")  # the only option
        await pilot.pause()
        assert app.screen.walk.ended
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        # ticked, as lessons are
        assert "✔ A talk" in str(app.screen.query_one("#items").get_option("scenario:talk").prompt)
        await pilot.press("escape")
        await pilot.pause()

        assert isinstance(app.screen, HomeScreen)
        row = option_text(app, "module:noted")
        assert "not started" not in row and "0 of 2 lessons" in row
        assert "Continue where you left off: Noted › First lesson" in option_text(app, "continue")
        await choose(pilot, "#modules", "continue")
        assert isinstance(app.screen, LessonScreen)  # no second note, and not the finished practice
        assert app.screen.lesson_id == "first"


async def test_a_preview_shows_the_note_first_as_a_learner_sees_it(tmp_path):
    module = noted_module(tmp_path)
    app = CourseApp([module], Desk.in_memory(), preview=module, seed=7, site=QUIET_SITE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        assert "Before you start: Noted" in screen_text(app) and NOTE in screen_text(app)
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)


def test_mhcourse_preview_shows_the_note_first_and_saves_nothing(tmp_path, monkeypatch):
    """The command an author runs: `mhcourse preview FILE`, driven headless at 80x24."""
    from helpers import module_text, write_module
    from mhcourse import cli
    from mhcourse.commands import course

    text = module_text("noted", title="Noted").replace("requires = []", f'requires = []\ncontent_note = "{NOTE}"')
    path = write_module(tmp_path / "modules", "noted", text=text)
    seen = []

    async def author(pilot):
        await pilot.pause()
        seen.append((type(pilot.app.screen).__name__, NOTE in screen_text(pilot.app)))
        await pilot.press("enter")  # Continue
        await pilot.pause()
        seen.append((type(pilot.app.screen).__name__, "First lesson" in screen_text(pilot.app)))
        pilot.app.exit()

    run = CourseApp.run
    monkeypatch.setattr(course, "has_terminal", lambda: True)
    monkeypatch.setattr(CourseApp, "run", lambda app: run(app, headless=True, auto_pilot=author, size=(80, 24)))
    data = tmp_path / "data"

    assert cli.main(["--data-dir", str(data), "preview", str(path)]) == 0
    assert seen == [("ContentNoteScreen", True), ("ModuleScreen", True)]
    assert not data.exists()  # a preview keeps nothing


async def test_left_and_right_move_between_the_content_notes_buttons(tmp_path):
    module = small_module(tmp_path)
    note = module.module.model_copy(update={"content_note": "It talks about loss."})
    noted = module.model_copy(update={"module": note})
    app = make_app(tmp_path / "data", [noted])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await choose(pilot, "#modules", "module:small")
        assert isinstance(app.screen, ContentNoteScreen) and app.focused.id == "continue"
        await pilot.press("right")
        assert app.focused.id == "skip"
        await pilot.press("enter")  # the skip the learner chose, not Continue
        await pilot.pause()
        assert app.learner.record(noted).skipped and not isinstance(app.screen, ContentNoteScreen)
        await choose(pilot, "#modules", "module:small")
        await pilot.press("right", "left")
        assert app.focused.id == "continue"
