"""How a learner leaves a prompt of the plain face: back up a level, quit, or (at a kiosk) end the session.

Raised where a line is read and caught where the session decides what comes next; kept apart from
session.py so the profile dialogue (profiles.py) can use them without importing the session.
"""

from __future__ import annotations


class EndOfInput(Exception):
    """Standard input ended: the session stops, keeping everything saved so far."""


class Quit(Exception):
    """The learner typed quit."""


class Leave(Quit):
    """Kiosk mode: the facilitator PIN was typed, so the course closes."""


class SessionEnds(Quit):
    """Kiosk mode at a terminal: the learner's session ends (like quit), never the course."""


class Idle(SessionEnds):
    """Nothing typed for the kiosk's idle_minutes: the session locks."""


class Interrupted(SessionEnds):
    """Ctrl+C or Ctrl+D at a kiosk: only a facilitator closes the course."""


class Back(Exception):
    """The learner typed back: go up one level."""


class GoOn(Exception):
    """From a passed quiz's results, the learner chose the next module: the main menu opens `step` (a
    journey.NextStep), its content note first, as Continue would."""

    def __init__(self, step: object) -> None:
        super().__init__()
        self.step = step


class LanguageChanged(Exception):
    """The learner chose another language: the main menu is shown again, in it (what was open was built in the
    language before; every step of it is already kept)."""
