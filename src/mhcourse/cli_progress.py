"""Commands on learners' progress: profiles, progress, export, import, backup.

Every command that opens the store shows its notice (a damaged progress file moved aside)
on standard error first. Output is plain text without colour. Exit codes as in cli.py:
1 for an unknown profile, a taken name or a bad import file; 2 for usage (a missing --yes,
a profile to choose); 3 when the store itself cannot be used.
"""

from __future__ import annotations

import argparse
import errno
import functools
import getpass
import os
import shlex
import sqlite3
import stat
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from .cli import OK, PROBLEMS, OutputError, UsageError, _global_options
from .files import replacing

Handler = Callable[[argparse.Namespace, object], int]


def register(command) -> None:
    """Add this module's subcommands; `command(name, help)` returns a subparser with the global options."""
    profile = command("profile", "list, rename or delete learner profiles")
    actions = profile.add_subparsers(dest="profile_action", metavar="ACTION", required=True)
    profile.actions = actions  # cli_centre adds reset-pin and prune to this group

    def action(name: str, help: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        _global_options(sub, in_command=True)
        return sub

    action("list", "list the profiles on this computer with how far each has got").set_defaults(handler=cmd_profile_list)

    rename = action("rename", "give a profile a new name (names are unique regardless of case)")
    rename.add_argument("name", metavar="NAME", help="the profile's current name")
    rename.add_argument("new_name", metavar="NEW_NAME", help="the new name")
    rename.set_defaults(handler=cmd_profile_rename)

    delete = action("delete", "erase a profile and every answer and all progress it holds (cannot be undone)")
    delete.add_argument("name", metavar="NAME", help="the profile to erase")
    delete.add_argument("--yes", action="store_true",
                        help="confirm; without it nothing is erased (consider `mhcourse export` first)")
    delete.set_defaults(handler=cmd_profile_delete)

    progress = command("progress", "show each module's state and scores for a profile")
    progress.add_argument("--profile", metavar="NAME",
                          help="whose progress; with one profile it is chosen for you, with several each is summarised")
    progress.set_defaults(handler=cmd_progress)

    export = command("export", "write a profile's whole record as a TOML file to carry to another computer")
    export.add_argument("--profile", metavar="NAME", help="the profile to export (needed when there are several)")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (readable only by you) instead of standard output; "
                             "an existing FILE is not replaced unless --force is given")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(handler=cmd_export)

    imp = command("import", "add a learner's record from an export file as a new profile (a name already here is "
                            "refused: choose --as NEW_NAME or --into NAME); no PIN comes with it")
    imp.add_argument("file", metavar="FILE", help="a file written by `mhcourse export` ('-' reads standard input)")
    where = imp.add_mutually_exclusive_group()
    where.add_argument("--as", dest="as_name", metavar="NEW_NAME",
                       help="import as a new profile called NEW_NAME instead of the name in the file "
                            "(refused if that name is taken here)")
    where.add_argument("--into", metavar="NAME",
                       help="add the record to the existing profile NAME on purpose (its PIN is asked for if it has one)")
    imp.set_defaults(handler=cmd_import)

    backup = command("backup", "copy all profiles' progress into FILE, safely even while the course is open")
    backup.add_argument("file", metavar="FILE",
                        help="where to write the copy (readable only by you); an existing FILE is not replaced unless --force is given")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=cmd_backup)


# -- helpers -----------------------------------------------------------------------------------


def _store_command(fn: Handler) -> Handler:
    """An SQLite error in the middle of a command means the store is unusable (exit 3), never a traceback."""

    @functools.wraps(fn)
    def run(args: argparse.Namespace, settings) -> int:
        from .errors import StoreError

        try:
            return fn(args, settings)
        except sqlite3.Error as err:
            raise StoreError(f"The progress store could not be used: {err}.") from None

    return run


def _open(settings):
    """Open the store; tell the learner at once if a damaged file was moved aside."""
    from .settings import open_store

    store = open_store(settings)
    if store.notice:
        print(f"mhcourse: {store.notice}", file=sys.stderr)
    return store


