"""`mhcourse read`: the course as plain lines of text, one numbered choice at a time.

The session reads one line at a time from its input and writes plain text to its output: no colour,
no box drawing, no cursor movement. Every choice is numbered; the learner types a number or a command
and presses Enter. Commands work at every prompt (prompts.py):

    next   go on (the next page, lesson or step)     back   go up one level
    help   Get help now (crisis lines)               ?      the list of commands
    quit   stop; progress is saved as it goes        country the country Get help now lists first
    review (at the main menu) the questions due for spaced review
    language  the language of the course (language.py), kept in the learner's profile

End of input at any prompt ends the session cleanly (exit status 0), so a script can drive it.

This module runs a session: who is learning (profiles.py), then the main menu (home.py) and the flows
under it (module.py, lesson.py, quiz.py, scenario.py), until quit; in kiosk mode, one learner after
another. Every rule (grading, scoring, completion, passing, what comes next) belongs to the core: this
face calls Learner and the learning rules, and only decides what to print and what to ask.
"""

from __future__ import annotations

import contextlib
import random
import shutil
from collections.abc import Callable
from functools import partial
from typing import IO, TYPE_CHECKING

from ..content.helplines import Helplines
from ..content.models import Module
from ..i18n import _, use_language
from ..progress.desk import Desk
from ..progress.faults import STORAGE_FAULTS, in_plain_words
from ..site.schema import SupportSettings
from .certificate import CertificateSite
from .gethelp import choose_country, help_now
from .home import follow, main_menu
from .kept import kept, unwrap
from .kiosk import input_within
from .language import choose_language
from .module import open_module
from .moves import EndOfInput, Idle, LanguageChanged, Leave, Quit
from .profiles import ProfileDialogue
from .prompts import Console, isatty
from .support import has_support, support_lines

if TYPE_CHECKING:
    from ..progress.learner import Learner


