"""The shared database cannot be reached: a form sent gets a page saying the step was not saved, with Try again
(the same fields, the same address, the form token) and a way back; a page not read offers to load it again;
Get help now is still shown. No traceback, never a password."""

from __future__ import annotations

import html
import re

import pytest
from tests.web.conftest import csrf_of
from tests.web.pages import as_profile
from tests.web.test_quiz import BASICS, MODULES, QUESTION, QUIZ, fields

from mhcourse.web.app import build_app
from unreachable import WHERE, ServerDown

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden(page: str) -> list[tuple[str, str]]:
    """The hidden fields of the page's own forms (above the footer, whose language form every page has)."""
    return HIDDEN.findall(page.split("<footer>")[0])
ACTION = re.compile(r'<form method="post" action="([^"]+)">\s*(?:<input[^>]*>\s*)*<button type="submit">Try again')


@pytest.fixture
async def browser(aiohttp_client, make_course, store):
    client = await aiohttp_client(build_app(make_course(modules=MODULES)))
    await as_profile(client)
    client.server_down = ServerDown(store)
    return client


def _answers(store) -> int:
    return store.db.inner.execute("SELECT count(*) FROM answers").fetchone()[0]


async def test_an_answer_sent_while_the_server_is_down_is_kept_in_the_page_and_try_again_saves_it(browser, store):
    text = await (await browser.get(QUIZ)).text()
    question = BASICS.question(QUESTION.search(text).group(1))
    sent = [("csrf", csrf_of(text)), ("question", question.id), *fields(question, True)]
    browser.server_down.down = True
    failed = await browser.post(f"{QUIZ}/answer", data=sent, allow_redirects=False)
    page = await failed.text()
    assert failed.status == 503
    assert failed.headers["Cache-Control"] == "no-store"
    assert "Your last step was not saved" in html.unescape(page) and WHERE in page
    assert "Traceback" not in page
    assert 'href="/help"' in page  # Get help now at the top, as on every page
    kept = [(name, html.unescape(value)) for name, value in hidden(page)]
    assert kept == sent  # every field, in order, with the form token
    assert ACTION.search(page).group(1) == f"{QUIZ}/answer"
    # Try again while still down: the same page, the step still kept.
    again = await browser.post(f"{QUIZ}/answer", data=kept, allow_redirects=False)
    assert again.status == 503 and hidden(await again.text()) == hidden(page)
    browser.server_down.down = False
    saved = await browser.post(f"{QUIZ}/answer", data=kept, allow_redirects=False)
    assert saved.status == 303
    assert saved.headers["Location"] == f"{QUIZ}/feedback/{question.id}#feedback"
    assert _answers(store) == 1


async def test_a_page_not_read_offers_to_load_it_again_and_get_help_is_still_shown(browser):
    browser.server_down.down = True
    failed = await browser.get(QUIZ)
    page = await failed.text()
    assert failed.status == 503
    assert f'<a href="{QUIZ}">' in page and "<form method=\"post\" action=\"" + QUIZ not in page
    helped = await browser.get("/help")
    assert helped.status == 200
    assert "Get help now" in await helped.text()
    browser.server_down.down = False
    assert (await browser.get(QUIZ)).status == 200  # the session was kept through it


async def test_a_form_with_a_pin_is_never_written_back_into_the_page(browser):
    text = await (await browser.get("/settings")).text()
    browser.server_down.down = True
    failed = await browser.post("/settings/pin", data=[("csrf", csrf_of(text)), ("pin", "4821"),
                                                       ("pin_again", "4821")], allow_redirects=False)
    page = await failed.text()
    assert failed.status == 503
    assert "4821" not in page and "Try again</button>" not in page
    assert "A PIN is never kept in a page" in html.unescape(page)
