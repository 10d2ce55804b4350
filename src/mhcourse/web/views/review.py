"""Spaced review: the cards that are due, one question per page, the quiz's feedback and "why", and the count.

The rules are the core's (progress/reviewing.py): which cards are due, soonest first, how many make a session,
and how an answer reschedules its card (learner.answer_review keeps the answer and moves the card in one
transaction). This page keeps only where the session is: the cards drawn when it began, in the Visit
(visits.ReviewRound), so "question 2 of 10" and "7 of 10 right" hold while new cards fall due. An answer is
taken only for the session's next card, and only while that card is still due, so a replayed or stale form
(Back, then Submit) changes nothing. Leaving at any moment loses nothing: every answer is kept as it is given.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any
from urllib.parse import quote

from aiohttp import web

from ...i18n import _, format_day, ngettext
from ...progress.certificate import long_date
from ...progress.review import Card, Due, find_question
from ..questions import FormData, FormProblem, answer_from_form, check_choices, feedback, form_view
from ..render import core, go, page, signed_in
from ..visits import ReviewRound, Visit

routes = web.RouteTableDef()

REVIEW = "/review"
END = "/review/end"


def review_words(due: Due) -> str | None:
    """What home says about review: "Review: 3 due", or None when nothing is due."""
    if not due.count:
        return None
    return ngettext("Review: {count} due", "Review: {count} due", due.count).format(count=due.count)


def next_words(due: Due) -> str:
    """When the next review is, once nothing is due now."""
    if due.next_due is None:
        return _("Nothing else is waiting for review.")
    return _("Next review on {date}.").format(date=_day(due.next_due))


def _day(stamp: str) -> str:
    """A stored time as a day in the learner's language and this computer's time zone (i18n.format_day)."""
    try:
        when = datetime.fromisoformat(stamp)
        return format_day((when.astimezone() if when.tzinfo is not None else when).date())
    except (ValueError, OverflowError):
        return long_date(stamp)


def _due_now(visit: Visit) -> dict[tuple[str, str], Card]:
    """Every card due now, by (module id, question id): the core's list, not cut to a session's size."""
    return {(card.module.id, card.question.id): card for card in visit.learner.review_cards(limit=sys.maxsize)}


def _current(visit: Visit, draw: bool) -> tuple[ReviewRound, Card] | ReviewRound | None:
    """The session and its next card. A card no longer due (answered in another window or face) or whose question
    an author removed leaves the session. With `draw`, a finished session (or none) makes way for a new one.
    Returns the finished session when no card is left, None when there is no session at all."""
    review = visit.review
    if draw and (review is None or review.next_card() is None):
        cards = visit.learner.review_cards()
        if not cards:
            return None
        review = visit.review = ReviewRound([(card.module.id, card.question.id) for card in cards])
    if review is None:
        return None
    due = _due_now(visit)
    review.cards = [key for key in review.cards if key in review.answers or key in due]
    key = review.next_card()
    return review if key is None else (review, due[key])


def _question_page(visit: Visit, review: ReviewRound, card: Card, form: FormData | None = None,
                   problem: FormProblem | None = None) -> dict[str, Any]:
    key = (card.module.id, card.question.id)
    number, total = review.cards.index(key) + 1, len(review.cards)
    choices = check_choices(visit.learner.profile.id, card.question)
    return {
        "card": card,
        "module": card.module,
        "number": number,
        "total": total,
        "view": form_view(card.question, choices, form),
        "problem": problem,
        "legend": _("Question {number} of {total}: {prompt}").format(
            number=number, total=total, prompt=card.question.prompt),
    }


def _ask(visit: Visit) -> dict[str, Any]:
    """The session's next card; a new session when none is under way; the end when every card is answered."""
    found = _current(visit, draw=True)
    if found is None:
        return {"nothing": next_words(visit.learner.due())}
    if isinstance(found, ReviewRound):
        return {"go": END}
    return _question_page(visit, *found)


