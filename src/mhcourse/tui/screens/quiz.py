"""The quiz, one question per screen, and the results with a review of each question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...content.models import Module
from ...learning.answers import mark
from ...learning.quiz import Attempt, Score, shown_choices
from ..text import Hanging, literal, styled
from ..widgets.bar import TopBar
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from ..widgets.question import QuestionView, feedback_rows
from .base import CourseModal, CourseScreen


class QuizScreen(CourseScreen[None]):
    """Resumes an unfinished attempt in its own order, or starts a new one."""

    BINDINGS = [Binding("escape", "leave", "Leave quiz")]  # short, for the footer; leaving says it is saved

    def __init__(self, module: Module, attempt: Attempt | None = None) -> None:
        super().__init__()
        self.module = module
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        yield TopBar(f"{self.module.title} · Quiz")
        yield VerticalScroll(id="question-area", classes="page")
        yield CourseFooter()

    async def on_mount(self) -> None:
        if self.attempt is None:
            self.attempt = self.app.learner.quiz_attempt(self.module)
        await self.show_question()

    @property
    def index(self) -> int:
        return self.attempt.next_question()

    async def show_question(self) -> None:
        plan = self.attempt.plan.questions
        # Questions an author has since removed are passed over, never a crash.
        while self.index < len(plan) and self.module.question(plan[self.index].id) is None:
            self.attempt.answers[plan[self.index].id] = None
        if self.index >= len(plan):
            self.finish()
            return
        shown = plan[self.index]
        question = self.module.question(shown.id)
        self.query_one(TopBar).set_who(f"question {self.index + 1} of {len(plan)}")
        area = self.query_one("#question-area", VerticalScroll)
        await area.remove_children()
        view = QuestionView(question, shown_choices(question, shown), id="question")
        await area.mount(view)
        self.call_after_refresh(view.focus_input)

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        marked = self.app.learner.answer(self.attempt, event.view.question, event.answer)
        # Awaited, so the screen's next frame is the feedback (the button and focus follow it).
        await event.view.show_feedback(event.answer, marked)
        last = self.index >= len(self.attempt.plan.questions)
        button = Button("See your results" if last else "Next question", id="next", variant="primary")
        area = self.query_one("#question-area", VerticalScroll)
        area.mount(button)
        self.call_after_refresh(self._show_answer, area, event.view.query_one(".feedback"), button)

    @staticmethod
    def _show_answer(area: VerticalScroll, feedback: Widget, button: Button) -> None:
        """Bring the feedback and the Next button into view; when they do not both fit, the feedback's top
        (Right / Not quite) wins and the button is a scroll away, focused, so Enter still goes on."""
        button.focus(scroll_visible=False)
        area.scroll_to_widget(button, animate=False, immediate=True)
        area.scroll_to_widget(feedback, animate=False, immediate=True)  # a tall widget: its top is what shows

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            await self.show_question()

    def finish(self) -> None:
        score = self.app.learner.finish_attempt(self.module, self.attempt)
        self.app.switch_screen(ResultsScreen(self.module, self.attempt, score))

    def action_leave(self) -> None:
        self.app.pop_screen()
        self.app.notify("Your answers are saved. The quiz will carry on from here next time.")


class ResultsScreen(CourseScreen[None]):
    BINDINGS = [
        Binding("t", "try_again", "Try again"),
        Binding("escape", "back", "Back to module"),
    ]

    def __init__(self, module: Module, attempt: Attempt, score: Score) -> None:
        super().__init__()
        self.module = module
        self.attempt = attempt
        self.score = score

    def compose(self) -> ComposeResult:
        score = self.score
        yield TopBar(f"{self.module.title} · Quiz results")
        with Vertical(classes="page"):
            verdict = "Passed. Well done." if score.passed else "Not passed this time. You can try again whenever you like."
            yield Static(
                styled((f"You scored {score.right} out of {score.total} ({score.fraction:.0%}). ", "bold"), verdict,
                       f"\nThe pass mark is {score.pass_mark:.0%}. Press Enter on a question to review it."),
                id="score",
            )
            # The buttons come before the review: a long review scrolls in its own box, they stay in sight.
            with ButtonRow(classes="buttons"):
                yield Button("Try again", id="again", variant="primary" if not score.passed else "default")
                yield Button("Back to module", id="back")
            yield OptionList(*self._review_options(), id="review")
        yield CourseFooter()

    def _review_options(self) -> list[Option]:
        options = []
        for number, shown in enumerate(self.attempt.plan.questions, 1):
            question = self.module.question(shown.id)
            if question is None:
                continue
            answer = self.attempt.answers.get(shown.id)
            ok = answer is not None and mark(question, answer).correct
            options.append(Option(Hanging(f"{'✔' if ok else '✘'} {number}. ", question.prompt), id=shown.id))
        return options

    def on_mount(self) -> None:
        self.query_one("#review").focus()
        if self.score.passed:
            self.app.ask_confidence(self.module, "after")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        question = self.module.question(event.option.id or "")
        if question is not None:
            shown = next((q for q in self.attempt.plan.questions if q.id == question.id), None)
            self.app.push_screen(ReviewScreen(question, self.attempt.answers.get(question.id),
                                              shown_choices(question, shown)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "again":
            self.action_try_again()
        else:
            self.app.pop_screen()

    def action_try_again(self) -> None:
        attempt = self.app.learner.new_attempt(self.module)
        self.app.switch_screen(QuizScreen(self.module, attempt))

    def action_back(self) -> None:
        self.app.pop_screen()


class ReviewScreen(CourseModal[None]):
    """One question of a finished attempt: the learner's answer, the right one, and why."""

    BINDINGS = [Binding("escape", "dismiss", "Back to results")]

    def __init__(self, question, answer, shown: list[str] | None = None) -> None:
        super().__init__()
        self.question = question
        self.answer = answer
        self.shown = shown
        """The choices in the order the learner saw them."""

    def compose(self) -> ComposeResult:
        question, answer = self.question, self.answer
        with VerticalScroll(id="review-box"):
            yield Static(literal(question.prompt), classes="title")
            if answer is None:
                yield Static("This question was not answered.")
            else:
                # Straight into the scrolling box: a container here would take the box's height and cut the rest off.
                yield from feedback_rows(question, answer, mark(question, answer), self.shown)
            yield Button("Back to results (Esc)", id="close", variant="primary")
        yield CourseFooter()

    def on_mount(self) -> None:
        # Open at the top (the verdict); the box scrolls down to "Why" with ↓, PgDn or End.
        self.query_one("#close").focus(scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
