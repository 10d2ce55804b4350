"""The TUI in the learner's language: every screen in the pseudo-language leaves no plain English line, and a
learner who switches language in the palette keeps their progress (an attempt under way stays in its language)."""

from __future__ import annotations

import random
import re

from textual.widgets import OptionList

from helpers import bundled_course
from mhcourse.content.loader import load_module
from mhcourse.i18n import PSEUDO, current_language, use_language
from mhcourse.learning.answers import correct_answer
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mhcourse.tui.screens.help import GetHelpScreen
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.keys import KeysScreen
from mhcourse.tui.screens.language import LanguageScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.module import ContentNoteScreen, ModuleScreen
from mhcourse.tui.screens.profiles import ProfileScreen, WelcomeScreen
from mhcourse.tui.screens.quiz import QuizScreen, ResultsScreen
from mhcourse.tui.screens.review import ReviewSessionScreen
from mhcourse.tui.screens.scenario import ScenarioScreen
from mhcourse.tui.widgets.palette import CoursePalette
from mhcourse.tui.widgets.question import QuestionView
from pseudo import ALLOWED, ROOT, pseudo_module, unconverted

from .driving import SEED, answer, choose, make_app, screen_text

BASICS = "mental-health-basics"


def data_words(value: object) -> set[str]:
    """The words of a data file's values (the crisis lines: a place's own names, not the interface's)."""
    if isinstance(value, dict):
        return set().union(*(data_words(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(data_words(v) for v in value)) if value else set()
    words = set(re.findall(r"[A-Za-z]{3,}", value)) if isinstance(value, str) else set()
    return words | {word.capitalize() for word in words}  # "free, 24/7" begins a sentence: "Free, 24/7"


def plain_words(line: str, allowed: set[str]) -> list[str]:
    """Whole words of plain ASCII letters: the middle line of a pseudo paragraph wrapped over three lines has
    neither bracket, but its words are accented ("šîmplé"), so they do not count (unconverted() counts "mpl")."""
    return [w for w in re.findall(r"\w{3,}", line) if re.fullmatch(r"[A-Za-z]+", w) and w not in allowed]


def all_converted(app, where: str, allowed: set[str] = ALLOWED) -> None:
    left = [line for line in unconverted(screen_text(app), allowed) if plain_words(line, allowed)]
    assert left == [], f"{where}: {left}"


async def test_every_screen_speaks_the_pseudo_language(tmp_path, monkeypatch):
    monkeypatch.setenv("MHCOURSE_LANG", PSEUDO)
    monkeypatch.setenv("MHCOURSE_TODAY", "2027-01-04")
    use_language(PSEUDO)  # as `mhcourse` does at start-up (commands/_common.py)
    loaded = load_module(pseudo_module(ROOT / "modules" / "suicide-awareness.toml", tmp_path / "pseudo"))
    assert loaded.ok, loaded.problems
    module = loaded.module
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        all_converted(app, "welcome")
        await pilot.press("enter")
        assert isinstance(app.screen, ProfileScreen)
        all_converted(app, "profiles")
        await pilot.press(*"Jo", "enter")  # a name of two letters: no plain word on screen
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.learner is not None and current_language() == PSEUDO
        all_converted(app, "home")

        await choose(pilot, "#modules", f"module:{module.id}")
        assert isinstance(app.screen, ContentNoteScreen)
        all_converted(app, "content note")
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        all_converted(app, "module")

        await choose(pilot, "#items", f"lesson:{module.lessons[0].id}")
        assert isinstance(app.screen, LessonScreen)
        all_converted(app, "lesson")
        view = app.screen.query_one(QuestionView)
        app.screen.query_one("#lesson-scroll").scroll_to_widget(view, animate=False, top=True)
        await pilot.pause()
        all_converted(app, "a lesson's check")
        await answer(pilot, view, right=False)
        app.screen.query_one("#lesson-scroll").scroll_to_widget(view, animate=False, top=True)
        await pilot.pause()
        all_converted(app, "a check's feedback")
        await pilot.press("escape")
        await pilot.pause()

        await choose(pilot, "#items", "quiz")
        assert isinstance(app.screen, QuizScreen)
        for number, _question in enumerate(module.questions):
            all_converted(app, f"quiz question {number + 1}")
            await answer(pilot, app.screen.query_one(QuestionView), right=number % 2 == 0)
            all_converted(app, f"quiz feedback {number + 1}")
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        all_converted(app, "quiz results")
        await pilot.press("escape")
        await pilot.pause()

        await choose(pilot, "#items", f"scenario:{module.scenarios[0].id}")
        assert isinstance(app.screen, ScenarioScreen)
        all_converted(app, "scenario")
        await pilot.press("enter")
        await pilot.pause()
        all_converted(app, "scenario, a step on")

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen)
        # The crisis lines are data in the site's or the course's words: the interface around them is ours.
        lines = data_words(app.helplines.model_dump())
        all_converted(app, "Get help now", ALLOWED | lines)
        await pilot.press("escape")
        await pilot.pause()

        app.action_show_help_panel()
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        all_converted(app, "keys")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CoursePalette)
        all_converted(app, "palette", ALLOWED | lines | {"Language"})  # a country's name; "Language" on purpose
        await pilot.press(*"zzzz")
        await pilot.pause(0.8)
        all_converted(app, "palette, nothing found")
        await pilot.press("escape")
        await pilot.pause()

        app.choose_language()
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        all_converted(app, "language", ALLOWED | {"English", "Español", "Français"})
        await pilot.press("escape")
        await pilot.pause()

        monkeypatch.setenv("MHCOURSE_TODAY", "2027-03-04")  # the answers are due again
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
            await pilot.pause()
        await choose(pilot, "#modules", f"module:{module.id}")  # and back: home is drawn again
        await pilot.press("escape")
        await pilot.pause()
        all_converted(app, "home with review")
        await choose(pilot, "#modules", "review")
        assert isinstance(app.screen, ReviewSessionScreen)
        all_converted(app, "review")
        await answer(pilot, app.screen.query_one(QuestionView))
        all_converted(app, "review feedback")


