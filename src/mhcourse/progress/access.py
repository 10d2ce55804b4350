"""Who may open what on this computer: the site's kiosk and privacy policy, and opening a profile.

Every face asks here and only shows the answer, so the rules are the same in the TUI, the plain
face and any face to come:

- The policy (`Access`) is built once by the command that starts a face, from the site config:
  kiosk mode, hidden names, whether PINs are required, whether this is a shared machine.
- A profile is opened with `open_profile`, which reads the profile from the store at that moment
  (a list on the screen may be old: the profile may have gained a PIN since) and checks the PIN
  through the store, which counts wrong tries and locks.
- With hidden names, an unknown name is asked for a PIN like a protected profile, and its wrong
  "PIN" is counted and locked under the typed name, so the answers cannot tell the two apart:
  "name or PIN not recognised". Nothing is ever created on the way in.
- Where PINs are required, a new profile is made with its PIN in one step (`free_name` first, then
  the PIN, then `new_profile`), so leaving at the PIN leaves no profile anyone could open.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..errors import ProfileError
from ..pins import hash_pin, verify_pin
from .pins import PIN_TRIES, PinCheck
from .store import Store
from .store.profiles import Profile, clean_name, name_key

if TYPE_CHECKING:
    from ..site.config import SiteConfig

FACILITATOR = "facilitator"
"""The pin_locks row that counts wrong facilitator PINs."""


@dataclass(frozen=True)
class Kiosk:
    """Kiosk mode: the session locks when left idle, and only a facilitator can leave."""

    idle_minutes: float = 10.0
    """Minutes without a key or click before the session locks and returns to the profile screen."""
    hide_names: bool = False
    """Show no list of names: each learner types theirs."""
    facilitator_pin_ok: Callable[[str], bool] | None = None
    """Checks the facilitator PIN that lets the course close; None means it cannot be closed from inside."""

    @property
    def idle_seconds(self) -> float:
        return max(self.idle_minutes * 60, 0.5)


@dataclass(frozen=True)
class Access:
    """The site's policy for opening profiles, the same in every face."""

    kiosk: Kiosk | None = None
    """Kiosk mode, or None."""
    require_pin: bool = False
    """Every profile needs a PIN ([privacy] require_pin)."""
    shared: bool = False
    """Several OS accounts share the data folder ([data] shared)."""

    @classmethod
    def from_site(cls, site: SiteConfig, *, kiosk: bool = False, data_shared: bool = False) -> Access:
        """The policy of a site config; `kiosk` forces kiosk mode on (`--kiosk`), never off."""
        chosen = site.kiosk
        mode = None
        if kiosk or chosen.enabled:
            mode = Kiosk(idle_minutes=chosen.idle_minutes, hide_names=chosen.hide_names,
                         facilitator_pin_ok=chosen.check_pin if chosen.has_pin else None)
        return cls(kiosk=mode, require_pin=site.privacy.require_pin, shared=data_shared)

    @property
    def hide_names(self) -> bool:
        return self.kiosk is not None and self.kiosk.hide_names

    @property
    def shared_machine(self) -> bool:
        """Other people use this computer: a new profile is offered a PIN (required with require_pin)."""
        return self.kiosk is not None or self.shared or self.require_pin


@dataclass(frozen=True)
class Opening:
    """The answer to one step of opening a profile."""

    status: Literal["open", "pin", "refused", "locked", "gone"]
    """open: go in; pin: ask for a PIN; refused: a wrong PIN (or an unknown hidden name);
    locked: too many wrong tries; gone: the profile is no longer in the store."""
    profile: Profile | None = field(default=None, repr=False)
    """The profile, once it is open (never before: a hidden name is not confirmed)."""
    set_pin: bool = False
    """The site requires a PIN and this profile has none: it sets one before the course starts."""
    tries_left: int = PIN_TRIES
    locked_until: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "open"


def open_profile(store: Store, access: Access, who: int | str, pin: str | None = None) -> Opening:
    """Open the profile `who` (an id from a list, or a typed name) with `pin` (None: not typed yet).

    The profile is read from the store now. A profile without a PIN opens; one with a PIN, and with
    hidden names a name that is no profile, ask for one. A typed name that is no profile never
    makes one: its PIN is refused, and counted against the name like a wrong PIN.
    """
    profile = store.profile_by_id(who) if isinstance(who, int) else store.profile(who)
    if profile is None:
        if isinstance(who, int):
            return Opening("gone")
        if pin is None:
            return Opening("pin")
        return _answer(store.check_other_pin(_name_lock(who), _nothing_matches, pin))
    if not profile.has_pin:
        return Opening("open", profile, set_pin=access.require_pin)
    if pin is None:
        return Opening("pin")
    try:
        checked = store.check_pin(profile.id, pin)
    except ProfileError:  # deleted between the two reads
        return Opening("gone")
    return _answer(checked, profile)