def _open_existing(settings):
    """The store of a command that only reads progress: where there is none, say so (exit 3) and make nothing,
    so a mistyped folder is never taken for an empty one (a backup of 0 profiles, for months)."""
    from .errors import StoreError
    from .progress.faults import report_folder_problem

    problem = report_folder_problem(settings.data_dir)
    if problem:
        raise StoreError(f"{problem}. Check --data-dir (or MHCOURSE_DATA_DIR, or the config's [data] folder); "
                         "nothing was done.")
    return _open(settings)


def _fail(message: str) -> int:
    print(f"mhcourse: {message}", file=sys.stderr)
    return PROBLEMS


def _names(store) -> str:
    names = sorted((p.name for p in store.profiles()), key=str.casefold)
    return f"Profiles here: {', '.join(names)}." if names else "There are no profiles yet."


def _find(store, name: str):
    """The profile called `name`, or None after telling the learner which profiles there are."""
    profile = store.profile(name)
    if profile is None:
        _fail(f"There is no profile called '{name}'. {_names(store)}")
    return profile


def _choose(store, name: str | None, what: str):
    """--profile NAME, or the only profile; several without --profile is a usage error (exit 2)."""
    if name is not None:
        return _find(store, name)
    profiles = store.profiles()
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        _fail("There are no profiles yet: start the course with `mhcourse` to make one.")
        return None
    raise UsageError(f"Which profile do you want to {what}? Add --profile NAME. {_names(store)}")


def _when(stamp: str | None) -> str:
    if not stamp:
        return "-"
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):  # a hand-edited time from before imports were checked: shown as written
        return stamp[:40]


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])


def _refuse_all_but_a_file(target: Path) -> None:
    """Only a regular file is ever replaced: --force must not rename a copy over a device (/dev/full, as root),
    a folder or a symbolic link. Raises UsageError (exit 2)."""
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return  # not there (or not reachable): writing it says what is wrong
    if stat.S_ISDIR(mode):
        raise UsageError(f"{target} is a folder; give a file name (nothing was written)")
    if stat.S_ISLNK(mode):
        raise UsageError(f"{target} is a symbolic link; give the file itself, not a link to it (nothing was written)")
    if not stat.S_ISREG(mode):
        raise UsageError(f"{target} is not a regular file (it is a device, a pipe or a socket); "
                         "give the name of a file (nothing was written)")


MAX_OUTPUT_NAME = 200
"""The longest file name (in bytes) a command writes: a temporary copy with a longer name goes beside it first,
and most file systems allow 255 bytes."""


def _refuse_output(target: Path, settings) -> None:
    """Refuse, before anything is written (UsageError, exit 2), a name too long for the file system and the
    store's own files however the path is spelt: no command writes over progress.db or the files beside it."""
    from .progress.store import is_store_file

    if len(os.fsencode(target.name)) > MAX_OUTPUT_NAME:
        raise UsageError(f"the file name {target.name[:40]}... is too long: choose a name of at most "
                         f"{MAX_OUTPUT_NAME} letters, fewer with accented letters (nothing was written)")
    try:
        os.lstat(target)
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:  # the whole path, folders and all, is more than the system allows
            raise UsageError(f"the path {str(target)[:40]}... is too long; choose a shorter one (nothing was written)") from None
    if is_store_file(target, settings.data_dir):
        raise UsageError(f"{target} is one of this computer's progress files; writing there would destroy "
                         "everyone's progress. Choose another file (nothing was written)")


def _write_new(target: Path, write: Callable[[Path], None], force: bool) -> int | None:
    """Write through a private partial file renamed into place; refuses to replace without --force."""
    _refuse_all_but_a_file(target)
    if target.exists() and not force:
        return _fail(f"{target} already exists; use --force to replace it (nothing was written)")
    try:
        with replacing(target) as partial:
            write(partial)
    except OSError as err:
        return _fail(f"cannot write {target}: {_why_not_written(target, err)} (nothing was written)")
    return None


