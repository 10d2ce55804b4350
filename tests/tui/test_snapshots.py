"""Every screen at 80x24 (and home and lesson at 120x40 and in high contrast), reviewed by eye.

Deterministic: a fixed clock, seeded shuffles, no cursor blink, colour on (NO_COLOR cleared by conftest).
Update with: pytest tests/tui/test_snapshots.py --snapshot-update, then look at every changed SVG.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from mhcourse.tui.widgets.question import QuestionView

from .driving import SEED, answer, begin_quiz, choose, first_of_type, make_app


def app_with_profile(tmp_path, course, **kw):
    app = make_app(tmp_path / "data", course, **kw)
    app.desk.store.create_profile("Robin")  # made before any site rule (a require_pin test uses it)
    return app


async def no_blink(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


async def to_home(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()


async def to_module(pilot, module_id: str = "mental-health-basics") -> None:
    await to_home(pilot)
    await choose(pilot, "#modules", f"module:{module_id}")


async def to_lesson(pilot) -> None:
    await to_module(pilot)
    await choose(pilot, "#items", "lesson:what-mental-health-is")


async def to_quiz(pilot) -> None:
    await to_module(pilot)
    await choose(pilot, "#items", "quiz")


async def to_answered_question(pilot) -> None:
    await to_quiz(pilot)
    await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)


def basics(pilot):
    return next(m for m in pilot.app.modules if m.id == "mental-health-basics")


async def to_quiz_question_of(pilot, kind: str) -> None:
    """The first quiz question of this type: the ones before it answered rightly through the core."""
    module = basics(pilot)
    begin_quiz(pilot.app, module, first_of_type(module, kind))
    await to_quiz(pilot)
    assert pilot.app.screen.query_one(QuestionView).question.type == kind


def every_third_wrong(index: int) -> bool:
    return index % 3 != 0


async def to_results(pilot) -> None:
    """Every third answer wrong: all but the last given through the core, the last by keys."""
    module = basics(pilot)
    last = len(module.questions) - 1
    begin_quiz(pilot.app, module, last, right=every_third_wrong)
    await to_quiz(pilot)
    await answer(pilot, pilot.app.screen.query_one(QuestionView), right=every_third_wrong(last))
    await pilot.press("enter")
    await pilot.pause()


async def to_scenario(pilot) -> None:
    await to_module(pilot, "myths-facts-stigma")  # opens the content note
    await pilot.press("enter")  # Continue
    await pilot.pause()
    await choose(pilot, "#items", "scenario:a-joke-at-work")


async def to_scenario_choice(pilot) -> None:
    await to_scenario(pilot)
    await pilot.press("enter")
    await pilot.pause()


def test_welcome(snap_compare, tmp_path, course):
    assert snap_compare(make_app(tmp_path / "data", course), terminal_size=(80, 24))


def test_profiles(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=no_blink)


def test_home(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_home)


def test_home_120x40(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_home, terminal_size=(120, 40))


def test_home_high_contrast(snap_compare, tmp_path, course):
    app = app_with_profile(tmp_path, course)

    async def run_before(pilot):
        await to_home(pilot)
        pilot.app.set_course_theme("high-contrast")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def test_content_note(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=lambda p: to_module(p, "depression"))


def test_module(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_module)


def test_lesson(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_lesson)


def test_lesson_120x40(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_lesson, terminal_size=(120, 40))


def test_lesson_high_contrast(snap_compare, tmp_path, course):
    app = app_with_profile(tmp_path, course)

    async def run_before(pilot):
        await to_lesson(pilot)
        pilot.app.set_course_theme("high-contrast")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


@pytest.mark.slow
def test_lesson_check_reached_by_keys(snap_compare, tmp_path, course):
    """End of the lesson, then ↓: the check's box is lit and its first choice highlighted, ready for ↑↓ and Enter."""

    async def run_before(pilot):
        await to_lesson(pilot)
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert isinstance(pilot.app.focused.parent, QuestionView)

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


def test_quiz_question(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_quiz)


@pytest.mark.slow
def test_quiz_feedback(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_answered_question)


@pytest.mark.slow
def test_results(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_results)


def test_scenario(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_scenario)


@pytest.mark.slow
def test_scenario_after_a_choice(snap_compare, tmp_path, course):
    assert snap_compare(app_with_profile(tmp_path, course), run_before=to_scenario_choice)


def test_quiz_multiple_choice(snap_compare, tmp_path, course):
    async def run_before(pilot):
        await to_quiz_question_of(pilot, "multiple")
        await pilot.press("down", "space")  # the second choice ticked
        await pilot.pause()

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


def test_quiz_match(snap_compare, tmp_path, course):
    async def run_before(pilot):
        await to_quiz_question_of(pilot, "match")
        await pilot.press("2")  # the first term given the second meaning
        await pilot.pause()

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


@pytest.mark.slow
def test_scenario_ending(snap_compare, tmp_path, course):
    async def run_before(pilot):
        await to_scenario(pilot)
        while pilot.app.screen.query(".options"):
            await pilot.press("enter")
            await pilot.pause()

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


