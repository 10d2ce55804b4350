"""One question of any type, answered by keyboard or mouse, then its feedback and explanation.

Used for the lesson's knowledge checks and for the quiz. It only collects an answer and
shows feedback; grading and recording are the core's (Learner.answer / answer_check).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...content.models import (
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)
from ...i18n import N_, _
from ...learning.answers import Marked, is_complete, twice_given
from .. import runtime
from ..text import Hanging, bullet, literal, styled
from .background import KeptBackground
from .feedback import Feedback, feedback_rows

HINTS = {
    "single": N_("Choose one answer: ↑↓ then Enter."),
    "true_false": N_("True or false? ↑↓ then Enter."),
    "multiple": N_("Choose all that apply: Space to tick or untick, then Enter to check."),
    "order": N_("Put these in order: ↑↓ to pick an item, u / d (or Shift+↑↓) to move it, Enter to check."),
    "match": N_("Press a meaning's number for each term, or Enter to choose from the list."),
}
"""How to answer each kind of question, translated where it is shown."""


if TYPE_CHECKING:
    _OnAnOptionList = OptionList  # the mixins below are only ever mixed into an OptionList
else:
    _OnAnOptionList = object


class StepsOut(_OnAnOptionList):
    """In a lesson, ↑ on the first row and ↓ on the last leave the check for the page around it.

    In the quiz (steps_out False) the highlight wraps round, as an OptionList's does.
    """

    steps_out = False

    def action_cursor_up(self) -> None:
        if self.steps_out and self.highlighted in (None, 0):
            self.post_message(QuestionView.StepOut(-1))
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.steps_out and self.highlighted == self.option_count - 1:
            self.post_message(QuestionView.StepOut(1))
        else:
            super().action_cursor_down()


class ChoiceList(StepsOut, OptionList):
    """Single choice and true/false: Enter answers."""


class Submits(_OnAnOptionList):
    """An answer input whose Enter checks the answer (handled by QuestionView.on_submits_submitted)."""

    class Submitted(Message):
        pass

    def action_submit(self) -> None:
        self.post_message(Submits.Submitted())


# Footer words are short: at 80 columns the footer must still have room for F1 Get help now.


class TickList(Submits, StepsOut, OptionList):
    """Several choices: Space (or a click) ticks or unticks, Enter checks the answer.

    An OptionList rather than Textual's SelectionList, which cuts a long choice off at one line.
    """

    BINDINGS = [
        Binding("space", "select", N_("Tick"), show=True),
        Binding("enter", "submit", N_("Check"), show=True),
    ]

    def __init__(self, texts: list[str], **kwargs: Any) -> None:
        self.texts = list(texts)
        self.ticked: set[int] = set()
        super().__init__(*(Option(self._prompt(i)) for i in range(len(self.texts))), **kwargs)

    def _prompt(self, index: int) -> Hanging:
        if index in self.ticked:
            return Hanging(styled(("[✔] ", "bold")), styled((self.texts[index], "bold")))
        return Hanging("[ ] ", self.texts[index])

    def action_select(self) -> None:
        """Space, or a click: tick the highlighted choice, or untick it."""
        at = self.highlighted
        if at is None:
            return
        self.ticked ^= {at}
        self.replace_option_prompt_at_index(at, self._prompt(at))

    @property
    def selected(self) -> list[str]:
        """The ticked choices, in the order shown."""
        return [text for i, text in enumerate(self.texts) if i in self.ticked]


class OrderList(Submits, StepsOut, OptionList):
    """Items to put in order: u / d or Shift+arrows move the highlighted item."""

    BINDINGS = [
        Binding("u,shift+up", "move(-1)", N_("Move"), key_display="u/d", show=True),  # one footer entry for both
        Binding("d,shift+down", "move(1)", N_("Move down"), show=False),
        Binding("enter", "submit", N_("Check"), show=True),
    ]

    def __init__(self, items: list[str], **kwargs: Any) -> None:
        self.items = list(items)
        super().__init__(*self._rows(), **kwargs)

    def _rows(self) -> list[Option]:
        return [Option(Hanging(f"{i + 1}. ", item)) for i, item in enumerate(self.items)]

    def action_move(self, step: int) -> None:
        at = self.highlighted
        if at is None or not 0 <= at + step < len(self.items):
            return
        self.items[at], self.items[at + step] = self.items[at + step], self.items[at]
        self.clear_options()
        self.add_options(self._rows())
        self.highlighted = at + step


class MatchList(StepsOut, OptionList):
    """The terms of a match question, each with the meaning given to it, and a last row to check the answer.

    Every meaning is in sight at once, numbered, in the MeaningList below: a number key gives the
    highlighted term that meaning, and Enter on a term opens the meanings list to choose one by ↑↓ and
    Enter. Either way the highlight then moves on to the next term without a meaning (the check row once
    every term has one), so four terms take four numbers and Enter.
    """

    BINDINGS = [
        Binding("1", "give(0)", N_("Meaning"), key_display="1-9", show=True),  # one footer entry for every number
        *(Binding(str(n), f"give({n - 1})", show=False) for n in range(2, 10)),
        Binding("left", "cycle(-1)", show=False),
        Binding("right", "cycle(1)", show=False),
        Binding("enter", "select", N_("Pick"), show=True),
    ]

    CHECK = "check"
    """The id of the last row, which checks the answer."""

    def __init__(self, question: MatchQuestion, meanings: list[str], **kwargs: Any) -> None:
        self.question = question
        self.terms = [pair.term for pair in question.pairs]
        self.meanings = meanings
        self.given: dict[str, int] = {}
        super().__init__(*self._rows(), **kwargs)

    def _rows(self) -> list[Option]:
        rows = []
        twice = twice_given(self.question, self.answer())  # the core's rule, as the plain face says it
        for term in self.terms:
            chosen = self.given.get(term)
            if chosen is None:  # one line while it has no meaning, so the list and the meanings fit at 80x24
                rows.append(Option(Hanging("• ", styled((term, "bold"), " → ", (_("no meaning yet"), "italic")))))
                continue
            meaning = self.meanings[chosen]
            parts: list[str | tuple[str, str]] = [(term, "bold"), "\n→ ", (f"{chosen + 1}. {meaning}", "bold")]
            if meaning in twice:
                parts.append((" " + _("(given to another term too: each meaning fits one term)"), "italic"))
            rows.append(Option(Hanging("• ", styled(*parts))))
        rows.append(Option(Hanging("  ", styled((_("Check my answer"), "bold"))), id=self.CHECK))
        return rows

    def _redraw(self, at: int) -> None:
        self.clear_options()
        self.add_options(self._rows())
        self.highlighted = at

    @property
    def term(self) -> str | None:
        """The highlighted term (None on the check row)."""
        at = self.highlighted
        return self.terms[at] if at is not None and at < len(self.terms) else None

    def give(self, term: str, meaning: int) -> None:
        """Give `term` this meaning, then highlight the next term without one, or the check row."""
        self.given[term] = meaning
        at = self.terms.index(term)
        after = self.terms[at + 1:] + self.terms[:at]
        following = next((t for t in after if t not in self.given), None)
        self._redraw(len(self.terms) if following is None else self.terms.index(following))

    def action_give(self, meaning: int) -> None:
        term = self.term
        if term is not None and meaning < len(self.meanings):
            self.give(term, meaning)

    def action_cycle(self, step: int) -> None:
        term = self.term
        if term is None or self.highlighted is None:
            return
        current = self.given.get(term, -1 if step > 0 else 0)
        self.given[term] = (current + step) % len(self.meanings)
        self._redraw(self.highlighted)

    def answer(self) -> dict[str, str]:
        return {term: self.meanings[i] for term, i in self.given.items()}


class MeaningList(OptionList):
    """Every meaning of a match question, numbered, always in sight; it takes the focus only while the
    learner chooses a meaning for a term (Enter on the term), and gives it back after Enter or Esc."""

    BINDINGS = [
        Binding("enter", "select", N_("Give this meaning"), show=True),
        Binding("escape", "back", N_("Back to the terms"), show=True),
    ]

    class Back(Message):
        """Esc: back to the terms, nothing changed."""

    def __init__(self, meanings: list[str], **kwargs: Any) -> None:
        super().__init__(*(Option(Hanging(f"{n}. ", text)) for n, text in enumerate(meanings, 1)), **kwargs)
        self.can_focus = False
        self.term: str | None = None
        """The term a meaning is being chosen for."""

    def choose_for(self, term: str, current: int | None) -> None:
        self.term = term
        self.border_title = _("The meaning of: {term}").format(term=term)
        self.can_focus = True
        self.focus()
        self.highlighted = current or 0

    def on_mount(self) -> None:
        self.highlighted = None  # nothing lit until a term's meaning is being chosen: none looks chosen

    def on_blur(self) -> None:
        self.can_focus = False
        self.term = None
        self.highlighted = None
        self.border_title = _("Meanings")

    def action_back(self) -> None:
        self.post_message(self.Back())


class QuestionView(KeptBackground, Vertical):
    """A question, its input, and (after answering) the feedback and explanation."""

    DEFAULT_CSS = """
    QuestionView { height: auto; padding: 0 1; }
    QuestionView .prompt { text-style: bold; margin-bottom: 1; }
    QuestionView .hint { color: $text-muted; }
    QuestionView OptionList { height: auto; max-height: 16; margin-bottom: 1; }
    QuestionView MatchList { margin-bottom: 0; }
    QuestionView Feedback { height: auto; padding: 0 1; border-left: outer $primary; }
    QuestionView Feedback.-right { border-left: outer $success; }
    QuestionView Feedback.-wrong { border-left: outer $warning; }
    QuestionView > .question-view--right { border-left: outer $success; }
    QuestionView > .question-view--wrong { border-left: outer $warning; }
    """
    # The feedback's box is styled by type, not by its `.feedback` class: the answer gives it its classes without
    # restyling it (a restyle matched every rule of the stylesheet again: about 0.9 ms of the learner's wait, issue
    # 21) and sets the edge the `-right` / `-wrong` rule gives, read from the component class of the same colour
    # (show_feedback). Any later restyle (a theme switch) then finds the same edge in the rules above.

    COMPONENT_CLASSES = {"question-view--right", "question-view--wrong"}

    class Answered(Message):
        """The learner gave an answer (the core grades it)."""

        def __init__(self, view: QuestionView, answer: Any) -> None:
            super().__init__()
            self.view = view
            self.answer = answer

    class StepOut(Message):
        """In a lesson: ↑ on the first row (direction -1) or ↓ on the last (1) leaves the check unanswered."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    def __init__(self, question: Question, shown: list[str] | None = None, *, label: str = "", in_lesson: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.shown = shown or []
        self.label = label
        self.in_lesson = in_lesson
        """A check inside a lesson's page: its ↑ and ↓ lead out to the page at either end."""
        self.answered = False

    def compose(self) -> ComposeResult:
        q = self.question
        yield Static(literal(q.prompt), classes="prompt")
        yield Static(_(HINTS[q.type]), classes="hint")
        answer_input: OptionList
        if isinstance(q, SingleQuestion):
            answer_input = ChoiceList(*(Option(bullet(t)) for t in self.shown), classes="answer-input")
        elif isinstance(q, TrueFalseQuestion):
            answer_input = ChoiceList(Option(bullet(_("True"))), Option(bullet(_("False"))), classes="answer-input")
        elif isinstance(q, MultipleQuestion):
            answer_input = TickList(self.shown, classes="answer-input")
        elif isinstance(q, OrderQuestion):
            answer_input = OrderList(self.shown, classes="answer-input")
        else:
            assert isinstance(q, MatchQuestion)
            answer_input = MatchList(q, self.shown, classes="answer-input")
            answer_input.border_title = _("Terms")
        answer_input.steps_out = self.in_lesson
        yield answer_input
        if isinstance(q, MatchQuestion):
            meanings = MeaningList(self.shown, classes="meanings")
            meanings.border_title = _("Meanings")
            yield meanings
        # The feedback's widget, hidden and empty until the answer fills it in (show_feedback): mounted with the
        # question, so the learner does not wait for a widget to be mounted between their Enter and the feedback.
        # No classes yet: `.feedback` is what an answered question has (the box is styled by type: DEFAULT_CSS).
        box = Feedback([])
        box.display = False
        yield box

    @property
    def input(self):
        return self.query_one(".answer-input")

    def focus_input(self) -> None:
        if not self.answered:
            self.input.focus()

    # -- collecting the answer -------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, (MatchList, MeaningList)):
            event.stop()
            self._match_selected(event)
            return
        if not isinstance(event.option_list, ChoiceList):
            return
        event.stop()
        if isinstance(self.question, TrueFalseQuestion):
            self._give(event.option_index == 0)
        else:
            self._give(self.shown[event.option_index])

    def on_submits_submitted(self, event: Submits.Submitted) -> None:
        event.stop()
        source = self.input
        if isinstance(source, TickList):
            chosen = set(source.selected)
            self._give([t for t in self.shown if t in chosen])
        elif isinstance(source, OrderList):
            self._give(list(source.items))

    def _match_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a term opens the meanings; Enter on a meaning gives it; Enter on the last row checks."""
        terms = self.query_one(MatchList)
        meanings = self.query_one(MeaningList)
        if event.option_list is meanings:
            term = meanings.term or terms.term  # a click on a meaning gives it to the highlighted term
            terms.focus()
            if term is not None:
                terms.give(term, event.option_index)
        elif event.option.id == MatchList.CHECK:
            missing = [term for term in terms.terms if term not in terms.given]
            if missing:
                terms.highlighted = terms.terms.index(missing[0])
                self.app.notify(_("Give every term a meaning first: this one has none yet."),
                                title=_("Not quite ready"), timeout=4)
                return
            self._give(terms.answer())
        elif terms.term is not None:
            meanings.choose_for(terms.term, terms.given.get(terms.term))

    def on_meaning_list_back(self, event: MeaningList.Back) -> None:
        event.stop()
        self.query_one(MatchList).focus()

    def _give(self, answer: Any) -> None:
        if self.answered:
            return
        if not is_complete(self.question, answer):
            self.app.notify(_(HINTS[self.question.type]), title=_("Not quite ready"), timeout=4)
            return
        runtime.hold_collections()  # until the feedback is drawn: no collection inside an answer (runtime.py)
        self.post_message(self.Answered(self, answer))

    # -- after the answer --------------------------------------------------------------------

    def show_feedback(self, answer: Any, marked: Marked) -> AwaitComplete:
        """Show the feedback in place of the input; await the result to know it is on screen.

        The feedback's widget was mounted hidden with the question (compose): the answer fills it in,
        then shows it and hides the input and hint in one step, so one frame takes the learner from
        the question to the feedback, with no widget mounted on the way (issue 21).
        The input is disabled after that frame: disabling moves the focus, which makes the footer
        redraw its keys, and the feedback need not wait for that.
        """
        self.answered = True
        box = self.query_one(Feedback)
        box.fill(feedback_rows(self.question, answer, marked, self.shown))
        verdict = "-right" if marked.correct else "-wrong"
        # Its classes without a restyle (update=False), and the edge that `QuestionView Feedback.-right` (or
        # `.-wrong`) gives it, set where the stylesheet puts it (styles.base), so a later restyle keeps it
        # (DEFAULT_CSS; tests/tui/test_feedback.py checks it against a restyle).
        box.add_class("feedback", verdict, update=False)
        box.styles.base.border_left = self.get_component_styles(f"question-view-{verdict}").border_left

        async def reveal() -> None:
            self.input.display = False  # the feedback lists every choice again, with its reason
            for meanings in self.query(MeaningList):
                meanings.display = False
            self.query_one(".hint").display = False
            box.display = True
            self.call_after_refresh(self._disable_input)
            self.call_after_refresh(runtime.release_collections)  # the feedback is drawn: they may run now

        return AwaitComplete(reveal())

    def _disable_input(self) -> None:
        self.input.disabled = True
        for meanings in self.query(MeaningList):
            meanings.disabled = True
