"""The profile a browser is opening, between choosing it and typing its PIN: kept here, never in the page.

The choice (a profile's id, or a typed name) is held in this server's memory under the browser's
form-cookie token, for a few minutes. The PIN page's address and form carry nothing of it, so a
PIN page tells nobody which profile, or whether a typed name is a profile at all; and a form
cannot name another profile than the one chosen. Touched only on the event loop.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

PENDING_SECONDS = 10 * 60.0
"""How long a chosen profile waits for its PIN: long enough to find it, short enough to leave nothing."""
PENDING_MOST = 10_000
"""Choices kept at most: the oldest go first, so a flood of forms cannot fill the memory."""


@dataclass
class Choice:
    """One browser's profile on the way in."""

    who: int | str
    """The profile's id (chosen from the list) or the name typed (hidden names)."""
    step: Literal["pin", "new-pin"] = "pin"
    """pin: type the profile's PIN; new-pin: the site requires a PIN and this profile sets one first."""
    name: str = ""
    """The profile's name, shown on the PIN page only when the site lists names anyway."""
    problem: str = ""
    """The last refusal, shown once on the PIN page after its form is sent."""
    since: float = field(default_factory=time.monotonic)


class Pending:
    """The choices of every browser on the way in, by form token."""

    def __init__(self, seconds: float = PENDING_SECONDS) -> None:
        self.seconds = seconds
        self.choices: OrderedDict[str, Choice] = OrderedDict()

    def put(self, token: str, choice: Choice) -> None:
        self.choices.pop(token, None)
        self.choices[token] = choice
        while len(self.choices) > PENDING_MOST:
            self.choices.popitem(last=False)

    def get(self, token: str) -> Choice | None:
        """The browser's choice, or None (none made, or made too long ago)."""
        choice = self.choices.get(token)
        if choice is not None and time.monotonic() - choice.since > self.seconds:
            del self.choices[token]
            return None
        return choice

    def drop(self, token: str) -> None:
        self.choices.pop(token, None)