def test_get_help_now(snap_compare, tmp_path, course):
    async def run_before(pilot):
        await to_home(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


@pytest.mark.slow
def test_review_of_a_question(snap_compare, tmp_path, course):
    async def run_before(pilot):
        await to_results(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


def test_confidence_question(snap_compare, tmp_path, course):
    from mhcourse.site.config import SiteConfig

    async def run_before(pilot):
        await to_lesson(pilot)

    assert snap_compare(app_with_profile(tmp_path, course, site=SiteConfig()), run_before=run_before)


def test_pin_entry(snap_compare, tmp_path, course):
    app = app_with_profile(tmp_path, course)
    app.desk.store.set_pin(app.desk.store.profile("Robin").id, "2468")

    async def run_before(pilot):
        await pilot.press("enter")
        await pilot.press(*"1111", "enter")
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app, run_before=run_before)


def test_local_support_and_site_welcome(snap_compare, tmp_path, course):
    from .test_site import site_config

    app = make_app(tmp_path / "data", course, site=site_config(tmp_path))
    assert snap_compare(app)


def test_local_support(snap_compare, tmp_path, course):
    from .test_site import site_config

    app = app_with_profile(tmp_path, course, site=site_config(tmp_path))

    async def run_before(pilot):
        await to_home(pilot)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def test_set_pin(snap_compare, tmp_path, course):
    async def run_before(pilot):
        await to_home(pilot)
        pilot.app.set_my_pin()
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app_with_profile(tmp_path, course), run_before=run_before)


def test_kiosk_close(snap_compare, tmp_path, course):
    from mhcourse.tui.kiosk import Kiosk

    app = app_with_profile(tmp_path, course, kiosk=Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: pin == "9999"))

    async def run_before(pilot):
        await pilot.press("ctrl+q")
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app, run_before=run_before)


def test_profiles_hidden_names(snap_compare, tmp_path, course):
    """Kiosk with hidden names: no list, the question first; then the name and PIN fields."""
    from mhcourse.tui.kiosk import Kiosk

    app = app_with_profile(tmp_path, course, kiosk=Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: pin == "9999"))

    async def run_before(pilot):
        await pilot.press("enter")
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app, run_before=run_before)


def test_new_pin_required(snap_compare, tmp_path, course):
    from mhcourse.progress.access import Access

    app = app_with_profile(tmp_path, course, access=Access(require_pin=True))

    async def run_before(pilot):
        await pilot.press("enter")
        await pilot.pause()
        await no_blink(pilot)

    assert snap_compare(app, run_before=run_before)


def test_retry_when_the_shared_database_cannot_be_reached(snap_compare, tmp_path, course):
    from unreachable import ServerDown

    app = app_with_profile(tmp_path, course)
    server = ServerDown(app.desk.store)

    async def run_before(pilot):
        await to_quiz(pilot)
        server.down = True
        await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


# -- spaced review, the pre-test, refreshers (issue 18) --------------------------------------------------------

LATER = "2027-01-11"
"""MHCOURSE_TODAY for review snapshots: well after FIXED_TIME, when the store's fixed clock kept the answers."""


def with_review_due(tmp_path, course, monkeypatch, **kw):
    """Robin answered the first four quiz questions of Mental health basics (the second wrong); a month and more
    later, all four are due."""
    app = app_with_profile(tmp_path, course, **kw)
    module = next(m for m in app.modules if m.id == "mental-health-basics")
    begin_quiz(app, module, 4, right=lambda index: index != 1)
    monkeypatch.setenv("MHCOURSE_TODAY", LATER)
    return app


def test_home_with_review_due(snap_compare, tmp_path, course, monkeypatch):
    assert snap_compare(with_review_due(tmp_path, course, monkeypatch), run_before=to_home)


def test_review_feedback(snap_compare, tmp_path, course, monkeypatch):
    async def run_before(pilot):
        await to_home(pilot)
        await choose(pilot, "#modules", "review")
        await answer(pilot, pilot.app.screen.query_one(QuestionView), right=False)

    assert snap_compare(with_review_due(tmp_path, course, monkeypatch), run_before=run_before)


def test_pretest_invitation(snap_compare, tmp_path, course):
    from mhcourse.progress.access import Access

    assert snap_compare(app_with_profile(tmp_path, course, access=Access(pretest=True)), run_before=to_lesson)


def test_module_refresher_due(snap_compare, tmp_path, course, monkeypatch):
    from helpers import pass_module
    from mhcourse.progress.access import Access

    app = app_with_profile(tmp_path, course, access=Access(pretest=False, refresher_months=1))
    module = next(m for m in app.modules if m.id == "mental-health-basics")
    pass_module(core_learner(app), module)
    monkeypatch.setenv("MHCOURSE_TODAY", LATER)

    async def run_before(pilot):
        await to_module(pilot)
        items = pilot.app.screen.query_one("#items")
        while items.get_option_at_index(items.highlighted).id != "quiz":  # the quiz's row lit, not opened
            await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def core_learner(app):
    import random

    from mhcourse.progress.learner import Learner

    store = app.desk.store
    return Learner(store, store.profile("Robin"), app.modules, random.Random(SEED), **app.desk.course_rules())
