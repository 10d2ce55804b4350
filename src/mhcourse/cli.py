"""The `mhcourse` command: parse the arguments, run the command they name (mhcourse/commands/), and turn
what went wrong into an exit code (commands/_common.py ExitCode; docs/architecture.md)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .commands import parse, run
from .commands._common import ExitCode, Output, OutputError, UsageError, stdout_to_nowhere, unknown_language
from .i18n import _, format_number, ngettext

if TYPE_CHECKING:
    from argparse import Namespace


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if not _speak(words):
        return ExitCode.USAGE
    stdout = sys.stdout
    sys.stdout = output = Output(stdout)
    try:
        try:
            args = parse(words)
        except SystemExit as exit:  # argparse exits 2 on bad usage and 0 for --help / --version
            code = int(exit.code or 0)
        else:
            code = _run_told(args)
        output.flush()  # here, not at exit, so a full disk is told in words
        if output.failed is not None:  # argparse says nothing when --help cannot be written
            raise output.failed
        return code
    except BrokenPipeError:
        # The reader went away (`mhcourse list | head`): stop quietly.
        stdout_to_nowhere(stdout)
        return ExitCode.OK
    except OutputError as err:
        stdout_to_nowhere(stdout)
        print(_("mhcourse: could not write the output ({why}); the rest of it was not written. "
                "Free some space, or send the output somewhere else.").format(why=err.strerror or err),
              file=sys.stderr)
        if err.done:
            print(_("mhcourse: {done}.").format(done=err.done), file=sys.stderr)
        return ExitCode.PROBLEMS
    finally:
        sys.stdout = stdout


def _run_told(args: Namespace) -> int:
    """Run the command; an error it raises is told in words and becomes its exit code."""
    from .errors import ConfigError, StoreError
    from .progress.moments import today_problem

    wrong_today = today_problem()
    if wrong_today:  # a typo must not quietly record today's real date in a demo
        print(_("mhcourse: {problem}").format(problem=wrong_today), file=sys.stderr)
        return ExitCode.USAGE
    try:
        return run(args)
    except ConfigError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(ngettext("mhcourse: {count} problem in the configuration; nothing was done. "
                       "Fix it, then check with: mhcourse config check",
                       "mhcourse: {count} problems in the configuration; nothing was done. "
                       "Fix them, then check with: mhcourse config check", count).format(count=format_number(count)),
              file=sys.stderr)
        return ExitCode.USAGE
    except StoreError as err:
        print(_("mhcourse: {error}").format(error=err), file=sys.stderr)
        return ExitCode.STORAGE
    except UsageError as err:
        print(_("mhcourse: {error}").format(error=err), file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def _speak(words: list[str]) -> bool:
    """Choose the language before anything is said (--help, argparse's errors, every message): --lang, then
    MHCOURSE_LANG, then the site config's [course] language, then the computer's locale (i18n.choose_language).
    An unknown --lang is told (in the language the rest would choose) and is a usage error: False."""
    from . import i18n
    from .commands._argparse import speak_argparse

    speak_argparse()
    flag = _option(words, "--lang")
    i18n.remember_command_line(None)
    i18n.use_language(i18n.choose_language(site=_site_language(_option(words, "--config"))))
    if flag is not None and i18n.language_of(flag) is None:
        print(_("mhcourse: {error}").format(error=unknown_language(flag)), file=sys.stderr)
        return False
    if flag is not None:
        i18n.remember_command_line(flag)
        i18n.use_language(i18n.choose_language())
    return True


def _option(words: list[str], name: str) -> str | None:
    """The value of a global option, read before the parser is built (its help must already be translated);
    the last one given wins, as with argparse. Nothing after `--` is an option."""
    value = None
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == name and index + 1 < len(words):
            value = words[index + 1]
        elif word.startswith(name + "="):
            value = word[len(name) + 1:]
    return value


def _site_language(config: str | None) -> str | None:
    """The config files' [course] language, peeked at with tomllib alone: the help and argparse's errors come
    before the config is loaded and checked (a broken file is told then, by the full check; here it says
    nothing). The later file wins, as in site/loading.py; after loading, commands/run() applies the checked one."""
    from . import paths
    from .content.reading import read_limited

    chosen = None
    for path in paths.config_files(config):
        try:  # never a FIFO's wait or a huge file's read here: the full check refuses those
            text = read_limited(path, 1024 * 1024).decode("utf-8")
        except (OSError, ValueError):
            continue
        import tomllib  # only once there is a file: most starts have none, and the first screen waits for it

        try:
            course = tomllib.loads(text).get("course")
        except ValueError:
            continue
        if isinstance(course, dict) and isinstance(course.get("language"), str):
            chosen = course["language"]
    return chosen
