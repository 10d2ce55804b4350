"""`mhcourse store copy --to URL|FILE`: move this computer's record into the shared PostgreSQL database, or
write the record in use (shared or not) as one portable SQLite file. The rule is progress/store_copy.py.

Exit codes: 1 when names clash (nothing copied), a PIN is not accepted, a certificate's reference is taken
or FILE exists; 2 for usage (a bad URL, --as/--into naming no profile, a PIN needed with no terminal);
3 when a store cannot be used (the database cannot be reached, no progress in the data folder).
"""

from __future__ import annotations

import argparse
import getpass
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from ..site.store_url import SCHEMES
from ._common import ExitCode, UsageError, action, fail, open_existing, store_command
from ._files import not_written, refuse_all_but_a_file, refuse_existing, refuse_output

if TYPE_CHECKING:
    from ..progress.store import Store
    from ..progress.store_copy import CopyPlan, CopySummary
    from ..site.settings import Settings

def add_store(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="store_action", metavar="ACTION", required=True)
    copy = action(actions, "copy", _("copy every profile, its whole record and the certificates into the shared "
                                     "database (--to URL) or into a new portable progress file (--to FILE)"))
    copy.add_argument("--to", required=True, metavar="URL|FILE",
                      help=_("postgresql://USER@HOST/DATABASE: copy this computer's progress into that database "
                             "(the password from ~/.pgpass, PGPASSFILE or a service file, never the URL); "
                             "FILE: write the progress in use as a new SQLite file"))
    copy.add_argument("--as", dest="as_names", action="append", default=[], metavar="NAME=NEW_NAME",
                      help=_("copy the profile NAME as a new profile called NEW_NAME (repeatable)"))
    copy.add_argument("--into", action="append", default=[], metavar="NAME=PROFILE",
                      help=_("add the profile NAME's record to the existing PROFILE there on purpose, only if it "
                             "is the same learner (its PIN is asked for if it has one; repeatable)"))
    copy.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    copy.set_defaults(handler=cmd_copy)


@store_command
def cmd_copy(args: argparse.Namespace, settings: Settings) -> int:
    if args.to.startswith(SCHEMES):
        return _copy_to_url(args, settings)
    if args.to.strip() == "":
        raise UsageError(_("--to needs a postgresql:// URL or a file name (nothing was copied)"))
    target = Path(args.to)
    refuse_output(target, settings)
    refuse_all_but_a_file(target)
    if target.exists() and not args.force:
        return refuse_existing(target)
    source = open_existing(settings)
    try:
        as_names, into = _mappings(source, args.as_names, args.into)
        return write_portable(source, target, as_names, into)
    finally:
        source.close()


# -- into the shared database --------------------------------------------------------------------------------


def _copy_to_url(args: argparse.Namespace, settings: Settings) -> int:
    from ..progress.arrival import ArrivalRefused
    from ..progress.store import Store
    from ..progress.store_copy import copy_store, plan_copy
    from ..site.store_url import url_problems

    if args.force:
        raise UsageError(_("--force is for --to FILE; a copy into a database adds, it never replaces "
                           "(nothing was copied)"))
    for problem in url_problems(args.to, in_a_file=False):
        raise UsageError(_("--to: {problem} (nothing was copied)").format(problem=problem))
    source = _open_folder(settings)
    try:
        as_names, into = _mappings(source, args.as_names, args.into)
        target = Store.connect(args.to)
        where = target.where
        try:
            plan = plan_copy(source, target, as_names, into)
            if plan.refused:
                return _stop(plan, target)
            pins = {place.name: _ask_pin(place.name) for place in plan.pins_needed}
            try:
                summary = copy_store(source, target, plan, pins)
            except ArrivalRefused as refused:
                return fail(_("The PIN for '{name}' was not accepted; nothing was copied.").format(name=refused.name))
            _tell(summary, target)
        finally:
            target.close()
    finally:
        source.close()
    if not settings.store_url:
        print(_("To use it, set the [store] url in the site config (or MHCOURSE_STORE_URL) on every computer; "
                "the progress file here is kept as it is."))
    return _certificate_clashes(summary, where)


def _open_folder(settings: Settings) -> Store:
    """This computer's own progress file, whatever the site's store is: the record a copy into a database moves."""
    from ..errors import StoreError
    from ..progress.faults import report_folder_problem
    from ..progress.shared import refuse_network_folder, shared_folder
    from ..progress.store import Store

    problem = report_folder_problem(settings.data_dir)
    if problem:
        raise StoreError(_("{problem}. Check --data-dir (or MHCOURSE_DATA_DIR, or the config's [data] folder); "
                           "nothing was copied.").format(problem=problem))
    refuse_network_folder(settings.data_dir)
    with shared_folder(settings.data_dir, configured=settings.data_shared) as shared:
        return Store.open(settings.data_dir, shared=shared)


def _stop(plan: CopyPlan, target: Store) -> int:
    """Every clash, and what to say instead: nothing is copied while one is left."""
    print(_("mhcourse: nothing was copied. These profiles cannot go into {where} as they are:")
          .format(where=target.where), file=sys.stderr)
    for source_name, refused in plan.refused:
        print("  " + _clash_words(source_name, refused.kind, refused.name), file=sys.stderr)
    first = plan.refused[0][0]
    print(_("For each, say where it goes and run the command again: as a new profile with --as {new}, or, only "
            "if it is the same learner, added to the profile there with --into {same}.")
          .format(new=shlex.quote(f"{first}=NEW NAME"), same=shlex.quote(f"{first}={first}")), file=sys.stderr)
    return ExitCode.PROBLEMS