class PlainSession:
    """One learner's session of the plain face (in kiosk mode, one learner after another), on any pair
    of text streams.

    Profiles are opened at the desk, and progress goes through a Learner, saved at each step. `echo`
    repeats each line read after the prompt; it defaults to on when the input is not a terminal, so a
    scripted session's transcript shows what was typed.
    """

    def __init__(
        self,
        input: IO[str],
        output: IO[str],
        desk: Desk,
        modules: list[Module],
        *,
        rng: random.Random | None = None,
        guest: bool = False,
        echo: bool | None = None,
        helplines: Helplines | None = None,
        country: str | None = None,
        certificates: CertificateSite | None = None,
        terminal: bool | None = None,
        wait: Callable[[IO[str], float], bool] = input_within,
        support: SupportSettings | None = None,
        width: int | None = None,
    ) -> None:
        """`desk` opens profiles under the site's policy (kiosk, hidden names, PINs); `guest` starts as a
        guest. `country` is the site's country for Get help now ([helplines] country), used when the
        learner has not chosen one; `certificates` the track, name and paper size a certificate is made
        with. `terminal` (default: whether the input is a tty) and `wait(input, seconds)` (whether a line
        came in time) are how kiosk mode locks an idle session; tests give their own. `support` is the site's
        Local support ([support]). Lines are wrapped at word boundaries to `width`; by default to the
        terminal's width when the output is a terminal, and never when it is piped."""
        self.desk = desk
        self.modules = modules
        self.rng = rng
        self.guest = guest
        self.helplines = helplines
        self.country = country
        self.certificates = certificates or CertificateSite()
        self.support = support
        kiosk = desk.kiosk
        at_terminal = terminal if terminal is not None else isatty(input)
        self.console = Console(input, output, echo=echo if echo is not None else not isatty(input),
                               help_lines=lambda: help_now(self), choose_country=lambda: choose_country(self),
                               choose_language=lambda: choose_language(self),
                               idle_seconds=kiosk.idle_seconds if kiosk is not None and at_terminal else None,
                               wait=wait, width=_width(output, width),
                               support_lines=(lambda: support_lines(self.support)) if has_support(support) else None)
        self._learner: Learner | None = None
        self.chose_profile = False
        """Whether the learner chose the profile at "Who is learning?" (so back at the main menu goes there)."""

    @property
    def learner(self) -> Learner | None:
        """The learner in, whose every step is kept and offered again when the shared database is away (kept.py)."""
        return self._learner

    @learner.setter
    def learner(self, learner: Learner | None) -> None:
        """The learner in, and the face speaks their language; when they leave, the desk's again."""
        self._learner = kept(learner, self.console)
        use_language(learner.language if learner is not None else self.desk.language())

    # -- the whole session ----------------------------------------------------------------

    def run(self, profile: str | None = None, module_id: str | None = None) -> int:
        """Run until quit or end of input; returns the exit status (0; 3 when the store failed).

        Raises ProfileError when `profile` names a profile that cannot be made.
        """
        held = self.console.ctrl_c.held() if self.console.kiosk_terminal else contextlib.nullcontext()
        with held:  # at a kiosk's terminal Ctrl+C waits for a prompt, then ends the learner's session
            return self._run(profile, module_id)

    def _run(self, profile: str | None, module_id: str | None) -> int:
        console = self.console
        use_language(self.desk.language())  # the site's language (or --lang, MHCOURSE_LANG) until a learner is in
        try:
            console.say(_("mhcourse, plain text. Type a number and press Enter to choose. "
                          "Type help at any time to get help now, or ? for the list of commands."))
            if self.desk.notice:
                console.say(self.desk.notice)
            self.learner = self._start(profile)
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
                        with contextlib.suppress(LanguageChanged):  # on to the main menu, in the new language
                            follow(self, partial(open_module, self, module))
                while main_menu(self) == "switch":
                    self._leave()
                    self.learner = ProfileDialogue(self).choose()
            except Quit as stop:
                if self.desk.kiosk is None or isinstance(stop, Leave):
                    raise
                self._kiosk_session_ends(stop)
                self.learner = ProfileDialogue(self).choose()

    def _start(self, name: str | None) -> Learner:
        """The first learner: a guest (--guest), the profile named (--profile), else whoever is chosen."""
        dialogue = ProfileDialogue(self)
        if self.guest:
            return dialogue.guest()
        learner = dialogue.start(name) if name else None
        if learner is not None:
            return learner
        self.chose_profile = True
        return dialogue.choose()

    def _goodbye(self) -> str:
        if self.learner is not None and self.learner.is_guest:
            return _("Guest session ended: nothing was saved. Goodbye.")
        if self.learner is None:
            return _("Goodbye.")
        return _("Your progress is saved. Goodbye.")

    def current(self) -> Learner:
        """The learner whose profile is open."""
        assert self.learner is not None
        return self.learner

    def _leave(self) -> None:
        """The learner's session ends: a guest's record is dropped, and their last feedback is forgotten (the
        next person's again never says it)."""
        self.console.last_feedback = []
        if self.learner is not None:
            self.desk.leave(unwrap(self.learner))
        self.learner = None

    def _kiosk_session_ends(self, stop: Quit) -> None:
        """Kiosk: quit ends this learner's session (a guest's is gone) and the next person starts.

        At a terminal the screen and its scrollback are cleared first, so the next person cannot read it."""
        self.console.clear_screen()
        learner = self.learner
        if learner is not None and learner.is_guest:
            self.console.say("", _("Guest session ended: nothing was saved."))
        elif isinstance(stop, Idle):
            self.console.say("", _("The session was locked after a while without activity. Progress is saved."))
        elif learner is not None:
            self.console.say("", _("Your progress is saved. The next person can start here."))
        self._leave()


def _width(output: IO[str], width: int | None) -> Callable[[], int | None]:
    """The width lines are wrapped to: `width` when given, else the terminal's (asked each time, so a
    resized window is followed) when the output is one, else None (piped output is never wrapped)."""
    if width is not None:
        return lambda: width
    if not isatty(output):
        return lambda: None
    return lambda: max(20, shutil.get_terminal_size().columns)
