"""`mhcourse read`: the course as plain lines of text, one numbered choice at a time.

The session reads one line at a time from its input and writes plain text to its output: no colour,
no box drawing, no cursor movement. Every choice is numbered; the learner types a number or a command
and presses Enter. Commands work at every prompt:

    next   go on (the next page, lesson or step)     back   go up one level
    help   Get help now (crisis lines)               ?      the list of commands
    quit   stop; progress is saved as it goes        country the country Get help now lists first

F1 and Ctrl+G, the TUI's keys for Get help now, reach a line-by-line reader as an escape sequence or
a BEL character: a line of nothing else counts as help, so a learner who learned the keys is not
told to type a number while looking for a crisis line.

End of input at any prompt ends the session cleanly (exit status 0), so a script can drive it.

A profile protected with a PIN asks for it before it opens. The PIN is never printed: on a terminal
it is read without echo (getpass), and a scripted session's transcript does not repeat it.

Every rule (grading, scoring, completion, passing, what comes next) belongs to the core: this face
calls Learner and the learning rules, and only decides what to print and what to ask.
"""

from __future__ import annotations

import getpass
import random
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO

from ..content.helplines import Helplines, built_in, first_country
from ..content.models import (
    Lesson,
    MatchQuestion,
    Module,
    MultipleQuestion,
    OrderQuestion,
    Question,
    Scenario,
    SingleQuestion,
    TrueFalseQuestion,
)
from ..learning.answers import Answer, Marked, correct_answer, mark, right_choices
from ..learning.progress import Place, Status, next_lesson
from ..learning.quiz import Attempt, Score, shown_choices, shown_order
from ..learning.scenario import ScenarioRun, summarise
from ..progress.access import Access
from ..progress.faults import STORAGE_FAULTS, in_plain_words
from ..progress.learner import Learner
from ..progress.store import Store
from ..progress.store.profiles import Profile
from .certificate import CertificateSite, give, offered
from .gethelp import help_lines
from .kiosk import CLEAR, input_within, no_echo
from .moves import Back, EndOfInput, Idle, Interrupted, Leave, Quit
from .profiles import ProfileDialogue
from .text import Block, clean, help_keys_as_words, pages, to_blocks

PROMPT = "> "

COMMANDS = (
    ("a number", "choose that item"),
    ("next", "go on to the next page, lesson or step"),
    ("back", "go up one level"),
    ("help", "Get help now: emergency numbers and crisis lines"),
    ("country", "choose your country: Get help now lists its crisis lines first"),
    ("?", "this list of commands"),
    ("quit", "stop here; your progress is saved as you go"),
)

# What F1 and Ctrl+G send, as a line read in cooked mode: F1 from xterm (ESC O P, with a modifier
# ESC [ 1 ; 2 P or ESC O 2 P), from rxvt and VT220s (ESC [ 1 1 ~), from the Linux console (ESC [ [ A);
# Ctrl+G is BEL. One or more of them, and nothing else, on a line means "help".
HELP_KEYS = re.compile(r"(?:\s*(?:\x1bO\d*P|\x1b\[1;\d+P|\x1b\[11(?:;\d+)?~|\x1b\[\[A|\x07))+\s*")

TONES = {"helpful": "A helpful choice.", "neutral": "A neutral choice.", "unhelpful": "An unhelpful choice."}


STOPPED = "This session stops here. Start it again later with: mhcourse read"


