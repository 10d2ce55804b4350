"""A step not saved because the shared database cannot be reached: said, kept, and tried again when asked.

Every call the plain face makes on its learner goes through `KeptSteps`: when one fails with a fault the core
says is worth retrying (progress/faults.py), the learner is told why and asked "Type r to try again, or q to
leave"; r runs the same call again (the step is kept in memory until then), q lets the fault go on, and the
session stops as it does for any storage fault (exit 3), as does the end of input. Get help now works at that
prompt as at every other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ..i18n import _
from ..progress.faults import in_plain_words, retried
from .moves import Back, EndOfInput, Quit

if TYPE_CHECKING:
    from ..progress.learner import Learner
    from .prompts import Console

TRY_AGAIN = ("r", "retry", "try again")
LEAVE = ("q", "leave")


class KeptSteps:
    """A Learner whose every call is tried again while the learner types r (see the module's docstring)."""

    def __init__(self, learner: Learner, console: Console) -> None:
        self._learner = learner
        self._console = console
        self._asking = False

    @property
    def inner(self) -> Learner:
        return self._learner

    def __getattr__(self, name: str) -> Any:
        value = retried(lambda: getattr(self._learner, name), self._again)  # a property may read the store
        if not callable(value):
            return value
        return lambda *args, **kwargs: retried(lambda: value(*args, **kwargs), self._again)

    def _again(self, error: BaseException) -> bool:
        """Tell the learner why the step was not saved; True when they type r. Never asked twice at once (a
        help command at this prompt reads the record too: it goes on without it)."""
        if self._asking:
            return False
        self._asking = True
        try:
            return ask_again(self._console, in_plain_words(error))
        finally:
            self._asking = False


def ask_again(console: Console, why: str) -> bool:
    """Say `why` and ask r (True) or q (False); the end of input, back and quit are q too."""
    instruction = _("Type r to try again, or q to leave.")
    block = ["", why, instruction]
    console.say(*block)
    while True:
        try:
            word = console.read(block).strip().lower()
        except (EndOfInput, Back, Quit):
            return False
        if word in TRY_AGAIN:
            return True
        if word in LEAVE:
            return False
        console.say(instruction)


def kept(learner: Learner | None, console: Console) -> Learner | None:
    """`learner` with its steps kept and tried again (the same type to every flow of the plain face)."""
    if learner is None or isinstance(learner, KeptSteps):
        return learner
    return cast("Learner", KeptSteps(learner, console))


def unwrap(learner: Learner) -> Learner:
    """The learner itself, for the core (the desk) that keeps track of it."""
    return cast("Learner", learner.inner) if isinstance(learner, KeptSteps) else learner