def _show_question(request: web.Request, ctx: dict[str, Any]) -> web.Response:
    title = _("Review, question {number} of {total}").format(number=ctx["number"], total=ctx["total"])
    if ctx["problem"] is not None:
        title = _("Problem: {title}").format(title=title)  # a screen reader hears it first on the new page
    return page(request, "review_question.html", title=title, lang=ctx["module"].module.language, **ctx)


@routes.get(REVIEW)
async def question(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    ctx = await core(request, _ask, visit)
    if "go" in ctx:
        go(ctx["go"])
    if "nothing" in ctx:
        return page(request, "review_none.html", title=_("Review"), **ctx)
    return _show_question(request, ctx)


def _take(visit: Visit, form: FormData) -> dict[str, Any]:
    """Grade and keep the answer to the session's next card; anything else (a stale form) changes nothing."""
    found = _current(visit, draw=False)
    if not isinstance(found, tuple):
        return {"go": END if found is not None else REVIEW}
    review, card = found
    if form.getall("module", []) != [card.module.id] or form.getall("question", []) != [card.question.id]:
        return {"go": REVIEW}
    answer = answer_from_form(card.question, check_choices(visit.learner.profile.id, card.question), form)
    if isinstance(answer, FormProblem):
        return _question_page(visit, review, card, form, answer)
    marked = visit.learner.answer_review(card, answer)
    review.answers[(card.module.id, card.question.id)] = (answer, marked)
    return {"go": f"{REVIEW}/feedback/{quote(card.module.id)}/{quote(card.question.id)}#feedback"}


@routes.post(f"{REVIEW}/answer")
async def answer(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    form = await request.post()
    ctx = await core(request, _take, visit, form)
    if "go" in ctx:
        go(ctx["go"])
    return _show_question(request, ctx)


def _feedback(visit: Visit, module_id: str, question_id: str) -> dict[str, Any]:
    """The feedback on a card answered in this session, with the way on."""
    review = visit.review
    key = (module_id, question_id)
    module = next((m for m in visit.learner.modules if m.id == module_id), None)
    located = None if module is None else find_question(module, question_id)
    if review is None or key not in review.answers or module is None or located is None:
        return {"go": REVIEW}
    question = located[0]
    given, marked = review.answers[key]
    last = review.next_card() is None
    return {
        "module": module,
        "question": question,
        "number": review.cards.index(key) + 1 if key in review.cards else len(review.answers),
        "total": len(review.cards),
        "feedback": feedback(question, given, marked, check_choices(visit.learner.profile.id, question)),
        "next_url": END if last else REVIEW,
        "next_words": _("See how you did") if last else _("Next question"),
    }


@routes.get(f"{REVIEW}/feedback/{{module}}/{{question}}")
async def feedback_page(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    ctx = await core(request, _feedback, visit, request.match_info["module"], request.match_info["question"])
    if "go" in ctx:
        go(ctx["go"])
    title = _("Review, feedback on question {number} of {total}").format(number=ctx["number"], total=ctx["total"])
    return page(request, "review_feedback.html", title=title, lang=ctx["module"].module.language, **ctx)


def _end(visit: Visit) -> dict[str, Any]:
    """How the finished session went, and when the next review is (or that more are due now)."""
    found = _current(visit, draw=False)
    if found is None or isinstance(found, tuple):
        return {"go": REVIEW}
    if not found.answers:  # every card it drew was answered elsewhere: nothing to count here
        return {"go": "/home"}
    due = visit.learner.due()
    total = len(found.answers)
    return {
        "score": ngettext("{right} of {total} right.", "{right} of {total} right.", total).format(
            right=found.right, total=total),
        "more": None if not due.count else ngettext(
            "{count} more is due now.", "{count} more are due now.", due.count).format(count=due.count),
        "next": None if due.count else next_words(due),
    }


@routes.get(END)
async def end(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    ctx = await core(request, _end, visit)
    if "go" in ctx:
        go(ctx["go"])
    return page(request, "review_end.html", title=_("Review finished"), **ctx)
