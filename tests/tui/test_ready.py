"""Ready for the first key without pydantic (issue 21): with a warm catalog cache and no site config, load_course
knows the course in outline (content/summary.py) and the full modules follow at the next idle moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mhcourse.paths import bundled_modules_dir

from .driving import make_app, small_module

READY_PROBE = """
import json, sys
from mhcourse import cli
from mhcourse.commands import course
from mhcourse.tui.app import CourseApp

seen = {}
HEAVY = ("pydantic", "pydantic_core", "mhcourse.content.models", "mhcourse.content.revive", "mhcourse.site.config",
         "mhcourse.site.schema", "tomllib")
course.has_terminal = lambda: True  # headless here: the check for a terminal is what stops a pipe

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

run = CourseApp.run
CourseApp.run = lambda app: run(app, headless=True, auto_pilot=auto_pilot, size=(80, 24))
code = cli.main([])
print(json.dumps(seen))
sys.exit(code)
"""


def start(language: str) -> dict:
    env = {**os.environ, "MHCOURSE_LANG": language}
    result = subprocess.run([sys.executable, "-c", READY_PROBE], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


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
    module = small_module(tmp_path)
    from mhcourse.content.summary import outline

    loads: list[str] = []

    def load_catalog():
        loads.append("full")
        return [module], []

    def load_outline():
        loads.append("outline")
        return [outline(module)]

    app = make_app(tmp_path / "data", load_catalog, outline=load_outline)
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
