"""A learner's record: `progress` (how far each has got), `export` and `import` (carry a record to another
computer), `backup` (every profile, safely while the course is open).

Exit codes: 1 for an unknown profile, a taken name or a bad import file; 2 for usage (a profile to choose);
3 when the store itself cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, format_number, ngettext
from ._common import (
    ExitCode,
    OutputError,
    UsageError,
    choose_profile,
    fail,
    open_existing,
    open_told,
    profile_names,
    store_command,
    when,
)
from ._files import not_written, refuse_all_but_a_file, refuse_existing, refuse_output, write_new

if TYPE_CHECKING:
    from ..content.models import Module
    from ..progress.arrival import ArrivalRefused
    from ..progress.store import Store
    from ..progress.store.profiles import Profile
    from ..site.settings import Settings


def add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", metavar="NAME",
                        help=_("whose progress; with one profile it is chosen for you, with several each is "
                               "summarised"))
    parser.set_defaults(handler=cmd_progress)


def add_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", metavar="NAME", help=_("the profile to export (needed when there are several)"))
    parser.add_argument("-o", "--output", metavar="FILE",
                        help=_("write to FILE (readable only by you) instead of standard output; "
                               "an existing FILE is not replaced unless --force is given"))
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    parser.set_defaults(handler=cmd_export)


def add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help=_("a file written by `mhcourse export` ('-' reads standard input)"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--as", dest="as_name", metavar="NEW_NAME",
                       help=_("import as a new profile called NEW_NAME instead of the name in the file "
                              "(refused if that name is taken here)"))
    where.add_argument("--into", metavar="NAME",
                       help=_("add the record to the existing profile NAME on purpose (its PIN is asked for if it "
                              "has one)"))
    parser.set_defaults(handler=cmd_import)


def add_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help=_("where to write the copy (readable only by you); an existing FILE is not replaced "
                               "unless --force is given"))
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    parser.set_defaults(handler=cmd_backup)


# -- progress --------------------------------------------------------------------------------------------


@store_command
def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    from ..learning.progress import overview
    from ..site.settings import load_catalog

    store = open_existing(settings)
    try:
        modules = settings.site.track.modules(load_catalog(settings).modules)  # what the learners are offered
        if args.profile is None and len(store.profiles()) > 1:
            for p in store.profiles():
                seen = overview(modules, store.records(p.id))
                print(_("{name}: {passed} of {total} modules passed (last used {when})")
                      .format(name=p.name, passed=seen.passed, total=seen.total, when=when(p.last_used)))
            print("\n" + _("For one learner's modules and scores: mhcourse progress --profile NAME"))
            return ExitCode.OK
        profile = choose_profile(store, args.profile,
                                 _("Which profile do you want to see? Add --profile NAME. {names}"))
        if profile is None:
            return ExitCode.PROBLEMS
        _print_progress(store, profile, modules)
    finally:
        store.close()
    return ExitCode.OK


def _print_progress(store: Store, profile: Profile, modules: list[Module]) -> None:
    from ..learning.progress import continue_place, overview
    from ..progress.journey import place_words
    from ..tables import table_lines

    records = store.records(profile.id)
    seen = overview(modules, records)
    print(_("{name}: {passed} of {total} modules passed").format(name=profile.name, passed=seen.passed,
                                                                  total=seen.total))
    for line in _review_lines(store, profile, modules):
        print(line)
    place = continue_place(modules, records, store.place(profile.id))
    if place is not None:
        module = next(m for m in modules if m.id == place.module_id)
        print(_("Next: {place}").format(place=place_words(module, place)))
    if modules:
        print()
        rows = [(_("MODULE"), _("ID"), _("STATE"))]
        for module in modules:
            state = seen.states[module.id].describe()
            tries = records[module.id].attempts if module.id in records else 0
            if tries:
                state = ngettext("{state} ({count} quiz attempt)", "{state} ({count} quiz attempts)",
                                 tries).format(state=state, count=tries)
            rows.append((module.title, module.id, state))
        for line in table_lines(rows):
            print(line)
    gone = sorted(set(records) - {m.id for m in modules})
    if gone:
        print("\n" + ngettext("Also kept: progress in {count} module not in this course now: {ids}.",
                              "Also kept: progress in {count} modules not in this course now: {ids}.", len(gone))
              .format(count=format_number(len(gone)), ids=", ".join(gone)))


def _review_lines(store: Store, profile: Profile, modules: list[Module]) -> list[str]:
    """The learner's spaced review: how many questions are due now, and when the next one falls due (local date)."""
    from ..progress.certificate import long_date
    from ..progress.learner import Learner
    from ..progress.moments import moment, now

    due = Learner(store, profile, modules).due()
    lines = []
    if due.count:
        lines.append(ngettext("Review: {count} question due now", "Review: {count} questions due now", due.count)
                     .format(count=due.count))
    if due.next_due is not None:
        try:
            day = moment(due.next_due).astimezone().date()
        except (ValueError, OverflowError):
            day = None
        today = now().astimezone().date()
        if day is not None and day == today:
            lines.append(_("Next review due: later today"))
        elif day is not None and (day - today).days == 1:
            lines.append(_("Next review due: tomorrow"))
        else:
            lines.append(_("Next review due: {day}").format(day=long_date(due.next_due)))
    if not lines:
        lines.append(_("Review: nothing due yet (questions come back for review after you answer them in a quiz "
                       "or a knowledge check)"))
    return lines


