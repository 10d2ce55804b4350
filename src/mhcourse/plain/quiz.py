"""A module's quiz in plain text: the questions of an attempt, carried on where the learner stopped, and
the results, question by question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _, ngettext
from ..learning.quiz import Attempt
from ..progress.journey import Results, Target, percent
from .moves import Back, GoOn
from .outcomes import confidence
from .questions import ask, feedback
from .text import plain_punctuation

if TYPE_CHECKING:
    from .session import PlainSession


def quiz(session: PlainSession, module: Module) -> Target | None:
    """Attempts, one after another, until the learner goes back to the module."""
    if module.quiz is None:
        return None
    learner = session.current()
    attempt = learner.quiz_attempt(module)
    while True:
        _introduce(session, module, attempt)
        _answer(session, module, attempt)
        score = learner.finish_attempt(module, attempt)
        if learner.asks_confidence(module, "after", passed=score.passed):
            confidence(session, module, "after")
        results = learner.results(module, attempt, score)
        if not _results(session, module, results):
            return None
        attempt = learner.new_attempt(module)


def _introduce(session: PlainSession, module: Module, attempt: Attempt) -> None:
    """The quiz's heading, and either how it goes or where the learner stopped."""
    assert module.quiz is not None
    console = session.console
    total = len(attempt.plan.questions)
    answered = sum(1 for q in attempt.plan.questions if q.id in attempt.answers)
    console.say("", _("Quiz: {title}").format(title=module.title))
    if answered:
        console.say(_("Welcome back: {answered} of {total} questions answered. Carrying on where you stopped.").format(
            answered=answered, total=total))
    else:
        console.say(ngettext(
            "{count} question. The pass mark is {mark}. You see whether each answer is right as you go.",
            "{count} questions. The pass mark is {mark}. You see whether each answer is right as you go.",
            total).format(count=total, mark=percent(module.quiz.pass_mark)))
    state = session.current().state(module)
    if state.lessons_done < state.lessons_total and not answered:
        console.say(_("You have not finished every lesson yet; you can still take the quiz."))


def _answer(session: PlainSession, module: Module, attempt: Attempt) -> None:
    """Ask the attempt's questions not yet answered (the core passes over removed ones), each marked at once."""
    learner = session.current()
    while (next_one := learner.next_question(module, attempt)) is not None:
        heading = _("Question {number} of {total}").format(number=next_one.number, total=next_one.total)
        answer = ask(session.console, next_one.question, next_one.choices, heading, skippable=False)
        marked = learner.answer(attempt, next_one.question, answer)
        feedback(session.console, next_one.question, answer, marked, next_one.choices)


def _results(session: PlainSession, module: Module, results: Results) -> bool:
    """Show an attempt's results; True when the learner wants to try again."""
    rows = [(_("- Question {number}, right: {prompt}") if row.right else _("- Question {number}, wrong: {prompt}"))
            .format(number=row.number, prompt=row.question.prompt) for row in results.rows]
    lines = ["", _("Quiz results: {title}").format(title=module.title),
             f"{results.score_words} {results.pass_mark_words}", results.verdict,
             _("Question by question:"), *rows, "", _("What next?")]
    step = session.current().after_passing(module)
    onward = [] if step is None else [_("Next module: {where}").format(where=plain_punctuation(step.words))]
    options = [*onward, _("Try again (a new attempt)"), _("Back to {title}").format(title=module.title)]
    try:
        choice = session.console.choose(lines, options)
    except Back:
        return False
    if onward and choice == 0:
        raise GoOn(step)
    return choice == len(onward)
