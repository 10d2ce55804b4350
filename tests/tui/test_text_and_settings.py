"""Author and learner text shows as typed; themes are remembered per profile; previews store nothing."""

from __future__ import annotations

import pytest
from textual.widgets import Label, OptionList, Static
from textual.widgets._toast import Toast

from helpers import module_text
from mhcourse.progress.desk import Desk
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ModuleScreen
from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.screens.scenario import ScenarioScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, choose, make_app, small_module

CLICK = "[@click=app.quit]x[/]"
LOUD = "[bold red]Loud[/]"


def markup_module(tmp_path):
    text = (
        module_text("markup", title=LOUD)
        .replace('title = "First lesson"', f'title = "{CLICK}"')
        .replace('text = "Listening"', f'text = "{CLICK} listening"')
        .replace('text = "Ignoring"', f'text = "{LOUD} ignoring"')
        .replace('text = "A friend seems low."', f'text = "{CLICK}"')
        .replace('intro = "A friend seems low."', f'intro = "{LOUD}"')
        .replace("text = \"You seem quiet lately. How are you really?\"", f'text = "{CLICK} ask"')
    )
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "markup.toml").write_text(text)
    from mhcourse.content.loader import load_module

    loaded = load_module(tmp_path / "m" / "markup.toml")
    assert loaded.ok, loaded.problems
    return loaded.module


def shown_text(screen) -> str:
    """Everything the screen's labels, statics and option lists show, as plain text."""
    parts = [str(w.render()) for w in screen.query(Static)] + [str(w.render()) for w in screen.query(Label)]
    for options in screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


async def toast_text(pilot) -> str:
    """The notifications on screen, as plain text (they are shown a moment after notify)."""
    await pilot.pause()
    await pilot.pause()
    return "\n".join(str(toast.render()) for toast in pilot.app.screen.query(Toast))


@pytest.mark.slow
async def test_markup_in_every_kind_of_text_is_shown_as_typed(tmp_path):
    module = markup_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("enter", *CLICK, "enter")  # a profile name made of markup
        assert isinstance(app.screen, HomeScreen)
        assert CLICK in shown_text(app.screen)  # the profile name in the top bar
        assert LOUD in shown_text(app.screen)  # the module title
        app.save_certificate()  # not yet: the notification names the module
        assert f"pass these modules first: {LOUD}." in await toast_text(pilot)
        await choose(pilot, "#modules", "module:markup")
        assert isinstance(app.screen, ModuleScreen)
        assert CLICK in shown_text(app.screen)  # the lesson title
        await choose(pilot, "#items", "lesson:first")
        assert isinstance(app.screen, LessonScreen) and CLICK in shown_text(app.screen)
        await pilot.press("escape")
        await choose(pilot, "#items", "quiz")
        assert isinstance(app.screen, QuizScreen)
        view = app.screen.query_one(QuestionView)
        if view.question.id != "q1":  # the quiz's order is shuffled: answer the other question first
            await answer(pilot, view)
            await pilot.press("enter")
            await pilot.pause()
            view = app.screen.query_one(QuestionView)
        assert view.question.id == "q1"
        text = shown_text(app.screen)
        assert f"{CLICK} listening" in text and f"{LOUD} ignoring" in text
        options = view.query_one(OptionList)
        await pilot.click(options, offset=(3, 1))  # clicking a choice answers it, and does nothing else
        await pilot.pause()
        assert view.answered
        await pilot.press("escape")
        await choose(pilot, "#items", "scenario:talk")
        assert isinstance(app.screen, ScenarioScreen)
        text = shown_text(app.screen)
        assert LOUD in text and f"{CLICK} ask" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running  # no click action ran
        assert CLICK in shown_text(app.screen)  # the step text, and what the learner said


async def test_notifications_show_markup_as_typed_and_never_crash(tmp_path):
    """A "[/]" with nothing to close made Textual's markup parser raise, and the app crashed."""
    module = small_module(tmp_path, title="Stigma [/] test")
    app = make_app(tmp_path / "data", lambda: ([module], [f"{CLICK}.toml was left out"]))  # a catalog notice
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.save_certificate()
        text = await toast_text(pilot)
        assert app.is_running
        assert "pass these modules first: Stigma [/] test." in text
        assert f"{CLICK}.toml was left out" in text


async def test_theme_is_remembered_per_profile(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Ada", "enter")
        app.set_course_theme("high-contrast")
        await pilot.pause()
        assert app.theme == "course-high-contrast"
    again = make_app(data, [module])
    again.desk.create("Ben")
    async with again.run_test(size=(80, 24)) as pilot:
        ada = again.desk.store.profile("Ada")
        await choose(pilot, "#profiles", str(ada.id))
        assert again.theme == "course-high-contrast"
        await pilot.press("escape")  # back to profiles
        ben = again.desk.store.profile("Ben")
        await choose(pilot, "#profiles", str(ben.id))
        assert again.theme == "course-dark"


async def test_theme_commands_are_in_the_command_palette(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Get help now", "Theme: Light", "Theme: Dark", "Theme: High contrast"} <= set(titles)


async def test_no_color_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    async with app.run_test(size=(80, 24)):
        assert app.no_color


async def test_preview_stores_nothing(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = CourseApp([module], Desk.in_memory(), preview=module, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ModuleScreen)
        await choose(pilot, "#items", "lesson:first")
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("escape", "escape")  # a preview has no home to go back to
        assert isinstance(app.screen, ModuleScreen)
    assert not data.exists()


def folder_bytes(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
async def test_guest_session_leaves_the_data_folder_unchanged(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    setup = make_app(data, [module])
    setup.desk.create("Someone")
    setup.desk.store.close()
    before = folder_bytes(data)
    app = make_app(data, [module])
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#guest").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_guest
        assert "Guest" in str(app.screen.query_one(".who").render())
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "lesson:first")
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("escape")
        await choose(pilot, "#items", "quiz")
        await answer(pilot, app.screen.query_one(QuestionView))
    app.desk.store.close()
    assert folder_bytes(data) == before
