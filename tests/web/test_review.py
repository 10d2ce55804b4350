"""Spaced review on the web page, with forms alone: a quiz, the clock moved, home's "Review: N due", a session
whose answers reschedule the cards, leaving midway, a stale form; the pre-test; the refresher's label."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from tests.web.conftest import csrf_of
from tests.web.pages import assert_headings_in_order, on_store, title_of
from tests.web.test_quiz import BASICS, MODULES, fields, take_quiz

from mhcourse.progress.access import Access
from mhcourse.progress.review import find_question
from mhcourse.site.config import SiteConfig
from mhcourse.site.schema import CourseSettings
from mhcourse.web.app import build_app
from mhcourse.web.keys import VISITS

HIDDEN = re.compile(r'name="(module|question)" value="([^"]+)"')
LEGEND = re.compile(r"<legend>(.*?)</legend>", re.S)
FIRST_LESSON = f"/modules/{BASICS.id}/lessons/{BASICS.lessons[0].id}"
QUIZ_SIZE = len(BASICS.quiz.questions)


def move_clock(monkeypatch, days: int) -> None:
    monkeypatch.setenv("MHCOURSE_TODAY", (date.today() + timedelta(days=days)).isoformat())


async def browse(aiohttp_client, make_course, **options):
    """A learner with a profile (a guest is never offered the pre-test: nothing of it would be kept) on the
    bundled course; returns (client, the visit)."""
    options.setdefault("site", SiteConfig(course=CourseSettings(confidence_check=False)))  # asked elsewhere
    client = await aiohttp_client(build_app(make_course(modules=MODULES, **options)))
    new = await client.get("/profiles/new")
    made = await client.post("/profiles/new", data={"csrf": csrf_of(await new.text()), "name": "Robin"})
    assert made.url.path == "/home", await made.text()
    return client, next(iter(client.server.app[VISITS].visits.values()))


@pytest.fixture
async def reviewer(aiohttp_client, make_course, monkeypatch):
    """A learner who took the basics quiz (all right) a month ago: every one of its questions is due now."""
    client, visit = await browse(aiohttp_client, make_course)
    await take_quiz(client, QUIZ_SIZE)
    move_clock(monkeypatch, 30)
    return client, visit


def shown_card(text: str):
    """The card a review page asks: its module id and question."""
    found = dict(HIDDEN.findall(text))
    module = next(m for m in MODULES if m.id == found["module"])
    return module, find_question(module, found["question"])[0]


async def answer_card(client, right: bool):
    """Answer the card /review shows; returns (the posted form, the feedback page's text)."""
    page = await client.get("/review")
    text = await page.text()
    assert page.status == 200, text
    module, question = shown_card(text)
    form = [("csrf", csrf_of(text)), ("module", module.id), ("question", question.id), *fields(question, right)]
    posted = await client.post("/review/answer", data=form, allow_redirects=False)
    assert posted.status == 303
    assert posted.headers["Location"] == f"/review/feedback/{module.id}/{question.id}#feedback"
    feedback = await client.get(posted.headers["Location"])
    return form, await feedback.text()


async def review_answers(client, visit) -> list:
    return await on_store(client, visit.learner.store.review_answers, visit.learner.profile.id)


async def test_nothing_due_right_after_the_quiz_and_home_says_nothing(reviewer, monkeypatch):
    client, visit = reviewer
    monkeypatch.delenv("MHCOURSE_TODAY")
    home = await (await client.get("/home")).text()
    assert "Review:" not in home
    page = await client.get("/review")
    text = await page.text()
    assert "Nothing is due for review now." in text and "Next review on" in text
    assert_headings_in_order(text)


async def test_the_moved_clock_makes_the_quiz_questions_due_on_home(reviewer):
    client, _visit = reviewer
    home = await (await client.get("/home")).text()
    assert f'<a class="button" href="/review">Review: {QUIZ_SIZE} due</a>' in home


async def test_a_review_session_asks_each_due_card_and_its_answers_reschedule_them(reviewer):
    client, visit = reviewer
    first = await (await client.get("/review")).text()
    assert title_of(first).startswith(f"Review, question 1 of {QUIZ_SIZE} - ")
    assert_headings_in_order(first)
    assert LEGEND.search(first).group(1).startswith(f"Question 1 of {QUIZ_SIZE}: ")
    assert "<fieldset" in first and "Leave review" in first
    for n in range(QUIZ_SIZE):
        _form, feedback = await answer_card(client, right=n != 0)
        assert 'id="feedback" tabindex="-1" role="status"' in feedback
        assert "Why:" in feedback and ("Right." in feedback) == (n != 0)
        assert ("See how you did" if n == QUIZ_SIZE - 1 else "Next question") in feedback
        assert_headings_in_order(feedback)
    assert len(await review_answers(client, visit)) == QUIZ_SIZE
    end = await client.get("/review/end")  # where "See how you did" leads
    text = await end.text()
    assert f"{QUIZ_SIZE - 1} of {QUIZ_SIZE} right." in text and "Next review on" in text
    assert title_of(text).startswith("Review finished - ")
    assert_headings_in_order(text)
    home = await (await client.get("/home")).text()
    assert "Review:" not in home  # every card moved on: none is due now
    assert "Nothing is due for review now." in await (await client.get("/review")).text()
    due = await on_store(client, visit.learner.due)
    assert due.count == 0 and due.next_due is not None


async def test_leaving_midway_keeps_the_answers_and_coming_back_carries_on(reviewer):
    client, visit = reviewer
    await answer_card(client, right=True)
    await answer_card(client, right=False)
    home = await (await client.get("/home")).text()
    assert f"Review: {QUIZ_SIZE - 2} due" in home
    assert [row[3] for row in await review_answers(client, visit)] == [True, False]
    again = await (await client.get("/review")).text()
    assert title_of(again).startswith(f"Review, question 3 of {QUIZ_SIZE} - ")


async def test_a_stale_or_replayed_answer_changes_nothing(reviewer):
    client, visit = reviewer
    form, _feedback = await answer_card(client, right=False)
    sent = dict(form)
    question = find_question(BASICS, sent["question"])[0]
    replay = [*form[:3], *fields(question, True)]  # Back, then the same form sent again (now "right")
    posted = await client.post("/review/answer", data=replay, allow_redirects=False)
    assert posted.status == 303 and posted.headers["Location"] == "/review"
    answers = await review_answers(client, visit)
    assert len(answers) == 1 and answers[0][3] is False
    stranger = await client.post("/review/answer", data=[("csrf", form[0][1]), ("module", "nope"),
                                                         ("question", "nope")], allow_redirects=False)
    assert stranger.status == 303 and len(await review_answers(client, visit)) == 1


async def test_an_answer_left_out_asks_again_with_the_problem(reviewer):
    client, visit = reviewer
    text = await (await client.get("/review")).text()
    module, question = shown_card(text)
    page = await client.post("/review/answer", data=[("csrf", csrf_of(text)), ("module", module.id),
                                                     ("question", question.id)])
    shown = await page.text()
    assert page.status == 200 and title_of(shown).startswith("Problem: Review, question 1")
    assert 'role="alert"' in shown and await review_answers(client, visit) == []


async def test_the_review_size_caps_a_session(aiohttp_client, make_course, monkeypatch):
    client, _visit = await browse(aiohttp_client, make_course, access=Access(review_size=2))
    await take_quiz(client, QUIZ_SIZE)
    move_clock(monkeypatch, 30)
    text = await (await client.get("/review")).text()
    assert title_of(text).startswith("Review, question 1 of 2 - ")
    await answer_card(client, True)
    await answer_card(client, True)
    end = await (await client.get("/review/end")).text()
    assert "2 of 2 right." in end
    assert f"{QUIZ_SIZE - 2} more are due now." in end and 'href="/review">Review more' in end


# -- the pre-test ---------------------------------------------------------------------------------------


async def test_the_pretest_is_offered_before_the_first_lesson_and_counted(aiohttp_client, make_course):
    client, visit = await browse(aiohttp_client, make_course, pretest=True)
    way_in = await client.get(FIRST_LESSON, allow_redirects=False)
    assert way_in.status == 303
    offer_at = way_in.headers["Location"]
    assert unquote(offer_at) == f"/modules/{BASICS.id}/pretest?next={FIRST_LESSON}"
    offer = await (await client.get(offer_at)).text()
    assert "Start the pre-test" in offer and "Skip it" in offer
    assert_headings_in_order(offer)
    start = await client.post(f"/modules/{BASICS.id}/pretest", allow_redirects=False,
                              data={"csrf": csrf_of(offer), "choice": "start", "next": FIRST_LESSON})
    page = await (await client.get(start.headers["Location"])).text()
    assert title_of(page).startswith(f"Pre-test, 3 questions - {BASICS.title}")
    assert page.count("<fieldset") == 3 and len(LEGEND.findall(page)) == 3
    assert_headings_in_order(page)
    again = await (await client.get(start.headers["Location"])).text()
    assert LEGEND.findall(again) == LEGEND.findall(page)  # a reload shows the same three
    ids = visit.pretests[BASICS.id]
    form = [("csrf", csrf_of(page)), ("next", FIRST_LESSON)]
    for n, qid in enumerate(ids, 1):
        form += [(f"q{n}-{name}", value) for name, value in fields(BASICS.question(qid), n != 3)]
    done = await client.post(f"/modules/{BASICS.id}/pretest/answers", data=form)
    text = await done.text()
    assert "You got 2 of 3 questions right." in text and f'href="{FIRST_LESSON}"' in text
    assert_headings_in_order(text)
    assert await on_store(client, visit.learner.store.pretest, visit.learner.profile.id, BASICS.id) == (2, 3)
    assert (await on_store(client, visit.learner.due)).count == 0  # a pre-test makes no review cards
    assert await on_store(client, visit.learner.store.attempts, visit.learner.profile.id, BASICS.id) == []
    lesson = await client.get(FIRST_LESSON)
    assert lesson.status == 200 and str(lesson.url).endswith(FIRST_LESSON)
    replay = await client.post(f"/modules/{BASICS.id}/pretest/answers", data=form, allow_redirects=False)
    assert replay.headers["Location"] == FIRST_LESSON


async def test_a_pretest_with_an_answer_missing_is_asked_again(aiohttp_client, make_course):
    client, visit = await browse(aiohttp_client, make_course, pretest=True)
    page = await (await client.get(f"/modules/{BASICS.id}/pretest/questions?next={FIRST_LESSON}")).text()
    qid = visit.pretests[BASICS.id][0]
    form = [("csrf", csrf_of(page)), ("next", FIRST_LESSON),
            *[(f"q1-{name}", value) for name, value in fields(BASICS.question(qid), True)]]
    shown = await (await client.post(f"/modules/{BASICS.id}/pretest/answers", data=form)).text()
    assert title_of(shown).startswith("Problem: Pre-test") and 'role="alert"' in shown
    assert await on_store(client, visit.learner.store.pretest, visit.learner.profile.id, BASICS.id) is None


async def test_skipping_the_pretest_is_kept_and_goes_on_to_the_lesson(aiohttp_client, make_course):
    client, visit = await browse(aiohttp_client, make_course, pretest=True)
    offer = await (await client.get(f"/modules/{BASICS.id}/pretest?next={FIRST_LESSON}")).text()
    skip = await client.post(f"/modules/{BASICS.id}/pretest", allow_redirects=False,
                             data={"csrf": csrf_of(offer), "choice": "skip", "next": FIRST_LESSON})
    assert skip.headers["Location"] == FIRST_LESSON
    assert await on_store(client, visit.learner.store.pretest, visit.learner.profile.id, BASICS.id) == (None, 0)
    lesson = await client.get(FIRST_LESSON, allow_redirects=False)
    assert lesson.status == 200


async def test_no_pretest_when_the_site_turns_it_off(aiohttp_client, make_course):
    client, _visit = await browse(aiohttp_client, make_course)
    assert (await client.get(FIRST_LESSON, allow_redirects=False)).status == 200


# -- refreshers -----------------------------------------------------------------------------------------


async def test_a_passed_module_shows_refresher_due_once_its_months_are_over(aiohttp_client, make_course,
                                                                            monkeypatch):
    client, _visit = await browse(aiohttp_client, make_course, access=Access(refresher_months=12))
    await take_quiz(client, QUIZ_SIZE)
    module_page = f"/modules/{BASICS.id}"
    assert "Refresher due" not in await (await client.get("/home")).text()
    move_clock(monkeypatch, 400)
    home = await (await client.get("/home")).text()
    assert home.count("Refresher due") == 1
    shown = await (await client.get(module_page)).text()
    assert "Refresher due." in shown and "You stay passed" in shown
    assert_headings_in_order(shown)


async def test_a_card_answered_elsewhere_leaves_the_session(reviewer):
    """Another window or face answered a card the session drew: it is not asked again here."""
    client, visit = reviewer
    await client.get("/review")
    drawn = list(visit.review.cards)
    elsewhere = (await on_store(client, visit.learner.review_cards))[1]
    await on_store(client, visit.learner.answer_review, elsewhere, "not an answer")
    text = await (await client.get("/review")).text()
    assert title_of(text).startswith(f"Review, question 1 of {QUIZ_SIZE - 1} - ")
    assert visit.review.cards == [key for key in drawn if key != (elsewhere.module.id, elsewhere.question.id)]


async def test_a_review_session_on_a_shared_postgresql_store(aiohttp_client, pg_url, monkeypatch):
    """The same session on the centre's PostgreSQL store: the due count, an answer kept, the card moved on."""
    from tests.web.pages import as_profile

    from mhcourse.progress.desk import Desk
    from mhcourse.progress.store import Store
    from mhcourse.site.config import SiteConfig
    from mhcourse.web.course import WebCourse

    store = Store.connect(pg_url)
    try:
        course = WebCourse(Desk(store, Access(pretest=False)), MODULES, SiteConfig(), seed=7)
        client = await aiohttp_client(build_app(course))
        visit = await as_profile(client)
        await take_quiz(client, 0)  # all wrong: no pass, so no confidence question after it
        move_clock(monkeypatch, 30)
        assert f"Review: {QUIZ_SIZE} due" in await (await client.get("/home")).text()
        await answer_card(client, right=True)
        assert [row[3] for row in await review_answers(client, visit)] == [True]
        assert f"Review: {QUIZ_SIZE - 1} due" in await (await client.get("/home")).text()
    finally:
        store.close()
