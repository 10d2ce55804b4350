"""The plain face's console: printing lines, reading a line after the prompt, numbered choices.

The commands that work at any prompt are read here: help (Get help now), ? (the list of commands),
country, quit and back. F1 and Ctrl+G, the TUI's keys for Get help now, reach a line-by-line reader as
an escape sequence or a BEL character: a line of nothing else counts as help, so a learner who learned
the keys is not told to type a number while looking for a crisis line.

A PIN is never printed: on a terminal it is read without echo (getpass), and a scripted session's
transcript does not repeat it. In kiosk mode at a terminal a line must come within the idle time, and
Ctrl+C or Ctrl+D end the learner's session (moves.Idle, moves.Interrupted).
"""

from __future__ import annotations

import getpass
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import IO, TextIO, cast

from ..i18n import N_, _
from .kiosk import CLEAR, HeldCtrlC, input_within, no_echo, no_echoctl
from .moves import Back, EndOfInput, Idle, Interrupted, Quit
from .text import clean, help_keys_as_words, wrap

PROMPT = "> "

# What F1 and Ctrl+G send, as a line read in cooked mode: F1 from xterm (ESC O P, with a modifier
# ESC [ 1 ; 2 P or ESC O 2 P), from rxvt and VT220s (ESC [ 1 1 ~), from the Linux console (ESC [ [ A);
# Ctrl+G is BEL. One or more of them, and nothing else, on a line means "help".
HELP_KEYS = re.compile(r"(?:\s*(?:\x1bO\d*P|\x1b\[1;\d+P|\x1b\[11(?:;\d+)?~|\x1b\[\[A|\x07))+\s*")


WORDS = (N_("next"), N_("back"), N_("top"), N_("repeat"), N_("again"), N_("review"), N_("help"), N_("support"),
         N_("country"), N_("language"), N_("quit"))
"""The command words, in English: what the code matches. A language's catalog may give each a word of its own
(`spoken_word`), which a learner may type as well; the sentences that mention a command keep whichever word the
translator wrote, and the English word always works."""


def spoken_word(word: str) -> str:
    """A command word as the learner's language says it (the English word when the catalog keeps it)."""
    return _(word)


OWN_WORDS = {
    "help": ("ayuda", "socorro", "aide", "secours", "urgence"),
    "back": ("atrás", "atras", "volver", "retour"),
    "next": ("siguiente", "suivant"),
    "repeat": ("repetir", "répéter", "repeter"),
    "language": ("idioma", "langue"),
    "quit": ("salir", "quitter"),
}
"""Words a learner may type in their own language, whatever language the course speaks at the moment: someone
in distress types "ayuda" or "aide", not "help", and someone who landed in a language they cannot read looks
for "idioma" or "langue"."""


def english_word(text: str) -> str:
    """Typed text as the command word the code matches: a command word of the learner's language (or one of
    OWN_WORDS) becomes the English one; any other text is returned as it is."""
    typed = text.strip().lower()
    for word in WORDS:
        if typed == spoken_word(word).strip().lower() and typed != word:
            return word
    return next((word for word, own in OWN_WORDS.items() if typed in own), text)


def commands(support: bool = False) -> tuple[tuple[str, str], ...]:
    """The commands `?` lists: what to type, and what it does (support only where the site lists local support)."""
    said = spoken_word
    return (
        (_("a number"), _("choose that item")),
        (said("next"), _("go on to the next page, lesson or step")),
        (said("back"), _("go up one level")),
        (said("top"), _("in a lesson: start it again from the beginning")),
        (said("repeat"), _("hear the question and its choices again (or what this prompt asks)")),
        (said("again"), _("hear the last feedback again")),
        (said("review"), _("at the main menu: review the questions that are due again")),
        (said("help"), _("Get help now: emergency numbers and crisis lines")),
        *(((said("support"), _("Local support: groups and services near here")),) if support else ()),
        (said("country"), _("choose your country: Get help now lists its crisis lines first")),
        (said("language"), _("choose the language of the course")),
        ("?", _("this list of commands")),
        (said("quit"), _("stop here; your progress is saved as you go")),
    )


