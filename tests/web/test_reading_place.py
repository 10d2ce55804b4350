"""The web page opens a lesson again where the learner was reading: parts with ids, a redirect to the
saved part, Start from the beginning, the Done form and the beacon course.js sends on leaving."""

from __future__ import annotations

import re

from tests.web.conftest import csrf_of
from tests.web.pages import as_profile, on_store

from mhcourse.content.parts import part_count
from mhcourse.web.app import build_app
from mhcourse.web.guard import CONTENT_SECURITY_POLICY

from .test_lessons import _module_with_body

BODY = "\n\n".join(f"## Section {n}\n\nA paragraph of section {n}." for n in range(6))
SECOND = "/modules/small/lessons/second"


async def _reader(aiohttp_client, make_course):
    module = _module_with_body(BODY)
    client = await aiohttp_client(build_app(make_course(modules=[module])))
    visit = await as_profile(client)
    await on_store(client, visit.learner.confidence, module, "before", None)
    return client, visit, module


def kept(client, visit, module):
    return on_store(client, visit.learner.reading_position, module, "second")


async def test_each_part_of_the_body_has_its_id_as_the_core_counts_it(aiohttp_client, make_course):
    client, _visit, _module = await _reader(aiohttp_client, make_course)
    html = await (await client.get(SECOND)).text()
    ids = re.findall(r'id="part-(\d+)"', html)
    assert ids == [str(n) for n in range(part_count(BODY))] == [str(n) for n in range(12)]
    assert '<h2 id="part-4">Section 2</h2>' in html
    assert "Continuing where you left off" not in html


async def test_a_lesson_opens_again_at_the_part_the_beacon_kept(aiohttp_client, make_course):
    client, visit, module = await _reader(aiohttp_client, make_course)
    page = await (await client.get(SECOND)).text()
    # course.js, as the learner leaves the page scrolled to Section 3
    response = await client.post(f"{SECOND}/place", data={"csrf": csrf_of(page), "part": "6", "beacon": "1"},
                                  allow_redirects=False)
    assert response.status == 204
    assert await kept(client, visit, module) == 6

    response = await client.get(SECOND, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == f"{SECOND}?at=6#part-6"
    html = await (await client.get(f"{SECOND}?at=6")).text()
    assert "Continuing where you left off." in html and 'href="#part-6"' in html
    assert "Start from the beginning" in html

    # Start from the beginning (a form: it works without JavaScript)
    response = await client.post(f"{SECOND}/place", data={"csrf": csrf_of(html), "part": "0"},
                                 allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == f"{SECOND}?at=0"
    assert await kept(client, visit, module) == 0
    assert (await client.get(SECOND, allow_redirects=False)).status == 200


async def test_the_done_form_carries_the_part_and_a_bad_part_changes_nothing(aiohttp_client, make_course):
    client, visit, module = await _reader(aiohttp_client, make_course)
    page = await (await client.get(SECOND)).text()
    assert 'name="part" value="0"' in page
    for bad in ("", "-1", "x", "9" * 20):
        response = await client.post(f"{SECOND}/place", data={"csrf": csrf_of(page), "part": bad, "beacon": "1"},
                                     allow_redirects=False)
        assert response.status == 400
    response = await client.post(f"{SECOND}/place", data={"part": "3", "beacon": "1"}, allow_redirects=False)
    assert response.status == 403  # no form token: refused
    assert await kept(client, visit, module) == 0

    await client.post(f"{SECOND}/done", data={"csrf": csrf_of(page), "part": "10"}, allow_redirects=False)
    assert await kept(client, visit, module) == 10
    await client.post(f"{SECOND}/done", data={"csrf": csrf_of(page), "part": "99"}, allow_redirects=False)
    assert await kept(client, visit, module) == 11  # the last part the lesson has


def test_the_page_may_send_its_beacon_to_itself_only():
    assert "connect-src 'self'" in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
