"""The records a face sees of a profile and of opening one: plain data, no store behind them.

Faces import these (never `progress.store`); the store and the front desk (desk.py) make them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .pins import PIN_TRIES


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    created: str
    last_used: str
    has_pin: bool = False


@dataclass(frozen=True)
class Opening:
    """The answer to one step of opening a profile (or of checking a learner's own PIN)."""

    status: Literal["open", "pin", "refused", "locked", "gone"]
    """open: go in; pin: ask for a PIN; refused: a wrong PIN (or an unknown hidden name);
    locked: too many wrong tries; gone: the profile is no longer in the store."""
    profile: Profile | None = field(default=None, repr=False)
    """The profile, once it is open (never before: a hidden name is not confirmed)."""
    set_pin: bool = False
    """The site requires a PIN and this profile has none: it sets one before the course starts."""
    tries_left: int = PIN_TRIES
    locked_until: float | None = None
    """While locked: when the lock ends (wall-clock seconds, like time.time())."""
    seconds_left: int = 0
    """While locked: whole seconds still to wait (PinCheck.seconds_left), e.g. for a web face's Retry-After."""

    @property
    def ok(self) -> bool:
        return self.status == "open"
