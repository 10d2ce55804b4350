"""The quiz over HTTP, with forms alone: every question type, pass and fail, resume, stale forms, the
results and their review, and the gate."""

from __future__ import annotations

import html
import re

import pytest
from tests.web.conftest import as_guest, csrf_of

from helpers import bundled_course
from mhcourse.site.config import SiteConfig
from mhcourse.web.app import build_app
from mhcourse.web.keys import VISITS

MODULES = bundled_course()
BASICS = next(m for m in MODULES if m.id == "mental-health-basics")  # all five types, no content note
NOTED = next(m for m in MODULES if m.module.content_note)
QUIZ = f"/modules/{BASICS.id}/quiz"
QUESTION = re.compile(r'name="question" value="([^"]+)"')


def fields(question, right: bool) -> list[tuple[str, str]]:
    """The answer fields a learner's browser sends: the right answer, or a wrong one."""
    if question.type == "single":
        return [("answer", next(c.text for c in question.choices if c.correct == right))]
    if question.type == "multiple":
        texts = [c.text for c in question.choices if c.correct] if right else \
            [next(c.text for c in question.choices if not c.correct)]
        return [("answer", t) for t in texts]
    if question.type == "true_false":
        return [("answer", "true" if question.answer == right else "false")]
    if question.type == "order":
        items = list(question.items) if right else list(reversed(question.items))
        return [(f"order-{n}", item) for n, item in enumerate(items, 1)]
    meanings = [p.meaning for p in question.pairs]
    if not right:
        meanings = meanings[1:] + meanings[:1]
    return [(f"match-{n}", meaning) for n, meaning in enumerate(meanings, 1)]


@pytest.fixture
async def browser(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(modules=MODULES)))
    await as_guest(client)
    return client


async def answer_next(client, right: bool):
    """Answer the question the quiz shows; returns (question, the feedback page's text)."""
    page = await client.get(QUIZ)
    text = await page.text()
    assert page.status == 200, text
    question = BASICS.question(QUESTION.search(text).group(1))
    posted = await client.post(f"{QUIZ}/answer", data=[("csrf", csrf_of(text)), ("question", question.id),
                                                        *fields(question, right)], allow_redirects=False)
    assert posted.status == 303
    assert posted.headers["Location"] == f"{QUIZ}/feedback/{question.id}#feedback"
    feedback = await client.get(posted.headers["Location"])
    return question, await feedback.text()


async def take_quiz(client, right_count: int):
    """Answer every question, the first `right_count` rightly; returns the results page's text."""
    seen = []
    for n in range(len(BASICS.quiz.questions)):
        question, feedback = await answer_next(client, n < right_count)
        seen.append(question.type)
        assert 'id="feedback" tabindex="-1" role="status"' in feedback
        assert ("Right." in feedback) == (n < right_count)
        assert "Why:" in feedback
    assert set(seen) == {"single", "multiple", "true_false", "order", "match"}
    done = await client.get(QUIZ)
    assert str(done.url).endswith(f"{QUIZ}/results")
    return await done.text()


async def test_a_whole_quiz_right_passes(browser):
    results = await take_quiz(browser, len(BASICS.quiz.questions))
    assert "You scored 10 out of 10 (100%)." in results and "Passed. Well done." in results
    assert results.count("<h1>") == 1 and results.count(", right: ") == 10
    nxt = MODULES[1]  # the core's next step (Learner.after_passing), as the terminal's results offer it too
    assert f'<a href="/modules/{nxt.id}">Next module: {nxt.title}</a>' in results


async def test_a_quiz_half_wrong_fails_and_the_review_gives_the_right_answers(browser):
    results = await take_quiz(browser, 5)
    assert "You scored 5 out of 10 (50%)." in results and "Not passed this time." in results
    assert results.count(", wrong: ") == 5 and results.count("Why:") == 10
    assert "Next module:" not in results
    assert "The right order:" in results or "The right matches:" in results or "The right answer" in results
    again = await browser.post(f"{QUIZ}/again", data={"csrf": csrf_of(results)}, allow_redirects=False)
    assert again.status == 303 and again.headers["Location"] == QUIZ
    page = await (await browser.get(QUIZ)).text()
    assert "Question 1 of 10" in page


async def test_question_page_is_titled_and_a_fieldset(browser):
    page = await (await browser.get(QUIZ)).text()
    assert f"<title>Quiz, question 1 of 10 - {html.escape(BASICS.title)} - " in page
    assert f'<html lang="{BASICS.module.language}"' in page
    assert page.count("<h1>") == 1 and "<fieldset" in page and "<legend>Question 1 of 10: " in page


async def test_leaving_and_coming_back_resumes_where_the_learner_stopped(browser):
    first, _ = await answer_next(browser, True)
    second, _ = await answer_next(browser, False)
    page = await (await browser.get(QUIZ)).text()
    assert "Welcome back: 2 of 10 questions answered." in page and "Question 3 of 10" in page
    assert QUESTION.search(page).group(1) not in (first.id, second.id)


