"""Where a record arriving from elsewhere goes: one rule for every way records arrive.

An import today (and a store copy or a language switch later) never merges into a profile by
chance: a record goes into a new profile by default. A name already taken here is refused, so a
learner's record never lands in a stranger's profile because the two share a name. The person
importing chooses: a new name (`--as NEW`, itself refused when taken), or a merge on purpose
(`--into NAME`), which needs that profile's PIN when it has one, counted against its lockout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .profile import Profile
from .store import PinCheck, ProfileError, Store, clean_name

Refusal = Literal["taken", "as_taken", "no_such", "both", "pin"]


class ArrivalRefused(ProfileError):
    """The record cannot go where it was asked to; `kind` says why, `name` is the name concerned.

    kind: 'taken' (the file's name is a profile here already), 'as_taken' (--as names a profile here),
    'no_such' (--into names no profile), 'both' (--as and --into together), 'pin' (the PIN was not
    right, or the profile is locked: see `check`).
    """

    def __init__(self, kind: Refusal, name: str, message: str, check: PinCheck | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.check = check


@dataclass(frozen=True)
class Arrival:
    """Where the record goes: a new profile called `name`, or into the existing profile `into`."""

    name: str
    into: Profile | None = None

    @property
    def needs_pin(self) -> bool:
        """A merge into a profile with a PIN: its PIN must be given first."""
        return self.into is not None and self.into.has_pin


def arrival(store: Store, name_in_record: str, as_name: str | None = None, into: str | None = None) -> Arrival:
    """Where a record for `name_in_record` goes; raises ArrivalRefused (or ProfileError for a bad name)."""
    if as_name is not None and into is not None:
        raise ArrivalRefused("both", into, "give either a new name or a profile to add to, not both")
    if into is not None:
        profile = store.profile(into)
        if profile is None:
            raise ArrivalRefused("no_such", clean_name(into), f"there is no profile called '{into}' to add to")
        until = store.pin_locked_until(profile.id) if profile.has_pin else None
        if until is not None:  # said before any PIN is asked: while locked, a PIN is not even checked
            raise ArrivalRefused("pin", profile.name, f"'{profile.name}' is locked after too many wrong PINs",
                                 PinCheck("locked", 0, until))
        return Arrival(profile.name, profile)
    name = clean_name(as_name if as_name is not None else name_in_record)
    taken = store.profile(name)
    if taken is not None:
        kind: Refusal = "as_taken" if as_name is not None else "taken"
        raise ArrivalRefused(kind, taken.name, f"there is already a profile called '{taken.name}'")
    return Arrival(name)


def check_arrival_pin(store: Store, place: Arrival, pin: str | None) -> None:
    """A merge into a profile with a PIN needs that PIN: a wrong one counts toward the profile's lockout."""
    if not place.needs_pin:
        return
    assert place.into is not None
    if pin is None:
        raise ArrivalRefused("pin", place.name, f"'{place.name}' has a PIN: it is needed to add to this profile")
    check = store.check_pin(place.into.id, pin)
    if check.status != "ok":
        raise ArrivalRefused("pin", place.name, f"the PIN for '{place.name}' was not accepted ({check.status})", check)
