"""What keeps a long session responsive (tui/runtime.py): no dead footer keys kept, the collector tuned."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest
from textual.widgets import Footer

from mhcourse.paths import bundled_modules_dir
from mhcourse.tui import runtime
from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, make_app, open_item, small_module


def footer_watchers(screen) -> int:
    return sum(len(w) for f in screen.query(Footer) for w in getattr(f, "__watchers", {}).values())


async def redrawn(pilot, screen) -> None:
    """Wait until the footer's pending redraws are done.

    A footer redraws after the screen's next refresh (Footer.bindings_changed: call_after_refresh),
    which a busy machine can put off past a plain pilot.pause(): counting before it counted keys
    about to go (this test once saw 19 watchers against a bound of 18).
    """
    await pilot.pause()
    while screen._callbacks:  # the screen runs them, the footer's redraw among them, after a refresh
        await pilot.pause()


@pytest.mark.slow
async def test_the_footer_does_not_keep_the_keys_it_no_longer_shows(tmp_path):
    """Textualize/textual#6666: every redraw of the footer used to keep the old keys alive."""
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await open_item(pilot, "quiz")
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await answer(pilot, screen.query_one(QuestionView))  # the feedback, then "Next question"
        await pilot.press("enter")
        for _ in range(20):  # each change of focus redraws the footer
            screen.query_one(QuestionView).input.focus()
            await pilot.pause()
            screen.set_focus(None)
            await pilot.pause()
        await redrawn(pilot, screen)
        dead = [w for f in screen.query(Footer) for ws in getattr(f, "__watchers", {}).values() for w, _ in ws
                if w._closing]
        assert dead == [], "removed footer keys are let go"
        assert 0 < footer_watchers(screen) <= len(screen.query("FooterKey"))


async def test_feedback_replaces_the_question_input_in_one_step(tmp_path):
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await open_item(pilot, "quiz")
        view = app.screen.query_one(QuestionView)
        await answer(pilot, view)
        [box] = view.query(".feedback")
        assert box.display and not view.input.display and not view.query_one(".hint").display
        assert view.input.disabled
        assert app.focused is app.screen.query_one("#next")


@pytest.fixture
def collector():
    """tune_gc changes this process's collector: put it back afterwards."""
    threshold = gc.get_threshold()
    yield
    runtime.release_collections()
    gc.unfreeze()
    gc.set_threshold(*threshold)
    runtime._tuned = False


def test_tune_gc_freezes_start_up_and_raises_the_thresholds(collector):
    assert not runtime.collect_if_idle(60), "without tune_gc the collector is left alone"
    runtime.tune_gc()
    young, _, old = gc.get_threshold()
    assert young >= runtime.YOUNG_THRESHOLD and old >= runtime.OLD_THRESHOLD
    assert gc.get_freeze_count() > 0


def test_a_full_collection_waits_for_the_learner_to_be_idle(collector, monkeypatch):
    runtime.tune_gc()
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 50))
    collected = []
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or 0)
    assert not runtime.collect_if_idle(0.2)
    assert runtime.collect_if_idle(runtime.IDLE_SECONDS + 0.5)
    assert collected
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 2))
    assert not runtime.collect_if_idle(60), "none is due yet"


async def _collector_during_an_answer(tmp_path, monkeypatch) -> tuple[bool, bool]:
    """Answer a quiz question; whether automatic collections were on while it was marked, and once it was shown."""
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    during = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await open_item(pilot, "quiz")
        learner = app.learner
        marking = learner.answer
        monkeypatch.setattr(learner, "answer", lambda *a: during.append(gc.isenabled()) or marking(*a))
        view = app.screen.query_one(QuestionView)
        await answer(pilot, view)
        await pilot.pause()
        assert view.query(".feedback") and during, "the question was answered"
        return during[0], gc.isenabled()


async def test_no_collection_runs_between_an_answer_and_its_feedback(collector, tmp_path, monkeypatch):
    """A learner answering without a pause never gives collect_if_idle its second: the collections that
    come due while an answer is marked and drawn run just after its feedback is on screen instead."""
    runtime.tune_gc()
    assert await _collector_during_an_answer(tmp_path, monkeypatch) == (False, True)
    assert runtime._held_since is None