Target = tuple[str, ...] | None
"""Where to go next inside a module: ("lesson", "3"), ("quiz",), ("scenario", id), or None for its menu."""


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
        self.input = input
        self.output = output
        self.store = store
        self.modules = modules
        self.rng = rng
        self.guest = guest
        self.echo = echo if echo is not None else not _isatty(input)
        self.helplines = helplines
        self.country = country
        self.access = access or Access()
        self.certificates = certificates or CertificateSite()
        self.kiosk_terminal = self.access.kiosk is not None and (terminal if terminal is not None else _isatty(input))
        """Kiosk mode at a terminal: idle, Ctrl+C and Ctrl+D end the learner's session, not the course."""
        self.wait = wait
        self._kept_store: Store | None = None
        """Kiosk: the real store, while a guest learns on one in memory."""
        self.learner: Learner | None = None
        self._chose_profile = False

    # -- the whole session ----------------------------------------------------------------

    def run(self, profile: str | None = None, module_id: str | None = None) -> int:
        """Run until quit or end of input; returns the exit status (0; 3 when the store failed).

        Raises ProfileError when `profile` names a profile that cannot be made.
        """
        try:
            self.say("mhcourse, plain text. Type a number and press Enter to choose. "
                     "Type help at any time to get help now, or ? for the list of commands.")
            if self.store.notice:
                self.say(self.store.notice)
            self.learner = self._start_profile(profile)
            self._sessions(module_id)
        except Quit:
            self.say("", self._goodbye())
        except EndOfInput:
            self.say("", "End of input. " + self._goodbye())
        except STORAGE_FAULTS as fault:  # disk full, read-only, locked: say so, and stop (exit 3)
            self.say("", in_plain_words(fault), STOPPED)
            self.output.flush()
            return 3
        self.output.flush()
        return 0

    def _sessions(self, module_id: str | None) -> None:
        """Learn until quit. In kiosk mode quit ends one learner's session and the next person starts;
        only the facilitator PIN, at "Who is learning?", ends them all (so does the end of input)."""
        while True:
            try:
                if module_id:
                    module = self._current().module(module_id)
                    module_id = None
                    if module is not None:
                        self._open_module(module)
                while self._main_menu() == "switch":
                    self.learner = self._choose_profile()
            except Quit as stop:
                if self.access.kiosk is None or isinstance(stop, Leave):
                    raise
                self._kiosk_session_ends(stop)
                self.learner = self._choose_profile()

    def _goodbye(self) -> str:
        if self.guest:
            return "Guest session ended: nothing was saved. Goodbye."
        if self.learner is None:
            return "Goodbye."
        return "Your progress is saved. Goodbye."

    # -- reading and writing ----------------------------------------------------------------

    def say(self, *lines: str) -> None:
        """Print lines. Author text among them reads as this face works: "type help", never "press F1"."""
        for line in lines:
            self.output.write(help_keys_as_words(clean(line)) + "\n")

    def read(self, redisplay: Sequence[str] = ()) -> str:
        """One line from the learner, after the prompt. help, ? and quit are handled here; back raises Back.

        After Get help now the lines of the current question are shown again, then the same prompt.
        """
        while True:
            self.output.write(PROMPT)
            self.output.flush()
            text = _typed(self._line()).strip()
            if self.echo:
                self.output.write(clean(text) + "\n")  # what was typed, as typed (F1 shows as help)
            if not self._command(text, redisplay):
                return text

    def _command(self, text: str, redisplay: Sequence[str]) -> bool:
        """Handle the words that work at any prompt: True when `text` was one (help or ?)."""
        word = text.strip().lower()
        if word == "help":
            self.say("", *self._help(), "")
            self.say(*redisplay)
            return True
        if word == "?":
            self.say("Commands you can type at any prompt, then press Enter:")
            self.say(*(f"  {name:<9} {meaning}" for name, meaning in COMMANDS))
            return True
        if word == "country":
            self._choose_country()
            self.say(*redisplay)
            return True
        if word == "quit":
            raise Quit
        if word == "back":
            raise Back
        return False

    def read_secret(self, redisplay: Sequence[str] = ()) -> str:
        """A PIN, after the prompt, never echoed: help, ? and quit are handled here; back raises Back.

        On a terminal (the session's input is sys.stdin and a tty) the line is read with getpass, so
        the terminal does not show it either. Otherwise a plain line is read; in echo mode only a line
        break is written in its place. Spaces inside or around the PIN are kept, as the store hashes them.
        """
        while True:
            line = _typed(self._secret_line())
            if not self._command(line, redisplay):
                return line

    def _line(self) -> str:
        """One line of input. At a kiosk's terminal: within idle_minutes, and Ctrl+C or Ctrl+D end the session."""
        if not self.kiosk_terminal:
            line = self.input.readline()
            if not line:
                raise EndOfInput
            return line
        assert self.access.kiosk is not None
        try:
            if not self.wait(self.input, self.access.kiosk.idle_seconds):
                raise Idle
            line = self.input.readline()
        except KeyboardInterrupt:
            raise Interrupted from None
        if not line:
            raise Interrupted
        return line

    def _secret_line(self) -> str:
        if self.kiosk_terminal:
            with no_echo(self.input):
                self.output.write(PROMPT)
                self.output.flush()
                line = self._line()
            self.output.write("\n")  # Enter was not shown either
            return line.rstrip("\r\n")
        if self.input is sys.stdin and _isatty(self.input):
            try:
                return getpass.getpass(PROMPT, stream=self.output)
            except EOFError:
                raise EndOfInput from None
        self.output.write(PROMPT)
        self.output.flush()
        line = self.input.readline()
        if not line:
            raise EndOfInput
        if self.echo:
            self.output.write("\n")  # where the typed line would be echoed: the PIN itself never is
        return line.rstrip("\r\n")

    def choose(self, lines: Sequence[str], options: Sequence[str], *, next_index: int | None = None,
               words: dict[str, int] | None = None, instruction: str | None = None,
               lookup: Callable[[str], int | None] | None = None, unknown: Callable[[str], str] | None = None) -> int:
        """Show lines and numbered options; return the index of the option chosen.

        `next` chooses option `next_index` when given; `words` are other typed words that choose an option;
        `lookup` finds an option from other typed text (a profile's name), after the numbers. A re-ask
        always repeats the instruction, after `unknown(text)` when given (what was wrong with the text).
        """
        count = len(options)
        instruction = instruction or (f"Type a number from 1 to {count}, then press Enter." if count > 1
                                      else "Type 1, then press Enter.")
        block = [*lines, *(f"  {i}. {option}" for i, option in enumerate(options, 1)), instruction]
        self.say(*block)
        while True:
            text = self.read(block)
            word = text.lower()
            if word == "next" and next_index is not None:
                return next_index
            if words and word in words:
                return words[word]
            number = _number(text, count)
            if number is not None:
                return number - 1
            found = lookup(text) if lookup and text else None
            if found is not None:
                return found
            if word == "next":
                self.say(f"There is no next step here. {instruction}")
            else:
                if not text:
                    why = "Please choose one."
                else:
                    why = unknown(text) if unknown else "That is not one of the choices."
                self.say(f"{why} {instruction} Type ? for the list of commands.")

    def more(self, text: str) -> None:
        """Wait for Enter (or next) before going on."""
        self.say(text)
        while True:
            reply = self.read([text])
            if reply == "" or reply.lower() == "next":
                return
            self.say("Press Enter to go on, or type back to go up one level.")

    # -- Get help now -------------------------------------------------------------------------

    def _helplines(self) -> Helplines:
        return self.helplines or built_in()

    def _help(self) -> list[str]:
        chosen = self.learner.setting("country") if self.learner is not None else None
        return [*help_lines(self._helplines(), first_country(chosen, self.country)),
                "To list another country first, type country."]

    def _choose_country(self) -> None:
        """Let the learner pick the country Get help now lists first; saved with the profile, as the TUI does."""
        if self.learner is None:
            self.say("", "Choose or make your profile first; then type country to choose your country. "
                     "Type help to see every country's crisis lines now.")
            return
        countries = [c for c in self._helplines().country if not c.local]  # the site's own lines are always first
        first = first_country(self.learner.setting("country"), self.country)
        options = [c.name + (" (listed first now)" if c.code.upper() == (first or "").upper() else "")
                   for c in countries]
        words: dict[str, int] = {}
        for index, country in enumerate(countries):  # its code or its name choose a country, as its number does
            words[country.code.lower()] = words[country.name.lower()] = index
        lines = ["", "Your country for Get help now: its crisis lines are listed first."]
        instruction = (f"Type the number of your country, from 1 to {len(countries)}, "
                       "or type back to keep it as it is.")
        try:
            index = self.choose(lines, options, words=words, instruction=instruction)
        except Back:
            self.say("Your country is as it was.")
            return
        self.learner.set_setting("country", countries[index].code)
        self.say(f"Get help now will list {countries[index].name} first.")

    # -- profiles ------------------------------------------------------------------------------

    def _start_profile(self, name: str | None) -> Learner:
        if self.guest:
            profile = self.store.create_profile(name or "Guest")
            self.say("Guest session: nothing you do here will be saved, and it is gone when you leave.")
            return self._learner(profile)
        profile = self._profiles().start(name) if name else None
        if profile is not None:
            return self._welcome(profile)
        self._chose_profile = True
        return self._choose_profile()

    def _choose_profile(self) -> Learner:
        """Who is learning? (plain/profiles.py asks, the core decides), until a profile is open."""
        profile = self._profiles().choose()
        return self._learner(profile) if self.guest else self._welcome(profile)

    def _profiles(self):

        return ProfileDialogue(self)

    def start_guest(self) -> None:
        """A guest session on a store in memory, until the guest quits: nothing reaches the real store."""
        self._kept_store, self.store, self.guest = self.store, Store.in_memory(), True
        self.guest_profile = self.store.create_profile("Guest")
        self.say("Guest session: nothing you do here will be saved, and it is gone when you leave.")

    def _kiosk_session_ends(self, stop: Quit) -> None:
        """Kiosk: quit ends this learner's session (a guest's is gone) and the next person starts.

        At a terminal the screen and its scrollback are cleared first, so the next person cannot read it."""
        self.clear_screen()
        kept = self._kept_store
        if kept is not None:
            self.store.close()
            self.store, self.guest, self._kept_store = kept, False, None
            self.say("", "Guest session ended: nothing was saved.")
        elif isinstance(stop, Idle):
            self.say("", "The session was locked after a while without activity. Progress is saved.")
        elif self.learner is not None:
            self.say("", "Your progress is saved. The next person can start here.")
        self.learner = None

    def clear_screen(self) -> None:
        """At a kiosk's terminal only: never into piped output (scripts, screen-reader transcripts)."""
        if self.kiosk_terminal:
            self.output.write(CLEAR)

    def _welcome(self, profile: Profile) -> Learner:
        self.store.touch(profile.id)
        self.say(f"Hello, {profile.name}. Your progress is saved as you go.")
        return self._learner(profile)

    def _learner(self, profile: Profile) -> Learner:
        return Learner(self.store, profile, self.modules, self.rng)

    # -- the main menu ---------------------------------------------------------------------------

    def _main_menu(self) -> str | None:
        """Returns "switch" when the learner went back to choose another profile."""
        learner = self._current()
        while True:
            overview = learner.overview()
            place = learner.continue_place()
            options: list[str] = []
            actions: list[tuple[str, object]] = []
            if place is not None:
                label = "Continue where you left off: " if learner.has_started else "Start here: "
                options.append(label + self._place_words(place))
                actions.append(("continue", place))
            certificate = offered(learner, self.certificates, self.guest, self.access.kiosk is not None)
            if certificate is not None:
                options.append(certificate)
                actions.append(("certificate", None))
            for module in self.modules:
                options.append(f"{module.title} ({_state_words(overview.states[module.id].describe())})")
                actions.append(("module", module))
            for label, action in (("Your progress", "progress"), ("Get help now", "help"), ("Quit", "quit")):
                options.append(label)
                actions.append((action, None))
            lines = ["", "Main menu", f"{learner.profile.name}: {overview.passed} of {overview.total} modules passed."]
            if place is None and self.modules:
                lines.append("You have passed or skipped every module. Well done.")
            if not self.modules:
                lines.append("There are no modules to read.")
            try:
                index = self.choose(lines, options, next_index=0 if place is not None else None)
            except Back:
                if self._chose_profile and not self.guest:
                    return "switch"
                self.say("This is the main menu. Type quit to stop.")
                continue
            action, value = actions[index]
            if action == "continue":
                assert isinstance(value, Place)
                self._continue(value)
            elif action == "module":
                assert isinstance(value, Module)
                self._open_module(value)
            elif action == "certificate":
                give(self, learner, self.certificates)
            elif action == "progress":
                self._progress()
            elif action == "help":
                self.say("", *self._help())
            else:
                raise Quit

    def _current(self) -> Learner:
        assert self.learner is not None
        return self.learner

    def _place_words(self, place: Place) -> str:
        module = self._current().module(place.module_id)
        if module is None:
            return place.module_id
        if place.kind == "lesson" and place.item_id and (lesson := module.lesson(place.item_id)):
            number = module.lessons.index(lesson) + 1
            return f"{module.title}, lesson {number} of {len(module.lessons)}: {lesson.title}"
        if place.kind == "quiz":
            return f"{module.title}, the quiz"
        if place.kind == "scenario" and place.item_id and (scenario := module.scenario(place.item_id)):
            return f"{module.title}, practice: {scenario.title}"
        return module.title

    def _continue(self, place: Place) -> None:
        module = self._current().module(place.module_id)
        if module is None:
            return
        target: Target = None
        if place.kind == "lesson" and place.item_id and (lesson := module.lesson(place.item_id)):
            target = ("lesson", str(module.lessons.index(lesson)))
        elif place.kind == "quiz" and module.quiz is not None:
            target = ("quiz",)
        elif place.kind == "scenario" and place.item_id and module.scenario(place.item_id):
            target = ("scenario", place.item_id)
        self._open_module(module, target)

    def _progress(self) -> None:
        learner = self._current()
        overview = learner.overview()
        self.say("", "Your progress", f"{learner.profile.name}: {overview.passed} of {overview.total} modules passed.")
        for module in self.modules:
            self.say(f"- {module.title}: {_state_words(overview.states[module.id].describe())}")
        try:
            self.more("Press Enter to go back to the main menu.")
        except Back:
            pass

    # -- a module --------------------------------------------------------------------------------

    def _open_module(self, module: Module, target: Target = None) -> None:
        try:
            if not self._content_note(module):
                return
        except Back:
            return
        self._follow(module, target)
        self._module_menu(module)

    def _content_note(self, module: Module) -> bool:
        """Show the module's content note; False when the learner skips the module."""
        note = module.module.content_note
        if not note:
            return True
        learner = self._current()
        if not learner.needs_content_note(module):  # chosen before: shown again, not asked
            self.say("", f"Content note: {note}")
            return True
        lines = ["", f"Content note for {module.title}:", note]
        if "type help" not in help_keys_as_words(note).lower():  # said once: the author's note may say it already
            lines.append("Type help at any prompt to get help now.")
        index = self.choose(lines, ["Continue with this module", "Skip this module for now (you can come back at any time)"],
                            next_index=0)
        if index == 1:
            learner.skip_module(module)
            self.say(f"Skipped {module.title}. You can come back to it at any time from the main menu.")
            return False
        learner.accept_content_note(module)
        return True

    def _module_menu(self, module: Module) -> None:
        learner = self._current()
        while True:
            record = learner.record(module)
            state = learner.state(module)
            lines = ["", module.title, module.module.summary,
                     f"About {module.module.minutes} minutes. Your progress: {_state_words(state.describe())}."]
            missing = learner.missing_recommended(module)
            if missing:
                lines.append("Recommended before this module: " + ", ".join(m.title for m in missing)
                             + ". You can still go ahead.")
            options: list[str] = []
            targets: list[Target] = []
            for number, lesson in enumerate(module.lessons, 1):
                done = " (done)" if lesson.id in record.lessons_completed else ""
                options.append(f"Lesson {number}: {lesson.title}{done}")
                targets.append(("lesson", str(number - 1)))
            if module.quiz is not None:
                options.append(self._quiz_words(module, state.status, state.best_score))
                targets.append(("quiz",))
            for scenario in module.scenarios:
                done = " (done)" if scenario.id in record.scenarios_done else ""
                options.append(f"Practice: {scenario.title}{done}")
                targets.append(("scenario", scenario.id))
            options.append("Back to the main menu")
            targets.append(None)
            upcoming = next_lesson(module, record)
            if upcoming is not None:
                next_index: int | None = module.lessons.index(upcoming)
            elif module.quiz is not None and state.status is not Status.PASSED:
                next_index = len(module.lessons)
            else:
                next_index = None
            try:
                index = self.choose(lines, options, next_index=next_index)
            except Back:
                return
            if targets[index] is None:
                return
            self._follow(module, targets[index])

    def _quiz_words(self, module: Module, status: Status, best: str | None) -> str:
        assert module.quiz is not None
        words = f"Quiz: {len(module.quiz.questions)} questions, pass mark {_percent(module.quiz.pass_mark)}"
        if status is Status.PASSED:
            words += f" (passed, best {best})" if best else " (passed)"
        elif best:
            words += f" (best so far {best})"
        return words

    def _follow(self, module: Module, target: Target) -> None:
        """Go through a lesson, the quiz or a scenario, and on to whatever the learner picks after it."""
        while target is not None:
            try:
                if target[0] == "lesson":
                    target = self._lesson(module, int(target[1]))
                elif target[0] == "quiz":
                    target = self._quiz(module)
                elif target[0] == "scenario" and (scenario := module.scenario(target[1])):
                    target = self._scenario(module, scenario)
                else:
                    target = None
            except Back:
                target = None

    # -- lessons ---------------------------------------------------------------------------------

    def _lesson(self, module: Module, index: int) -> Target:
        learner = self._current()
        lesson = module.lessons[index]
        learner.open_lesson(module, lesson.id)
        blocks = to_blocks(lesson.body)
        if lesson.key_points:
            blocks += [Block(("Key points:",), heading=True), Block(tuple(f"- {p}" for p in lesson.key_points))]
        parts = pages(blocks)
        self.say("", f"Lesson {index + 1} of {len(module.lessons)}: {lesson.title}", "")
        for number, page in enumerate(parts, 1):
            self.say(*page)
            if number < len(parts):
                self.say("")
                self.more(f"Press Enter for more (part {number} of {len(parts)}), or type back to leave the lesson.")
                self.say("")
        for number, check in enumerate(lesson.checks, 1):
            self._check(module, lesson, check, f"Knowledge check {number} of {len(lesson.checks)} (not graded)")
        learner.finish_lesson(module, lesson.id)
        self.say("", f"End of lesson {index + 1}: {lesson.title}. It is marked as done.")
        options: list[str] = []
        targets: list[Target] = []
        if index + 1 < len(module.lessons):
            options.append(f"Next lesson: {module.lessons[index + 1].title}")
            targets.append(("lesson", str(index + 1)))
        elif module.quiz is not None:
            options.append("Take the quiz")
            targets.append(("quiz",))
        options.append(f"Back to {module.title}")
        targets.append(None)
        choice = self.choose([], options, next_index=0)
        return targets[choice]

    def _check(self, module: Module, lesson: Lesson, question: Question, heading: str) -> None:
        shown = list(shown_order(question, self.rng or random.Random(), False))
        answer = self._ask(question, shown, heading, skippable=True)
        if answer is None:
            self.say("Skipped.")
            return
        marked = self._current().answer_check(module, lesson.id, question, answer)
        self._feedback(question, answer, marked, shown)

    # -- questions ---------------------------------------------------------------------------------

    def _ask(self, question: Question, shown: list[str], heading: str, *, skippable: bool) -> Answer | None:
        """Ask one question until the learner gives a usable answer; None when a skippable one is skipped."""
        lines = ["", heading, question.prompt]
        count = len(shown)
        if isinstance(question, SingleQuestion):
            lines += _numbered(shown)
            instruction = "Type the number of your answer."
        elif isinstance(question, MultipleQuestion):
            lines += _numbered(shown)
            instruction = "Choose all that apply: type their numbers separated by spaces or commas, for example 1 3."
        elif isinstance(question, TrueFalseQuestion):
            lines += _numbered(["True", "False"])
            instruction = "Type 1 for True or 2 for False (yes and no work too)."
        elif isinstance(question, OrderQuestion):
            # The prompt usually asks for an order already ("Put these steps in order."): say it once.
            lines += [*([] if "order" in question.prompt.lower() else ["Put these in the right order:"]), *_numbered(shown)]
            example = " ".join(str(n) for n in [count, *range(1, count)])
            instruction = f"Type the numbers in the right order, separated by spaces, for example {example}."
        elif isinstance(question, MatchQuestion):
            lines += ["The meanings:", *_numbered(shown)]
            instruction = "For each term, type the number of its meaning."
        else:  # pragma: no cover - the format has no other kind
            return None
        way_out = _way_out(skippable)
        instruction += " " + way_out
        self.say(*lines, instruction)
        if isinstance(question, MatchQuestion):
            return self._ask_match(question, shown, [*lines, instruction], skippable)
        while True:
            text = self.read([*lines, instruction])
            if text.lower() == "next" and skippable:
                return None
            answer, hint = _parse(question, text, shown)
            if answer is not None:
                return answer
            if text.lower() == "next":
                hint = "Please answer this question to go on."
            self.say(f"{hint} {way_out}")  # a re-ask always says how to leave, too

    def _ask_match(self, question: MatchQuestion, shown: list[str], lines: list[str], skippable: bool) -> Answer | None:
        answer: dict[str, str] = {}
        total = len(question.pairs)
        for number, pair in enumerate(question.pairs, 1):
            ask = f"Term {number} of {total}: {pair.term}. Type the number of its meaning."
            self.say(ask)
            while True:
                text = self.read([*lines, ask])
                if text.lower() == "next" and skippable:
                    return None
                chosen = _number(text, len(shown))
                if chosen is not None:
                    answer[pair.term] = shown[chosen - 1]
                    break
                self.say(f"Please type one number from 1 to {len(shown)}: the meaning of {pair.term}. "
                         + _way_out(skippable))
        return answer

    def _feedback(self, question: Question, answer: Answer, marked: Marked, shown: list[str]) -> None:
        """Right or wrong, each choice made with its feedback on a line of its own, the right answer, and why."""
        if marked.correct:
            verdict = "Right."
        elif isinstance(question, (OrderQuestion, MatchQuestion)) and marked.total:
            what = "in the right place" if isinstance(question, OrderQuestion) else "matched correctly"
            verdict = f"Not quite: {marked.right_count} of {marked.total} {what}."
        elif partly := right_choices(question, answer):
            verdict = f"Not quite: you chose {partly[0]} of the {partly[1]} right answers."
        else:
            verdict = "Not quite."  # the TUI's words
        chosen = _chosen(question, answer, shown)
        # An author's feedback often opens with the verdict ("Right. The worry..."): say it once, theirs.
        lines = [] if len(chosen) == 1 and _opens_with(chosen[0][1], verdict) else [verdict]
        for text, feedback in chosen:
            lines.append("You chose: " + _sentence(text))
            if feedback:
                lines.append(feedback)
        if not marked.correct:
            right = correct_answer(question)
            if isinstance(question, SingleQuestion):
                lines.append(f"The right answer: {right}")
            elif isinstance(question, MultipleQuestion):
                lines.append("The right answers: " + "; ".join(t for t in shown if t in right))
            elif isinstance(question, TrueFalseQuestion):
                lines.append(f"The right answer: {'True' if right else 'False'}")
            elif isinstance(question, OrderQuestion):
                lines += ["The right order:", *_numbered(right)]
            elif isinstance(question, MatchQuestion):
                lines += ["The right matches:", *(f"- {term}: {meaning}" for term, meaning in right.items())]
        lines.append(f"Explanation: {question.explanation}")
        self.say(*lines)

    # -- the quiz ----------------------------------------------------------------------------------

    def _quiz(self, module: Module) -> Target:
        if module.quiz is None:
            return None
        learner = self._current()
        attempt = learner.quiz_attempt(module)
        while True:
            total = len(attempt.plan.questions)
            answered = sum(1 for q in attempt.plan.questions if q.id in attempt.answers)
            self.say("", f"Quiz: {module.title}")
            if answered:
                self.say(f"Welcome back: {answered} of {total} questions answered. Carrying on where you stopped.")
            else:
                questions = f"{total} question{'s' if total != 1 else ''}"
                self.say(f"{questions}. The pass mark is {_percent(module.quiz.pass_mark)}. "
                         "You see whether each answer is right as you go.")
            state = learner.state(module)
            if state.lessons_done < state.lessons_total and not answered:
                self.say("You have not finished every lesson yet; you can still take the quiz.")
            for number, shown_question in enumerate(attempt.plan.questions, 1):
                if shown_question.id in attempt.answers:
                    continue
                question = module.question(shown_question.id)
                if question is None:
                    continue  # the author removed it since this attempt began; the score leaves it out
                shown = shown_choices(question, shown_question)
                answer = self._ask(question, shown, f"Question {number} of {total}", skippable=False)
                marked = learner.answer(attempt, question, answer)
                self._feedback(question, answer, marked, shown)
            result = learner.finish_attempt(module, attempt)
            if not self._results(module, attempt, result):
                return None
            attempt = learner.new_attempt(module)

    def _results(self, module: Module, attempt: Attempt, result: Score) -> bool:
        """Show an attempt's results; True when the learner wants to try again."""
        assert module.quiz is not None
        lines = ["", f"Quiz results: {module.title}",
                 f"You got {result.right} of {result.total} right ({_percent(result.fraction)}). "
                 f"The pass mark is {_percent(result.pass_mark)}."]
        if result.passed:
            lines.append("You passed this module's quiz. Well done.")
        else:
            lines.append("Not passed this time. You can try again whenever you like; your best score is kept.")
        lines.append("Question by question:")
        for number, shown_question in enumerate(attempt.plan.questions, 1):
            question = module.question(shown_question.id)
            if question is None:
                continue
            right = shown_question.id in attempt.answers and mark(question, attempt.answers[shown_question.id]).correct
            lines.append(f"- Question {number}, {'right' if right else 'wrong'}: {question.prompt}")
        lines += ["", "What next?"]
        try:
            choice = self.choose(lines, ["Try again (a new attempt)", f"Back to {module.title}"])
        except Back:
            return False
        return choice == 0

    # -- scenarios -----------------------------------------------------------------------------------

    def _scenario(self, module: Module, scenario: Scenario) -> Target:
        learner = self._current()
        while True:
            learner.open_scenario(module, scenario.id)
            run = ScenarioRun(scenario)
            self.say("", f"Practice: {scenario.title}", "This is practice: nothing here is graded.")
            if scenario.intro:
                self.say(scenario.intro)
            while not run.ended:
                step = run.step
                options = run.options(self.rng)
                index = self.choose(["", step.text, "What do you say or do?"], [o.text for o in options])
                choice = run.choose(options[index])
                self.say(TONES.get(choice.tone, f"A {choice.tone} choice.")
                         + (f" {choice.feedback}" if choice.feedback else ""))
            summary = summarise(run.path)
            self.say("", run.step.text, "", "The end of this practice. " + summary.sentence())
            if summary.helpful_choices:
                self.say("Your helpful choices:", *(f"- {text}" for text in summary.helpful_choices))
            learner.finish_scenario(module, run)
            if self.choose(["", "What next?"], ["Play it again", f"Back to {module.title}"]) != 0:
                return None


