"""Lessons: the page, the one safe markdown renderer, knowledge checks with their feedback, Done and Previous,
and the certificate request."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.web.conftest import as_guest, csrf_of
from tests.web.pages import as_profile, assert_headings_in_order, headings, on_store, title_of

from helpers import bundled_course, module_text, pass_module
from mhcourse.content.loader import load_text
from mhcourse.progress.access import Access, Kiosk
from mhcourse.web.app import build_app
from mhcourse.web.markdown import render

FIRST = "/modules/small/lessons/first"
HOSTILE = '''
# Top of the body

Some <script>alert("body")</script> text, and <b onclick="x()">bold</b>.

<iframe src="https://example.org/"></iframe>

![a chart of recovery](https://example.org/track.png)

[a trap](javascript:alert(1)) and [data](data:text/html,hi) and [a file](file:///etc/passwd)
and <javascript:alert(2)> and [WHO](https://www.who.int/) and [write](mailto:help@example.org)

#### Too deep at once
'''


def _module_with_body(body: str):
    text = module_text("small").replace('body = "Talking helps. Listening helps too."',
                                        f'body = """{body}"""')
    loaded = load_text(text, Path("small.toml"))
    assert loaded.ok, loaded.problems
    return loaded.module


async def _signed_in_ready(client):
    """A profile that has answered the confidence question (so lessons open straight away)."""
    visit = await as_profile(client)
    await on_store(client, visit.learner.confidence, visit.learner.modules[0], "before", None)
    return visit


# -- the one safe renderer -----------------------------------------------------------------------------

def test_raw_html_is_shown_as_text_never_as_markup():
    html = str(render(HOSTILE))
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<iframe" not in html and "<b " not in html


def test_an_image_is_its_description_and_nothing_is_fetched():
    html = str(render(HOSTILE))
    assert "<img" not in html and "a chart of recovery" in html and "track.png" not in html


def test_only_web_and_mail_links_are_links():
    html = str(render(HOSTILE))
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert hrefs == ["https://www.who.int/", "mailto:help@example.org"]
    assert 'rel="noreferrer"' in html


def test_the_body_headings_start_at_h2_and_skip_no_level():
    assert [level for level, _ in headings(str(render(HOSTILE)))] == [2, 3]
    assert [level for level, _ in headings(str(render("### Small\n\n#### Smaller\n\n### Again")))] == [2, 3, 2]


def test_every_bundled_lesson_renders_with_its_headings_in_order():
    for module in bundled_course():
        for lesson in module.lessons:
            html = str(render(lesson.body))
            levels = [1] + [level for level, _ in headings(html)]  # under the page's h1
            assert all(2 <= after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), \
                (module.id, lesson.id, levels)
            assert "<img" not in html and "<script" not in html


# -- the lesson page -----------------------------------------------------------------------------------

async def test_the_lesson_page_names_the_place_and_shows_body_and_key_points(client):
    await _signed_in_ready(client)
    response = await client.get(FIRST)
    html = await response.text()
    assert response.status == 200
    assert title_of(html) == "Lesson 1 of 2: First lesson - Small module - Mental health awareness course"
    assert "<h1>First lesson</h1>" in html and "Lesson 1 of 2" in html
    assert '<h2 id="part-0">Hello</h2>' in html and "Mental health is part of health." in html
    assert '<h2 id="key-points">Key points</h2>' in html and "<li>People recover.</li>" in html
    assert "Knowledge check 1 of 1 (not graded)" in html
    assert "<fieldset" in html and "<legend>People can recover.</legend>" in html
    assert '<label for="q-check-1-answer-true">True</label>' in html
    assert "Done: next lesson, Second lesson" in html
    assert response.headers["Cache-Control"] == "no-store"
    assert_headings_in_order(html)


async def test_a_hostile_body_is_shown_safely_on_the_page(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(modules=[_module_with_body(HOSTILE)])))
    await _signed_in_ready(client)
    html = await (await client.get("/modules/small/lessons/second")).text()
    assert '<script>alert("body")' not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<iframe" not in html
    assert 'href="javascript:' not in html
    assert_headings_in_order(html)


async def test_an_unknown_lesson_is_not_found(client):
    await _signed_in_ready(client)
    response = await client.get("/modules/small/lessons/nothing")
    assert response.status == 404
    assert "There is no such page in this course." in await response.text()


async def test_opening_a_lesson_is_kept_as_the_place_to_continue(client):
    visit = await _signed_in_ready(client)
    await client.get("/modules/small/lessons/second")
    record = await on_store(client, visit.learner.record, visit.learner.modules[0])
    assert record.lessons_opened == {"second"}


# -- knowledge checks ----------------------------------------------------------------------------------

async def test_a_right_check_answer_is_kept_and_its_feedback_shown(client, store):
    visit = await _signed_in_ready(client)
    page = await (await client.get(FIRST)).text()
    response = await client.post(f"{FIRST}/checks/check-1", allow_redirects=False,
                                 data={"csrf": csrf_of(page), "question": "check-1", "answer": "true"})
    assert response.status == 303
    assert response.headers["Location"] == f"{FIRST}?answered=check-1#feedback"
    html = await (await client.get(f"{FIRST}?answered=check-1")).text()
    feedback = html[html.index('id="feedback"'):]
    assert 'tabindex="-1" role="status"' in feedback[:60]
    assert '<p class="right">Right.</p>' in feedback and "Most people do." in feedback
    rows = await on_store(client, lambda: store.db.execute(
        "SELECT profile_id, lesson_id, question_id, given, correct FROM checks").fetchall())
    assert [tuple(r) for r in rows] == [(visit.learner.profile.id, "first", "check-1", "true", 1)]
    assert_headings_in_order(html)


async def test_a_wrong_check_answer_shows_the_right_answer_and_why(client, store):
    await _signed_in_ready(client)
    page = await (await client.get(FIRST)).text()
    await client.post(f"{FIRST}/checks/check-1", data={"csrf": csrf_of(page), "question": "check-1",
                                                       "answer": "false"})
    html = await (await client.get(f"{FIRST}?answered=check-1")).text()
    assert '<p class="wrong">Not quite.</p>' in html
    assert "The right answer:" in html and "<li>True</li>" in html and "Most people do." in html
    rows = await on_store(client, lambda: store.db.execute("SELECT correct FROM checks").fetchall())
    assert [tuple(r) for r in rows] == [(0,)]


async def test_a_check_sent_without_an_answer_is_asked_again_with_the_problem(client, store):
    await _signed_in_ready(client)
    page = await (await client.get(FIRST)).text()
    for answer in ({}, {"answer": "maybe"}):
        response = await client.post(f"{FIRST}/checks/check-1",
                                     data={"csrf": csrf_of(page), "question": "check-1", **answer})
        html = await response.text()
        assert response.status == 400
        assert 'role="alert"' in html and "Choose True or False." in html
        assert_headings_in_order(html)
    rows = await on_store(client, lambda: store.db.execute("SELECT COUNT(*) FROM checks").fetchone())
    assert rows[0] == 0


async def test_an_unknown_check_is_not_found(client):
    await _signed_in_ready(client)
    page = await (await client.get(FIRST)).text()
    response = await client.post(f"{FIRST}/checks/nothing", data={"csrf": csrf_of(page), "answer": "true"})
    assert response.status == 404


async def test_a_check_answer_without_the_form_token_is_refused(client, store):
    await _signed_in_ready(client)
    response = await client.post(f"{FIRST}/checks/check-1", data={"question": "check-1", "answer": "true"})
    assert response.status == 403


async def test_a_guest_answers_a_check_too(client):
    await as_guest(client)
    page = await (await client.get(FIRST)).text()
    response = await client.post(f"{FIRST}/checks/check-1",
                                 data={"csrf": csrf_of(page), "question": "check-1", "answer": "true"})
    assert response.status == 200 and "Right." in await response.text()


# -- Done, Next and Previous ---------------------------------------------------------------------------

async def test_done_leads_to_the_next_lesson_then_the_quiz(client):
    visit = await _signed_in_ready(client)
    page = await (await client.get(FIRST)).text()
    response = await client.post(f"{FIRST}/done", data={"csrf": csrf_of(page)}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/modules/small/lessons/second"
    second = await (await client.get("/modules/small/lessons/second")).text()
    assert '<a href="/modules/small/lessons/first">Previous lesson: First lesson</a>' in second
    assert "Done: take the quiz" in second
    response = await client.post("/modules/small/lessons/second/done", data={"csrf": csrf_of(second)},
                                 allow_redirects=False)
    assert response.headers["Location"] == "/modules/small/quiz"
    record = await on_store(client, visit.learner.record, visit.learner.modules[0])
    assert record.lessons_completed == {"first", "second"}


async def test_done_on_the_last_lesson_of_a_module_without_a_quiz_goes_to_the_module(aiohttp_client, make_course):
    text = module_text("small").split("[quiz]")[0]
    loaded = load_text(text, Path("small.toml"))
    assert loaded.ok, loaded.problems
    client = await aiohttp_client(build_app(make_course(modules=[loaded.module])))
    await _signed_in_ready(client)
    page = await (await client.get("/modules/small/lessons/second")).text()
    assert "Done: back to Small module" in page
    response = await client.post("/modules/small/lessons/second/done", data={"csrf": csrf_of(page)},
                                 allow_redirects=False)
    assert response.headers["Location"] == "/modules/small"


# -- the certificate -----------------------------------------------------------------------------------

async def test_the_certificate_is_refused_before_the_module_is_passed(client):
    await as_profile(client)
    page = await (await client.get("/certificate")).text()
    assert "Still to do:" in page and "<li>Small module</li>" in page
    assert_headings_in_order(page)
    response = await client.post("/certificate", data={"csrf": csrf_of(page)}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/certificate"


async def test_the_certificate_is_a_download_once_passed(client):
    visit = await as_profile(client, "Robin")
    await on_store(client, pass_module, visit.learner, visit.learner.modules[0])
    page = await (await client.get("/certificate")).text()
    assert "Your certificate is ready" in page and "Save my certificate" in page
    response = await client.post("/certificate", data={"csrf": csrf_of(page)})
    assert response.status == 200
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="certificate-MHC-[A-Z0-9]{4}-[A-Z0-9]{4}\.html"', disposition)
    assert response.headers["Cache-Control"] == "no-store"
    body = await response.text()
    assert "Certificate of completion" in body and "Robin" in body and "Small module" in body


async def test_in_kiosk_mode_the_certificate_is_a_reference_not_a_file(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(access=Access(kiosk=Kiosk()))))
    visit = await as_profile(client, "Robin")
    await on_store(client, pass_module, visit.learner, visit.learner.modules[0])
    home = await (await client.get("/home")).text()
    assert "Your certificate is ready: get its reference" in home
    page = await (await client.get("/certificate")).text()
    response = await client.post("/certificate", data={"csrf": csrf_of(page)}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/certificate?shown=1#reference"
    shown = await (await client.get("/certificate?shown=1")).text()
    ref = re.search(r"Reference: (MHC-[A-Z0-9]{4}-[A-Z0-9]{4})", shown)
    assert ref and "ask a facilitator to print your certificate" in shown
    assert "mhcourse certificate --profile &#34;Robin&#34; -o certificate.html" in shown
    again = await (await client.get("/certificate?shown=1")).text()
    assert ref.group(1) in again  # the same certificate: asking again issues no other
    assert_headings_in_order(shown)


async def test_a_guest_is_told_a_certificate_needs_a_profile(client):
    await as_guest(client)
    page = await (await client.get("/certificate")).text()
    assert "Certificates belong to a profile" in page
    assert 'action="/certificate"' not in page


@pytest.mark.parametrize("path", ["/certificate"])
async def test_the_certificate_needs_a_sign_in(client, path):
    response = await client.get(path, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
