"""Ready for the first key without pydantic (issue 21): with a warm catalog cache and no site config, load_course
knows the course in outline (content/summary.py) and the full modules follow at the next idle moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mhcourse.paths import bundled_modules_dir

from .driving import make_app, screen_text, small_module

PROBE_START = """
import json, sys
from mhcourse import cli
from mhcourse.commands import course
from mhcourse.tui.app import CourseApp

seen = {}
HEAVY = ("pydantic", "pydantic_core", "mhcourse.content.models", "mhcourse.content.revive", "mhcourse.site.config",
         "mhcourse.site.schema", "tomllib")
course.has_terminal = lambda: True  # headless here: the check for a terminal is what stops a pipe
"""
PROBE_END = """
run = CourseApp.run
CourseApp.run = lambda app: run(app, headless=True, auto_pilot=auto_pilot, size=(80, 24))
code = cli.main([])
print(json.dumps(seen))
sys.exit(code)
"""
"""A probe's first and last lines: `mhcourse` started headless at 80x24, its auto_pilot filling `seen`."""

READY_PROBE = PROBE_START + """
async def auto_pilot(pilot):
    await pilot.pause()
    app = pilot.app
    app.load_course()
    seen["imported by load_course"] = [m for m in HEAVY if m in sys.modules]
    outline = getattr(app, "outline", None)  # None before there was one: the check above still says why
    seen["outline"] = None if outline is None else [s.id for s in outline]
    seen["modules then"] = app._modules is not None
    await pilot.pause()
    seen["modules at the next idle moment"] = None if app._modules is None else [m.id for m in app._modules]
    app.exit()

""" + PROBE_END