@dataclass
class Console:
    """Lines out and lines in, on any pair of text streams."""

    input: IO[str]
    output: IO[str]
    _keywords: KW_ONLY
    echo: bool
    """Repeat each line read after the prompt, so a scripted session's transcript shows what was typed."""
    help_lines: Callable[[], list[str]]
    """What the help command prints."""
    choose_country: Callable[[], None]
    """Runs the country command."""
    choose_language: Callable[[], None] = lambda: None
    """Runs the language command (moves.LanguageChanged when the learner chose another language)."""
    idle_seconds: float | None = None
    """Kiosk mode at a terminal only: a line must come within it, as `wait(input, seconds)` tells."""
    wait: Callable[[IO[str], float], bool] = input_within
    support_lines: Callable[[], list[str]] | None = None
    """What the support command prints; None when the site lists no local support."""
    width: Callable[[], int | None] = lambda: None
    """The width lines are wrapped to (at a terminal, its width); None: never wrapped (piped output)."""
    last_feedback: list[str] = field(default_factory=list)
    """The last feedback said, for the again command."""
    ctrl_c: HeldCtrlC = field(default_factory=HeldCtrlC)
    """At a kiosk's terminal, Ctrl+C held until a line is awaited (the session installs it: `ctrl_c.held()`)."""

    @property
    def kiosk_terminal(self) -> bool:
        """Kiosk mode at a terminal: idle, Ctrl+C and Ctrl+D end the learner's session, not the course."""
        return self.idle_seconds is not None

    # -- writing ------------------------------------------------------------------------------

    def say(self, *lines: str) -> None:
        """Print lines. Author text among them reads as this face works: "type help", never "press F1"."""
        width = self.width()
        for line in lines:
            text = help_keys_as_words(clean(line))
            for piece in text.split("\n"):
                self.output.write("\n".join(wrap(piece, width)) + "\n")

    def say_feedback(self, *lines: str) -> None:
        """Say feedback, and keep it for the again command."""
        self.last_feedback = list(lines)
        self.say(*lines)

    def flush(self) -> None:
        self.output.flush()

    def clear_screen(self) -> None:
        """At a kiosk's terminal only: never into piped output (scripts, screen-reader transcripts)."""
        if self.kiosk_terminal:
            self.output.write(CLEAR)

    # -- reading -------------------------------------------------------------------------------

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
            text = english_word(text)
            if not self._command(text, redisplay):
                return text

    def read_secret(self, redisplay: Sequence[str] = ()) -> str:
        """A PIN, after the prompt, never echoed: help, ? and quit are handled here; back raises Back.

        On a terminal (the input is sys.stdin and a tty) the line is read with getpass, so the terminal
        does not show it either. Otherwise a plain line is read; in echo mode only a line break is written
        in its place. Spaces inside or around the PIN are kept, as the store hashes them.
        """
        while True:
            line = _typed(self._secret_line())
            if not self._command(line, redisplay):
                return line

    def _command(self, text: str, redisplay: Sequence[str]) -> bool:
        """Handle the words that work at any prompt: True when `text` was one (help, ? or country)."""
        word = text.strip().lower()
        if word == "help":
            self.say("", *self.help_lines(), "")
            self.say(*redisplay)
            return True
        if word == "?":
            self.say(_("Commands you can type at any prompt, then press Enter:"))
            listed = commands(self.support_lines is not None)
            width = max(9, *(len(name) for name, _meaning in listed))  # a language's words may be longer
            self.say(*(f"  {name:<{width}} {meaning}" for name, meaning in listed))
            return True
        if word == "repeat":
            if redisplay:
                self.say(*redisplay)
            else:
                self.say(_("There is nothing to repeat here."))
            return True
        if word == "again":
            if self.last_feedback:
                self.say(*self.last_feedback)
            else:
                self.say(_("There is no feedback to hear again yet: it comes after you answer a question."))
            self.say(*redisplay[-1:])  # then what this prompt asks
            return True
        if word == "support":
            if self.support_lines is None:
                self.say(_("No local support is listed on this computer. Type help for Get help now."))
            else:
                self.say("", *self.support_lines(), "")
                self.say(*redisplay)
            return True
        if word == "country":
            self.choose_country()
            self.say(*redisplay)
            return True
        if word == "language":
            self.choose_language()
            self.say(*redisplay)  # the language stayed as it was (another one goes back to the main menu)
            return True
        if word == "quit":
            raise Quit
        if word == "back":
            raise Back
        return False

    def _line(self) -> str:
        """One line of input. At a kiosk's terminal: within the idle time, and Ctrl+C or Ctrl+D end the session."""
        if self.idle_seconds is None:
            with no_echoctl(self.input):
                line = self.input.readline()
            if not line:
                raise EndOfInput
            return line
        try:
            with no_echoctl(self.input), self.ctrl_c.awaited():
                if not self.wait(self.input, self.idle_seconds):
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
        if _is_stdin(self.input) and isatty(self.input):
            try:
                return getpass.getpass(PROMPT, stream=cast(TextIO, self.output))
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

    # -- choosing ------------------------------------------------------------------------------

    def choose(self, lines: Sequence[str], options: Sequence[str], *, next_index: int | None = None,
               words: dict[str, int] | None = None, instruction: str | None = None,
               lookup: Callable[[str], int | None] | None = None, unknown: Callable[[str], str] | None = None) -> int:
        """Show lines and numbered options; return the index of the option chosen.

        `next` chooses option `next_index` when given; `words` are other typed words that choose an option;
        `lookup` finds an option from other typed text (a profile's name), after the numbers. A re-ask
        always repeats the instruction, after `unknown(text)` when given (what was wrong with the text).
        """
        count = len(options)
        instruction = instruction or _number_instruction(count)
        block = [*lines, *numbered(options), instruction]
        self.say(*block)
        while True:
            text = self.read(block)
            word = text.lower()
            if word == "next" and next_index is not None:
                return next_index
            if words and word in words:
                return words[word]
            chosen = number(text, count)
            if chosen is not None:
                return chosen - 1
            found = lookup(text) if lookup and text else None
            if found is not None:
                return found
            self.say(_reask(text, instruction, unknown))

    def more(self, text: str) -> None:
        """Wait for Enter (or next) before going on."""
        self.say(text)
        while True:
            reply = self.read([text])
            if reply == "" or reply.lower() == "next":
                return
            self.say(_("Press Enter to go on, or type back to go up one level."))


