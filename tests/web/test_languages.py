"""The web page in each visitor's language: the pseudo-language finds no English left on any kind of page, two
visitors at once each get their own language, a switch keeps progress, and a browser's Accept-Language is heard
before anyone signs in."""

from __future__ import annotations

import asyncio
import random
import re
from html.parser import HTMLParser

import pytest
from tests.pseudo import ROOT, pseudo_module, unconverted
from tests.web.conftest import csrf_of
from tests.web.pages import on_store, title_of
from tests.web.test_review import move_clock
from tests.web.test_walkthrough import Browser, make_profile, only, read_lessons, take_quiz

from helpers import bundled_course
from mhcourse import i18n
from mhcourse.content.loader import load_module
from mhcourse.site.config import SiteConfig
from mhcourse.site.schema import CourseSettings
from mhcourse.web.app import build_app
from mhcourse.web.keys import COURSE, VISITS
from mhcourse.web.language import asked, back_to

SITE = SiteConfig(course=CourseSettings(confidence_check=False))
MYTHS = "myths-facts-stigma"


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.use_language(i18n.ENGLISH)


def said(language: str, message: str) -> str:
    return i18n.translations(language).gettext(message)


class Visible(HTMLParser):
    """What a person meets on a page: its text (no scripts or styles) and the words in its attributes. The language
    chooser's names are left out: each is its language's own name, the same in every language on purpose."""

    SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("script", "style") or (tag == "option" and "lang" in found):
            self._hidden += 1
            return
        self.parts.extend(found[name] or "" for name in self.SHOWN_ATTRIBUTES if found.get(name))
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(found["value"] or "")  # a button's words (a <button>'s are its text)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "option") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


class Recorder(Browser):
    """A browser that keeps every page it was shown, by path."""

    def __init__(self, client, rng) -> None:
        super().__init__(client, rng)
        self.pages: dict[str, str] = {}

    async def _page(self, response):
        where, html, page = await super()._page(response)
        self.pages.setdefault(where, html)
        return where, html, page


def pseudo_course(tmp_path) -> list:
    path = pseudo_module(ROOT / "modules" / f"{MYTHS}.toml", tmp_path / "pseudo")
    loaded = load_module(path)
    assert loaded.ok, loaded.problems
    return [loaded.module]


# -- (a) the pseudo-language: no English left on any kind of page --------------------------------------------

