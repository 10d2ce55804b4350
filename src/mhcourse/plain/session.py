"""`mhcourse read`: the course as plain lines of text, one numbered choice at a time.

The session reads one line at a time from its input and writes plain text to its output: no colour,
no box drawing, no cursor movement. Every choice is numbered; the learner types a number or a command
and presses Enter. Commands work at every prompt (prompts.py):

    next   go on (the next page, lesson or step)     back   go up one level
    help   Get help now (crisis lines)               ?      the list of commands
    quit   stop; progress is saved as it goes        country the country Get help now lists first

End of input at any prompt ends the session cleanly (exit status 0), so a script can drive it.

This module runs a session: who is learning (profiles.py), then the main menu (home.py) and the flows
under it (module.py, lesson.py, quiz.py, scenario.py), until quit; in kiosk mode, one learner after
another. Every rule (grading, scoring, completion, passing, what comes next) belongs to the core: this
face calls Learner and the learning rules, and only decides what to print and what to ask.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import IO

from ..content.helplines import Helplines
from ..content.models import Module
from ..i18n import _
from ..progress.access import Access
from ..progress.faults import STORAGE_FAULTS, in_plain_words
from ..progress.learner import Learner
from ..progress.store import Profile, Store
from .certificate import CertificateSite
from .gethelp import choose_country, help_now
from .home import main_menu
from .kiosk import input_within
from .module import open_module
from .moves import EndOfInput, Idle, Leave, Quit
from .profiles import ProfileDialogue
from .prompts import Console, isatty


class PlainSession:
    """One learner's session of the plain face, on any pair of text streams.

    Progress goes through a Learner on the given store, and is saved at each step. `echo` repeats
    each line read after the prompt; it defaults to on when the input is not a terminal, so a
    scripted session's transcript shows what was typed.
    """

    def __init__(
        self,
        input: IO[str],
        output: IO[str],
        store: Store,
        modules: list[Module],
        *,
        rng: random.Random | None = None,
        guest: bool = False,
        echo: bool | None = None,
        helplines: Helplines | None = None,
        country: str | None = None,
        access: Access | None = None,
        certificates: CertificateSite | None = None,
        terminal: bool | None = None,
        wait: Callable[[IO[str], float], bool] = input_within,
    ) -> None:
        """`country` is the site's country for Get help now ([helplines] country), used when the learner
        has not chosen one. `access` is the site's policy for opening profiles (kiosk, hidden names, PINs);
        `certificates` the track, name and paper size a certificate is made with.
        `terminal` (default: whether the input is a tty) and `wait(input, seconds)` (whether a line came in
        time) are how kiosk mode locks an idle session; tests give their own."""
        self.store = store
        self.modules = modules
        self.rng = rng
        self.guest = guest
        self.helplines = helplines
        self.country = country
        self.access = access or Access()
        self.certificates = certificates or CertificateSite()
        kiosk = self.access.kiosk
        at_terminal = terminal if terminal is not None else isatty(input)
        self.console = Console(input, output, echo=echo if echo is not None else not isatty(input),
                               help_lines=lambda: help_now(self), choose_country=lambda: choose_country(self),
                               idle_seconds=kiosk.idle_seconds if kiosk is not None and at_terminal else None,
                               wait=wait)
        self._kept_store: Store | None = None
        """Kiosk: the real store, while a guest learns on one in memory."""
        self.learner: Learner | None = None
        self.chose_profile = False
        """Whether the learner chose the profile at "Who is learning?" (so back at the main menu goes there)."""

    # -- the whole session ----------------------------------------------------------------

    def run(self, profile: str | None = None, module_id: str | None = None) -> int:
        """Run until quit or end of input; returns the exit status (0; 3 when the store failed).

        Raises ProfileError when `profile` names a profile that cannot be made.
        """
        console = self.console
        try:
            console.say(_("mhcourse, plain text. Type a number and press Enter to choose. "
                          "Type help at any time to get help now, or ? for the list of commands."))
            if self.store.notice:
                console.say(self.store.notice)
            self.learner = self._start_profile(profile)
            self._sessions(module_id)
        except Quit:
            console.say("", self._goodbye())
        except EndOfInput:
            console.say("", _("End of input. {goodbye}").format(goodbye=self._goodbye()))
        except STORAGE_FAULTS as fault:  # disk full, read-only, locked: say so, and stop (exit 3)
            console.say("", in_plain_words(fault),
                        _("This session stops here. Start it again later with: mhcourse read"))
            console.flush()
            return 3
        console.flush()
        return 0

    def _sessions(self, module_id: str | None) -> None:
        """Learn until quit. In kiosk mode quit ends one learner's session and the next person starts;
        only the facilitator PIN, at "Who is learning?", ends them all (so does the end of input)."""
        while True:
            try:
                if module_id:
                    module = self.current().module(module_id)
                    module_id = None
                    if module is not None:
                        open_module(self, module)
                while main_menu(self) == "switch":
                    self.learner = self._choose_profile()
            except Quit as stop:
                if self.access.kiosk is None or isinstance(stop, Leave):
                    raise
                self._kiosk_session_ends(stop)
                self.learner = self._choose_profile()

    def _goodbye(self) -> str:
        if self.guest:
            return _("Guest session ended: nothing was saved. Goodbye.")
        if self.learner is None:
            return _("Goodbye.")
        return _("Your progress is saved. Goodbye.")

    def current(self) -> Learner:
        """The learner whose profile is open."""
        assert self.learner is not None
        return self.learner

    # -- profiles ------------------------------------------------------------------------------

    def _start_profile(self, name: str | None) -> Learner:
        if self.guest:
            guest = self.store.create_profile(name or "Guest")
            self.console.say(_("Guest session: nothing you do here will be saved, and it is gone when you leave."))
            return self._learner(guest)
        named = ProfileDialogue(self).start(name) if name else None
        if named is not None:
            return self._welcome(named)
        self.chose_profile = True
        return self._choose_profile()

    def _choose_profile(self) -> Learner:
        """Who is learning? (plain/profiles.py asks, the core decides), until a profile is open."""
        profile = ProfileDialogue(self).choose()
        return self._learner(profile) if self.guest else self._welcome(profile)

    def start_guest(self) -> None:
        """A guest session on a store in memory, until the guest quits: nothing reaches the real store."""
        self._kept_store, self.store, self.guest = self.store, Store.in_memory(), True
        self.guest_profile = self.store.create_profile("Guest")
        self.console.say(_("Guest session: nothing you do here will be saved, and it is gone when you leave."))

    def _kiosk_session_ends(self, stop: Quit) -> None:
        """Kiosk: quit ends this learner's session (a guest's is gone) and the next person starts.

        At a terminal the screen and its scrollback are cleared first, so the next person cannot read it."""
        self.console.clear_screen()
        kept = self._kept_store
        if kept is not None:
            self.store.close()
            self.store, self.guest, self._kept_store = kept, False, None
            self.console.say("", _("Guest session ended: nothing was saved."))
        elif isinstance(stop, Idle):
            self.console.say("", _("The session was locked after a while without activity. Progress is saved."))
        elif self.learner is not None:
            self.console.say("", _("Your progress is saved. The next person can start here."))
        self.learner = None

    def _welcome(self, profile: Profile) -> Learner:
        self.store.touch(profile.id)
        self.console.say(_("Hello, {name}. Your progress is saved as you go.").format(name=profile.name))
        return self._learner(profile)

    def _learner(self, profile: Profile) -> Learner:
        return Learner(self.store, profile, self.modules, self.rng)
