"""A learner completes lessons, a knowledge check and a quiz with forms alone, over HTTP (no browser).

Each page is read as a browser reads it: its forms and links (benchmarks/webforms.py, the reader the
web benchmark's simulated learners use too), a valid answer picked from what the form offers, the
form posted, and the redirect followed. Nothing here knows a field name beyond the profile form's
typed name: the walk holds only if every page's forms carry what the server needs to go on.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from helpers import bundled_course, small_module
from mhcourse.progress.desk import Desk
from mhcourse.web.app import build_app

READER = Path(__file__).resolve().parents[2] / "benchmarks" / "webforms.py"


def _load_reader():
    """benchmarks/webforms.py, loaded by its path (benchmarks/ is no package, and the bench cannot import tests)."""
    spec = importlib.util.spec_from_file_location("webforms", READER)
    assert spec is not None and spec.loader is not None
    module = sys.modules.setdefault("webforms", importlib.util.module_from_spec(spec))
    if not hasattr(module, "read_page"):
        spec.loader.exec_module(module)
    return module


webforms = _load_reader()


class Browser:
    """Pages through the test client: each answer is the path it ended on, its HTML and its forms and links."""

    def __init__(self, client, rng: random.Random) -> None:
        self.client = client
        self.rng = rng
        self.requests = 0

    async def open(self, path: str):
        return await self._page(await self.client.get(path))

    async def send(self, form, **typed: str):
        assert form.method == "post", form
        return await self._page(await self.client.post(form.action, data=webforms.fill(form, self.rng, typed)))

    async def _page(self, response):
        self.requests += 1
        html = await response.text()
        assert response.status == 200, (response.url, html[:2000])
        assert "Traceback" not in html
        return response.url.path, html, webforms.read_page(html, response.url.path)

    async def through_gates(self, where: str, html: str, page, module_id: str):
        """Past the content note (go on) and the confidence questions (the first answer), as a learner would."""
        for _ in range(3):
            gate = [f for f in page.forms if f.action == f"/modules/{module_id}/note"
                    or f.action.startswith(f"/modules/{module_id}/confidence/")]
            if not gate:
                return where, html, page
            where, html, page = await self.send(gate[0])
        raise AssertionError(f"still at a gate: {where}")


def only(forms, ending: str):
    found = [f for f in forms if f.action.endswith(ending) or ending in f.action]
    assert len(found) == 1, (ending, [f.action for f in forms])
    return found[0]


async def make_profile(browser: Browser, name: str) -> None:
    where, _, page = await browser.open("/profiles/new")
    where, _, page = await browser.send(page.forms_to("/profiles/new")[0], name=name)
    assert where == "/home", where


async def read_lessons(browser: Browser, module) -> int:
    """Every lesson: its checks answered (feedback shown), then Done; the number of checks answered."""
    _, _, home = await browser.open("/home")
    assert f"/modules/{module.id}" in home.links
    _, _, module_page = await browser.through_gates(*await browser.open(f"/modules/{module.id}"), module.id)
    lessons = module_page.links_to(f"/modules/{module.id}/lessons/")
    assert lessons, "the module page links to its lessons"
    where, html, page = await browser.through_gates(*await browser.open(lessons[0]), module.id)
    checks = 0
    for lesson in module.lessons:
        assert "/lessons/" in where, where
        assert lesson.title in html
        for _ in lesson.checks:
            check = next(f for f in page.forms if "/checks/" in f.action)
            assert check.is_question
            where, html, page = await browser.send(check)
            assert "/lessons/" in where and 'id="feedback"' in html and page.alerts == 0
            checks += 1
        assert not [f for f in page.forms if "/checks/" in f.action], "every check answered shows its feedback"
        where, html, page = await browser.send(only(page.forms, "/done"))
    assert "/lessons/" not in where, f"Done on the last lesson leaves the lessons: {where}"
    return checks


async def take_quiz(browser: Browser, module) -> int:
    """Every question of one attempt, answered through its form; the number answered."""
    quiz = f"/modules/{module.id}/quiz"
    where, html, page = await browser.through_gates(*await browser.open(quiz), module.id)
    for answered in range(len(module.quiz.questions) + 1):
        if where == f"{quiz}/results":
            return answered
        assert where == quiz, where
        where, html, page = await browser.send(only(page.forms, "/quiz/answer"))
        assert where.startswith(f"{quiz}/feedback/"), (where, html[:2000])
        assert 'id="feedback"' in html and page.alerts == 0
        onward = [link for link in page.links_to(quiz) if link in (quiz, f"{quiz}/results")]
        assert onward, page.links
        where, html, page = await browser.through_gates(*await browser.open(onward[0]), module.id)
    raise AssertionError("the quiz never reached its results")


@pytest.mark.parametrize("which", ["small", "myths-facts-stigma"])
async def test_a_learner_completes_lessons_checks_and_a_quiz_with_forms_alone(aiohttp_client, make_course, store,
                                                                              which):
    module = small_module() if which == "small" else next(m for m in bundled_course() if m.id == which)
    client = await aiohttp_client(build_app(make_course(modules=[module])))
    browser = Browser(client, random.Random(15))
    await make_profile(browser, "Robin")

    checks = await read_lessons(browser, module)
    answered = await take_quiz(browser, module)

    _, html, results = await browser.open(f"/modules/{module.id}/quiz/results")
    assert results.forms_to(f"/modules/{module.id}/quiz/again"), "the results offer another attempt"
    assert checks == sum(len(lesson.checks) for lesson in module.lessons) > 0
    assert answered == len(module.quiz.questions)
    desk = Desk(store)
    record = desk.start(desk.find("Robin"), [module]).record(module)  # the record the pages wrote
    assert record.lessons_completed == {lesson.id for lesson in module.lessons}
    assert record.attempts == 1 and record.best_score is not None
    if module.module.content_note:
        assert record.note_read


def test_the_form_reader_answers_as_a_browser_would():
    html = """<form method="post" action="/modules/m/quiz/answer">
      <input type="hidden" name="csrf" value="t"><input type="hidden" name="question" value="q2">
      <input type="radio" name="answer" id="a1" value="Listening"><input type="radio" name="answer" value="Ignoring">
      <select name="order-1"><option value="">Choose</option><option>one</option><option>two</option></select>
      <select name="order-2"><option value="">Choose</option><option>one</option><option>two</option></select>
      <button type="submit">Submit answer</button><button type="submit" name="value" value="skip">Skip</button>
    </form><a href="/help">Get help now</a><p role="alert">Choose an answer.</p>"""
    page = webforms.read_page(html)
    assert page.links == ["/help"] and page.alerts == 1
    form = page.forms[0]
    assert form.is_question and form.action == "/modules/m/quiz/answer"
    sent = webforms.fill(form)
    assert sent == [("csrf", "t"), ("question", "q2"), ("answer", "Listening"), ("order-1", "one"), ("order-2", "two")]
    assert ("value", "skip") in webforms.fill(form, button="skip")
    for seed in range(20):  # each item used once in an order question, whatever the pick
        chosen = dict(webforms.fill(form, random.Random(seed)))
        assert {chosen["order-1"], chosen["order-2"]} == {"one", "two"}
    assert webforms.read_page(html, forms_only=True).links == []