async def test_every_kind_of_page_in_the_pseudo_language_leaves_no_english(aiohttp_client, make_course, tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv(i18n.ENV, i18n.PSEUDO)
    [module] = pseudo_course(tmp_path)
    client = await aiohttp_client(build_app(make_course(modules=[module], site=SITE)))
    browser = Recorder(client, random.Random(4))
    await browser.open("/")
    await make_profile(browser, "Ẑé")  # a name with no plain word in it: names are the learner's, not ours
    assert await read_lessons(browser, module) > 0  # the content note, each lesson, its checks answered
    assert await take_quiz(browser, module) == len(module.quiz.questions)  # questions, feedback, results
    scenario = module.scenarios[0]
    where, _html, page = await browser.open(f"/modules/{module.id}/practice/{scenario.id}")
    await browser.send(only(page.forms, "/choose"))  # a step with how the choice landed
    for path in ("/home", f"/modules/{module.id}", "/help", "/support", "/settings", "/review"):
        await browser.open(path)
    move_clock(monkeypatch, 30)  # the quiz's questions are due: a review card and its feedback
    _where, _html, page = await browser.open("/review")
    await browser.send(only(page.forms, "/review/answer"))
    missing = await client.get("/no/such/page")  # an error page
    assert missing.status == 404
    browser.pages["404"] = await missing.text()
    expired = await client.post("/settings", data={"csrf": "stale"})  # the form-expired page
    assert expired.status == 403
    browser.pages["403"] = await expired.text()
    kinds = {re.sub(r"/(quiz/feedback|lessons|practice)/.*", r"/\1", path) for path in browser.pages}
    assert len(kinds) >= 14, sorted(kinds)
    for path, html in browser.pages.items():  # Get help now's lines too: the list speaks the learner's language
        assert '<html lang="qps"' in html, path
        assert unconverted(visible(html)) == [], path
        assert unconverted(title_of(html)) == [], path


# -- (b) two visitors at once, each in their own language ----------------------------------------------------

async def test_two_visitors_at_once_each_read_their_own_language(aiohttp_client, make_course):
    app = build_app(make_course(modules=bundled_course(), site=SITE))
    spanish = await aiohttp_client(app, headers={"Accept-Language": "es-ES,es;q=0.9"})
    french = await aiohttp_client(spanish.server, headers={"Accept-Language": "fr-CA,fr;q=0.8,en;q=0.5"})
    for client in (spanish, french):
        welcome = await client.get("/")
        made = await client.post("/guest", data={"csrf": csrf_of(await welcome.text())})
        assert made.url.path == "/home"
    pages = ("/home", "/modules/mental-health-basics", "/help", "/settings", "/no/such/page")

    async def fetch(client, path):
        response = await client.get(path)
        return client, path, await response.text()

    results = await asyncio.gather(*(fetch(client, path) for _ in range(4) for path in pages
                                     for client in (spanish, french)))
    for client, path, html in results:
        language = "es" if client is spanish else "fr"
        assert f'<html lang="{language}"' in html, path
        assert said(language, "Get help now") in html, (language, path)
    home = {client: html for client, path, html in results if path == "/home"}
    basics = {language: next(m for m in bundled_course() if m.id == "mental-health-basics")._translations[language]
              for language in ("es", "fr")}
    assert basics["es"].title in home[spanish] and basics["fr"].title not in home[spanish]
    assert basics["fr"].title in home[french] and basics["es"].title not in home[french]
    assert i18n.current_language() == i18n.ENGLISH  # nothing leaked into the process


# -- (c) a switch keeps progress, and the profile keeps the choice -------------------------------------------

async def test_switching_language_keeps_progress_and_the_profile_keeps_it(aiohttp_client, make_course, store):
    modules = bundled_course()
    basics = next(m for m in modules if m.id == "mental-health-basics")
    client = await aiohttp_client(build_app(make_course(modules=modules, site=SITE)))
    browser = Browser(client, random.Random(2))
    await make_profile(browser, "Robin")
    lesson = f"/modules/{basics.id}/lessons/{basics.lessons[0].id}"
    _where, html, page = await browser.through_gates(*await browser.open(lesson), basics.id)
    await browser.send(only(page.forms, "/done"))
    visit = next(iter(client.server.app[VISITS].visits.values()))
    before = await on_store(client, lambda: visit.learner.record(basics).lessons_completed)
    assert before == {basics.lessons[0].id}

    home = await client.get("/home")
    changed = await client.post("/language", data={"csrf": csrf_of(await home.text()), "language": "es",
                                                    "back": "/home"}, allow_redirects=False)
    assert changed.status == 303 and changed.headers["Location"] == "/home"
    spanish = await (await client.get("/home")).text()
    assert '<html lang="es"' in spanish and basics._translations["es"].title in spanish

    def in_spanish():
        with i18n.speaking("es"):
            return visit.learner.record(basics).lessons_completed, visit.learner.state(basics).describe()

    after, words = await on_store(client, in_spanish)
    assert after == before and words in spanish  # the same lesson read, said in Spanish

    signed_out = await client.post("/signout", data={"csrf": csrf_of(spanish)})
    assert '<html lang="en"' in await signed_out.text()  # the next person starts in the browser's language
    profile = await on_store(client, client.server.app[COURSE].desk.find, "Robin")
    welcome = await client.get("/")
    opened = await client.post("/profiles/open", data={"csrf": csrf_of(await welcome.text()),
                                                       "profile": str(profile.id)})
    again = await opened.text()
    assert opened.url.path == "/home" and '<html lang="es"' in again and words in again


# -- (d) before signing in: the browser's languages, and a choice kept for the visit --------------------------

async def test_accept_language_gives_spanish_before_signing_in(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(site=SITE)), headers={"Accept-Language": "es-MX,es;q=0.9"})
    html = await (await client.get("/")).text()
    assert '<html lang="es"' in html and said("es", "Get help now") in html
    assert title_of(html).startswith(said("es", "Welcome"))


