"""What every command shares, in a leaf the commands import: exit codes, the usage error, the global options,
MHCOURSE_SEED, opening the store, finding a profile, and standard output that tells a full disk in words.

Heavy imports (the store, sqlite3) happen inside the functions, so parsing arguments stays quick.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import IO, TYPE_CHECKING, Any

from ..i18n import SHIPPED, _, format_number

if TYPE_CHECKING:
    from ..progress.store import Store
    from ..progress.store.profiles import Profile
    from ..site.settings import Settings


class ExitCode(IntEnum):
    """What a command's exit tells a script (docs/architecture.md)."""

    OK = 0
    PROBLEMS = 1
    """The input has problems: validation errors, a bad import file, a certificate refused, an unknown profile."""
    USAGE = 2
    """Bad arguments or configuration."""
    STORAGE = 3
    """The store cannot be used: a data folder that is not writable, a database from a newer mhcourse."""
    INTERRUPTED = 130


Handler = Callable[[argparse.Namespace, "Settings"], int]
"""A command: its parsed arguments and the run's settings in, an exit code out."""


def N_(message: str) -> str:
    """Marks a message for the catalog (Babel knows N_); it is translated with `_()` where it is shown."""
    return message


class UsageError(Exception):
    """Bad arguments or configuration: exit 2 with this message."""


# -- the parser ----------------------------------------------------------------------------------------


def global_options(parser: argparse.ArgumentParser, *, in_command: bool) -> None:
    """--data-dir, --modules, --config and --lang work before or after the command."""
    default = argparse.SUPPRESS if in_command else None
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help=_("keep progress in DIR (or set MHCOURSE_DATA_DIR)"))
    parser.add_argument("--modules", metavar="DIR", action="append", default=default,
                        help=_("also load modules from DIR; repeatable; overrides earlier sources"))
    parser.add_argument("--config", metavar="FILE", default=default,
                        help=_("read settings from FILE (or set MHCOURSE_CONFIG)"))
    parser.add_argument("--lang", metavar="CODE", default=default,
                        help=_("speak this language: {codes} (or set MHCOURSE_LANG; without either, the site "
                               "config's [course] language, then the computer's)").format(codes=", ".join(SHIPPED)))


def action(actions: Any, name: str, help: str) -> argparse.ArgumentParser:
    """One subcommand of a group (`profile list`, `config check`), with the global options after it too."""
    sub: argparse.ArgumentParser = actions.add_parser(name, help=help, description=help)
    global_options(sub, in_command=True)
    return sub


def counted(words: str, count: int) -> str:
    """Fill in `{count}` of `words` (the form ngettext chose for the count) as the language writes numbers:
    `counted(ngettext("{count} module", "{count} modules", n), n)` -> "1,234 modules" / "1.234 módulos"."""
    return words.format(count=format_number(count))


def unknown_language(code: str) -> str:
    """What an unknown --lang is told (a usage error, exit 2), naming the languages the course speaks."""
    shipped = ", ".join(f"{tag} ({name})" for tag, name in SHIPPED.items())
    return _("--lang {code}: the course does not speak that language; it speaks {shipped}.").format(
        code=code, shipped=shipped)


def language_line(site_language: str | None) -> str:
    """`config check`'s line: the language the commands and the course speak here, and why (i18n.language_choice,
    the one rule: --lang, MHCOURSE_LANG, the site's [course] language, the computer's, English)."""
    from ..i18n import language_choice

    code, source = language_choice(site=site_language)
    reasons = {
        "flag": _("set by --lang"),
        "env": _("set by MHCOURSE_LANG"),
        "site": _("set by the config's [course] language"),
        "system": _("from this computer's language settings"),
        "default": _("nothing named a language the course speaks"),
    }
    return _("Language:       {name} ({code}), {reason}").format(
        name=SHIPPED.get(code, code), code=code, reason=reasons.get(source, source))


# -- the environment -------------------------------------------------------------------------------------


