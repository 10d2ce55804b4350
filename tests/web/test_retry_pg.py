"""A real PostgreSQL server stopped while a learner uses the web page, and started again: the page says the
answer was not saved (no traceback), Try again saves it, and every answer acknowledged before is still there."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from tests.web.conftest import csrf_of
from tests.web.pages import as_profile
from tests.web.test_quiz import BASICS, MODULES, QUESTION, QUIZ, fields

from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.web.app import build_app
from mhcourse.web.course import WebCourse

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden(page: str) -> list[tuple[str, str]]:
    """The hidden fields of the page's own forms (above the footer, whose language form every page has)."""
    return HIDDEN.findall(page.split("<footer>")[0])


@pytest.fixture
def pg_store(pg_url):
    store = Store.connect(pg_url)
    yield store
    store.close()


def _saved(pg_cluster, url: str) -> list[str]:
    with pg_cluster.connect(urlsplit(url).path.lstrip("/")) as db:
        return sorted(row[0] for row in db.execute("SELECT question_id FROM answers"))


async def _send(browser, right: bool = True):
    text = await (await browser.get(QUIZ)).text()
    question = BASICS.question(QUESTION.search(text).group(1))
    sent = [("csrf", csrf_of(text)), ("question", question.id), *fields(question, right)]
    return question, sent, await browser.post(f"{QUIZ}/answer", data=sent, allow_redirects=False)


async def test_the_server_stopped_and_started_again_try_again_saves_and_nothing_is_lost(aiohttp_client, pg_store,
                                                                                        pg_cluster, pg_url):
    course = WebCourse(Desk(pg_store, Access()), MODULES, SiteConfig(), seed=7)
    browser = await aiohttp_client(build_app(course))
    await as_profile(browser)
    first, _, answered = await _send(browser)
    assert answered.status == 303
    assert _saved(pg_cluster, pg_url) == [first.id]
    text = await (await browser.get(QUIZ)).text()
    second = BASICS.question(QUESTION.search(text).group(1))
    sent = [("csrf", csrf_of(text)), ("question", second.id), *fields(second, True)]
    pg_cluster.stop("fast")
    try:
        failed = await browser.post(f"{QUIZ}/answer", data=sent, allow_redirects=False)
        page = html.unescape(await failed.text())
        assert failed.status == 503
        assert "Your last step was not saved" in page and "cannot be reached" in page and "Traceback" not in page
        kept = [(name, html.unescape(value)) for name, value in hidden(await failed.text())]
        assert kept == sent
    finally:
        pg_cluster.start()
    saved = await browser.post(f"{QUIZ}/answer", data=kept, allow_redirects=False)
    assert saved.status == 303, await saved.text()
    assert _saved(pg_cluster, pg_url) == sorted([first.id, second.id])
