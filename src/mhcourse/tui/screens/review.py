"""Spaced review: the questions that are due again, across modules, with the quiz's feedback and "why".

Each answer is kept (and its card rescheduled) as it is given, so Esc leaves at any moment with nothing lost.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from ...i18n import N_, _, ngettext
from ...learning.quiz import shown_order
from ...progress.certificate import long_date
from ...progress.review import Card, Due
from ..text import styled
from ..widgets.background import QuestionArea
from ..widgets.bar import TopBar
from ..widgets.footer import CourseFooter
from ..widgets.question import QuestionView
from .base import CourseScreen
from .quiz import QuizScreen


def summary_words(right: int, total: int, due: Due) -> str:
    """The end of a session: '7 of 10 right.', then how many are still due now, or when the next review is."""
    words = ngettext("{right} of {total} right.", "{right} of {total} right.", total).format(right=right, total=total)
    if due.count:
        more = ngettext("{count} more question is due now: press Enter for the next few.",
                        "{count} more questions are due now: press Enter for the next few.",
                        due.count).format(count=due.count)
        return f"{words} {more}"
    if due.next_due:
        return f"{words} " + _("Your next review is on {date}.").format(date=long_date(due.next_due))
    return words


class ReviewSessionScreen(CourseScreen[None]):
    """One review session: up to the site's review size of due questions, soonest due first.

    (Not quiz.ReviewScreen, which goes over one question of a finished quiz.)"""

    BINDINGS = [Binding("escape", "leave", N_("Leave review"))]

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[Card] = []
        self.index = 0
        """The card on screen (its position in `cards`)."""
        self.right = 0
        self.answered = 0

    def compose(self) -> ComposeResult:
        yield TopBar(_("Review"))
        yield QuestionArea(id="question-area", classes="page")
        yield CourseFooter()

    async def on_mount(self) -> None:
        await self.start()

    async def start(self) -> None:
        """Draw the due cards and show the first (again after a session, while more are due)."""
        self.cards = self.learner.review_cards()
        self.index = self.right = self.answered = 0
        if not self.cards:
            self.app.pop_screen()
            self.app.notify(_("Nothing is due for review now."))
            return
        await self.show_question()

    async def show_question(self) -> None:
        if self.index >= len(self.cards):
            await self.show_summary()
            return
        card = self.cards[self.index]
        bar = self.query_one(TopBar)
        bar.set_where(card.module.title)
        bar.set_who(_("question {number} of {total} · Review").format(number=self.index + 1, total=len(self.cards)))
        area = self.query_one("#question-area", VerticalScroll)
        view = QuestionView(card.question, list(shown_order(card.question, self.app.rng)), id="question")
        await QuizScreen.put_question(area, view)
        self.call_after_refresh(view.focus_input)

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        card = self.cards[self.index]
        marked = self.learner.answer_review(card, event.answer)  # kept and rescheduled now
        self.answered += 1
        self.right += int(marked.correct)
        await event.view.show_feedback(event.answer, marked)
        last = self.index + 1 >= len(self.cards)
        QuizScreen.show_next(self.query_one("#question-area", VerticalScroll), event.view,
                             _("See how you did") if last else _("Next question"))

    async def show_summary(self) -> None:
        due = self.learner.due()
        bar = self.query_one(TopBar)
        bar.set_where(_("Review"))
        bar.set_who(_("done"))
        area = self.query_one("#question-area", VerticalScroll)
        await area.remove_children()
        words = summary_words(self.right, self.answered, due)
        await area.mount(Static(styled((_("Review done. "), "bold"), words), id="review-summary", classes="prose"))
        if due.count:
            button = Button(_("Review the next few"), id="more", variant="primary")
        else:
            button = Button(_("Back to your modules"), id="home", variant="primary")
        await area.mount(button)
        button.focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            self.index += 1
            await self.show_question()
        elif event.button.id == "more":
            await self.start()
        elif event.button.id == "home":
            self.app.pop_screen()

    def action_leave(self) -> None:
        self.app.pop_screen()
        if 0 < self.answered < len(self.cards):
            self.app.notify(ngettext("Your answer is kept. The rest stay due for next time.",
                                     "Your {count} answers are kept. The rest stay due for next time.",
                                     self.answered).format(count=self.answered))