def free_name(store: Store, access: Access, name: str) -> str:
    """The name a new profile called `name` would have; raises ProfileError (in plain words) for a
    taken or unusable name. Makes nothing: a face asks this before it asks for the PIN."""
    display = clean_name(name)
    if store.profile(display) is not None:
        if access.hide_names:
            raise ProfileError("That name is already taken. Please choose another.")
        raise ProfileError(f"There is already a profile called '{display}'. Choose it, or pick another name.")
    return display


def new_profile(store: Store, access: Access, name: str, pin: str | None = None) -> Opening:
    """Make a profile called `name`, with `pin` in the same transaction; raises ProfileError (in plain
    words) for a taken or unusable name or PIN. A site that requires PINs needs the PIN here: the
    profile is made only with it, so no step of the way leaves a profile anyone could open."""
    free_name(store, access, name)
    if access.require_pin and pin is None:
        raise ProfileError("This computer asks every profile for a PIN. Please choose one.")
    return Opening("open", store.create_profile(name, pin=pin))


def locked_until(store: Store, who: int | str) -> float | None:
    """When a lock on `who` (an id, or a typed name, profile or not) ends, or None."""
    profile = store.profile_by_id(who) if isinstance(who, int) else store.profile(who)
    if profile is not None:
        return store.pin_locked_until(profile.id)
    return None if isinstance(who, int) else store.other_pin_locked_until(_name_lock(who))


def check_facilitator(store: Store, access: Access, pin: str) -> PinCheck:
    """The facilitator PIN that closes a kiosk, counted and locked like a learner's PIN."""
    check = access.kiosk.facilitator_pin_ok if access.kiosk else None
    return store.check_other_pin(FACILITATOR, check or _nothing_matches, pin)


def facilitator_lock(store: Store) -> PinCheck | None:
    """While the facilitator PIN is locked after wrong tries: the lock, told before any PIN is asked."""
    until = store.other_pin_locked_until(FACILITATOR)
    return None if until is None else PinCheck("locked", 0, until)


def _answer(checked: PinCheck, profile: Profile | None = None) -> Opening:
    if checked.ok:
        return Opening("open", profile)
    if checked.status == "locked":
        return Opening("locked", tries_left=0, locked_until=checked.locked_until)
    return Opening("refused", tries_left=checked.tries_left)


def _name_lock(typed: str) -> str:
    try:
        return "name:" + name_key(typed)
    except ProfileError:  # not even a possible name: count it with the other impossible ones
        return "name:"


_DECOY: list[str] = []


def _nothing_matches(pin: str) -> bool:
    """No PIN matches; as slow as checking a real one, so the time taken tells nothing either."""
    if not _DECOY:
        _DECOY.append(hash_pin(pin="not a PIN anyone has"))
    verify_pin(pin=pin, stored=_DECOY[0])
    return False


# -- the words every face shows ---------------------------------------------------------------

NOT_RECOGNISED = "Name or PIN not recognised."


def try_again_at(until: float) -> str:
    """The wall-clock minute a lock is surely over, as the learner reads a clock: '14:05'."""
    return time.strftime("%H:%M", time.localtime(math.ceil(until / 60) * 60))


def refusal(opening: Opening, *, hidden: bool) -> str:
    """What a face says to a refused or locked opening. With hidden names, the same words for an
    unknown name and a wrong PIN (the lockout is counted alike, so it reads alike too)."""
    if opening.status == "locked":
        when = try_again_at(opening.locked_until or time.time())
        if hidden:
            return f"{NOT_RECOGNISED} Too many tries: please try again after {when}."
        return (f"That profile is paused after {PIN_TRIES} wrong PINs. Try again after {when}. "
                "If the PIN is forgotten, a facilitator can reset it.")
    tries = opening.tries_left
    left = f"{tries} more tr{'y' if tries == 1 else 'ies'} before a pause."
    if hidden:
        return f"{NOT_RECOGNISED} {left}"
    return f"That is not the PIN. {left}"


def facilitator_refusal(checked: PinCheck) -> str:
    if checked.status == "locked":
        return f"Too many wrong PINs. Try again after {try_again_at(checked.locked_until or time.time())}."
    return f"That is not the facilitator PIN. {checked.tries_left} more tr{'y' if checked.tries_left == 1 else 'ies'}" \
           " before a pause."