# -- export ------------------------------------------------------------------------------------------------


@store_command
def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from ..progress.transfer import export_text

    if args.output not in (None, "-"):
        refuse_output(Path(args.output), settings)
    store = open_existing(settings)
    try:
        profile = choose_profile(store, args.profile,
                                 _("Which profile do you want to export? Add --profile NAME. {names}"))
        if profile is None:
            return ExitCode.PROBLEMS
        text = export_text(store, profile.id)
    finally:
        store.close()
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return ExitCode.OK
    target = Path(args.output)
    failed = write_new(target, lambda partial: partial.write_text(text, encoding="utf-8"), args.force)
    if failed is not None:
        return failed
    print(_("Exported '{name}' to {target}. It holds this learner's answers: keep it private.")
          .format(name=profile.name, target=target), file=sys.stderr)
    return ExitCode.OK


# -- import ------------------------------------------------------------------------------------------------


@store_command
def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from ..errors import ProfileError, TransferError
    from ..progress.arrival import ArrivalRefused, arrival
    from ..progress.store.profiles import clean_name
    from ..progress.transfer import import_profile, read_export

    for option, given in (("--as", args.as_name), ("--into", args.into)):
        if given is not None:
            try:
                clean_name(given)
            except ProfileError as err:
                raise UsageError(f"{option} '{given}': {err}") from None
    path = Path("<stdin>" if args.file == "-" else args.file)
    data = _read_export_file(args.file, path)
    if isinstance(data, int):
        return data
    try:
        document = read_export(data, path)
    except TransferError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(ngettext("{count} problem in {path}; nothing was imported.",
                       "{count} problems in {path}; nothing was imported.", len(err.problems))
              .format(count=format_number(len(err.problems)), path=path), file=sys.stderr)
        return ExitCode.PROBLEMS
    store = open_told(settings)
    try:
        try:
            place = arrival(store, document.profile.name, args.as_name, args.into)
            pin = _ask_pin_to_add_to(place.name, args.file) if place.needs_pin else None
            summary = import_profile(store, document, as_name=args.as_name, into=args.into, pin=pin)
            _tell_no_pin(settings, store, summary.profile)
        except ArrivalRefused as refused:
            return fail(_refused_words(refused, args.file, store))
        except ProfileError as err:
            return fail(_("{error} Nothing was imported.").format(error=err))
    finally:
        store.close()
    try:
        print(summary.describe(), flush=True)
    except OutputError as err:  # the record is in: say so, or the facilitator would import it again
        err.done = (_("The import itself was done: the record is in the profile '{name}'; "
                      "see it with: mhcourse progress --profile {quoted}")
                    .format(name=place.name, quoted=shlex.quote(place.name)))
        raise
    return ExitCode.OK