def _clash_words(source_name: str, kind: str, name: str) -> str:
    if kind == "taken":
        return _("'{source}': there is already a profile called '{name}' there, with another record"
                 ).format(source=source_name, name=name)
    if kind == "as_taken":
        return _("'{source}': the new name '{name}' is taken there, or given to two profiles"
                 ).format(source=source_name, name=name)
    if kind == "no_such":
        return _("'{source}': there is no profile called '{name}' there to add it to"
                 ).format(source=source_name, name=name)
    return _("'{source}': the profile '{name}' there is locked after too many wrong PINs; try again later"
             ).format(source=source_name, name=name)


def _ask_pin(name: str) -> str:
    """The PIN of a profile a record is added to, typed at a terminal and never shown."""
    if not _stdin_is_terminal():
        raise UsageError(_("'{name}' has a PIN, which is needed to add a record to it; run this command at a "
                           "terminal where you can type the PIN (nothing was copied)").format(name=name))
    try:
        return getpass.getpass(_("PIN or passphrase of '{name}' (to add a record to it): ").format(name=name))
    except EOFError:
        raise UsageError(_("No PIN was typed for '{name}'; nothing was copied.").format(name=name)) from None


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _tell(summary: CopySummary, target: Store) -> None:
    for source_name, outcome, name, _merged in summary.profiles:
        if outcome == "there":
            line = _("{source}: already there, nothing added")
        elif outcome == "into":
            line = _("{source}: added to the profile '{name}'")
        elif name != source_name:
            line = _("{source}: copied as the new profile '{name}'")
        else:
            line = _("{source}: copied")
        print("  " + line.format(source=source_name, name=name))
    new = sum(1 for p in summary.profiles if p[1] != "there")
    there = len(summary.profiles) - new
    print(ngettext("Copied {count} profile into {where}", "Copied {count} profiles into {where}", new)
          .format(count=new, where=target.where) + "; "
          + ngettext("{count} was there already.", "{count} were there already.", there).format(count=there))
    print(_("Certificates: {added} copied, {there} there already.")
          .format(added=summary.certificates_added, there=summary.certificates_there))


def _certificate_clashes(summary: CopySummary, where: str) -> int:
    for ref in summary.certificate_clashes:
        print(_("mhcourse: certificate {ref}: {where} holds a different certificate under this reference, so this "
                "one was not copied; it can still be checked against the old record.").format(ref=ref, where=where),
              file=sys.stderr)
    return ExitCode.PROBLEMS if summary.certificate_clashes else ExitCode.OK


# -- a portable file -------------------------------------------------------------------------------------------


def write_portable(source: Store, target: Path, as_names: dict[str, str] | None = None,
                   into: dict[str, str] | None = None) -> int:
    """Write `source`'s whole record as a new SQLite file at `target` (private; whole or not at all)."""
    from ..files import replacing
    from ..progress.faults import ENGINE_ERRORS
    from ..progress.store import Store
    from ..progress.store_copy import copy_store, plan_copy

    try:
        with replacing(target) as partial:
            copy = Store.new_file(partial)
            try:
                plan = plan_copy(source, copy, as_names, into)
                if plan.refused:  # a new file has no profiles: only two --as giving one name can clash
                    raise _Stopped(_stop(plan, copy))
                summary = copy_store(source, copy, plan)
            except BaseException:
                copy.close()
                raise
            copy.seal()
    except _Stopped as stopped:  # the partial file is removed
        return stopped.code
    except OSError as err:
        return not_written(target, err)
    except ENGINE_ERRORS as err:
        return fail(_("cannot write {target}: {why} (nothing was written)").format(target=target, why=err))
    print(ngettext("Wrote {count} profile from {where} to {target}",
                   "Wrote {count} profiles from {where} to {target}", len(summary.profiles))
          .format(count=len(summary.profiles), where=source.where, target=target)
          + ", " + ngettext("with {count} certificate.", "with {count} certificates.", summary.certificates_added)
          .format(count=summary.certificates_added))
    print(_("It holds learners' answers: keep it private. mhcourse reads it as a data folder's progress.db."))
    return ExitCode.OK


class _Stopped(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _mappings(source: Store, as_given: list[str], into_given: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """--as and --into as {name in the source: name}; a name may hold '=' itself, so the split is where the
    left part names a profile of the source. Raises UsageError for a pair that names none, or a name given twice."""
    from ..errors import ProfileError
    from ..progress.store.profiles import clean_name, name_key

    names = {name_key(p.name) for p in source.profiles()}
    seen: set[str] = set()
    result: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for option, given, into in (("--as", as_given, result[0]), ("--into", into_given, result[1])):
        for pair in given:
            split = _split(pair, names)
            if split is None:
                raise UsageError(_("{option} '{pair}': give NAME=NEW_NAME, where NAME is a profile here "
                                   "(nothing was copied)").format(option=option, pair=pair))
            name, other = split
            try:
                other = clean_name(other)
            except ProfileError as err:
                raise UsageError(f"{option} '{pair}': {err}") from None
            if name_key(name) in seen:
                raise UsageError(_("'{name}' is given to --as or --into twice; say once where it goes "
                                   "(nothing was copied)").format(name=name))
            seen.add(name_key(name))
            into[name] = other
    return result


def _split(pair: str, names: set[str]) -> tuple[str, str] | None:
    from ..errors import ProfileError
    from ..progress.store.profiles import name_key

    for at in (i for i, c in enumerate(pair) if c == "="):
        left = pair[:at]
        try:
            if name_key(left) in names:
                return left, pair[at + 1:]
        except ProfileError:
            continue
    return None