# -- small helpers -------------------------------------------------------------------------------

def _typed(line: str) -> str:
    """A line as the learner meant it: F1 or Ctrl+G (see HELP_KEYS) alone on a line is the word help."""
    return "help" if HELP_KEYS.fullmatch(line) else line


def _way_out(skippable: bool) -> str:
    """How to leave a question: a knowledge check can be skipped, a quiz left (its answers are kept)."""
    if skippable:
        return "Type next to skip this check."
    return "Type back to leave; your answers so far are kept."


def _chosen(question: Question, answer: Answer, shown: list[str]) -> list[tuple[str, str | None]]:
    """The choices the learner made, in the order shown, each with its feedback."""
    if not isinstance(question, (SingleQuestion, MultipleQuestion)):
        return []
    chosen = [answer] if isinstance(answer, str) else list(answer)
    by_text = {c.text: c for c in question.choices}
    return [(text, by_text[text].feedback) for text in shown if text in chosen]


def _opens_with(feedback: str | None, verdict: str) -> bool:
    """Whether feedback starts with the verdict's first word ("Right. The worry..." and "Right.")."""
    word = verdict.split(":")[0].split(".")[0]
    return bool(feedback) and re.match(rf"{re.escape(word)}\b", feedback, re.I) is not None


def _sentence(text: str) -> str:
    """Text ending as a sentence does, so a screen reader pauses: a full stop added only when it has none."""
    text = text.rstrip()
    return text if re.search(r"[.?!…][\"'”’)\]]*$", text) else text + "."


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _numbered(texts: Sequence[str]) -> list[str]:
    return [f"  {i}. {text}" for i, text in enumerate(texts, 1)]


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def _state_words(words: str) -> str:
    """The core's state words, with its middle dot made plain punctuation for screen readers."""
    return words.replace(" \u00b7 ", ", ")


