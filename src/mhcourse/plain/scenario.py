"""A scenario in plain text: practice, one numbered choice at a time, then what the choices added up to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Module, Scenario
from ..i18n import _
from ..learning.scenario import ScenarioRun, summarise
from .moves import Target

if TYPE_CHECKING:
    from .session import PlainSession


def tone_words(tone: str) -> str:
    """What a choice's tone is called, as a sentence."""
    words = {"helpful": _("A helpful choice."), "neutral": _("A neutral choice."),
             "unhelpful": _("An unhelpful choice.")}
    return words.get(tone) or _("A {tone} choice.").format(tone=tone)


def scenario(session: PlainSession, module: Module, chosen: Scenario) -> Target:
    """Play the scenario until the learner goes back to the module."""
    learner = session.current()
    console = session.console
    while True:
        learner.open_scenario(module, chosen.id)
        run = _play(session, chosen)
        summary = summarise(run.path)
        console.say("", run.step.text, "", _("The end of this practice. {summary}").format(summary=summary.sentence()))
        if summary.helpful_choices:
            console.say(_("Your helpful choices:"), *(f"- {text}" for text in summary.helpful_choices))
        learner.finish_scenario(module, run)
        again = console.choose(["", _("What next?")],
                               [_("Play it again"), _("Back to {title}").format(title=module.title)])
        if again != 0:
            return None


def _play(session: PlainSession, chosen: Scenario) -> ScenarioRun:
    """From the first step to an ending, each choice followed by its tone and feedback."""
    console = session.console
    run = ScenarioRun(chosen)
    console.say("", _("Practice: {title}").format(title=chosen.title), _("This is practice: nothing here is graded."))
    if chosen.intro:
        console.say(chosen.intro)
    while not run.ended:
        options = run.options(session.rng)
        index = console.choose(["", run.step.text, _("What do you say or do?")], [o.text for o in options])
        choice = run.choose(options[index])
        console.say(tone_words(choice.tone) + (f" {choice.feedback}" if choice.feedback else ""))
    return run
