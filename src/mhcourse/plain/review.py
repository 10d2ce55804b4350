"""Spaced review in plain text: the questions due again, across modules, a few at a time.

The core picks the cards due, marks each answer and reschedules it (progress/reviewing.py); this face asks
each question as the quiz does and gives the quiz's feedback and explanation. `back` leaves at any moment:
every answer given is already kept.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from ..learning.quiz import shown_order
from ..progress.certificate import long_date
from ..progress.review import Card, Due
from .moves import Back
from .questions import ask, feedback

if TYPE_CHECKING:
    from .session import PlainSession


def due_words(due: Due) -> str | None:
    """What home says about review: "Review: 3 questions due." (None when nothing is due)."""
    if not due.count:
        return None
    return ngettext("Review: {count} question due.", "Review: {count} questions due.", due.count).format(
        count=due.count)


def review_option(due: Due) -> str:
    """The main menu's choice that starts a review."""
    return ngettext("Review ({count} question due)", "Review ({count} questions due)", due.count).format(
        count=due.count)


def review_summary(due: Due) -> list[str]:
    """Your progress's lines about review: how many questions are due, or when the next one is."""
    if due.count:
        return [due_words(due) or ""]
    if due.next_due is None:
        return [_("Review: nothing due.")]
    return [_("Review: nothing due. Next review: {date}.").format(date=long_date(due.next_due))]


def next_review_words(due: Due) -> str:
    """When the next question comes back, or that none is waiting."""
    if due.count:
        return ngettext("{count} more question is due now: type review to go on.",
                        "{count} more questions are due now: type review to go on.", due.count).format(count=due.count)
    if due.next_due is None:
        return _("No question is waiting for review yet: the questions you answer in quizzes and checks come back "
                 "here when they are due.")
    return _("Next review: {date}.").format(date=long_date(due.next_due))


def review(session: PlainSession) -> None:
    """One review session: the cards due now (at most the site's review size), then the score and the next date."""
    learner = session.current()
    console = session.console
    cards = learner.review_cards()
    if not cards:
        console.say("", _("Nothing is due for review now."), next_review_words(learner.due()))
        return
    total = len(cards)
    console.say("", ngettext(
        "Review: {count} question from the modules you have studied. Type back to leave at any time; "
        "your answers are kept.",
        "Review: {count} questions from the modules you have studied. Type back to leave at any time; "
        "your answers are kept.", total).format(count=total))
    right = 0
    for number, card in enumerate(cards, 1):
        try:
            right += _ask(session, card, number, total)
        except Back:
            console.say("", ngettext("Review left: {count} answer kept.", "Review left: {count} answers kept.",
                                     number - 1).format(count=number - 1), next_review_words(learner.due()))
            return
    console.say("", _("Review done: {right} of {total} right.").format(right=right, total=total),
                next_review_words(learner.due()))


def _ask(session: PlainSession, card: Card, number: int, total: int) -> int:
    """Ask one card's question as the quiz asks it, keep the answer, and give the quiz's feedback; 1 when right."""
    question = card.question
    quiz = card.module.quiz
    shuffle = card.lesson_id is None and quiz is not None and quiz.shuffle
    shown = list(shown_order(question, session.rng or random.Random(), shuffle))
    heading = _("Review question {number} of {total}, from {title}").format(
        number=number, total=total, title=card.module.title)
    answer = ask(session.console, question, shown, heading, skippable=False)
    assert answer is not None  # a review question is not skippable: back leaves instead
    marked = session.current().answer_review(card, answer)
    feedback(session.console, question, answer, marked, shown)
    return 1 if marked.correct else 0
