"""The short pre-test before a module's first lesson: three of its own quiz questions, not marked as a test.

Offered once (the core says when: learner.pretest_offered), after the content note and the confidence question;
no feedback per question, then the score and on into the lesson. Skipping (Skip or Esc) is recorded, so it is
not offered again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from ...i18n import N_, _, ngettext
from ...learning.quiz import shown_order
from .. import runtime
from ..text import styled
from ..widgets.background import QuestionArea
from ..widgets.bar import TopBar
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from ..widgets.question import QuestionView
from .base import CourseScreen

if TYPE_CHECKING:
    from ...content.models import Module, Question
    from ...learning.answers import Answer


def intro_words(count: int) -> str:
    return ngettext(
        "A quick check before you start: {count} question, not marked as a test. Skip it if you like.",
        "A quick check before you start: {count} questions, not marked as a test. Skip them if you like.",
        count).format(count=count)


def score_words(right: int, total: int) -> str:
    return ngettext("You got {right} of {total}. The module will cover all of this.",
                    "You got {right} of {total}. The module will cover all of this.", total).format(
        right=right, total=total)


class PretestScreen(CourseScreen[None]):
    """The pre-test: its invitation with Start and Skip, the questions one by one, then the score."""

    BINDINGS = [
        Binding("escape", "skip", N_("Skip the check")),
        Binding("escape", "go_on", N_("To the lesson")),  # once the score shows
    ]

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self.questions: list[Question] = []
        self.answers: dict[str, Answer] = {}
        self.finished = False

    def compose(self) -> ComposeResult:
        yield TopBar(self.module.title, _("Before you start"))
        yield QuestionArea(id="question-area", classes="page")
        yield CourseFooter()

    async def on_mount(self) -> None:
        self.questions = self.learner.pretest_questions(self.module)
        area = self.query_one("#question-area", VerticalScroll)
        await area.mount(
            Static(styled((_("Before you start: "), "bold"), self.module.title), classes="title"),
            Static(intro_words(len(self.questions)), classes="prose", id="pretest-intro"),
            Static(_("There is no feedback until the end, and nothing here counts towards passing."), classes="prose"),
            ButtonRow(Button(_("Start"), id="start", variant="primary"), Button(_("Skip"), id="skip"),
                      classes="buttons"),
        )
        self.query_one("#start").focus()

    async def show_question(self) -> None:
        number = len(self.answers)
        if number >= len(self.questions):
            await self.show_score()
            return
        question = self.questions[number]
        self.query_one(TopBar).set_who(_("question {number} of {total} · Before you start").format(
            number=number + 1, total=len(self.questions)))
        area = self.query_one("#question-area", VerticalScroll)
        await area.remove_children()
        view = QuestionView(question, list(shown_order(question, self.app.rng)), id="question")
        await area.mount(view)
        self.call_after_refresh(view.focus_input)

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        self.answers[event.view.question.id] = event.answer  # no feedback per question: straight on
        await self.show_question()
        self.call_after_refresh(runtime.release_collections)  # held since the answer (tui/runtime.py)

    async def show_score(self) -> None:
        right, total = self.learner.finish_pretest(self.module, self.answers)
        self.finished = True
        self.refresh_bindings()
        self.query_one(TopBar).set_who(_("Before you start"))
        area = self.query_one("#question-area", VerticalScroll)
        await area.remove_children()
        button = Button(_("Go to the lesson"), id="lesson", variant="primary")
        await area.mount(Static(styled((score_words(right, total), "bold")), id="pretest-score", classes="prose"),
                         button)
        button.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return not self.finished
        if action == "go_on":
            return self.finished
        return True

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            await self.show_question()
        elif event.button.id == "skip":
            self.action_skip()
        elif event.button.id == "lesson":
            self.action_go_on()

    def action_skip(self) -> None:
        """Skip, at the invitation or part way: nothing is marked, and the check is not offered again."""
        if not self.finished:
            self.learner.skip_pretest(self.module)
        self.app.pop_screen()

    def action_go_on(self) -> None:
        self.app.pop_screen()
