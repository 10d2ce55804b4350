"""Home, a module's page, its content note (the gate on every path into a module) and the confidence question."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from tests.web.conftest import as_guest, csrf_of
from tests.web.pages import as_profile, assert_headings_in_order, on_store, title_of

from helpers import pass_module, small_module
from mhcourse.site.config import SiteConfig
from mhcourse.site.schema import CourseSettings
from mhcourse.web.app import build_app

NOTE = "This module talks about feeling low."
INSIDE = ["/modules/small", "/modules/small/lessons/first", "/modules/small/lessons/second",
          "/modules/small/quiz", "/modules/small/practice/talk",
          "/modules/small/confidence/before?next=/modules/small/lessons/first"]


@pytest.fixture
async def noted(aiohttp_client, make_course):
    """A browser on the small module with a content note."""
    return await aiohttp_client(build_app(make_course(modules=[small_module(note=NOTE)])))


# -- home ----------------------------------------------------------------------------------------------

async def test_home_names_the_learner_their_progress_and_where_to_start(client):
    await as_profile(client, "Robin")
    html = await (await client.get("/home")).text()
    assert "Robin: 0 of 1 modules passed." in html
    assert "Start here: " in html
    assert '<a href="/modules/small"' in html and "Small module" in html
    assert "A small module for tests." in html and "About 10 minutes." in html
    assert "(not started)" in html
    assert title_of(html) == "Home - Mental health awareness course"
    assert_headings_in_order(html)


async def test_home_continues_straight_to_the_lesson_left_off(client):
    visit = await as_profile(client)
    await on_store(client, visit.learner.confidence, visit.learner.modules[0], "before", None)
    await client.get("/modules/small/lessons/second")
    html = await (await client.get("/home")).text()
    assert '<a class="button" href="/modules/small/lessons/second">Continue where you left off: ' in html


async def test_a_guest_is_told_nothing_is_kept(client):
    await as_guest(client)
    html = await (await client.get("/home")).text()
    assert html.count("nothing you do here is kept") == 1


async def test_home_with_every_module_passed_says_well_done_and_offers_the_certificate(client):
    visit = await as_profile(client)
    await on_store(client, pass_module, visit.learner, visit.learner.modules[0])
    html = await (await client.get("/home")).text()
    assert "You have passed or skipped every module. Well done." in html
    assert '<a href="/certificate">Your certificate is ready: save it</a>' in html


async def test_home_without_modules_says_so(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(modules=[])))
    await as_profile(client)
    html = await (await client.get("/home")).text()
    assert "There are no modules to read." in html


async def test_home_asks_a_browser_without_a_session_to_sign_in(client):
    response = await client.get("/home", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"


# -- the module's page ---------------------------------------------------------------------------------

async def test_the_module_page_lists_lessons_quiz_and_practice(client):
    visit = await as_profile(client)
    await on_store(client, visit.learner.finish_lesson, visit.learner.modules[0], "first")
    response = await client.get("/modules/small")
    html = await response.text()
    assert response.status == 200
    assert title_of(html) == "Small module - Mental health awareness course"
    assert '<html lang="en"' in html
    assert '<a href="/modules/small/lessons/first">First lesson</a> <span class="state">(read)</span>' in html
    assert '<a href="/modules/small/lessons/second">Second lesson</a> <span class="state">(not read yet)</span>' in html
    assert '<a href="/modules/small/quiz">Take the quiz</a>' in html and "2 questions; pass mark 50%" in html
    assert '<a href="/modules/small/practice/talk">A talk</a>' in html
    assert '<a href="/home">Back to home</a>' in html
    assert_headings_in_order(html)


async def test_the_module_page_recommends_modules_not_yet_done(aiohttp_client, make_course):
    from helpers import module_text
    from mhcourse.content.loader import load_text

    later = load_text(module_text("later", "Later module", '["small"]'), __import__("pathlib").Path("later.toml"))
    client = await aiohttp_client(build_app(make_course(modules=[small_module(), later.module])))
    await as_profile(client)
    html = await (await client.get("/modules/later")).text()
    assert "Recommended before this module" in html and '<a href="/modules/small">Small module</a>' in html


async def test_a_module_not_offered_is_not_found(client):
    await as_profile(client)
    response = await client.get("/modules/nothing")
    assert response.status == 404


async def test_a_module_in_another_language_carries_its_language_inside_the_page(aiohttp_client, make_course):
    """The page speaks the learner's language; the module's words say theirs, so a screen reader switches voice."""
    from helpers import module_text
    from mhcourse.content.loader import load_text

    text = module_text("small").replace("requires = []", 'requires = []\nlanguage = "es"')
    loaded = load_text(text, __import__("pathlib").Path("small.toml"))
    assert loaded.ok, loaded.problems
    client = await aiohttp_client(build_app(make_course(modules=[loaded.module])))
    await as_profile(client)
    for path in ("/modules/small", "/modules/small/lessons/first"):
        text = await (await client.get(path)).text()
        assert '<html lang="en"' in text and ' lang="es">' in text


# -- the content note: every path into the module asks it first ----------------------------------------

@pytest.mark.parametrize("path", INSIDE)
async def test_every_page_inside_the_module_goes_to_the_content_note_first(noted, path):
    await as_profile(noted)
    response = await noted.get(path, allow_redirects=False)
    assert response.status == 303
    assert unquote(response.headers["Location"]) == f"/modules/small/note?next={path}"


async def test_the_note_page_shows_the_note_and_two_choices(noted):
    await as_profile(noted)
    response = await noted.get("/modules/small/note?next=/modules/small/lessons/second")
    html = await response.text()
    assert NOTE in html
    assert '<button type="submit" name="choice" value="go">Continue with this module</button>' in html
    assert "Skip this module for now" in html
    assert 'name="next" value="/modules/small/lessons/second"' in html
    assert_headings_in_order(html)


async def test_going_on_leads_where_the_learner_was_going_and_the_note_is_not_asked_again(noted):
    visit = await as_profile(noted)
    page = await (await noted.get("/modules/small/note?next=/modules/small/lessons/second")).text()
    response = await noted.post("/modules/small/note", allow_redirects=False,
                                data={"csrf": csrf_of(page), "choice": "go", "next": "/modules/small/lessons/second"})
    assert response.status == 303 and response.headers["Location"] == "/modules/small/lessons/second"
    for path in INSIDE[:3]:
        response = await noted.get(path, allow_redirects=False)
        assert "/note" not in response.headers.get("Location", ""), path
    record = await on_store(noted, visit.learner.record, visit.learner.modules[0])
    assert record.note_read


async def test_skipping_goes_home_and_says_so_and_the_note_is_asked_again(noted):
    visit = await as_profile(noted)
    page = await (await noted.get("/modules/small/note")).text()
    response = await noted.post("/modules/small/note", allow_redirects=False,
                                data={"csrf": csrf_of(page), "choice": "skip", "next": "/modules/small"})
    assert response.status == 303 and response.headers["Location"] == "/home?skipped=1#feedback"
    home = await (await noted.get("/home?skipped=1")).text()
    assert "Skipped for now. You can come back to it any time from the list." in home
    assert 'id="feedback" tabindex="-1" role="status"' in home
    record = await on_store(noted, visit.learner.record, visit.learner.modules[0])
    assert record.skipped
    response = await noted.get("/modules/small", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith("/modules/small/note")
    note = await (await noted.get("/modules/small/note")).text()
    assert "You skipped this module for now. Continuing takes the skip back." in note
    await noted.post("/modules/small/note", data={"csrf": csrf_of(note), "choice": "go"})
    record = await on_store(noted, visit.learner.record, visit.learner.modules[0])
    assert not record.skipped and record.note_read


async def test_the_note_never_sends_the_learner_off_the_module(noted):
    await as_profile(noted)
    page = await (await noted.get("/modules/small/note")).text()
    for bad in ("https://example.org/", "//example.org/x", "/home", "/modules/smaller"):
        response = await noted.post("/modules/small/note", allow_redirects=False,
                                    data={"csrf": csrf_of(page), "choice": "go", "next": bad})
        assert response.headers["Location"] == "/modules/small", bad


async def test_a_note_choice_without_a_token_is_refused(noted):
    visit = await as_profile(noted)
    response = await noted.post("/modules/small/note", data={"choice": "skip"})
    assert response.status == 403
    record = await on_store(noted, visit.learner.record, visit.learner.modules[0])
    assert not record.skipped


async def test_a_module_without_a_note_goes_straight_in(client):
    await as_profile(client)
    assert (await client.get("/modules/small", allow_redirects=False)).status == 200
    response = await client.get("/modules/small/note?next=/modules/small/lessons/first", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/modules/small/lessons/first"


async def test_a_guest_meets_the_note_too(noted):
    await as_guest(noted)
    response = await noted.get("/modules/small/lessons/first", allow_redirects=False)
    assert response.headers["Location"].startswith("/modules/small/note?next=")


# -- the confidence question ---------------------------------------------------------------------------

async def test_the_first_lesson_asks_the_confidence_question_once(client):
    visit = await as_profile(client)
    response = await client.get("/modules/small/lessons/first", allow_redirects=False)
    assert response.status == 303
    assert unquote(response.headers["Location"]) == "/modules/small/confidence/before?next=/modules/small/lessons/first"
    html = await (await client.get(response.headers["Location"])).text()
    assert "How confident do you feel to talk about this topic and to support someone with it?" in html
    assert "<legend>" in html and html.count('type="radio" name="value"') == 5
    assert '<label for="confidence-1">1: Not at all confident</label>' in html
    assert '<label for="confidence-5">5: Very confident</label>' in html
    assert '<button type="submit" name="value" value="skip" class="secondary">Skip this question</button>' in html
    assert_headings_in_order(html)
    response = await client.post("/modules/small/confidence/before", allow_redirects=False,
                                 data={"csrf": csrf_of(html), "value": "4", "next": "/modules/small/lessons/first"})
    assert response.headers["Location"] == "/modules/small/lessons/first"
    module = visit.learner.modules[0]
    assert await on_store(client, visit.learner.store.confidence, visit.learner.profile.id, module.id) == {"before": 4}
    assert (await client.get("/modules/small/lessons/first", allow_redirects=False)).status == 200
    again = await client.get("/modules/small/confidence/before?next=/modules/small/lessons/first",
                             allow_redirects=False)
    assert again.status == 303


async def test_skipping_the_confidence_question_is_kept(client):
    visit = await as_profile(client)
    html = await (await client.get("/modules/small/confidence/before")).text()
    await client.post("/modules/small/confidence/before", data={"csrf": csrf_of(html), "value": "skip"})
    assert await on_store(client, visit.learner.confidence_asked, visit.learner.modules[0], "before")
    assert (await client.get("/modules/small/lessons/first", allow_redirects=False)).status == 200


async def test_a_confidence_answer_that_is_none_of_the_five_is_asked_again(client):
    await as_profile(client)
    html = await (await client.get("/modules/small/confidence/after")).text()
    for sent in ({}, {"value": "9"}, {"value": ["2", "3"]}):
        data = [("csrf", csrf_of(html))] + [("value", v) for v in ([sent["value"]] if isinstance(
            sent.get("value"), str) else sent.get("value", []))]
        response = await client.post("/modules/small/confidence/after", data=data)
        assert response.status == 400
        assert 'role="alert"' in await response.text()


async def test_no_confidence_question_for_a_guest_or_when_the_site_turns_it_off(aiohttp_client, make_course, client):
    await as_guest(client)
    assert (await client.get("/modules/small/lessons/first", allow_redirects=False)).status == 200
    off = await aiohttp_client(build_app(make_course(site=SiteConfig(course=CourseSettings(confidence_check=False)))))
    await as_profile(off)
    assert (await off.get("/modules/small/lessons/first", allow_redirects=False)).status == 200


async def test_an_unknown_confidence_stage_is_not_found(client):
    await as_profile(client)
    assert (await client.get("/modules/small/confidence/during")).status == 404


async def test_a_module_skipped_before_its_note_was_removed_offers_to_take_the_skip_back(client):
    visit = await as_profile(client)
    module = visit.learner.modules[0]
    await on_store(client, visit.learner.skip_module, module)
    page = await (await client.get("/modules/small")).text()
    assert "You skipped this module for now." in page and "Take back the skip" in page
    await client.post("/modules/small/note", data={"csrf": csrf_of(page), "choice": "go", "next": "/modules/small"})
    record = await on_store(client, visit.learner.record, module)
    assert not record.skipped