def language_row(app) -> list[str]:
    options = app.screen.query_one("#languages", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_switching_language_keeps_progress_and_the_attempt_under_way(tmp_path):
    data = tmp_path / "data"
    app = make_app(data, bundled_course())
    app.desk.create("Robin")
    store = app.desk.store
    basics = next(m for m in app.modules if m.id == BASICS)
    learner = Learner(store, store.profile("Robin"), app.modules, random.Random(SEED))
    learner.open_lesson(basics, basics.lessons[0].id)
    learner.finish_lesson(basics, basics.lessons[0].id)
    attempt = learner.quiz_attempt(basics)
    first = basics.question(attempt.plan.questions[0].id)
    learner.answer(attempt, first, correct_answer(first))
    english_next = basics.question(attempt.plan.questions[1].id)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Robin
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert basics.title in screen_text(app)
        app.choose_language()
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        assert language_row(app) == ["✔ English", "  Español", "  Français"]  # each in its own words
        await choose(pilot, "#languages", "es")
        await app.workers.wait_for_complete()
        await pilot.pause()

        assert isinstance(app.screen, HomeScreen) and current_language() == "es"
        learner = app.learner
        assert learner is not None and learner.language == "es"
        spanish = learner.module(BASICS)
        assert spanish is not None and spanish.title != basics.title
        text = screen_text(app)
        assert spanish.title in text and basics.title not in text
        assert "Continue" not in text  # the home screen itself is in Spanish
        # The same progress: the lesson read, the attempt under way (in English, the language it began in).
        assert basics.lessons[0].id in learner.record(spanish).lessons_completed
        await choose(pilot, "#modules", f"module:{BASICS}")
        assert isinstance(app.screen, ModuleScreen)
        await choose(pilot, "#items", "quiz")
        assert isinstance(app.screen, QuizScreen)
        assert english_next.prompt[:30] in screen_text(app).replace("\n", " ") or (
            app.screen.query_one(QuestionView).question.prompt == english_next.prompt)
        under_way = learner.unfinished_attempt(spanish)
        assert under_way is not None and under_way.language == "en"
        assert learner.new_attempt(spanish).language == "es"  # a new attempt is in Spanish

    again = make_app(data, bundled_course())  # the choice is kept in the profile
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        assert again.learner is not None and again.learner.language == "es" and current_language() == "es"
        assert again.learner.module(BASICS).title in screen_text(again)
    store = Store.open(data)
    assert store.setting(store.profile("Robin").id, "language") == "es"
    store.close()


async def test_the_profile_screen_speaks_the_desk_language_after_a_learner_leaves(tmp_path):
    app = make_app(tmp_path / "data", bundled_course())
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.choose_language()
        await pilot.pause()
        await choose(pilot, "#languages", "fr")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_language() == "fr"
        await pilot.press("escape")  # switch profile
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert current_language() == "en"


async def test_an_authors_preview_and_a_guest_switch_too(tmp_path):
    from mhcourse.progress.desk import Desk
    from mhcourse.tui.app import CourseApp

    from .driving import QUIET_SITE

    basics = next(m for m in bundled_course() if m.id == BASICS)
    app = CourseApp([basics], Desk.in_memory(), preview=basics, seed=SEED, site=QUIET_SITE)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ModuleScreen) and basics.title in screen_text(app)
        app.choose_language()
        await pilot.pause()
        await choose(pilot, "#languages", "es")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and current_language() == "es"
        assert app.screen.module.title != basics.title and app.screen.module.title in screen_text(app)

    use_language("en")
    guest_app = make_app(tmp_path / "data", bundled_course())
    async with guest_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Start: create your profile
        await pilot.pause()
        guest_app.start_guest()
        await pilot.pause()
        assert guest_app.is_guest
        guest_app.choose_language()
        await pilot.pause()
        await choose(pilot, "#languages", "fr")
        await guest_app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(guest_app.screen, HomeScreen) and current_language() == "fr"
        french = guest_app.learner.module(BASICS)
        assert french is not None and french.title in screen_text(guest_app)
    assert guest_app.desk.profiles() == []  # nothing kept for a guest
