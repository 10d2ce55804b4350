"""The questions a centre's outcome figures come from, in plain text: how confident the learner feels (before a
module's first lesson and after its quiz), and the module's short pre-test (before its first lesson). Both are
optional; whether to ask them now is the core's rule (Learner.asks_confidence, Learner.pretest_offered).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _
from ..learning.answers import Answer
from ..learning.quiz import shown_order
from .moves import Back
from .questions import ask

if TYPE_CHECKING:
    from .session import PlainSession


def scale() -> list[str]:
    """The confidence question's answers, 1 to 5 (the TUI's words)."""
    return [_("Not at all confident"), _("A little confident"), _("Fairly confident"), _("Confident"),
            _("Very confident")]


def before_first_lesson(session: PlainSession, module: Module) -> None:
    """Before the module's first lesson opens: the confidence question, then the pre-test, when the core says so.

    Call it before the lesson is opened (both are asked only while no lesson of the module has been)."""
    learner = session.current()
    if learner.asks_confidence(module, "before"):
        confidence(session, module, "before")
    if learner.pretest_offered(module):
        pretest(session, module)


def confidence(session: PlainSession, module: Module, when: str) -> None:
    """Ask how confident the learner feels about the module's topic (1 to 5), or keep that they skipped it."""
    if when == "before":
        lead = _("Before you start {title}:").format(title=module.title)
    else:
        lead = _("Now that you have finished {title}:").format(title=module.title)
    lines = ["", lead, _("How confident do you feel to talk about this topic and to support someone with it? "
                         "This is optional and anonymous.")]
    options = [*scale(), _("Skip this question")]
    choice = session.console.choose(lines, options, next_index=len(options) - 1)
    value = None if choice == len(options) - 1 else choice + 1
    session.current().confidence(module, when, value)
    session.console.say(_("Thank you.") if value is not None else _("Skipped."))


def pretest(session: PlainSession, module: Module) -> None:
    """Offer the module's short pre-test; asked without feedback, then the score. back leaves it (any answers
    given are kept, and it is not offered again); skipping it is kept too."""
    learner = session.current()
    console = session.console
    questions = learner.pretest_questions(module)
    lines = ["", _("Before you start {title}: a short pre-test.").format(title=module.title),
             _("{count} questions from the module's quiz, to see what you know already. It is not graded and "
               "does not count as a quiz attempt. You find out the answers in the lessons.").format(
                 count=len(questions))]
    options = [_("Take the pre-test"), _("Skip it and start the lesson")]
    if console.choose(lines, options, next_index=0) == 1:
        learner.skip_pretest(module)
        console.say(_("Pre-test skipped."))
        return
    answers: dict[str, Answer] = {}
    shuffle = module.quiz is not None and module.quiz.shuffle
    try:
        for number, question in enumerate(questions, 1):
            shown = list(shown_order(question, session.rng or random.Random(), shuffle))
            heading = _("Pre-test question {number} of {total}").format(number=number, total=len(questions))
            answer = ask(console, question, shown, heading, skippable=False)
            assert answer is not None  # not skippable: back leaves instead
            answers[question.id] = answer
    except Back:
        if answers:
            learner.finish_pretest(module, answers)
        raise
    right, total = learner.finish_pretest(module, answers)
    console.say("", _("You got {right} of {total} right. Now the lesson.").format(right=right, total=total))
