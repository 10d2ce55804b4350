"""The quiz, one question per screen, and the results with a review of each question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...content.models import Module
from ...i18n import N_, _
from ...learning.answers import mark
from ...learning.quiz import Attempt, Score
from ...progress.journey import NextStep, ReviewRow
from ..text import Hanging, literal, styled
from ..widgets.background import QuestionArea
from ..widgets.bar import TopBar
from ..widgets.buttons import ButtonRow
from ..widgets.feedback import Feedback, feedback
from ..widgets.footer import CourseFooter
from ..widgets.question import QuestionView
from .base import CourseModal, CourseScreen, go_home


class QuizScreen(CourseScreen[None]):
    """Resumes an unfinished attempt in its own order, or starts a new one."""

    BINDINGS = [Binding("escape", "leave", N_("Leave quiz"))]  # short, for the footer; leaving says it is saved

    attempt: Attempt
    """The attempt on screen (from on_mount)."""

    def __init__(self, module: Module, attempt: Attempt | None = None) -> None:
        super().__init__()
        self.module = module
        self.given = attempt
        """A new attempt to start with (Try again), or None: the unfinished one, or a new one."""

    def compose(self) -> ComposeResult:
        yield TopBar(_("{module} · Quiz").format(module=self.module.title))
        yield QuestionArea(id="question-area", classes="page")
        yield CourseFooter()

    async def on_mount(self) -> None:
        self.attempt = self.given or self.learner.quiz_attempt(self.module)
        await self.show_question()

    @property
    def index(self) -> int:
        """Where in the attempt's plan the learner is (the first question not yet answered)."""
        return self.attempt.next_question()

    async def show_question(self) -> None:
        step = self.learner.next_question(self.module, self.attempt)  # removed questions passed over
        if step is None:
            self.finish()
            return
        self.query_one(TopBar).set_who(step.heading)
        area = self.query_one("#question-area", VerticalScroll)
        view = QuestionView(step.question, step.choices, id="question")
        await self.put_question(area, view)
        self.call_after_refresh(view.focus_input)

    @staticmethod
    async def put_question(area: VerticalScroll, view: QuestionView) -> None:
        """The question in the area, in place of the one before; under it the Next button, hidden until the answer.

        The button is made once for the screen and kept between questions: making and mounting a Button
        at each answer was a good part of the time between the learner's Enter and the feedback."""
        kept = area.query("#next").results(Button)
        button = next(kept, None)
        if button is None:
            await area.remove_children()
            button = Button("", id="next", variant="primary")
            button.display = False
            await area.mount(view, button)
            return
        button.display = False
        button.remove_class("-active")  # a new Button never shows the last press (it lasts 0.2 s)
        await area.remove_children(QuestionView)
        await area.mount(view, before=button)

    @staticmethod
    def show_next(area: VerticalScroll, view: QuestionView, label: str) -> None:
        """After the feedback: the Next button shown with this label, then (after the frame) focused and in view."""
        button = area.query_one("#next", Button)
        button.label = label
        button.display = True
        area.call_after_refresh(QuizScreen.show_answer, area, view, button)

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        marked = self.learner.answer(self.attempt, event.view.question, event.answer)
        # Awaited, so the screen's next frame is the feedback (the button and focus follow it).
        await event.view.show_feedback(event.answer, marked)
        last = self.learner.next_question(self.module, self.attempt) is None
        self.show_next(self.query_one("#question-area", VerticalScroll), event.view,
                       _("See your results") if last else _("Next question"))

    @staticmethod
    def show_answer(area: VerticalScroll, view: QuestionView, button: Button) -> None:
        """Bring the feedback and the Next button into view; when they do not both fit, the question and the
        feedback's top (Right / Not quite) win and the button is a scroll away, focused, so Enter still goes on.
        The question stays in sight above its verdict whenever the two fit together."""
        box = view.query_one(".feedback", Feedback)
        button.focus(scroll_visible=False)
        area.scroll_to_widget(button, animate=False, immediate=True)
        area.scroll_to_widget(box, animate=False, immediate=True)  # a tall widget: its top is what shows
        prompt = view.query_one(".prompt")
        span = box.virtual_region.y + box.row_span("verdict")[1] - prompt.virtual_region.y
        if span <= area.scrollable_content_region.height:
            area.scroll_to_widget(prompt, top=True, animate=False, immediate=True)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            await self.show_question()

    def finish(self) -> None:
        score = self.learner.finish_attempt(self.module, self.attempt)
        self.app.switch_screen(ResultsScreen(self.module, self.attempt, score))

    def action_leave(self) -> None:
        self.app.pop_screen()
        self.app.notify(_("Your answers are saved. The quiz will carry on from here next time."))