def _number(text: str, count: int) -> int | None:
    """A whole number from 1 to count ("2" or "2."), else None."""
    raw = text.strip().rstrip(".)")
    if raw.isdecimal():
        value = int(raw)
        if 1 <= value <= count:
            return value
    return None


def _numbers(text: str, count: int) -> list[int] | None:
    """Numbers from 1 to count, separated by spaces or commas ("3 1 2", "3,1,2"; "312" when count < 10)."""
    raw = text.replace(",", " ").replace(";", " ").split()
    if len(raw) == 1 and len(raw[0]) > 1 and raw[0].isdecimal() and count < 10:
        raw = list(raw[0])
    values = []
    for part in raw:
        value = _number(part, count)
        if value is None:
            return None
        values.append(value)
    return values or None


def _parse(question: Question, text: str, shown: list[str]) -> tuple[Answer | None, str]:
    """The learner's typed reply as an answer in the core's shape, or None and a short hint."""
    count = len(shown)
    if isinstance(question, SingleQuestion):
        number = _number(text, count)
        if number is None:
            return None, f"Please type one number from 1 to {count}."
        return shown[number - 1], ""
    if isinstance(question, MultipleQuestion):
        numbers = _numbers(text, count)
        if numbers is None:
            return None, f"Please type one or more numbers from 1 to {count}, separated by spaces, for example 1 3."
        return [shown[n - 1] for n in dict.fromkeys(numbers)], ""
    if isinstance(question, TrueFalseQuestion):
        word = text.strip().lower().rstrip(".")
        if word in ("1", "true", "t", "yes", "y"):
            return True, ""
        if word in ("2", "false", "f", "no", "n"):
            return False, ""
        return None, "Please type 1 for True or 2 for False (or yes or no)."
    if isinstance(question, OrderQuestion):
        numbers = _numbers(text, count)
        if numbers is None or sorted(numbers) != list(range(1, count + 1)):
            return None, f"Please type each number from 1 to {count} once, in the order you think is right."
        return [shown[n - 1] for n in numbers], ""
    return None, "Please type a number."
