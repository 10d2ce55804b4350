"""The plain face's "Who is learning?": choosing, making and opening a profile, and kiosk mode.

The rules are the core's (progress/desk.py): a profile is read again and its PIN checked at the
moment of opening; with hidden names the learner first says "I have a profile" or "I'm new", and an
unknown name and a wrong PIN get the same answer; a site that requires PINs has each profile set
one. This module only asks and prints.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from ..errors import ProfileError
from ..i18n import _, use_language
from ..progress.desk import check_new_pin
from ..progress.profile import Opening, Profile
from .moves import Back, Interrupted, Leave, Quit, SessionEnds

if TYPE_CHECKING:
    from ..progress.learner import Learner
    from .session import PlainSession


class ProfileDialogue:
    """Asks who is learning, on one PlainSession, and returns the Learner of the profile opened."""

    def __init__(self, session: PlainSession) -> None:
        self.session = session
        self.console = session.console
        self.desk = session.desk

    def say(self, *lines: str) -> None:
        self.console.say(*lines)

    # -- who is learning? ----------------------------------------------------------------------

    def start(self, name: str) -> Learner | None:
        """`--profile NAME`: open it (made when there is none, unless names are hidden); None to ask instead."""
        try:
            if self.desk.hide_names:
                return self._go_in(self._existing(name))
            profile = self.desk.find(name)
            if profile is None:
                opening = self._make(name)
                assert opening.profile is not None
                self.say(_("Made a new profile called {name}.").format(name=opening.profile.name))
                return self._go_in(self._opened(opening, new=True))
            return self._go_in(self._open(profile))
        except Back:
            return None
        except Quit:
            if self.desk.kiosk is None:
                raise
            return None  # kiosk: only the facilitator PIN, at "Who is learning?", closes the course

    def choose(self) -> Learner:
        """Ask until a profile is open, or a guest comes in (hidden names: the two-step protocol; else the list)."""
        while True:
            try:
                learner = self._ask_hidden() if self.desk.hide_names else self._ask_listed()
            except Back:
                self.say(_("This is the first step. Type quit to stop.") if self.desk.kiosk is None
                         else _("This is the first step."))
                continue
            except SessionEnds as ended:  # a kiosk's terminal: idle, Ctrl+C or Ctrl+D
                if isinstance(ended, Interrupted):
                    self.say("", _("Only a facilitator can close the course: type quit, then the facilitator PIN."))
                else:
                    self.console.clear_screen()  # idle: a name typed half-way through stays no longer
                continue
            except Quit:
                if self.desk.kiosk is None:
                    raise
                if self.may_leave():
                    raise Leave from None
                continue
            if learner is not None:
                return learner

    def _go_in(self, profile: Profile | None) -> Learner | None:
        """The learner of an opened profile, greeted; None when no profile was opened."""
        if profile is None:
            return None
        learner = self.desk.start(profile, self.session.modules, self.session.rng)
        use_language(learner.language)  # greeted in their language (kept by the session from now on)
        self.say(_("Hello, {name}. Your progress is saved as you go.").format(name=profile.name))
        return learner

    def guest(self) -> Learner:
        """A guest: nothing they do reaches the record, and it is gone when they leave."""
        learner = self.desk.guest(self.session.modules, self.session.rng)
        use_language(learner.language)
        self.say(_("Guest session: nothing you do here will be saved, and it is gone when you leave."))
        return learner

    def _ask_listed(self) -> Learner | None:
        profiles = self.desk.profiles()
        lines = ["", _("Who is learning?")]
        if not profiles:
            lines.append(_("There are no profiles yet. Make one to keep your progress."))
        options = [_("{name} (protected with a PIN)").format(name=p.name) if p.has_pin else p.name for p in profiles]
        options += [_("New profile"), _guest_option()]
        # The numbers follow last use, so they change between sessions: the name always finds the same profile.
        instruction = (_("Type the number or the name of your profile, new to make one, or guest to learn without "
                         "saving.") if profiles else
                       _("Type 1 or new to make a profile, or 2 or guest to learn without saving."))
        index = self.console.choose(lines, options, words={"new": len(profiles), "guest": len(profiles) + 1},
                                    instruction=instruction, lookup=lambda text: self._profile_index(profiles, text),
                                    unknown=_no_profile)
        if index == len(profiles) + 1:
            return self.guest()
        try:
            if index < len(profiles):
                return self._go_in(self._open(profiles[index]))
            return self._go_in(self._new())
        except Back:
            return None

    def _profile_index(self, profiles: list[Profile], name: str) -> int | None:
        """Where the profile called `name` is in the list, matched as the desk finds names (any case)."""
        found = self.desk.find(name)
        return next((i for i, p in enumerate(profiles) if found is not None and p.id == found.id), None)

    def _ask_hidden(self) -> Learner | None:
        options = [_("I have a profile"), _("I'm new")]
        if self.desk.kiosk is not None:
            options.append(_guest_option())
        lines = ["", _("Who is learning?"), _("Do you have a profile on this computer, or are you new here?")]
        index = self.console.choose(lines, options, words={"new": 1})
        if index == 2:
            return self.guest()
        try:
            if index == 1:
                return self._go_in(self._new())
            name = self._read_name(_("Type your name and press Enter. Type back to go back."))
            return self._go_in(self._existing(name))
        except Back:
            return None

    def _read_name(self, ask: str) -> str:
        lines = ["", ask]
        self.say(*lines)
        while True:
            name = self.console.read(lines)
            if name.strip():
                return name
            self.say(_("Please type a name. {ask}").format(ask=ask))

    # -- opening ---------------------------------------------------------------------------------

    def _existing(self, name: str) -> Profile | None:
        """Hidden names: a PIN-less profile opens; any other name is asked for a PIN, and an unknown name
        and a wrong PIN get the same answer. Never makes a profile."""
        opening = self.desk.open(name)
        if opening.status == "pin":
            # paused: say so at once (alike for a name and a profile), and ask nothing
            opening = self.desk.lock(name) or self._with_pin(name)
        if not opening.ok:
            self.say(self.desk.refusal(opening, hidden=True))
            return None
        return self._opened(opening)

    def _with_pin(self, name: str) -> Opening:
        """Ask for the PIN of a typed name, and open it with that PIN."""
        lines = ["", _("Type your PIN and press Enter, or type back to go back.")]
        self.say(*lines)
        return self.desk.open(name, self._read_pin(lines))

    def _open(self, profile: Profile) -> Profile | None:
        """A profile chosen from the list: read it again now, and ask for its PIN if it has one now."""
        opening = self.desk.open(profile.id)
        if opening.status == "pin":
            opening = self._unlock(profile)
        if opening.status == "gone":
            self.say(_("That profile is no longer on this computer."))
            return None
        return self._opened(opening)

    def _unlock(self, profile: Profile) -> Opening:
        """Ask for a protected profile's PIN until it is right; raises Back when the learner types back.

        The store counts wrong PINs and keeps the pause after too many of them, so a new session does
        not lift it. While paused, a typed PIN is not checked.
        """
        lines = ["", _("{name} is protected with a PIN. Type the PIN and press Enter, "
                       "or type back to choose another profile.").format(name=profile.name)]
        self.say(*lines)
        lock = self.desk.lock(profile.id)
        if lock is not None:
            self.say(self._paused(profile, lock))
        while True:
            opening = self.desk.open(profile.id, self._read_pin(lines))
            if opening.ok or opening.status == "gone":
                return opening
            if opening.status == "locked":
                self.say(self._paused(profile, opening))
            else:
                self.say(_("{refusal} Type the PIN again, or type back to choose another profile.").format(
                    refusal=self.desk.refusal(opening, hidden=False)))

    def _read_pin(self, lines: list[str]) -> str:
        while True:
            pin = self.console.read_secret(lines)
            if pin.strip():
                return pin
            self.say(_("Please type the PIN, then press Enter. Type back to go back."))

    def _paused(self, profile: Profile, lock: Opening) -> str:
        """The core's words for a paused profile, then this face's ways on: back, and the facilitator's command."""
        return _("{paused} Type back to choose another profile. The facilitator's command: "
                 "mhcourse profile reset-pin {name}").format(paused=self.desk.refusal(lock, hidden=False),
                                                             name=shlex.quote(profile.name))

    # -- new profiles and PINs ----------------------------------------------------------------------

    def _new(self) -> Profile | None:
        lines = ["", _("Type a name for your new profile, for example your first name, then press Enter."),
                 _("Type back to go back.") if self.desk.hide_names else
                 _("Other people using this computer will see the name in the list. Type back to go back.")]
        self.say(*lines)
        while True:
            name = self.console.read(lines)
            try:
                opening = self._make(name)
            except ProfileError as err:
                self.say(_("{problem} Type a name for your profile, or type back to go back.").format(problem=err))
                continue
            return self._opened(opening, new=True)

    def _make(self, name: str) -> Opening:
        """Make the profile: where PINs are required, the name is checked, the PIN typed twice, and only
        then is the profile made, with its PIN, in one step (Back before that leaves nothing behind).
        Raises ProfileError for a taken or unusable name."""
        pin = None
        if self.desk.require_pin:
            self.desk.free_name(name)
            pin = self._ask_new_pin(required=True, new=True)
        return self.desk.create(name, pin)

    def _opened(self, opening: Opening, *, new: bool = False) -> Profile | None:
        """In: but first a PIN, when the site requires one and there is none, or offered to a new profile
        on a shared machine. None when a required PIN was not set (the learner typed back)."""
        profile = opening.profile
        assert profile is not None
        if new and profile.has_pin:  # made with the PIN the site requires
            self.say(_("Your PIN is set. You will need it to open your profile."))
        if self.desk.offers_pin(opening, new=new):
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
            self.desk.set_pin(profile, pin)
        except ProfileError as err:  # the profile was deleted meanwhile
            self.say(str(err))
            raise Back from None
        self.say(_("Your PIN is set. You will need it to open your profile."))

    def _ask_new_pin(self, *, required: bool, new: bool) -> str | None:
        """A new PIN, typed twice; None when an offered one is skipped. Raises Back (typed back) when required."""
        lines = ["", _new_pin_words(required=required, new=new)]
        skip = _("Type back to go back.") if required else _("To go on without one, just press Enter.")
        self.say(*lines)
        while True:
            first = self.console.read_secret(lines)
            if not first.strip():
                if not required:
                    self.say(_("No PIN for now. You can set one later."))
                    return None
                self.say(_("Please type a PIN. {skip}").format(skip=skip))
                continue
            try:
                check_new_pin(first)
            except ProfileError as err:
                self.say(_("{problem} Please type a PIN again.").format(problem=err))
                continue
            again = [_("Type the same PIN again and press Enter.")]
            self.say(*again)
            if self.console.read_secret(again) != first:
                self.say(_("The two PINs are not the same. Please type a PIN again."))
                continue
            return first

    # -- kiosk ----------------------------------------------------------------------------------------

    def may_leave(self) -> bool:
        """Kiosk mode, at "Who is learning?": quit closes the course only with the facilitator PIN."""
        kiosk = self.desk.kiosk
        if kiosk is None:
            return True
        if kiosk.facilitator_pin_ok is None:
            self.say("", _("This computer is set up so the course stays open. "
                           "A facilitator can close it from the computer's own account."))
            return False
        locked = self.desk.facilitator_lock()
        if locked is not None:  # a PIN typed now would not even be checked
            self.say("", self.desk.facilitator_refusal(locked))
            return False
        lines = ["", _("Facilitators only: type the facilitator PIN and press Enter, or type back to go back.")]
        self.say(*lines)
        try:
            pin = self._read_pin(lines)
        except (Back, Quit):  # quit again, Ctrl+C or idle at this prompt: the course stays open
            return False
        checked = self.desk.check_facilitator(pin)
        if not checked.ok:
            self.say(self.desk.facilitator_refusal(checked))
        return checked.ok


def _guest_option() -> str:
    return _("Learn as a guest (nothing is saved)")


def _new_pin_words(*, required: bool, new: bool) -> str:
    """Why a PIN is asked for now, and how to type it."""
    if required and new:
        return _("This computer asks every profile for a PIN. Please choose one now. "
                 "Type a PIN (at least 4 characters) and press Enter. Type back to go back.")
    if required:
        return _("This computer asks every profile for a PIN, and yours has none yet. Please choose one now. "
                 "Type a PIN (at least 4 characters) and press Enter. Type back to go back.")
    return _("Other people use this computer. A PIN stops them from opening your profile. "
             "Type a PIN (at least 4 characters) and press Enter. To go on without one, just press Enter.")


def _no_profile(text: str) -> str:
    """Why typed text chose no profile, before the list's instruction is repeated."""
    if text.rstrip(".)").isdecimal():
        return _("That is not one of the numbers.")
    return _("There is no profile called '{name}'.").format(name=text)