class ResultsScreen(CourseScreen[None]):
    BINDINGS = [
        Binding("n", "next_module", N_("Next module")),
        Binding("h", "home", N_("Home")),
        Binding("t", "try_again", N_("Try again")),
        Binding("escape", "back", N_("Back to module")),
    ]

    def __init__(self, module: Module, attempt: Attempt, score: Score) -> None:
        super().__init__()
        self.module = module
        self.attempt = attempt
        self.score = score
        self.after: NextStep | None = None
        """Once the module is passed, the core's next step in another module (what Next module opens)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A preview shows one module and has no home; Next module only once passed, while something is left.
        if action == "home":
            return self.app.preview is None
        if action == "next_module":
            return self.app.preview is None and self.after is not None
        return True

    def compose(self) -> ComposeResult:
        results = self.results = self.learner.results(self.module, self.attempt, self.score)
        if self.score.passed and self.app.preview is None:
            self.after = self.learner.after_passing(self.module)
        yield TopBar(_("{module} · Quiz results").format(module=self.module.title))
        with Vertical(classes="page"):
            lines: list[str | tuple[str, str]] = [
                (f"{results.score_words} ", "bold"), results.verdict,
                "\n" + _("{pass_mark} Press Enter on a question to review it.").format(
                    pass_mark=results.pass_mark_words)]
            if self.after is not None:
                lines += ["\n", (_("Next: "), "bold"), self.after.words]
            yield Static(styled(*lines), id="score")
            # The buttons come before the review: a long review scrolls in its own box, they stay in sight.
            with ButtonRow(classes="buttons"):
                # The way on first: the next module once passed, else another attempt; home beside it.
                if self.after is not None:
                    yield Button(_("Next module"), id="next-module", variant="primary")
                elif not self.score.passed:
                    yield Button(_("Try again"), id="again", variant="primary")
                if self.app.preview is None:
                    yield Button(_("Home"), id="home")
                if self.score.passed:
                    yield Button(_("Try again"), id="again")
                yield Button(_("Back to module"), id="back")
            yield OptionList(*self._review_options(), id="review")
        yield CourseFooter()

    def _review_options(self) -> list[Option]:
        return [Option(Hanging(f"{'✔' if row.right else '✘'} {row.number}. ", row.question.prompt), id=row.question.id)
                for row in self.results.rows]

    def on_mount(self) -> None:
        self.query_one("#review").focus()
        if self.learner.asks_confidence(self.module, "after", passed=self.score.passed):
            self.app.ask_confidence(self.module, "after")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        row = self.results.row(event.option.id or "")
        if row is not None:
            self.app.push_screen(ReviewScreen(row))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"again": self.action_try_again, "next-module": self.action_next_module, "home": self.action_home}
        actions.get(event.button.id or "", self.action_back)()

    def action_next_module(self) -> None:
        """Home, then straight on into the next step (its content note first, while the core says so)."""
        step = self.after
        if step is None or self.app.preview is not None:
            return
        go_home(self.app, step)

    def action_home(self) -> None:
        if self.app.preview is None:
            go_home(self.app)

    def action_try_again(self) -> None:
        attempt = self.learner.new_attempt(self.module)
        self.app.switch_screen(QuizScreen(self.module, attempt))

    def action_back(self) -> None:
        self.app.pop_screen()


class ReviewScreen(CourseModal[None]):
    """One question of a finished attempt: the learner's answer, the right one, and why."""

    BINDINGS = [Binding("escape", "dismiss", N_("Back to results"))]

    def __init__(self, row: ReviewRow) -> None:
        super().__init__()
        self.question = row.question
        self.answer = row.answer
        self.shown = row.choices
        """The choices in the order the learner saw them."""

    def compose(self) -> ComposeResult:
        question, answer = self.question, self.answer
        with VerticalScroll(id="review-box"):
            yield Static(literal(question.prompt), classes="title")
            if answer is None:
                yield Static(_("This question was not answered."))
            else:
                # No container around it: one would take the box's height and cut the rest off.
                yield feedback(question, answer, mark(question, answer), self.shown)
            yield Button(_("Back to results (Esc)"), id="close", variant="primary")
        yield CourseFooter()

    def on_mount(self) -> None:
        # Open at the top (the verdict); the box scrolls down to "Why" with ↓, PgDn or End.
        self.query_one("#close").focus(scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
