"""The front desk of one machine: who may learn here, and how each face lets them in.

Every face asks the desk and only shows the answer, so the rules are the same in the TUI, the
plain face and any face to come:

- The profiles a face may list (none with hidden names), find, make and open.
- A profile is opened with `open`, which reads the profile from the store at that moment (a list
  on the screen may be old: the profile may have gained a PIN since) and checks the PIN through
  the store, which counts wrong tries and locks.
- With hidden names, an unknown name is asked for a PIN like a protected profile, and its wrong
  "PIN" is counted and locked under the typed name, so the answers cannot tell the two apart:
  "Name or PIN not recognised". Nothing is ever created on the way in.
- Where PINs are required, a new profile is made with its PIN in one step (`free_name` first, then
  the PIN, then `create`), so leaving at the PIN leaves no profile anyone could open.
- A guest learns on a store in memory: nothing of theirs is kept (`Learner.is_guest`).
- The words for a refused or locked PIN, the same in every face.

The site's policy (`Access`, `Kiosk`) is built by the command that starts a face (progress/access.py).
"""

from __future__ import annotations

import math
import random
import time
from typing import TYPE_CHECKING, Any

from ..errors import ProfileError
from ..i18n import _, choose_language, ngettext
from ..pins import clean_pin, hash_pin, verify_pin
from .access import Access, Kiosk
from .faults import STORAGE_FAULTS
from .pins import PIN_TRIES, PinCheck
from .profile import Opening, Profile
from .store import Store
from .store.profiles import MAX_NAME, clean_name, name_key
from .store.sessions import WebSession

if TYPE_CHECKING:
    from ..content.models import Module
    from .learner import Learner, Outline

NAME_LIMIT = MAX_NAME
"""The longest name a profile may have (the store's rule): a face's name field stops there."""

FACILITATOR = "facilitator"
"""The pin_locks row that counts wrong facilitator PINs."""


