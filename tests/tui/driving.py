"""Helpers that drive the TUI with keys, as a learner would."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from textual.geometry import Region
from textual.widgets import Footer, OptionList
from textual.widgets._footer import FooterKey

from helpers import write_module
from mhcourse.content.loader import load_module
from mhcourse.content.models import MatchQuestion, MultipleQuestion, OrderQuestion, SingleQuestion, TrueFalseQuestion
from mhcourse.learning.answers import correct_answer
from mhcourse.learning.quiz import plan_quiz
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.site.schema import CourseSettings
from mhcourse.tui.app import CourseApp
from mhcourse.tui.widgets.question import MatchList, OrderList, QuestionView, TickList

FIXED_TIME = "2026-11-23T10:00:00+00:00"
SEED = 7


def small_module(tmp_path: Path, **kw):
    path = write_module(tmp_path / "modules", **kw)
    loaded = load_module(path)
    assert loaded.ok, loaded.problems
    return loaded.module


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def long_module():
    """tests/fixtures/long.toml: every text long, one quiz question of each type, for layout at 80x24."""
    loaded = load_module(FIXTURES / "long.toml")
    assert loaded.ok, loaded.problems
    return loaded.module


QUIET_SITE = SiteConfig(course=CourseSettings(confidence_check=False))
"""A site that does not ask the confidence question, for tests about other things."""


def make_app(data_dir: Path, modules, *, kiosk=None, access: Access | None = None, **kw) -> CourseApp:
    store = Store.open(data_dir, clock=lambda: FIXED_TIME)
    site = kw.setdefault("site", QUIET_SITE)
    # The site's confidence_check reaches the learner through the desk's policy, as Access.from_site makes it; the
    # pre-test is off unless a test asks for it (access=Access(...)): tests about other things open lessons.
    access = replace(access or Access(kiosk=kiosk, pretest=False), confidence=site.course.confidence_check)
    return CourseApp(modules, Desk(store, access), seed=SEED, **kw)


async def choose(pilot, selector: str, option_id: str) -> None:
    """Move the highlight of an option list to an option by keys, and press Enter."""
    options = pilot.app.screen.query_one(selector, OptionList)
    options.focus()
    target = options.get_option_index(option_id)
    await pilot.pause()
    while options.highlighted != target:
        await pilot.press("down" if (options.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await pilot.pause()


async def open_item(pilot, item_id: str, module_id: str = "small") -> None:
    """From home: open a module, then one of its items ("lesson:<id>", "quiz", "scenario:<id>")."""
    await choose(pilot, "#modules", f"module:{module_id}")
    await choose(pilot, "#items", item_id)


async def highlight_index(pilot, options: OptionList, target: int) -> None:
    options.focus()
    await pilot.pause()
    if options.highlighted is None:
        await pilot.press("down")
    while options.highlighted != target:
        await pilot.press("down" if options.highlighted < target else "up")


async def answer(pilot, view: QuestionView, right: bool = True) -> None:
    """Answer the question on screen by keys: rightly, or (right=False) wrongly."""
    q = view.question
    wanted = correct_answer(q)
    if isinstance(q, SingleQuestion):
        texts = view.shown
        index = texts.index(wanted) if right else next(i for i, t in enumerate(texts) if t != wanted)
        await highlight_index(pilot, view.query_one(OptionList), index)
        await pilot.press("enter")
    elif isinstance(q, TrueFalseQuestion):
        await highlight_index(pilot, view.query_one(OptionList), 0 if (q.answer == right) else 1)
        await pilot.press("enter")
    elif isinstance(q, MultipleQuestion):
        ticks = view.query_one(TickList)
        goal = set(wanted) if right else {next(t for t in view.shown if t not in wanted)}
        for i, text in enumerate(view.shown):
            if text in goal:
                await highlight_index(pilot, ticks, i)
                await pilot.press("space")
        await pilot.press("enter")
    elif isinstance(q, OrderQuestion):
        items = view.query_one(OrderList)
        goal = list(wanted) if right else list(reversed(wanted))
        for place, item in enumerate(goal):
            at = items.items.index(item)
            await highlight_index(pilot, items, at)
            for _ in range(at - place):
                await pilot.press("u")
        await pilot.press("enter")
    elif isinstance(q, MatchQuestion):
        match = view.query_one(MatchList)
        await highlight_index(pilot, match, 0)
        for term in match.terms:  # each number gives the highlighted term a meaning and moves on to the next term
            goal = wanted[term] if right else next(m for m in match.meanings if m != wanted[term])
            await pilot.press(str(match.meanings.index(goal) + 1))
        await pilot.press("enter")  # on the last row, Check my answer
    await pilot.pause()


def screen_lines(app) -> list[str]:
    """The text on the terminal now, one string a line: what the learner can see."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


def fully_visible(app, widget) -> bool:
    """The widget (or a region of the screen) is on screen in full: not cut off at an edge, not under the footer."""
    region = widget if isinstance(widget, Region) else widget.region
    footer = app.screen.query(Footer)
    bottom = footer.first().region.y if footer else app.screen.size.height
    return bool(region.area) and region.x >= 0 and region.y >= 0 and region.right <= app.screen.size.width and (
        region.bottom <= bottom
    )


def footer_shows(app, description: str) -> bool:
    """A key with this description is in the footer, whole, and not hidden under ^p More (the command palette)."""
    keys = list(app.screen.query_one(Footer).query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    shown = [key for key in palette if key.region.area]  # ^p More is left out first when room is short
    right = shown[0].region.x if shown else app.screen.size.width
    return any(
        key.description == description and key.region.area and key.region.right <= right
        for key in keys if key not in palette
    )


def keyed_answer(question, shown: tuple[str, ...], right: bool):
    """The answer `answer()` gives by keys for a question shown in this order: the right one, or its wrong one."""
    wanted = correct_answer(question)
    if isinstance(question, SingleQuestion):
        return wanted if right else next(t for t in shown if t != wanted)
    if isinstance(question, TrueFalseQuestion):
        return question.answer if right else not question.answer
    if isinstance(question, MultipleQuestion):
        return [t for t in shown if t in wanted] if right else [next(t for t in shown if t not in wanted)]
    if isinstance(question, OrderQuestion):
        return list(wanted) if right else list(reversed(wanted))
    return {term: meaning if right else next(m for m in shown if m != meaning) for term, meaning in wanted.items()}


def begin_quiz(app: CourseApp, module, answered: int, right=lambda index: True, name: str = "Robin") -> None:
    """The first `answered` questions of a quiz answered through the core, before the app runs, as the keys in
    `answer()` would answer them; opening the quiz then resumes at the next question. The plan is drawn with
    the app's own seed, so it is the one the app would draw when the quiz is its first shuffle."""
    learner = Learner(app.desk.store, app.desk.store.profile(name), app.modules, random.Random(SEED))
    attempt = learner.quiz_attempt(module)
    for index, shown in enumerate(attempt.plan.questions[:answered]):
        question = module.question(shown.id)
        learner.answer(attempt, question, keyed_answer(question, shown.shown, right(index)))


def first_of_type(module, kind: str) -> int:
    """Where the first question of this type comes in the plan the app's seed draws."""
    plan = plan_quiz(module, random.Random(SEED))
    return next(i for i, shown in enumerate(plan.questions) if module.question(shown.id).type == kind)
