"""The learner's way through a module, as every face shows it: where a saved place leads and its words,
the gate into a module, the quiz's label, questions and results, and a practice conversation's walk.

These are views over a module and a record (no store): `Learner` (learner.py) hands them out, and a
face only shows them. The words are the course's own, so the faces say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..i18n import _, format_percent
from ..learning.answers import Answer, Marked, mark, right_choices
from ..learning.progress import ModuleState, Place, Status
from ..learning.quiz import Attempt, Score, shown_choices
from ..learning.scenario import Choice, ScenarioRun, Summary, summarise

if TYPE_CHECKING:
    from ..content.models import Module, Option, Question, Scenario, Step
    from ..learning.outlined import ModuleLike
    from .learner import Learner


def percent(fraction: float) -> str:
    """A fraction as the course shows it in the learner's language: '80%', '80 %'."""
    return format_percent(fraction)


# -- where a saved place leads ---------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """What to open inside a module: a lesson (by its index), the quiz, or a practice scenario."""

    kind: Literal["lesson", "quiz", "scenario"]
    index: int = 0
    """The lesson's index in module.lessons (kind "lesson")."""
    scenario: Scenario | None = None
    """The scenario (kind "scenario")."""


def located(module: ModuleLike, place: Place) -> tuple[Literal["lesson", "quiz", "scenario"], int, str] | None:
    """What a saved place in `module` (or its outline) names: its kind, a lesson's index and the title of the lesson
    or scenario; None when it names nothing the module still has. target() and place_words() both ask this."""
    if place.kind == "lesson" and place.item_id and (lesson := module.lesson(place.item_id)):
        return "lesson", [item.id for item in module.lessons].index(lesson.id), lesson.title
    if place.kind == "quiz" and module.quiz is not None:
        return "quiz", 0, ""
    if place.kind == "scenario" and place.item_id and (scenario := module.scenario(place.item_id)):
        return "scenario", 0, scenario.title
    return None


def target(module: Module, place: Place) -> Target | None:
    """What a saved place in `module` opens; None when it names nothing the module still has (the module's page)."""
    found = located(module, place)
    if found is None:
        return None
    kind, index, _title = found
    if kind == "scenario":
        return Target(kind, scenario=module.scenario(place.item_id or ""))
    return Target(kind, index)


def after_lesson(module: Module, index: int) -> Target | None:
    """Next from the end of lesson `index`: the next lesson, else the quiz, else None (back to the module)."""
    if index + 1 < len(module.lessons):
        return Target("lesson", index + 1)
    if module.quiz is not None:
        return Target("quiz")
    return None


def place_words(module: ModuleLike | None, place: Place) -> str:
    """'Depression › What helps' for a saved place ('Depression › Quiz', 'Depression › Practice: ...'); the module's
    outline (content/summary.py) says it as the full module does."""
    if module is None:
        return place.module_id
    found = located(module, place)
    if found is None:
        return module.title
    kind, _index, title = found
    if kind == "lesson":
        return _("{module} › {lesson}").format(module=module.title, lesson=title)
    if kind == "quiz":
        return _("{module} › Quiz").format(module=module.title)
    return _("{module} › Practice: {scenario}").format(module=module.title, scenario=title)


@dataclass(frozen=True)
class StepWords:
    """Continue's line as home shows it, known from the course's outline: "Start here: " or "Continue where you
    left off: ", and where it leads (Learner.next_words; NextStep says the same for the full module)."""

    started: bool
    words: str

    @property
    def lead(self) -> str:
        """'Continue where you left off: ' or 'Start here: ', before the words."""
        return _("Continue where you left off: ") if self.started else _("Start here: ")

    @property
    def hint(self) -> str:
        """What pressing Enter on it does."""
        return start_hint(self.started)


@dataclass(frozen=True)
class NextStep:
    """Continue where the learner left off (or, before anything is opened, where to start)."""

    place: Place
    module: Module
    target: Target | None
    """What to open in the module after its gate; None: the module's own page."""
    started: bool
    """The learner has opened something before: "Continue where you left off", else "Start here"."""
    words: str
    """Where it leads: 'Depression › What helps'."""

    @property
    def lead(self) -> str:
        """'Continue where you left off: ' or 'Start here: ', before the words."""
        return StepWords(self.started, self.words).lead

    @property
    def hint(self) -> str:
        """What pressing Enter on it does."""
        return start_hint(self.started)


def start_hint(started: bool) -> str:
    """What Enter on Continue does: pick up where the learner left off (`started`), or begin."""
    return _("Press Enter to pick up where you left off.") if started else _("Press Enter to begin.")


# -- the gate into a module ------------------------------------------------------------------------

@dataclass(frozen=True)
class Gate:
    """What stands before going into a module: its content note, and whether it is asked."""

    note: str | None
    """The module's content note, or None when it has none."""
    ask: bool
    """Show the note with its choice (continue, or skip the module for now) before going in: until the
    learner chose to go on, and again after they skipped it. When False the face goes straight in
    (the plain face shows the note again, without asking)."""


def skipped_words() -> str:
    """What a face says when a module is skipped at its content note."""
    return _("Skipped for now. You can come back to it any time from the list.")


# -- the quiz --------------------------------------------------------------------------------------