def _why_not_written(target: Path, err: OSError) -> str:
    """What is really wrong when a file cannot be written beside `target` (the copy is made there first)."""
    folder = target.parent
    if err.errno == errno.ENOENT:
        if not folder.is_dir():
            return f"the folder {folder} does not exist"
        return f"the folder {folder} does not take new files (it belongs to the system); choose a folder of your own"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"this account may not make files in the folder {folder}; choose a folder of your own"
    return str(err.strerror or err)


# -- profile list / rename / delete ------------------------------------------------------------


@_store_command
def cmd_profile_list(args: argparse.Namespace, settings) -> int:
    from .learning.progress import overview
    from .settings import load_catalog

    store = _open_existing(settings)
    try:
        profiles = store.profiles()
        if not profiles:
            print("No profiles yet. Start the course with `mhcourse` to make one.")
            return OK
        modules = settings.site.track.modules(load_catalog(settings).modules)  # what the learners are offered
        rows = [("NAME", "CREATED", "LAST USED", "PIN", "PROGRESS")]
        for p in profiles:
            seen = overview(modules, store.records(p.id))
            rows.append((p.name, _when(p.created), _when(p.last_used), _pin_state(store, p),
                         f"{seen.passed} of {seen.total} modules passed"))
        _table(rows)
    finally:
        store.close()
    return OK


def _pin_state(store, profile) -> str:
    """'yes', 'locked until HH:MM' after too many wrong PINs (reset-pin lifts it), or '-' without a PIN."""
    if not profile.has_pin:
        return "-"
    until = store.pin_locked_until(profile.id)
    if until is None:
        return "yes"
    from .progress.desk import try_again_at

    return f"locked until {try_again_at(until)}"  # the minute the learner is told, too


@_store_command
def cmd_profile_rename(args: argparse.Namespace, settings) -> int:
    from .progress.store import ProfileError

    store = _open_existing(settings)
    try:
        profile = _find(store, args.name)
        if profile is None:
            return PROBLEMS
        try:
            store.rename_profile(profile.id, args.new_name)
        except ProfileError as err:
            return _fail(f"{err} Nothing was changed.")
        renamed = store.profile_by_id(profile.id)
        print(f"Renamed '{profile.name}' to '{renamed.name if renamed else args.new_name}'.")
    finally:
        store.close()
    return OK


@_store_command
def cmd_profile_delete(args: argparse.Namespace, settings) -> int:
    store = _open_existing(settings)
    try:
        profile = _find(store, args.name)
        if profile is None:
            return PROBLEMS
        if not args.yes:
            raise UsageError(
                f"This would erase '{profile.name}' with every answer and all progress, and cannot be undone. "
                f"Nothing was erased. To keep a copy first: mhcourse export --profile '{profile.name}' -o FILE. "
                f"To erase: mhcourse profile delete '{profile.name}' --yes"
            )
        store.delete_profile(profile.id)
        print(f"Erased the profile '{profile.name}' and all its progress.")
    finally:
        store.close()
    return OK


# -- progress ------------------------------------------------------------------------------------


@_store_command
def cmd_progress(args: argparse.Namespace, settings) -> int:
    from .learning.progress import overview
    from .settings import load_catalog

    store = _open_existing(settings)
    try:
        modules = settings.site.track.modules(load_catalog(settings).modules)  # what the learners are offered
        if args.profile is None and len(store.profiles()) > 1:
            for p in store.profiles():
                seen = overview(modules, store.records(p.id))
                print(f"{p.name}: {seen.passed} of {seen.total} modules passed (last used {_when(p.last_used)})")
            print("\nFor one learner's modules and scores: mhcourse progress --profile NAME")
            return OK
        profile = _choose(store, args.profile, "see")
        if profile is None:
            return PROBLEMS
        _print_progress(store, profile, modules)
    finally:
        store.close()
    return OK