def _number_instruction(count: int) -> str:
    if count > 1:
        return _("Type a number from 1 to {count}, then press Enter.").format(count=count)
    return _("Type 1, then press Enter.")


def _reask(text: str, instruction: str, unknown: Callable[[str], str] | None) -> str:
    """What is said when typed text chose nothing, ending with the instruction again."""
    if text.lower() == "next":
        return _("There is no next step here. {instruction}").format(instruction=instruction)
    if not text:
        why = _("Please choose one.")
    elif unknown:
        why = unknown(text)
    else:
        why = _("That is not one of the choices.")
    return _("{why} {instruction} Type ? for the list of commands.").format(why=why, instruction=instruction)


def _typed(line: str) -> str:
    """A line as the learner meant it: F1 or Ctrl+G (see HELP_KEYS) alone on a line is the word help."""
    return "help" if HELP_KEYS.fullmatch(line) else line


def _is_stdin(stream: object) -> bool:
    """Whether `stream` is the process's input (as it is, or as lines.TypedLines reads it)."""
    return stream is sys.stdin or getattr(stream, "stream", None) is sys.stdin


def isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def numbered(texts: Sequence[str]) -> list[str]:
    """Texts as a numbered list, one to a line, as every choice is shown."""
    return [f"  {i}. {text}" for i, text in enumerate(texts, 1)]


def number(text: str, count: int) -> int | None:
    """A whole number from 1 to count ("2" or "2."), else None."""
    raw = text.strip().rstrip(".)")
    if raw.isdecimal():
        value = int(raw)
        if 1 <= value <= count:
            return value
    return None