async def test_a_language_chosen_before_signing_in_is_kept_for_the_visit_and_given_to_a_new_profile(
        aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(site=SITE)))
    welcome = await (await client.get("/profiles/new")).text()
    assert '<html lang="en"' in welcome and '<option value="fr" lang="fr">Français</option>' in welcome
    chosen = await client.post("/language", data={"csrf": csrf_of(welcome), "language": "fr",
                                                   "back": "/profiles/new"}, allow_redirects=False)
    assert chosen.headers["Location"] == "/profiles/new"
    french = await (await client.get("/profiles/new")).text()
    assert '<html lang="fr"' in french and '<option value="fr" lang="fr" selected>' in french
    made = await client.post("/profiles/new", data={"csrf": csrf_of(french), "name": "Ana"})
    assert made.url.path == "/home" and '<html lang="fr"' in await made.text()
    visit = next(iter(client.server.app[VISITS].visits.values()))
    assert await on_store(client, visit.learner.setting, "language") == "fr"  # kept in the new profile


async def test_the_language_form_goes_back_only_to_this_site_and_takes_only_shipped_languages(aiohttp_client,
                                                                                              make_course):
    client = await aiohttp_client(build_app(make_course(site=SITE)))
    token = csrf_of(await (await client.get("/")).text())
    for back in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        sent = await client.post("/language", data={"csrf": token, "language": "es", "back": back},
                                 allow_redirects=False)
        assert sent.status == 303 and sent.headers["Location"] == "/", back
    wrong = await client.post("/language", data={"csrf": token, "language": "xx", "back": "/"}, allow_redirects=False)
    assert wrong.status == 400
    forged = await client.post("/language", data={"csrf": "forged", "language": "fr", "back": "/"},
                               allow_redirects=False)
    assert forged.status == 403


@pytest.mark.parametrize(("header", "wanted"), [
    ("es-MX,es;q=0.9", ["es-MX", "es"]),
    ("fr;q=0.5, de, en;q=0.7", ["de", "en", "fr"]),
    ("en;q=0, es", ["es"]),
    ("*, x-bad tag, ;q=1", []),
    ("", []),
])
def test_accept_language_is_read_most_wanted_first(header, wanted):
    from aiohttp.test_utils import make_mocked_request

    assert asked(make_mocked_request("GET", "/", headers={"Accept-Language": header})) == wanted


def test_back_to_keeps_only_paths_on_this_server():
    assert back_to("/modules/x?y=1#z") == "/modules/x?y=1#z"
    assert back_to("//elsewhere") == back_to("http://x/") == back_to(None) == back_to("home") == "/"


async def test_feedback_on_an_answer_given_before_a_switch_is_read_in_the_language_it_was_given_in(
        aiohttp_client, make_course):
    from mhcourse.learning.answers import correct_answer

    modules = bundled_course()
    basics = next(m for m in modules if m.id == "mental-health-basics")
    client = await aiohttp_client(build_app(make_course(modules=modules, site=SITE)))
    browser = Browser(client, random.Random(2))
    await make_profile(browser, "Robin")
    visit = next(iter(client.server.app[VISITS].visits.values()))

    def answer_first_question():
        learner = visit.learner
        attempt = learner.quiz_attempt(basics)
        asked = learner.next_question(basics, attempt)
        learner.answer(attempt, asked.question, correct_answer(asked.question))
        return asked.question

    question = await on_store(client, answer_first_question)
    home = await client.get("/home")
    await client.post("/language", data={"csrf": csrf_of(await home.text()), "language": "es", "back": "/home"})
    html = await (await client.get(f"/modules/{basics.id}/quiz/feedback/{question.id}")).text()
    assert '<p class="prompt" lang="en">' in html  # the question as it was answered, in its language
    assert 'class="right"' in html and 'class="wrong"' not in html
    assert question.explanation.split("\n")[0][:40] in html
