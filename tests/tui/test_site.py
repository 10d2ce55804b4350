"""A community centre's site config in the TUI: local helplines first, local support, welcome, certificate,
and the optional confidence question."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import pass_module
from mhcourse.learning.progress import Status
from mhcourse.progress.store import Store
from mhcourse.site.loading import load_config
from mhcourse.tui.screens.confidence import ConfidenceScreen
from mhcourse.tui.screens.help import GetHelpScreen
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.lesson import LessonScreen
from mhcourse.tui.screens.profiles import WelcomeScreen
from mhcourse.tui.screens.quiz import ResultsScreen
from mhcourse.tui.screens.support import LocalSupportScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, choose, make_app, small_module
from .test_text_and_settings import shown_text

SITE = """\
[organization]
name = "Riverside Community Centre"
welcome = "Welcome to Riverside. Staff are here if you need them."

[helplines]
checked = "2026-11"
emergency = "999"

[[helplines.line]]
name = "Riverside Crisis Cafe"
phone = "0113 496 0000"
hours = "Fridays 6pm to 11pm"

[support]
intro = "People near here who can help."

[[support.groups]]
name = "Thursday peer group"
when = "Thursdays 6pm"
how_to_reach = "Just come along."
"""


def site_config(tmp_path, text: str = SITE, extra: str = ""):
    path = tmp_path / "site.toml"
    path.write_text(text + extra)
    return load_config(path)


async def test_local_helpline_is_listed_first_in_get_help_now(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], site=site_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        text = shown_text(app.screen)
        assert "Riverside Community Centre" in text and "Welcome to Riverside" in text
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen)
        text = shown_text(app.screen)
        assert text.index("immediate danger") < text.index("Riverside Crisis Cafe") < text.index("Samaritans")
        assert "0113 496 0000" in text


async def test_get_help_now_says_who_a_line_is_for(tmp_path):
    extra = '\n[[helplines.line]]\nname = "Riverside Youth Line"\nnumber = "01632 960 111"\naudience = "young people"\n'
    text = SITE.replace("[support]", extra.lstrip("\n") + "\n[support]")
    app = make_app(tmp_path / "data", [small_module(tmp_path)], site=site_config(tmp_path, text=text))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, GetHelpScreen)
        shown = " ".join(shown_text(app.screen).split())
        assert "Riverside Youth Line (for young people): call 01632 960 111" in shown
        assert "Riverside Crisis Cafe: call 0113 496 0000" in shown  # `phone`, the older name, still shows
        assert "Childline (for children and young people): call 0800 1111" in shown


async def test_local_support_from_home_and_from_get_help_now(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], site=site_config(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Ana", "enter")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LocalSupportScreen)
        assert "Thursday peer group" in shown_text(app.screen)
        await pilot.press("escape", "f1")
        await pilot.pause()
        app.screen.query_one("#help-support").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LocalSupportScreen)


async def test_certificate_is_saved_from_home_once_the_course_is_passed(tmp_path, monkeypatch):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    extra = '\n[course]\nconfidence_check = false\npaper = "letter"\n'  # the site's paper, not A4
    app = make_app(data, [module], site=site_config(tmp_path, extra=extra))
    downloads = Path.home() / "Downloads"
    assert not downloads.exists(), "a fresh account with no downloads folder"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Ana", "enter")
        app.save_certificate()  # not passed yet: refused, nothing saved
        await pilot.pause()
        assert not downloads.exists()
        await choose(pilot, "#modules", "module:small")
        pass_module(app.learner, module)  # through the core: passing by keys is test_journey's
        await pilot.press("escape")
        assert app.learner.state(module).status is Status.PASSED
        await choose(pilot, "#modules", "certificate")
        for _ in range(100):  # the file is written in a thread
            if list(downloads.glob("certificate-MHC-*.html")):
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert any("saved to" in str(n.message) for n in app._notifications)
    [saved] = downloads.glob("certificate-MHC-*.html")
    html = saved.read_text(encoding="utf-8")
    assert "Riverside Community Centre" in html and "Ana" in html
    assert "@page { size: letter;" in html
    store = Store.open(data)
    ref = saved.name.removeprefix("certificate-").removesuffix(".html")
    assert store.find_certificate(ref) is not None


@pytest.mark.slow
async def test_confidence_question_before_the_first_lesson_and_after_a_passed_quiz(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = make_app(data, [module], site=site_config(tmp_path))  # confidence_check is on by default
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Ana", "enter")
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "lesson:first")
        assert isinstance(app.screen, ConfidenceScreen)
        assert app.screen.query_one("#scale").highlighted == 5  # "Skip" is lit: Enter alone answers nothing
        await pilot.press("home", "down", "enter")  # 2: a little confident
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")
        await choose(pilot, "#items", "lesson:second")
        assert isinstance(app.screen, LessonScreen)  # asked once per module
        await pilot.press("escape")
        await choose(pilot, "#items", "quiz")
        for _ in module.questions:
            await answer(pilot, app.screen.query_one(QuestionView))
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ConfidenceScreen)
        await pilot.press("escape")  # skipped
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    store = Store.open(data)
    assert store.confidence(store.profile("Ana").id, "small") == {"before": 2, "after": None}
