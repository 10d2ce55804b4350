"""A scenario in plain text: practice, one numbered choice at a time, then what the choices added up to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Module, Scenario
from ..i18n import _
from ..learning.scenario import Choice
from ..progress.journey import Target, Walk, tone_words

if TYPE_CHECKING:
    from .session import PlainSession


def scenario(session: PlainSession, module: Module, chosen: Scenario) -> Target | None:
    """Play the scenario until the learner goes back to the module."""
    console = session.console
    walk = session.current().walk(module, chosen)
    while True:
        _play(session, walk)
        summary = walk.summary()
        console.say("", walk.step.text, "", _("The end of this practice. {summary}").format(summary=summary.sentence()))
        if summary.helpful_choices:
            console.say(_("Your helpful choices:"), *(f"- {text}" for text in summary.helpful_choices))
        again = console.choose(["", _("What next?")],
                               [_("Play it again"), _("Back to {title}").format(title=module.title)])
        if again != 0:
            return None
        walk.again()


def _play(session: PlainSession, walk: Walk) -> None:
    """From the first step to an ending (which the walk records), each choice followed by how it lands."""
    console = session.console
    console.say("", _("Practice: {title}").format(title=walk.scenario.title),
                _("This is practice: nothing here is graded."))
    if walk.scenario.intro:
        console.say(walk.scenario.intro)
    while not walk.ended:
        options = walk.options()
        index = console.choose(["", walk.step.text, _("What do you say or do?")], [o.text for o in options])
        console.say(_landed(walk.choose(options[index])))


def _landed(choice: Choice) -> str:
    """How a choice lands, as the core words it, then its feedback."""
    if choice.feedback:
        return _("{tone}. {feedback}").format(tone=tone_words(choice.tone), feedback=choice.feedback)
    return _("{tone}.").format(tone=tone_words(choice.tone))