def _read_export_file(file: str, path: Path) -> bytes | int:
    """The export's bytes, never more than an export can hold (a pipe, /dev/zero or a huge file is refused);
    or the exit code after saying why it cannot be read."""
    from ..content.reading import NotARegularFile, TooBig, read_limited, read_stream_limited
    from ..progress.transfer import MAX_EXPORT_BYTES

    try:
        if file == "-":
            return read_stream_limited(sys.stdin.buffer, MAX_EXPORT_BYTES, Path("<stdin>"))
        return read_limited(Path(file), MAX_EXPORT_BYTES)
    except TooBig:
        return fail(_("{path}: the file is over {mib} MiB; an export is never this big. Nothing was imported.")
                    .format(path=path, mib=MAX_EXPORT_BYTES // 1024 // 1024))
    except NotARegularFile as odd:
        return fail(_("{path} is {kind}, not an export file; give the file written by `mhcourse export`. "
                      "Nothing was imported.").format(path=path, kind=odd.kind))
    except OSError as err:
        return fail(_("cannot read {path}: {why}").format(path=path, why=err.strerror or err))


def _tell_no_pin(settings: Settings, store: Store, name: str) -> None:
    """A site that requires PINs: an imported profile has none (exports carry no PIN), and until it sets
    one at its first opening, whoever types its name first could open it. Say so, and how to set it now."""
    profile = store.profile(name)
    if settings.site.privacy.require_pin and profile is not None and not profile.has_pin:
        print(_("Please note: this computer asks every profile for a PIN, and '{name}' has none yet. "
                "Until it has one, whoever types the name first can open it and choose the PIN. "
                "Give it a PIN now with: mhcourse profile reset-pin {quoted}")
              .format(name=profile.name, quoted=shlex.quote(profile.name)), file=sys.stderr)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask_pin_to_add_to(name: str, file: str) -> str:
    """The PIN of the profile a record is merged into, typed at a terminal and never shown."""
    if file == "-" or not _stdin_is_terminal():
        raise UsageError(_("'{name}' has a PIN, which is needed to add a record to it; run this command at a "
                           "terminal where you can type the PIN, with the export saved as a file "
                           "(nothing was imported)").format(name=name))
    try:
        return getpass.getpass(_("PIN or passphrase of '{name}' (to add this record to it): ").format(name=name))
    except EOFError:  # ctrl+d at the prompt
        raise UsageError(_("No PIN was typed for '{name}'; nothing was imported.").format(name=name)) from None


def _refused_words(refused: ArrivalRefused, file: str, store: Store) -> str:
    """What to do instead, in the words of the command line (progress/arrival.py holds the rule)."""
    from datetime import datetime

    name, quoted, again = refused.name, shlex.quote(refused.name), f"mhcourse import {shlex.quote(file)}"
    if refused.kind == "taken":
        return _("There is already a profile called '{name}' on this computer, so nothing was imported. "
                 "To import this record as a new profile: {again} --as NEW_NAME. To add it to '{name}' on purpose "
                 "(only if it is the same learner): {again} --into {quoted}").format(name=name, again=again,
                                                                                    quoted=quoted)
    if refused.kind == "as_taken":
        return _("There is already a profile called '{name}'; choose another name for --as "
                 "(or, only if it is the same learner, add to it with --into {quoted}). Nothing was imported."
                 ).format(name=name, quoted=quoted)
    if refused.kind == "no_such":
        return _("There is no profile called '{name}' to add this record to. {names} "
                 "To import it as a new profile: {again} --as {quoted}. Nothing was imported."
                 ).format(name=name, names=profile_names(store), again=again, quoted=quoted)
    check = refused.check
    if check is not None and check.status == "locked":
        until = datetime.fromtimestamp(check.locked_until or 0).strftime("%H:%M")
        return _("'{name}' is locked after too many wrong PINs, until {until}; nothing was imported. Try again "
                 "then, or a facilitator can lift the lock: mhcourse profile reset-pin {quoted}"
                 ).format(name=name, until=until, quoted=quoted)
    left = check.tries_left if check is not None else 0
    return ngettext("That PIN is not right for '{name}'; nothing was imported. "
                    "{left} more wrong PIN will lock the profile for a while.",
                    "That PIN is not right for '{name}'; nothing was imported. "
                    "{left} more wrong PINs will lock the profile for a while.", left).format(name=name, left=left)


# -- backup ------------------------------------------------------------------------------------------------


@store_command
def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from ..progress.faults import ENGINE_ERRORS

    target = Path(args.file)
    refuse_output(target, settings)
    refuse_all_but_a_file(target)
    store = open_existing(settings)
    try:
        count = len(store.profiles())
        if target.exists() and not args.force:
            return refuse_existing(target)
        if store.path is None:  # the shared database: its own backup is pg_dump; this writes the portable copy
            return _backup_shared(store, target)
        try:
            store.backup(target)
        except ValueError as err:
            return fail(str(err))
        except OSError as err:
            return not_written(target, err)
        except ENGINE_ERRORS as err:
            return fail(_("cannot write {target}: {why} (nothing was written)").format(target=target, why=err))
    finally:
        store.close()
    print(ngettext("Backed up the progress of {count} profile to {target}.",
                   "Backed up the progress of {count} profiles to {target}.", count)
          .format(count=format_number(count), target=target))
    return ExitCode.OK


def _backup_shared(store: Store, target: Path) -> int:
    from .store import write_portable

    print(_("The progress record is the shared database ({where}). Its own backup is the database's tool: "
            "pg_dump, run by whoever runs the database (docs/facilitators.md). Writing a portable copy "
            "of every profile as well:").format(where=store.where))
    return write_portable(store, target)