async def test_the_collector_is_left_alone_unless_tuned(tmp_path, monkeypatch):
    assert gc.isenabled()
    assert await _collector_during_an_answer(tmp_path, monkeypatch) == (True, True)


def test_a_hold_nothing_released_is_let_go_by_the_idle_check(collector, monkeypatch):
    """A step that fails on its way to the feedback (say, the store) must not leave the collector off."""
    runtime.tune_gc()
    now = [100.0]
    monkeypatch.setattr(runtime.time, "monotonic", lambda: now[0])
    runtime.hold_collections()
    assert not gc.isenabled()
    runtime.collect_if_idle(0)
    assert not gc.isenabled(), "a hold a moment old is an answer being drawn"
    now[0] += runtime.IDLE_SECONDS + 0.1
    runtime.collect_if_idle(0)
    assert gc.isenabled() and runtime._held_since is None


FIRST_FRAME_PROBE = """
import json, sys
from mhcourse import cli
from mhcourse.commands import course
from mhcourse.tui.app import CourseApp

seen = {}
LATER = ("mhcourse.progress.store.rows", "mhcourse.learning.progress", "mhcourse.learning.quiz", "tomllib")
course.has_terminal = lambda: True  # headless here: the check for a terminal is what stops a pipe
ready = CourseApp.on_ready

def on_ready(app):
    seen["screen"] = type(app.screen).__name__
    seen["pydantic at first frame"] = any(m.startswith("pydantic") for m in sys.modules)
    seen["imported at first frame, needed later"] = [m for m in LATER if m in sys.modules]
    ready(app)

async def auto_pilot(pilot):
    await pilot.pause()
    pilot.app.load_course()
    seen["modules"] = len(pilot.app.modules)
    pilot.app.exit()

CourseApp.on_ready = on_ready
run = CourseApp.run
CourseApp.run = lambda app: run(app, headless=True, auto_pilot=auto_pilot, size=(80, 24))
code = cli.main([])
print(json.dumps(seen))
sys.exit(code)
"""


def test_the_first_screen_is_shown_before_the_catalog_and_pydantic_load(tmp_path):
    """Start-up within a hair of a bare Textual app (docs/performance.md): the first screen needs
    neither the catalog nor pydantic, which load a moment after its first frame; nor the store's rows
    for a snapshot, the learning rules, or tomllib without a config file (imported where they are used)."""
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME_PROBE], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    bundled = len(list(bundled_modules_dir().glob("*.toml")))
    assert seen == {"screen": "WelcomeScreen", "pydantic at first frame": False,
                    "imported at first frame, needed later": [], "modules": bundled}


async def test_a_catalog_loaded_after_the_first_screen_reaches_home_and_shows_its_notices(tmp_path):
    module = small_module(tmp_path)
    loads = []

    def load_catalog():
        loads.append(1)
        return [module], ["1 module file(s) have problems and were left out; `mhcourse validate` shows why."]

    app = make_app(tmp_path / "data", load_catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert [m.id for m in app.learner.modules] == ["small"]
        assert any("left out" in str(n.message) for n in app._notifications)
        app.load_course()
        assert loads == [1], "the catalog loads once"


async def test_get_help_nows_list_loads_just_after_the_catalog_and_f1_before_it_still_shows_it(tmp_path):
    """The catalog first (the next key may need it), Get help now's list at the next idle moment (its first
    validation is the process's first: tui/app.py load_course); F1 pressed before then loads it at once."""
    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", lambda: ([module], []))
    async with app.run_test(size=(80, 24)) as pilot:
        app.load_course()
        assert app._modules is not None and app._helplines is None
        await pilot.pause()
        assert app._helplines is not None, "loaded once the app was idle"
    app = make_app(tmp_path / "data2", lambda: ([module], []))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app._helplines is None
        await pilot.press("f1")
        assert type(app.screen).__name__ == "GetHelpScreen" and app._helplines is not None