async def test_a_replayed_or_stale_answer_changes_nothing(browser):
    page = await (await browser.get(QUIZ)).text()
    question = BASICS.question(QUESTION.search(page).group(1))
    data = [("csrf", csrf_of(page)), ("question", question.id), *fields(question, False)]
    await browser.post(f"{QUIZ}/answer", data=data)
    replay = [("csrf", csrf_of(page)), ("question", question.id), *fields(question, True)]
    again = await browser.post(f"{QUIZ}/answer", data=replay, allow_redirects=False)
    assert again.status == 303 and again.headers["Location"] == QUIZ
    feedback = await (await browser.get(f"{QUIZ}/feedback/{question.id}")).text()
    assert "Not quite" in feedback  # the first answer stands
    ahead = await browser.post(f"{QUIZ}/answer", data=[("csrf", csrf_of(page)), ("question", "mhb-q10"),
                                                       ("answer", "x")], allow_redirects=False)
    assert ahead.headers["Location"] == QUIZ
    page = await (await browser.get(QUIZ)).text()
    assert "Welcome back: 1 of 10" in page


async def test_a_broken_answer_shows_the_question_again_with_an_alert(browser):
    page = await (await browser.get(QUIZ)).text()
    qid = QUESTION.search(page).group(1)
    broken = await browser.post(f"{QUIZ}/answer", data={"csrf": csrf_of(page), "question": qid})
    text = await broken.text()
    assert broken.status == 200 and 'role="alert"' in text and 'aria-invalid="true"' in text
    assert "<title>Problem: Quiz, question 1 of 10" in text
    assert "Welcome back" not in (await (await browser.get(QUIZ)).text())  # nothing was kept


async def test_a_form_without_its_token_is_refused(browser):
    page = await (await browser.get(QUIZ)).text()
    qid = QUESTION.search(page).group(1)
    refused = await browser.post(f"{QUIZ}/answer", data={"question": qid, "answer": "true"})
    assert refused.status == 403


async def test_results_before_any_attempt_go_to_the_quiz(browser):
    response = await browser.get(f"{QUIZ}/results", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == QUIZ


async def test_feedback_for_a_question_not_answered_goes_to_the_quiz(browser):
    response = await browser.get(f"{QUIZ}/feedback/mhb-q1", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == QUIZ
    unknown = await browser.get(f"{QUIZ}/feedback/nope", allow_redirects=False)
    assert unknown.status == 303


async def test_the_content_note_comes_first(browser):
    for tail in ("", "/results", "/feedback/x"):
        response = await browser.get(f"/modules/{NOTED.id}/quiz{tail}", allow_redirects=False)
        assert response.status == 303 and response.headers["Location"].startswith(f"/modules/{NOTED.id}/note?next=")


async def test_an_unknown_module_is_not_found(browser):
    assert (await browser.get("/modules/nope/quiz")).status == 404


async def test_signed_out_goes_to_the_welcome(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course(modules=MODULES)))
    response = await client.get(QUIZ, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"


async def test_a_pass_asks_how_confident_the_learner_feels_after(aiohttp_client, make_course):
    course = make_course(modules=MODULES, site=SiteConfig())
    client = await aiohttp_client(build_app(course))
    desk, book = course.desk, client.server.app[VISITS]

    def sign_in() -> str:  # profiles over HTTP are web-way-in's: the profile's visit is made directly
        desk.create("Ana")
        return book.sign_in(desk.start(desk.find("Ana"), course.modules, course.rng())).key

    client.session.cookie_jar.update_cookies({"mhcourse_session": await course.worker.call(sign_in)})
    for _n in range(len(BASICS.quiz.questions)):
        await answer_next(client, True)
    done = await client.get(QUIZ, allow_redirects=False)
    assert done.headers["Location"].startswith(f"/modules/{BASICS.id}/confidence/after?next=")
    results = await (await client.get(f"{QUIZ}/results")).text()
    assert "/confidence/after?next=" in results


async def test_back_to_the_last_feedback_after_the_results_links_to_the_results(browser):
    await take_quiz(browser, 10)
    answered = BASICS.quiz.questions[0]  # every question of the finished attempt was answered
    page = await (await browser.get(f"{QUIZ}/feedback/{answered.id}")).text()
    assert f'href="{QUIZ}/results">See your results</a>' in page


def test_last_results_are_those_of_the_newest_finished_attempt(store):
    from mhcourse.learning.answers import correct_answer
    from mhcourse.progress.desk import Desk

    desk = Desk(store)
    desk.create("Bo")
    learner = desk.start(desk.find("Bo"), MODULES)
    assert learner.last_results(BASICS) is None
    attempt = learner.quiz_attempt(BASICS)
    for shown in attempt.plan.questions[:3]:
        question = BASICS.question(shown.id)
        learner.answer(attempt, question, correct_answer(question))
    score = learner.finish_attempt(BASICS, attempt)
    kept, results = learner.last_results(BASICS)
    assert kept.id == attempt.id and kept.finished and results.score == score
    assert [row.question.id for row in results.rows] == [q.id for q in attempt.plan.questions]
    assert sum(row.right for row in results.rows) == 3
    learner.new_attempt(BASICS)  # an attempt in progress does not hide the finished one
    assert learner.last_results(BASICS)[0].id == attempt.id