def quiz_label(module: Module, state: ModuleState, unfinished: Attempt | None) -> str:
    """The quiz's state in a module's list: 'passed, best 9/10', 'best so far 3/5; pass mark 80%',
    '5 questions; pass mark 80%', and ' · resume at question 3' for an unfinished attempt."""
    assert module.quiz is not None
    pass_mark = percent(module.quiz.pass_mark)
    if state.status is Status.PASSED:
        words = _("passed, best {best}").format(best=state.best_score)
    elif state.best_score:
        words = _("best so far {best}; pass mark {mark}").format(best=state.best_score, mark=pass_mark)
    else:
        words = _("{count} questions; pass mark {mark}").format(count=len(module.quiz.questions), mark=pass_mark)
    if unfinished is not None:
        words += _(" · resume at question {number}").format(number=unfinished.next_question() + 1)
    return words


@dataclass(frozen=True)
class QuizQuestion:
    """The next question of an attempt to ask, with its number and its choices in the order shown."""

    number: int
    total: int
    question: Question
    choices: list[str]
    """The choices (items, meanings) in the attempt's order."""

    @property
    def heading(self) -> str:
        return _("question {number} of {total}").format(number=self.number, total=self.total)


def next_question(module: Module, attempt: Attempt) -> QuizQuestion | None:
    """The first question of the attempt not yet answered, passing over any the author has since
    removed (never a crash); None when every question still in the module is answered."""
    plan = attempt.plan.questions
    for number, shown in enumerate(plan, 1):
        if shown.id in attempt.answers:
            continue
        question = module.question(shown.id)
        if question is not None:
            return QuizQuestion(number, len(plan), question, shown_choices(question, shown))
    return None


def verdict(question: Question, answer: Answer, marked: Marked) -> str:
    """The first words of an answer's feedback, the same in every face: 'Right.', 'Not quite: 2 of 4 in the
    right place.', 'Not quite: you chose 1 of the 2 right answers.', 'Not quite.'"""
    if marked.correct:
        return _("Right.")
    if question.type == "order" and marked.total:
        return _("Not quite: {right} of {total} in the right place.").format(
            right=marked.right_count, total=marked.total)
    if question.type == "match" and marked.total:
        return _("Not quite: {right} of {total} matched correctly.").format(
            right=marked.right_count, total=marked.total)
    if partly := right_choices(question, answer):
        return _("Not quite: you chose {right} of the {total} right answers.").format(
            right=partly[0], total=partly[1])
    return _("Not quite.")


@dataclass(frozen=True)
class ReviewRow:
    """One question of a finished attempt, for its review."""

    number: int
    """Its number in the attempt, as it was asked."""
    question: Question
    answer: Answer | None
    """The learner's answer, or None when it was not answered."""
    right: bool
    choices: list[str]
    """The choices in the order the learner saw them."""


@dataclass(frozen=True)
class Results:
    """A finished attempt: the score in words, and the review, question by question."""

    score: Score
    rows: list[ReviewRow] = field(default_factory=list)
    """Every question the module still has, in the order asked (removed ones are left out)."""

    @property
    def score_words(self) -> str:
        return _("You scored {right} out of {total} ({percent}).").format(
            right=self.score.right, total=self.score.total, percent=percent(self.score.fraction))

    @property
    def verdict(self) -> str:
        if self.score.passed:
            return _("Passed. Well done.")
        return _("Not passed this time. You can try again whenever you like.")

    @property
    def pass_mark_words(self) -> str:
        return _("The pass mark is {mark}.").format(mark=percent(self.score.pass_mark))

    def row(self, question_id: str) -> ReviewRow | None:
        return next((row for row in self.rows if row.question.id == question_id), None)


def results(module: Module, attempt: Attempt, score: Score) -> Results:
    """The results of a finished attempt, with the rows of its review."""
    rows = []
    for number, shown in enumerate(attempt.plan.questions, 1):
        question = module.question(shown.id)
        if question is None:
            continue  # removed since the attempt began: the score leaves it out too
        answer = attempt.answers.get(shown.id)
        right = answer is not None and mark(question, answer).correct
        rows.append(ReviewRow(number, question, answer, right, shown_choices(question, shown)))
    return Results(score, rows)


# -- a practice conversation -----------------------------------------------------------------------

def tone_words(tone: str) -> str:
    """How a choice lands, in a word: 'Helpful', 'Neutral', 'Unhelpful'."""
    words = {"helpful": _("Helpful"), "neutral": _("Neutral"), "unhelpful": _("Unhelpful")}
    return words.get(tone, tone.capitalize())


class Walk:
    """One learner walking a practice conversation: its place is saved as it opens, and reaching an
    ending is recorded (each time it is played through). Made by Learner.walk."""

    def __init__(self, learner: Learner, module: Module, scenario: Scenario) -> None:
        self.learner, self.module, self.scenario = learner, module, scenario
        learner.open_scenario(module, scenario.id)
        self.run = ScenarioRun(scenario)
        self._at_end()

    @property
    def step(self) -> Step:
        return self.run.step

    @property
    def ended(self) -> bool:
        return self.run.ended

    def options(self) -> list[Option]:
        """The current step's options, shuffled (the helpful one is not always first)."""
        return self.run.options(self.learner.rng)

    def choose(self, option: Option) -> Choice:
        """Take an option; the choice made comes back with its feedback. An ending reached is recorded."""
        choice = self.run.choose(option)
        self._at_end()
        return choice

    def again(self) -> None:
        """Play it again from the start."""
        self.run = ScenarioRun(self.scenario)
        self._at_end()

    def summary(self) -> Summary:
        return summarise(self.run.path)

    def _at_end(self) -> None:
        if self.run.ended:
            self.learner.finish_scenario(self.module, self.run)
