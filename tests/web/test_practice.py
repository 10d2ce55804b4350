"""A practice conversation over HTTP: options in a kept order, each choice's feedback, the ending recorded,
stale forms ignored, Practise again, and the gate."""

from __future__ import annotations

import re

import pytest
from tests.web.conftest import as_guest, csrf_of

from helpers import bundled_course
from mhcourse.web.app import build_app
from mhcourse.web.keys import COURSE, VISITS

MODULES = bundled_course()
ANXIETY = next(m for m in MODULES if m.id == "anxiety")  # scenarios, no content note
SCENARIO = ANXIETY.scenarios[0]
NOTED = next(m for m in MODULES if m.module.content_note and m.scenarios)
URL = f"/modules/{ANXIETY.id}/practice/{SCENARIO.id}"
OPTION = re.compile(r'<label for="option-(\d+)">([^<]*)</label>')
AT = re.compile(r'name="at" value="(\d+)"')


@pytest.fixture
async def browser(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(modules=MODULES)))
    await as_guest(client)
    return client


async def choose(client, page: str, n: int = 1):
    return await client.post(f"{URL}/choose", data={"csrf": csrf_of(page), "at": AT.search(page).group(1),
                                                    "option": str(n)}, allow_redirects=False)


async def runs(client) -> list:
    """The scenario runs recorded for the visit's learner (on the store's thread)."""
    app = client.server.app
    visit = next(iter(app[VISITS].visits.values()))
    return await app[COURSE].worker.call(visit.learner.store.scenario_runs, visit.learner.profile.id, ANXIETY.id)


async def test_the_page_shows_the_step_as_a_group_of_labelled_options(browser):
    page = await (await browser.get(URL)).text()
    assert page.count("<h1>") == 1 and "<legend>What do you say or do?</legend>" in page
    assert f"<title>Practice: {SCENARIO.title} - {ANXIETY.title} - " in page
    shown = OPTION.findall(page)
    assert len(shown) == len(next(s for s in SCENARIO.steps if s.id == SCENARIO.start).options)
    again = await (await browser.get(URL)).text()
    assert OPTION.findall(again) == shown  # a reload keeps the order


async def test_walking_to_an_ending_shows_each_landing_and_records_the_run(browser):
    page = await (await browser.get(URL)).text()
    for _step in range(30):
        if "The end of this practice." in page:
            break
        chosen = OPTION.findall(page)[0][1]
        response = await choose(browser, page)
        assert response.status == 303 and response.headers["Location"] == URL + "#feedback"
        page = await (await browser.get(URL)).text()
        assert 'id="feedback" tabindex="-1" role="status"' in page
        assert f"You chose: {chosen}" in page
        assert any(word in page for word in ("Helpful.", "Neutral.", "Unhelpful."))
    assert "The end of this practice. You made" in page
    assert len(await runs(browser)) == 1
    again = await browser.post(f"{URL}/again", data={"csrf": csrf_of(page)}, allow_redirects=False)
    assert again.status == 303
    page = await (await browser.get(URL)).text()
    assert "The end of this practice." not in page and 'id="feedback"' not in page


async def test_a_stale_or_broken_choice_changes_nothing(browser):
    page = await (await browser.get(URL)).text()
    await choose(browser, page)
    replay = await choose(browser, page)  # the same form again: made for the step before
    assert replay.headers["Location"] == URL
    now = await (await browser.get(URL)).text()
    if "The end of this practice." not in now:
        assert AT.search(now).group(1) == "1"
        broken = await browser.post(f"{URL}/choose", data={"csrf": csrf_of(now), "at": "1", "option": "99"},
                                    allow_redirects=False)
        assert broken.headers["Location"].startswith(URL + "?problem=")
        shown = await (await browser.get(broken.headers["Location"])).text()
        assert 'role="alert"' in shown and AT.search(shown).group(1) == "1"
        bad = await browser.post(f"{URL}/choose", data={"csrf": csrf_of(now), "at": "x" * 5000, "option": "1"},
                                 allow_redirects=False)
        assert bad.status == 303 and bad.headers["Location"] == URL


async def test_the_content_note_comes_first_and_unknown_scenarios_are_not_found(browser):
    noted = f"/modules/{NOTED.id}/practice/{NOTED.scenarios[0].id}"
    response = await browser.get(noted, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith(f"/modules/{NOTED.id}/note?next=")
    page = await (await browser.get(URL)).text()
    posted = await browser.post(f"{noted}/choose", data={"csrf": csrf_of(page), "at": "0", "option": "1"},
                                allow_redirects=False)
    assert posted.headers["Location"].startswith(f"/modules/{NOTED.id}/note?next=")
    assert (await browser.get(f"/modules/{ANXIETY.id}/practice/nope")).status == 404