def probe(script: str, language: str) -> dict:
    """Run a probe in a fresh process (so its imports are its own); what it saw."""
    env = {**os.environ, "MHCOURSE_LANG": language}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def start(language: str) -> dict:
    return probe(READY_PROBE, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_warm_start_is_ready_without_pydantic_and_the_full_modules_follow(language):
    """The first start fills the cache (and loads in full: pydantic then); the next knows the course from its
    outline with none of pydantic, the format's models or the site's models imported, and has the same modules,
    in full, at the next idle moment."""
    bundled = sorted(path.stem for path in bundled_modules_dir().glob("*.toml"))
    cold = start(language)
    assert cold["outline"] is None and cold["modules then"]
    assert "pydantic" in cold["imported by load_course"]
    warm = start(language)
    assert warm["imported by load_course"] == []
    assert warm["modules then"] is False
    assert sorted(warm["outline"]) == bundled
    assert warm["modules at the next idle moment"] == warm["outline"] == cold["modules at the next idle moment"]


async def test_the_outline_comes_first_and_the_course_opens_the_same(tmp_path):
    app, loads = outlined_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.load_course()
        assert loads == ["outline"] and [s.id for s in app.outline] == ["small"]
        await pilot.pause()
        assert loads == ["outline", "full"], "the full modules at the next idle moment"
        await pilot.press("enter", *"Robin", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert [m.id for m in app.learner.modules] == ["small"]
        app.load_course()
        assert loads == ["outline", "full"], "each loads once"


async def test_without_an_outline_the_catalog_loads_in_full_at_once(tmp_path):
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", lambda: ([module], []), outline=lambda: None)
    async with app.run_test(size=(80, 24)):
        app.load_course()
        assert app.outline is None and app._modules == [module]


HOME_PROBE = PROBE_START + """
# The learner's key comes before the idle moments that load the full modules and Get help now's list: held back.
load_modules, load_helplines = CourseApp.load_modules, CourseApp.load_helplines
CourseApp.load_modules = CourseApp.load_helplines = lambda app: None

async def auto_pilot(pilot):
    from mhcourse.tui.screens.home import HomeScreen

    await pilot.pause()
    app = pilot.app
    app.load_course()
    await pilot.press("enter")  # Robin, the one profile listed, is highlighted
    await pilot.pause()
    seen["screen"] = type(app.screen).__name__
    seen["imported by home"] = [m for m in HEAVY if m in sys.modules]
    seen["modules then"] = app._modules is not None
    outlined = app.export_screenshot()
    await pilot.press("down", "down", "down", "down")  # a module's row: its summary, state and content note
    outlined_row = app.export_screenshot()
    await pilot.press("enter")  # open it: the full modules now
    await pilot.pause()
    seen["opened"] = type(app.screen).__name__
    seen["imported by opening"] = [m for m in HEAVY[:3] if m in sys.modules]
    seen["modules by opening"] = app._modules is not None
    # From now on home reads the full modules (None before there was an outline: the checks above say why).
    seen["learner in full"] = getattr(app.learner, "outline", None) is app.learner.modules
    load_modules(app)
    load_helplines(app)
    await app.push_screen(HomeScreen())  # home drawn again, now from the full modules
    await pilot.pause()
    seen["the same home"] = app.export_screenshot() == outlined
    await pilot.press("down", "down", "down", "down")
    seen["the same row"] = app.export_screenshot() == outlined_row
    app.exit()

""" + PROBE_END


def robin_with_a_record(language: str) -> None:
    """Robin, with a lesson done and another open, a module skipped and review cards fallen due: home shows a
    continue line, states, a due count and a content note (the bundled course's first modules)."""
    from helpers import bundled_course
    from mhcourse.learning.progress import Place
    from mhcourse.paths import data_dir
    from mhcourse.progress.store import Store

    course = bundled_course()
    first, second = course[0], course[1]
    store = Store.open(data_dir(), clock=lambda: "2026-01-10T10:00:00+00:00")
    robin = store.create_profile("Robin")
    store.set_setting(robin.id, "language", language)
    store.lesson_opened(robin.id, first.id, first.lessons[0].id)
    store.lesson_completed(robin.id, first.id, first.lessons[0].id)
    store.lesson_opened(robin.id, first.id, first.lessons[1].id)
    store.save_place(robin.id, Place(first.id, "lesson", first.lessons[1].id))
    store.set_skipped(robin.id, second.id, True)
    checks = [(lesson.id, q.id) for lesson in first.lessons for q in lesson.checks][:2]
    for lesson_id, question_id in checks:
        store.record_check(robin.id, first.id, lesson_id, question_id, "x", False)
    store.close()


def go_home(language: str) -> dict:
    return probe(HOME_PROBE, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_profile_chosen_on_a_warm_start_goes_home_from_the_outline(language):
    """A profile's Enter after load_course shows the learner's home with none of pydantic, the format's models or
    the site's models imported; it is the home the full modules draw, row for row; opening a module loads them."""
    start(language)  # fills the cache
    robin_with_a_record(language)
    seen = go_home(language)
    assert seen["screen"] == "HomeScreen"
    assert seen["imported by home"] == []
    assert seen["modules then"] is False
    assert seen["opened"] in ("ModuleScreen", "ContentNoteScreen")
    assert seen["imported by opening"] == ["pydantic", "pydantic_core", "mhcourse.content.models"]
    assert seen["modules by opening"] is True and seen["learner in full"] is True
    assert seen["the same home"] is True
    assert seen["the same row"] is True


def held_back_app(tmp_path, **kw):
    """An app whose catalog is known in outline, and whose idle moments load nothing: a learner's key comes first."""
    app, loads = outlined_app(tmp_path, **kw)
    app.load_modules = app.load_helplines = lambda: None
    return app, loads


def outlined_app(tmp_path, **kw):
    """An app with the small module in outline and in full; `loads` says what was loaded, in turn."""
    from mhcourse.content.summary import outline

    module = small_module(tmp_path)
    loads: list[str] = []

    def load_catalog():
        loads.append("full")
        return [module], []

    def load_outline():
        loads.append("outline")
        return [outline(module)]

    return make_app(tmp_path / "data", load_catalog, outline=load_outline, **kw), loads


async def in_by(way: str, app, pilot) -> None:
    """Go in at "Who is learning?" the way a learner does."""
    if way == "profile":
        await pilot.press("enter")
    elif way == "new":
        await pilot.press("enter", *"Robin", "enter")
    elif way == "guest":
        await pilot.click("#guest")
    elif way == "pin":
        await pilot.press("enter", *"2468", "enter")
    elif way == "kiosk":
        await pilot.press("enter", *"Robin", "enter")  # names hidden: "I have a profile", then the name
    await pilot.pause()


@pytest.mark.parametrize("way", ["profile", "new", "guest", "pin", "kiosk"])
async def test_every_way_in_goes_home_from_the_outline_and_a_module_opens_in_full(tmp_path, way):
    from mhcourse.progress.access import Access, Kiosk

    kw = {"access": Access(kiosk=Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: False), pretest=False)
          } if way == "kiosk" else {}
    app, loads = held_back_app(tmp_path, **kw)
    if way in ("profile", "kiosk", "guest"):
        app.desk.create("Robin")
    elif way == "pin":
        app.desk.create("Robin", "2468")
    async with app.run_test(size=(80, 24)) as pilot:
        app.load_course()
        await in_by(way, app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert loads == ["outline"], "home is drawn from the outline"
        assert app.learner.outline[0].title in screen_text(app)
        await pilot.press("down", "enter")  # the first module's row (Start here is above it)
        await pilot.pause()
        assert loads == ["outline", "full"], "opening a module loads the full modules"
        assert type(app.screen).__name__ == "ModuleScreen"
        assert app.screen.module is app.learner.modules[0]
