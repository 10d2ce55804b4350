"""The plain face's "Who is learning?": choosing, making and opening a profile, and kiosk mode.

The rules are the core's (progress/access.py): a profile is read again and its PIN checked at the
moment of opening; with hidden names the learner first says "I have a profile" or "I'm new", and an
unknown name and a wrong PIN get the same answer; a site that requires PINs has each profile set
one. This module only asks and prints.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from ..i18n import _
from ..progress.access import (
    Opening,
    check_facilitator,
    facilitator_lock,
    facilitator_refusal,
    free_name,
    locked_until,
    new_profile,
    open_profile,
    refusal,
    try_again_at,
)
from ..progress.store import PIN_TRIES, Profile, ProfileError, Store, clean_pin
from .moves import Back, Interrupted, Leave, Quit, SessionEnds

if TYPE_CHECKING:
    from .session import PlainSession


class ProfileDialogue:
    """Asks who is learning, on one PlainSession, and returns the Profile to open."""

    def __init__(self, session: PlainSession) -> None:
        self.session = session
        self.access = session.access

    @property
    def store(self) -> Store:
        return self.session.store

    def say(self, *lines: str) -> None:
        self.session.console.say(*lines)

    # -- who is learning? ----------------------------------------------------------------------

    def start(self, name: str) -> Profile | None:
        """`--profile NAME`: open it (made when there is none, unless names are hidden); None to ask instead."""
        try:
            if self.access.hide_names:
                return self._existing(name)
            profile = self.store.profile(name)
            if profile is None:
                opening = self._make(name)
                assert opening.profile is not None
                self.say(_("Made a new profile called {name}.").format(name=opening.profile.name))
                return self._opened(opening, new=True)
            return self._open(profile)
        except Back:
            return None
        except Quit:
            if self.access.kiosk is None:
                raise
            return None  # kiosk: only the facilitator PIN, at "Who is learning?", closes the course

    def choose(self) -> Profile:
        """Ask until a profile is open (hidden names: the two-step protocol; else the list)."""
        while True:
            try:
                profile = self._ask_hidden() if self.access.hide_names else self._ask_listed()
            except Back:
                self.say("This is the first step." + (" Type quit to stop." if self.access.kiosk is None else ""))
                continue
            except SessionEnds as ended:  # a kiosk's terminal: idle, Ctrl+C or Ctrl+D
                if isinstance(ended, Interrupted):
                    self.say("", "Only a facilitator can close the course: type quit, then the facilitator PIN.")
                else:
                    self.session.console.clear_screen()  # idle: a name typed half-way through stays no longer
                continue
            except Quit:
                if self.access.kiosk is None:
                    raise
                if self.may_leave():
                    raise Leave from None
                continue
            if profile is not None:
                return profile

    def _ask_listed(self) -> Profile | None:
        profiles = self.store.profiles()
        lines = ["", "Who is learning?"]
        if not profiles:
            lines.append("There are no profiles yet. Make one to keep your progress.")
        options = [p.name + (" (protected with a PIN)" if p.has_pin else "") for p in profiles]
        options += ["New profile", "Learn as a guest (nothing is saved)"]
        # The numbers follow last use, so they change between sessions: the name always finds the same profile.
        instruction = ("Type the number or the name of your profile, new to make one, or guest to learn without saving."
                       if profiles else "Type 1 or new to make a profile, or 2 or guest to learn without saving.")
        index = self.session.console.choose(lines, options, words={"new": len(profiles), "guest": len(profiles) + 1},
                                    instruction=instruction, lookup=lambda text: self._profile_index(profiles, text),
                                    unknown=_no_profile)
        if index == len(profiles) + 1:
            self.session.start_guest()
            return self.session.guest_profile
        try:
            if index < len(profiles):
                return self._open(profiles[index])
            return self._new()
        except Back:
            return None

    def _profile_index(self, profiles: list[Profile], name: str) -> int | None:
        """Where the profile called `name` is in the list, matched as the store matches names (any case)."""
        found = self.store.profile(name)
        return next((i for i, p in enumerate(profiles) if found is not None and p.id == found.id), None)

    def _ask_hidden(self) -> Profile | None:
        options = ["I have a profile", "I'm new"]
        if self.access.kiosk is not None:
            options.append("Learn as a guest (nothing is saved)")
        lines = ["", "Who is learning?", "Do you have a profile on this computer, or are you new here?"]
        index = self.session.console.choose(lines, options, words={"new": 1})
        if index == 2:
            self.session.start_guest()
            return self.session.guest_profile
        try:
            if index == 1:
                return self._new()
            name = self._read_name("Type your name and press Enter. Type back to go back.")
            return self._existing(name)
        except Back:
            return None

    def _read_name(self, ask: str) -> str:
        lines = ["", ask]
        self.say(*lines)
        while True:
            name = self.session.console.read(lines)
            if name.strip():
                return name
            self.say("Please type a name. " + ask)

    # -- opening ---------------------------------------------------------------------------------

    def _existing(self, name: str) -> Profile | None:
        """Hidden names: a PIN-less profile opens; any other name is asked for a PIN, and an unknown name
        and a wrong PIN get the same answer. Never makes a profile."""
        opening = open_profile(self.store, self.access, name)
        until = locked_until(self.store, name) if opening.status == "pin" else None
        if until is not None:  # paused: say so at once (alike for a name and a profile), and ask nothing
            opening = Opening("locked", locked_until=until)
        elif opening.status == "pin":
            lines = ["", "Type your PIN and press Enter, or type back to go back."]
            self.say(*lines)
            pin = self._read_pin(lines)
            opening = open_profile(self.store, self.access, name, pin)
        if not opening.ok:
            self.say(refusal(opening, hidden=True))
            return None
        return self._opened(opening)

    def _open(self, profile: Profile) -> Profile | None:
        """A profile chosen from the list: read it again now, and ask for its PIN if it has one now."""
        opening = open_profile(self.store, self.access, profile.id)
        if opening.status == "pin":
            opening = self._unlock(profile)
        if opening.status == "gone":
            self.say("That profile is no longer on this computer.")
            return None
        return self._opened(opening)

    def _unlock(self, profile: Profile) -> Opening:
        """Ask for a protected profile's PIN until it is right; raises Back when the learner types back.

        The store counts wrong PINs and keeps the pause after PIN_TRIES of them, so a new session does
        not lift it. While paused, a typed PIN is not checked.
        """
        lines = ["", f"{profile.name} is protected with a PIN. Type the PIN and press Enter, "
                     "or type back to choose another profile."]
        self.say(*lines)
        until = locked_until(self.store, profile.id)
        if until is not None:
            self.say(self._paused(profile, until))
        while True:
            opening = open_profile(self.store, self.access, profile.id, self._read_pin(lines))
            if opening.ok or opening.status == "gone":
                return opening
            if opening.status == "locked":
                self.say(self._paused(profile, opening.locked_until or self.store.now_seconds()))
            else:
                self.say(_("{refusal} Type the PIN again, or type back to choose another profile.").format(
                    refusal=refusal(opening, hidden=False)))

    def _read_pin(self, lines: list[str]) -> str:
        while True:
            pin = self.session.console.read_secret(lines)
            if pin.strip():
                return pin
            self.say("Please type the PIN, then press Enter. Type back to go back.")

    def _paused(self, profile: Profile, until: float) -> str:
        return (f"This profile is paused after {PIN_TRIES} wrong PINs. Try again after {try_again_at(until)}, "
                "or type back to choose another profile. If the PIN is forgotten, a facilitator can reset it "
                f"with: mhcourse profile reset-pin {shlex.quote(profile.name)}")

    # -- new profiles and PINs ----------------------------------------------------------------------

    def _new(self) -> Profile | None:
        lines = ["", "Type a name for your new profile, for example your first name, then press Enter.",
                 "Type back to go back." if self.access.hide_names else
                 "Other people using this computer will see the name in the list. Type back to go back."]
        self.say(*lines)
        while True:
            name = self.session.console.read(lines)
            try:
                opening = self._make(name)
            except ProfileError as err:
                self.say(f"{err} Type a name for your profile, or type back to go back.")
                continue
            return self._opened(opening, new=True)

    def _make(self, name: str) -> Opening:
        """Make the profile: where PINs are required, the name is checked, the PIN typed twice, and only
        then is the profile made, with its PIN, in one step (Back before that leaves nothing behind).
        Raises ProfileError for a taken or unusable name."""
        pin = None
        if self.access.require_pin:
            free_name(self.store, self.access, name)
            pin = self._ask_new_pin(required=True, new=True)
        return new_profile(self.store, self.access, name, pin)

    def _opened(self, opening: Opening, *, new: bool = False) -> Profile | None:
        """In: but first a PIN, when the site requires one and there is none, or offered to a new profile
        on a shared machine. None when a required PIN was not set (the learner typed back)."""
        profile = opening.profile
        assert profile is not None
        if new and profile.has_pin:  # made with the PIN the site requires
            self.say("Your PIN is set. You will need it to open your profile.")
        if opening.set_pin or (new and self.access.shared_machine and not profile.has_pin):
            try:
                self._set_pin(profile, required=opening.set_pin, new=new)
            except Back:
                if opening.set_pin:
                    return None
        return profile

    def _set_pin(self, profile: Profile, *, required: bool, new: bool) -> None:
        pin = self._ask_new_pin(required=required, new=new)
        if pin is None:
            return
        try:
            self.store.set_pin(profile.id, pin)
        except ProfileError as err:  # the profile was deleted meanwhile
            self.say(str(err))
            raise Back from None
        self.say("Your PIN is set. You will need it to open your profile.")

    def _ask_new_pin(self, *, required: bool, new: bool) -> str | None:
        """A new PIN, typed twice; None when an offered one is skipped. Raises Back (typed back) when required."""
        if required:
            why = ("This computer asks every profile for a PIN" +
                   (". " if new else ", and yours has none yet. ") + "Please choose one now.")
            skip = "Type back to go back."
        else:
            why = "Other people use this computer. A PIN stops them from opening your profile."
            skip = "To go on without one, just press Enter."
        lines = ["", f"{why} Type a PIN (at least 4 characters) and press Enter. {skip}"]
        self.say(*lines)
        while True:
            first = self.session.console.read_secret(lines)
            if not first.strip():
                if not required:
                    self.say("No PIN for now. You can set one later.")
                    return None
                self.say(f"Please type a PIN. {skip}")
                continue
            try:
                clean_pin(first)
            except ProfileError as err:
                self.say(f"{err} Please type a PIN again.")
                continue
            again = ["Type the same PIN again and press Enter."]
            self.say(*again)
            if self.session.console.read_secret(again) != first:
                self.say("The two PINs are not the same. Please type a PIN again.")
                continue
            return first

    # -- kiosk ----------------------------------------------------------------------------------------

    def may_leave(self) -> bool:
        """Kiosk mode, at "Who is learning?": quit closes the course only with the facilitator PIN."""
        if self.access.kiosk is None:
            return True
        if self.access.kiosk.facilitator_pin_ok is None:
            self.say("", "This computer is set up so the course stays open. "
                         "A facilitator can close it from the computer's own account.")
            return False
        locked = facilitator_lock(self.store)
        if locked is not None:  # a PIN typed now would not even be checked
            self.say("", facilitator_refusal(locked))
            return False
        lines = ["", "Facilitators only: type the facilitator PIN and press Enter, or type back to go back."]
        self.say(*lines)
        try:
            pin = self._read_pin(lines)
        except (Back, Quit):  # quit again, Ctrl+C or idle at this prompt: the course stays open
            return False
        checked = check_facilitator(self.store, self.access, pin)
        if not checked.ok:
            self.say(facilitator_refusal(checked))
        return checked.ok


def _no_profile(text: str) -> str:
    """Why typed text chose no profile, before the list's instruction is repeated."""
    if text.rstrip(".)").isdecimal():
        return "That is not one of the numbers."
    return f"There is no profile called '{text}'."
