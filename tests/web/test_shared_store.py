"""`mhcourse serve` on a shared PostgreSQL record: a small pool of connections, one per store thread, serves a
room of learners side by side, and every answer of every learner is kept."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from tests.web.conftest import csrf_of
from tests.web.test_quiz import BASICS, MODULES, QUESTION, QUIZ, fields

from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.web.app import build_app
from mhcourse.web.course import WebCourse
from mhcourse.web.worker import SHARED_STORE_THREADS, StoreWorker

LEARNERS = 6


@pytest.fixture
def shared_store(pg_url):
    store = Store.connect(pg_url, pool_size=SHARED_STORE_THREADS)
    yield store
    store.close()


async def learner(server, name: str) -> int:
    """A browser of its own: make a profile, answer the whole quiz; the number of answers sent."""
    # A browser's own cookies; a TestClient would close the shared server when its learner is done.
    async with aiohttp.ClientSession(str(server.make_url("")), cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        new = await client.get("/profiles/new")
        made = await client.post("/profiles/new", data={"csrf": csrf_of(await new.text()), "name": name})
        assert made.url.path == "/home", await made.text()
        sent = 0
        while True:
            page = await client.get(QUIZ)
            text = await page.text()
            found = QUESTION.search(text)
            if found is None:
                return sent
            question = BASICS.question(found.group(1))
            posted = await client.post(f"{QUIZ}/answer", data=[("csrf", csrf_of(text)), ("question", question.id),
                                                                *fields(question, True)])
            assert posted.status == 200, await posted.text()
            sent += 1
            if sent == len(BASICS.questions):
                finish = await client.get(QUIZ)
                assert finish.status == 200
                return sent


async def test_a_room_of_learners_answers_at_once_and_nothing_is_lost(aiohttp_server, shared_store):
    course = WebCourse(Desk(shared_store), MODULES, SiteConfig(), seed=7,
                       worker=StoreWorker(SHARED_STORE_THREADS))
    server = await aiohttp_server(build_app(course))
    sent = await asyncio.gather(*(learner(server, f"Learner {n}") for n in range(LEARNERS)))
    assert sent == [len(BASICS.questions)] * LEARNERS
    rows = shared_store.db.execute("SELECT COUNT(*), COUNT(DISTINCT attempt_id) FROM answers").fetchone()
    assert tuple(rows) == (LEARNERS * len(BASICS.questions), LEARNERS)
    assert len(shared_store.profiles()) == LEARNERS