def seed() -> int | None:
    """MHCOURSE_SEED fixes the shuffles, for demos and tests; not set: None (a fresh shuffle each time).
    Anything but a whole number is a usage error, so a typo never quietly gives a fresh shuffle."""
    raw = os.environ.get("MHCOURSE_SEED", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise UsageError(_("MHCOURSE_SEED must be a whole number, not '{raw}'").format(raw=raw)) from None


# -- the store -----------------------------------------------------------------------------------------------


def open_store(settings: Settings, *, pool_size: int = 1) -> Store:
    """The learner database in the data folder; raises StoreError (exit 3) when it cannot be used.

    A data folder on a network share is refused (SQLite's WAL needs a local disk); in a folder that
    several OS accounts share, new files are made group-writable.
    """
    from ..progress.shared import refuse_network_folder, shared_folder
    from ..progress.store import Store

    if settings.store_url:
        return Store.connect(settings.store_url, pool_size=pool_size)
    refuse_network_folder(settings.data_dir)
    with shared_folder(settings.data_dir, configured=settings.data_shared) as shared:
        return Store.open(settings.data_dir, shared=shared)


def open_told(settings: Settings) -> Store:
    """Open the store; tell the learner at once if a damaged file was moved aside."""
    store = open_store(settings)
    if store.notice:
        print(_("mhcourse: {notice}").format(notice=store.notice), file=sys.stderr)
    return store


def open_existing(settings: Settings) -> Store:
    """The store of a command that only reads progress: where there is none, say so (exit 3) and make nothing,
    so a mistyped folder is never taken for an empty one (a backup of 0 profiles, for months)."""
    from ..errors import StoreError
    from ..progress.faults import report_folder_problem

    problem = None if settings.store_url else report_folder_problem(settings.data_dir)
    if problem:
        raise StoreError(_("{problem}. Check --data-dir (or MHCOURSE_DATA_DIR, or the config's [data] folder); "
                           "nothing was done.").format(problem=problem))
    return open_told(settings)


def store_command(fn: Handler) -> Handler:
    """An SQLite error in the middle of a command means the store is unusable (exit 3), never a traceback."""

    @functools.wraps(fn)
    def run(args: argparse.Namespace, settings: Settings) -> int:
        from ..errors import StoreError
        from ..progress.faults import ENGINE_ERRORS

        try:
            return fn(args, settings)
        except ENGINE_ERRORS as err:
            raise StoreError(_("The progress store could not be used: {error}.").format(error=err)) from None

    return run


def fail(message: str) -> ExitCode:
    """Say what is wrong on standard error; the input has problems (exit 1)."""
    print(_("mhcourse: {message}").format(message=message), file=sys.stderr)
    return ExitCode.PROBLEMS


# -- profiles ------------------------------------------------------------------------------------------------


def profile_names(store: Store) -> str:
    names = sorted((p.name for p in store.profiles()), key=str.casefold)
    if not names:
        return _("There are no profiles yet.")
    return _("Profiles here: {names}.").format(names=", ".join(names))


def find_profile(store: Store, name: str) -> Profile | None:
    """The profile called `name`, or None after telling the learner which profiles there are."""
    profile = store.profile(name)
    if profile is None:
        fail(_("There is no profile called '{name}'. {names}").format(name=name, names=profile_names(store)))
    return profile


def choose_profile(store: Store, name: str | None, question: str) -> Profile | None:
    """--profile NAME, or the only profile; several without --profile is a usage error (exit 2) that asks
    `question` ("Which profile ...? Add --profile NAME. {names}", the names filled in here)."""
    if name is not None:
        return find_profile(store, name)
    profiles = store.profiles()
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        fail(_("There are no profiles yet: start the course with `mhcourse` to make one."))
        return None
    raise UsageError(question.format(names=profile_names(store)))


def when(stamp: str | None) -> str:
    """A stored time as the learner's local date and minute; '-' for none."""
    if not stamp:
        return "-"
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):  # a hand-edited time from before imports were checked: shown as written
        return stamp[:40]


# -- standard output -----------------------------------------------------------------------------------------


class OutputError(OSError):
    """Standard output cannot be written (a full disk, /dev/full): told in words, exit 1, never a traceback.
    A command that had already done its work sets `done` to say so."""

    done: str | None = None


class Output:
    """Standard output, telling a failure to write it apart from any other fault."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.failed: OutputError | None = None

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            raise self._failure(err) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise self._failure(err) from None

    def _failure(self, err: OSError) -> OSError:
        if isinstance(err, BrokenPipeError):
            return err
        self.failed = OutputError(err.errno, err.strerror)
        return self.failed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def stdout_to_nowhere(stream: IO[str]) -> None:
    """What still waits for standard output goes nowhere, so leaving Python prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):
        pass