def _print_progress(store, profile, modules) -> None:
    from .learning.progress import continue_place, overview
    from .progress.journey import place_words

    records = store.records(profile.id)
    seen = overview(modules, records)
    print(f"{profile.name}: {seen.passed} of {seen.total} modules passed")
    place = continue_place(modules, records, store.place(profile.id))
    if place is not None:
        module = next(m for m in modules if m.id == place.module_id)
        print(f"Next: {place_words(module, place)}")
    if modules:
        print()
        rows = [("MODULE", "ID", "STATE")]
        for module in modules:
            state = seen.states[module.id]
            tries = records[module.id].attempts if module.id in records else 0
            extra = f" ({tries} quiz attempt{'s' if tries != 1 else ''})" if tries else ""
            rows.append((module.title, module.id, state.describe() + extra))
        _table(rows)
    gone = sorted(set(records) - {m.id for m in modules})
    if gone:
        print(f"\nAlso kept: progress in {len(gone)} module(s) not in this course now: {', '.join(gone)}.")


# -- export / import / backup ---------------------------------------------------------------------


@_store_command
def cmd_export(args: argparse.Namespace, settings) -> int:
    from .progress.transfer import export_text

    if args.output not in (None, "-"):
        _refuse_output(Path(args.output), settings)
    store = _open_existing(settings)
    try:
        profile = _choose(store, args.profile, "export")
        if profile is None:
            return PROBLEMS
        text = export_text(store, profile.id)
    finally:
        store.close()
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return OK
    target = Path(args.output)
    failed = _write_new(target, lambda partial: partial.write_text(text, encoding="utf-8"), args.force)
    if failed is not None:
        return failed
    print(f"Exported '{profile.name}' to {target}. It holds this learner's answers: keep it private.", file=sys.stderr)
    return OK


@_store_command
def cmd_import(args: argparse.Namespace, settings) -> int:
    from .content.reading import NotARegularFile, TooBig
    from .progress.arrival import ArrivalRefused, arrival
    from .progress.store import ProfileError, clean_name
    from .progress.transfer import MAX_EXPORT_BYTES, TransferError, import_profile, read_export

    for option, given in (("--as", args.as_name), ("--into", args.into)):
        if given is not None:
            try:
                clean_name(given)
            except ProfileError as err:
                raise UsageError(f"{option} '{given}': {err}") from None
    path = Path("<stdin>" if args.file == "-" else args.file)
    try:
        data = _read_export_file(args.file)
    except TooBig:
        return _fail(f"{path}: the file is over {MAX_EXPORT_BYTES // 1024 // 1024} MiB; an export is never this big. "
                     "Nothing was imported.")
    except NotARegularFile as odd:
        return _fail(f"{path} is {odd.kind}, not an export file; give the file written by `mhcourse export`. "
                     "Nothing was imported.")
    except OSError as err:
        return _fail(f"cannot read {path}: {err.strerror or err}")
    try:
        document = read_export(data, path)
    except TransferError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in {path}; nothing was imported.", file=sys.stderr)
        return PROBLEMS
    store = _open(settings)
    try:
        try:
            place = arrival(store, document.profile.name, args.as_name, args.into)
            pin = _ask_pin_to_add_to(place.name, args.file) if place.needs_pin else None
            summary = import_profile(store, document, as_name=args.as_name, into=args.into, pin=pin)
            _tell_no_pin(settings, store, summary.profile)
        except ArrivalRefused as refused:
            return _fail(_refused_words(refused, args.file, store))
        except ProfileError as err:
            return _fail(f"{err} Nothing was imported.")
    finally:
        store.close()
    try:
        print(summary.describe(), flush=True)
    except OutputError as err:  # the record is in: say so, or the facilitator would import it again
        err.done = (f"The import itself was done: the record is in the profile '{place.name}'; "
                    f"see it with: mhcourse progress --profile {shlex.quote(place.name)}")
        raise
    return OK