class Desk:
    """The profiles of one store under the site's policy: list, find, make, open with a PIN, the guest."""

    def __init__(self, store: Store, access: Access | None = None) -> None:
        self.store = store
        """For the command that opened it (closing, backups) and for tests: faces ask the desk instead."""
        self.access = access or Access()

    @classmethod
    def in_memory(cls, access: Access | None = None) -> Desk:
        """A desk whose store keeps nothing on disk (author previews)."""
        return cls(Store.in_memory(), access)

    # -- the policy, as a face needs it -----------------------------------------------------------

    @property
    def notice(self) -> str | None:
        """A plain-words message for the learner when the store was opened (a damaged file moved aside)."""
        return self.store.notice

    @property
    def kiosk(self) -> Kiosk | None:
        return self.access.kiosk

    @property
    def hide_names(self) -> bool:
        """No list of names is shown: each learner types theirs."""
        return self.access.hide_names

    @property
    def require_pin(self) -> bool:
        """Every profile needs a PIN: it is set before the course starts, and cannot be removed."""
        return self.access.require_pin

    @property
    def shared_machine(self) -> bool:
        """Other people use this computer: a new profile is offered a PIN (required with require_pin)."""
        return self.access.shared_machine

    def still_reads(self) -> bool:
        """Whether the store still answers a read (after a failed save: then the learner can carry on)."""
        try:
            self.store.profiles()
        except STORAGE_FAULTS:
            return False
        return True

    # -- profiles ---------------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        """The profiles a face may list, most recently used first; none when names are hidden."""
        return [] if self.hide_names else self.store.profiles()

    def greeting_setting(self, key: str) -> str | None:
        """A setting (the theme) of the most recently used profile, for the screen that asks who is learning:
        a learner who needs high contrast is not greeted in dark. None where names are hidden or in kiosk
        mode: the next person there may be anyone, and is greeted with the site's default."""
        if self.kiosk is not None or self.hide_names:
            return None
        profiles = self.profiles()
        return self.store.setting(profiles[0].id, key) if profiles else None

    def find(self, who: int | str) -> Profile | None:
        """The profile with this id, or called this name in any case, as it is now."""
        return self.store.profile_by_id(who) if isinstance(who, int) else self.store.profile(who)

    def free_name(self, name: str) -> str:
        """The name a new profile called `name` would have; raises ProfileError (in plain words) for a
        taken or unusable name. Makes nothing: a face asks this before it asks for the PIN."""
        display = clean_name(name)
        if self.store.profile(display) is not None:
            if self.hide_names:
                raise ProfileError(_("That name is already taken. Please choose another."))
            raise ProfileError(_("There is already a profile called '{name}'. Choose it, or pick another name.")
                               .format(name=display))
        return display

    def create(self, name: str, pin: str | None = None) -> Opening:
        """Make a profile called `name`, with `pin` in the same transaction; raises ProfileError (in plain
        words) for a taken or unusable name or PIN. A site that requires PINs needs the PIN here: the
        profile is made only with it, so no step of the way leaves a profile anyone could open."""
        self.free_name(name)
        if self.require_pin and pin is None:
            raise ProfileError(_("This computer asks every profile for a PIN. Please choose one."))
        return Opening("open", self.store.create_profile(name, pin=pin))

    def offers_pin(self, opening: Opening, *, new: bool = False) -> bool:
        """Whether a PIN is asked for (required) or offered (a new profile on a shared computer) before going in."""
        profile = opening.profile
        return opening.set_pin or (new and self.shared_machine and profile is not None and not profile.has_pin)

    def set_pin(self, profile: Profile, pin: str | None, *, keep_session: str | None = None) -> None:
        """Protect a profile with a PIN, or remove it (None); raises ProfileError for a bad PIN or a gone profile.

        The profile's web sessions end, but the one with the key `keep_session` (the browser that
        changed it): a session cookie copied before the change opens nothing after it."""
        self.store.set_pin(profile.id, pin)
        self.store.end_profile_web_sessions(profile.id, keep=keep_session)

    # -- opening ----------------------------------------------------------------------------------

    def open(self, who: int | str, pin: str | None = None) -> Opening:
        """Open the profile `who` (an id from a list, or a typed name) with `pin` (None: not typed yet).

        The profile is read from the store now. A profile without a PIN opens; one with a PIN, and with
        hidden names a name that is no profile, ask for one. A typed name that is no profile never
        makes one: its PIN is refused, and counted against the name like a wrong PIN.
        """
        profile = self.find(who)
        if profile is None:
            if isinstance(who, int):
                return Opening("gone")
            if pin is None:
                return Opening("pin")
            return self._answer(self.store.check_other_pin(_name_lock(who), _nothing_matches, pin))
        if not profile.has_pin:
            return Opening("open", profile, set_pin=self.require_pin)
        if pin is None:
            return Opening("pin")
        try:
            checked = self.store.check_pin(profile.id, pin)
        except ProfileError:  # deleted between the two reads
            return Opening("gone")
        return self._answer(checked, profile)

    def lock(self, who: int | str) -> Opening | None:
        """While `who` (an id, or a typed name, profile or not) is paused after wrong PINs: the locked
        Opening, told before any PIN is asked; else None."""
        profile = self.find(who)
        if profile is not None:
            until = self.store.pin_locked_until(profile.id)
        else:
            until = None if isinstance(who, int) else self.store.other_pin_locked_until(_name_lock(who))
        return None if until is None else self._answer(PinCheck("locked", 0, until))

    def check_own_pin(self, profile: Profile, pin: str) -> Opening:
        """The PIN a profile has now, typed again in a session (before changing it): counted and locked
        as at opening, so nobody at an open session can change it and lock the owner out."""
        return self._answer(self.store.check_pin(profile.id, pin), profile)

    def has_pin(self, profile: Profile) -> bool:
        """Whether the profile has a PIN now (it may have gained one since it was opened)."""
        now = self.find(profile.id)
        return profile.has_pin or (now is not None and now.has_pin)

    # -- going in ---------------------------------------------------------------------------------

    def start(self, profile: Profile, modules: list[Module] | Outline, rng: random.Random | None = None, *,
              asked: list[str] | None = None) -> Learner:
        """The learner of an opened profile, on the modules offered (or their outline: Learner.course), in their
        language (i18n.choose_language: `asked` is what a browser asks for); its last use is now."""
        from .learner import Learner  # not before a face's first frame

        self.store.touch(profile.id)
        language = choose_language(learner=self.store.setting(profile.id, "language"), site=self.access.language,
                                   asked=asked)
        return Learner(self.store, profile, modules, rng, language=language, **self.course_rules())

    def guest(self, modules: list[Module] | Outline, rng: random.Random | None = None, *,
              asked: list[str] | None = None) -> Learner:
        """A learner whose record is not kept: a store in memory, gone when the session ends (`leave`)."""
        from .learner import Learner

        store = Store.in_memory()
        return Learner(store, store.create_profile(_("Guest")), modules, rng, guest=True, language=self.language(asked),
                       **self.course_rules())

    def preview(self, module: Module, rng: random.Random | None = None) -> Learner:
        """The author's preview of one module, as a learner sees it (on this desk's store: keep it in memory)."""
        from .learner import Learner

        return Learner(self.store, self.store.create_profile(_("Preview")), [module], rng, confidence_on=False,
                       pretest_on=False)

    def language(self, asked: list[str] | None = None) -> str:
        """The language to speak before anyone has opened a profile (and after they leave): i18n.choose_language
        without a learner's setting; `asked` is what a browser asks for."""
        return choose_language(site=self.access.language, asked=asked)

    def course_rules(self) -> dict[str, Any]:
        """The site's rules for review, refreshers, the pre-test and the confidence question, for every learner."""
        access = self.access
        return {"review_size": access.review_size, "refresher_months": access.refresher_months,
                "pretest_on": access.pretest, "confidence_on": access.confidence}

    def leave(self, learner: Learner) -> None:
        """The learner's session ends: a guest's record is dropped here."""
        if learner.is_guest:
            learner.store.close()

    # -- the web page's sessions ------------------------------------------------------------------

    def sign_in(self, profile: Profile | None) -> tuple[str, WebSession]:
        """A new web session for an opened profile (None: a guest): the key for the browser's cookie, and
        the session. Every sign-in gets a new key, so a key seen before signing in is worth nothing."""
        return self.store.start_web_session(None if profile is None else profile.id, guest=profile is None)

    def web_session(self, key: str, idle_seconds: float) -> WebSession | None:
        """The live session with this key; None once it was signed out, idle too long, or its profile deleted."""
        return self.store.web_session(key, idle_seconds)

    def sign_out(self, key: str) -> None:
        self.store.end_web_session(key)

    def end_idle_sessions(self, idle_seconds: float) -> int:
        return self.store.end_idle_web_sessions(idle_seconds)

    # -- the facilitator --------------------------------------------------------------------------

    def check_facilitator(self, pin: str) -> PinCheck:
        """The facilitator PIN that closes a kiosk, counted and locked like a learner's PIN."""
        check = self.kiosk.facilitator_pin_ok if self.kiosk else None
        return self.store.check_other_pin(FACILITATOR, check or _nothing_matches, pin)

    def facilitator_lock(self) -> PinCheck | None:
        """While the facilitator PIN is locked after wrong tries: the lock, told before any PIN is asked."""
        until = self.store.other_pin_locked_until(FACILITATOR)
        return None if until is None else PinCheck("locked", 0, until)

    # -- the words every face shows ---------------------------------------------------------------

    def refusal(self, opening: Opening, *, hidden: bool | None = None) -> str:
        """What a face says to a refused or locked opening. With hidden names (`hidden`, by default the
        site's), the same words for an unknown name and a wrong PIN: the lockout is counted alike, so it
        reads alike too. A learner checking their own PIN in a session is never `hidden`."""
        hidden = self.hide_names if hidden is None else hidden
        if opening.status == "locked":
            when = self.try_again_at(opening.seconds_left)
            if hidden:
                return _("Name or PIN not recognised. Too many tries: please try again after {when}.").format(when=when)
            return _("That profile is paused after {tries} wrong PINs. Try again after {when}. "
                     "If the PIN is forgotten, a facilitator can reset it.").format(tries=PIN_TRIES, when=when)
        left = ngettext("{count} more try before a pause.", "{count} more tries before a pause.",
                        opening.tries_left).format(count=opening.tries_left)
        if hidden:
            return _("Name or PIN not recognised. {left}").format(left=left)
        return _("That is not the PIN. {left}").format(left=left)

    def facilitator_refusal(self, checked: PinCheck) -> str:
        """What a face says to a wrong or locked facilitator PIN."""
        if checked.status == "locked":
            when = self.try_again_at(checked.seconds_left(self.store.now_seconds()))
            return _("Too many wrong PINs. Try again after {when}.").format(when=when)
        return ngettext("That is not the facilitator PIN. {count} more try before a pause.",
                        "That is not the facilitator PIN. {count} more tries before a pause.",
                        checked.tries_left).format(count=checked.tries_left)

    def try_again_at(self, seconds_left: int) -> str:
        """The wall-clock minute a lock `seconds_left` from now is surely over, as a clock reads: '14:05'."""
        return try_again_at(self.store.now_seconds() + seconds_left)

    def _answer(self, checked: PinCheck, profile: Profile | None = None) -> Opening:
        if checked.ok:
            return Opening("open", profile)
        if checked.status == "locked":
            return Opening("locked", tries_left=0, locked_until=checked.locked_until,
                           seconds_left=checked.seconds_left(self.store.now_seconds()))
        return Opening("refused", tries_left=checked.tries_left)


def check_new_pin(pin: str) -> None:
    """Raises ProfileError (in plain words) for a PIN that cannot be set: too short, too long, a control character."""
    clean_pin(pin)


def try_again_at(until: float) -> str:
    """The wall-clock minute a lock ending at `until` is surely over, as the learner reads a clock: '14:05'."""
    return time.strftime("%H:%M", time.localtime(math.ceil(until / 60) * 60))


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
