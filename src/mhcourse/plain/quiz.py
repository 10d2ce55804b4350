"""A module's quiz in plain text: the questions of an attempt, carried on where the learner stopped, and
the results, question by question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _, ngettext
from ..learning.answers import mark
from ..learning.quiz import Attempt, Score, shown_choices
from .moves import Back, Target
from .questions import ask, feedback, percent

if TYPE_CHECKING:
    from .session import PlainSession


def quiz(session: PlainSession, module: Module) -> Target:
    """Attempts, one after another, until the learner goes back to the module."""
    if module.quiz is None:
        return None
    learner = session.current()
    attempt = learner.quiz_attempt(module)
    while True:
        _introduce(session, module, attempt)
        _answer(session, module, attempt)
        result = learner.finish_attempt(module, attempt)
        if not _results(session, module, attempt, result):
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
    """Ask the attempt's questions not yet answered, each marked at once."""
    total = len(attempt.plan.questions)
    for number, shown_question in enumerate(attempt.plan.questions, 1):
        if shown_question.id in attempt.answers:
            continue
        question = module.question(shown_question.id)
        if question is None:
            continue  # the author removed it since this attempt began; the score leaves it out
        shown = shown_choices(question, shown_question)
        heading = _("Question {number} of {total}").format(number=number, total=total)
        answer = ask(session.console, question, shown, heading, skippable=False)
        marked = session.current().answer(attempt, question, answer)
        feedback(session.console, question, answer, marked, shown)


def _results(session: PlainSession, module: Module, attempt: Attempt, result: Score) -> bool:
    """Show an attempt's results; True when the learner wants to try again."""
    score = _("You got {right} of {total} right ({score}). The pass mark is {mark}.").format(
        right=result.right, total=result.total, score=percent(result.fraction), mark=percent(result.pass_mark))
    lines = ["", _("Quiz results: {title}").format(title=module.title), score]
    if result.passed:
        lines.append(_("You passed this module's quiz. Well done."))
    else:
        lines.append(_("Not passed this time. You can try again whenever you like; your best score is kept."))
    lines += [_("Question by question:"), *_review(module, attempt), "", _("What next?")]
    try:
        choice = session.console.choose(lines, [_("Try again (a new attempt)"),
                                                _("Back to {title}").format(title=module.title)])
    except Back:
        return False
    return choice == 0


def _review(module: Module, attempt: Attempt) -> list[str]:
    """A line for each question of the attempt, right or wrong; removed questions are left out."""
    lines = []
    for number, shown_question in enumerate(attempt.plan.questions, 1):
        question = module.question(shown_question.id)
        if question is None:
            continue
        right = shown_question.id in attempt.answers and mark(question, attempt.answers[shown_question.id]).correct
        line = (_("- Question {number}, right: {prompt}") if right else _("- Question {number}, wrong: {prompt}"))
        lines.append(line.format(number=number, prompt=question.prompt))
    return lines