def _tell_no_pin(settings, store, name: str) -> None:
    """A site that requires PINs: an imported profile has none (exports carry no PIN), and until it sets
    one at its first opening, whoever types its name first could open it. Say so, and how to set it now."""
    profile = store.profile(name)
    if settings.site.privacy.require_pin and profile is not None and not profile.has_pin:
        print(f"Please note: this computer asks every profile for a PIN, and '{profile.name}' has none yet. "
              "Until it has one, whoever types the name first can open it and choose the PIN. "
              f"Give it a PIN now with: mhcourse profile reset-pin {shlex.quote(profile.name)}", file=sys.stderr)


def _read_export_file(file: str) -> bytes:
    """The export's bytes, never more than an export can hold (a pipe, /dev/zero or a huge file is refused)."""
    from .content.reading import read_limited, read_stream_limited
    from .progress.transfer import MAX_EXPORT_BYTES

    if file == "-":
        return read_stream_limited(sys.stdin.buffer, MAX_EXPORT_BYTES, Path("<stdin>"))
    return read_limited(Path(file), MAX_EXPORT_BYTES)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask_pin_to_add_to(name: str, file: str) -> str:
    """The PIN of the profile a record is merged into, typed at a terminal and never shown."""
    if file == "-" or not _stdin_is_terminal():
        raise UsageError(f"'{name}' has a PIN, which is needed to add a record to it; run this command at a terminal "
                         "where you can type the PIN, with the export saved as a file (nothing was imported)")
    try:
        return getpass.getpass(f"PIN or passphrase of '{name}' (to add this record to it): ")
    except EOFError:  # ctrl+d at the prompt
        raise UsageError(f"No PIN was typed for '{name}'; nothing was imported.") from None


def _refused_words(refused, file: str, store) -> str:
    """What to do instead, in the words of the command line (progress/arrival.py holds the rule)."""
    name, again = refused.name, f"mhcourse import {shlex.quote(file)}"
    if refused.kind == "taken":
        return (f"There is already a profile called '{name}' on this computer, so nothing was imported. "
                f"To import this record as a new profile: {again} --as NEW_NAME. To add it to '{name}' on purpose "
                f"(only if it is the same learner): {again} --into {shlex.quote(name)}")
    if refused.kind == "as_taken":
        return (f"There is already a profile called '{name}'; choose another name for --as "
                f"(or, only if it is the same learner, add to it with --into {shlex.quote(name)}). Nothing was imported.")
    if refused.kind == "no_such":
        return (f"There is no profile called '{name}' to add this record to. {_names(store)} "
                f"To import it as a new profile: {again} --as {shlex.quote(name)}. Nothing was imported.")
    check = refused.check
    if check is not None and check.status == "locked":
        until = datetime.fromtimestamp(check.locked_until or 0).strftime("%H:%M")
        return (f"'{name}' is locked after too many wrong PINs, until {until}; nothing was imported. Try again then, "
                f"or a facilitator can lift the lock: mhcourse profile reset-pin {shlex.quote(name)}")
    left = check.tries_left if check is not None else 0
    return (f"That PIN is not right for '{name}'; nothing was imported. "
            f"{left} more wrong PIN(s) will lock the profile for a while.")


@_store_command
def cmd_backup(args: argparse.Namespace, settings) -> int:
    target = Path(args.file)
    _refuse_output(target, settings)
    _refuse_all_but_a_file(target)
    store = _open_existing(settings)
    try:
        count = len(store.profiles())
        if target.exists() and not args.force:
            return _fail(f"{target} already exists; use --force to replace it (nothing was written)")
        try:
            store.backup(target)
        except ValueError as err:
            return _fail(str(err))
        except OSError as err:
            return _fail(f"cannot write {target}: {_why_not_written(target, err)} (nothing was written)")
        except sqlite3.Error as err:
            return _fail(f"cannot write {target}: {err} (nothing was written)")
    finally:
        store.close()
    print(f"Backed up the progress of {count} profile(s) to {target}.")
    return OK
