"""`mhcourse profile list|rename|delete|reset-pin|prune`: the learner profiles on this computer.

Every subcommand opens an existing store only (a missing one exits 3 and makes nothing) and shows its
notice (a damaged progress file moved aside) on standard error first. Exit codes: 1 for an unknown
profile, a taken name or PINs that do not match; 2 for usage (a missing --yes, no terminal to type a PIN).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from ._common import ExitCode, UsageError, action, counted, fail, find_profile, open_existing, store_command, when

if TYPE_CHECKING:
    from ..progress.store import Store
    from ..progress.store.profiles import Profile
    from ..site.settings import Settings


def add_profile(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="profile_action", metavar="ACTION", required=True)

    action(actions, "list", _("list the profiles on this computer with how far each has got")).set_defaults(
        handler=cmd_profile_list)

    rename = action(actions, "rename", _("give a profile a new name (names are unique regardless of case)"))
    rename.add_argument("name", metavar="NAME", help=_("the profile's current name"))
    rename.add_argument("new_name", metavar="NEW_NAME", help=_("the new name"))
    rename.set_defaults(handler=cmd_profile_rename)

    delete = action(actions, "delete",
                    _("erase a profile and every answer and all progress it holds (cannot be undone)"))
    delete.add_argument("name", metavar="NAME", help=_("the profile to erase"))
    delete.add_argument("--yes", action="store_true",
                        help=_("confirm; without it nothing is erased (consider `mhcourse export` first)"))
    delete.set_defaults(handler=cmd_profile_delete)

    reset = action(actions, "reset-pin", _("set a new PIN for a profile, or remove it with --clear; also lifts a lock"))
    reset.add_argument("name", metavar="NAME", help=_("the profile"))
    reset.add_argument("--clear", action="store_true", help=_("remove the PIN: the profile opens without one"))
    reset.set_defaults(handler=cmd_profile_reset_pin)

    prune = action(actions, "prune", _("erase profiles nobody has used for N days (lists them first; --yes erases)"))
    prune.add_argument("--inactive-days", metavar="N", type=_days, required=True,
                       help=_("erase profiles with no activity in the last N days (N at least 1)"))
    prune.add_argument("--yes", action="store_true", help=_("erase them; without it nothing is erased"))
    prune.set_defaults(handler=cmd_profile_prune)


def _days(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number of days, 1 or more").format(text=text))
    return int(text)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


# -- list / rename / delete ---------------------------------------------------------------------------------


@store_command
def cmd_profile_list(args: argparse.Namespace, settings: Settings) -> int:
    from ..learning.progress import overview
    from ..site.settings import load_catalog
    from ..tables import table_lines

    store = open_existing(settings)
    try:
        profiles = store.profiles()
        if not profiles:
            print(_("No profiles yet. Start the course with `mhcourse` to make one."))
            return ExitCode.OK
        modules = settings.site.track.modules(load_catalog(settings).modules)  # what the learners are offered
        rows = [(_("NAME"), _("CREATED"), _("LAST USED"), _("PIN"), _("PROGRESS"))]
        for p in profiles:
            seen = overview(modules, store.records(p.id))
            rows.append((p.name, when(p.created), when(p.last_used), _pin_state(store, p),
                         _("{passed} of {total} modules passed").format(passed=seen.passed, total=seen.total)))
        for line in table_lines(rows):
            print(line)
    finally:
        store.close()
    return ExitCode.OK


def _pin_state(store: Store, profile: Profile) -> str:
    """'yes', 'locked until HH:MM' after too many wrong PINs (reset-pin lifts it), or '-' without a PIN."""
    if not profile.has_pin:
        return "-"
    until = store.pin_locked_until(profile.id)
    if until is None:
        return _("yes")
    from ..progress.desk import try_again_at

    return _("locked until {time}").format(time=try_again_at(until))  # the minute the learner is told, too


def _on_profile(settings: Settings, name: str, act: Callable[[Store, Profile], int]) -> int:
    """`act` on the profile called `name` in the existing store; an unknown name is told (exit 1)."""
    store = open_existing(settings)
    try:
        profile = find_profile(store, name)
        return ExitCode.PROBLEMS if profile is None else act(store, profile)
    finally:
        store.close()


@store_command
def cmd_profile_rename(args: argparse.Namespace, settings: Settings) -> int:
    return _on_profile(settings, args.name, partial(_rename, new_name=args.new_name))


def _rename(store: Store, profile: Profile, new_name: str) -> int:
    from ..errors import ProfileError

    try:
        store.rename_profile(profile.id, new_name)
    except ProfileError as err:
        return fail(_("{error} Nothing was changed.").format(error=err))
    renamed = store.profile_by_id(profile.id)
    print(_("Renamed '{old}' to '{new}'.").format(old=profile.name, new=renamed.name if renamed else new_name))
    return ExitCode.OK


@store_command
def cmd_profile_delete(args: argparse.Namespace, settings: Settings) -> int:
    return _on_profile(settings, args.name, partial(_delete, confirmed=args.yes))


def _delete(store: Store, profile: Profile, confirmed: bool) -> int:
    if not confirmed:
        raise UsageError(_(
            "This would erase '{name}' with every answer and all progress, and cannot be undone. "
            "Nothing was erased. To keep a copy first: mhcourse export --profile '{name}' -o FILE. "
            "To erase: mhcourse profile delete '{name}' --yes"
        ).format(name=profile.name))
    store.delete_profile(profile.id)
    print(_("Erased the profile '{name}' and all its progress.").format(name=profile.name))
    return ExitCode.OK


# -- reset-pin / prune ---------------------------------------------------------------------------------------


@store_command
def cmd_profile_reset_pin(args: argparse.Namespace, settings: Settings) -> int:
    if not args.clear and not _stdin_is_terminal():
        raise UsageError(_("reset-pin asks for the new PIN twice and needs a terminal to type it in; run it in a "
                           "terminal, or remove the PIN with: mhcourse profile reset-pin '{name}' --clear")
                         .format(name=args.name))
    return _on_profile(settings, args.name, _clear_pin if args.clear else _set_pin)


def _clear_pin(store: Store, profile: Profile) -> int:
    store.set_pin(profile.id, None)
    store.end_profile_web_sessions(profile.id)  # a browser signed in before the reset is signed out
    print(_("Removed the PIN of '{name}': the profile opens without one now.").format(name=profile.name))
    return ExitCode.OK


def _set_pin(store: Store, profile: Profile) -> int:
    """The new PIN typed twice at the terminal, never shown; setting it lifts any lock."""
    from ..errors import ProfileError
    from ..pins import MIN_PIN

    first = getpass.getpass(_("New PIN or passphrase for '{name}' (at least {least} characters): ")
                            .format(name=profile.name, least=MIN_PIN))
    second = getpass.getpass(_("Type it again: "))
    if first != second:
        return fail(_("The two PINs were not the same. Nothing was changed; please try again."))
    try:
        store.set_pin(profile.id, first)
    except ProfileError as err:
        return fail(_("{error} Nothing was changed.").format(error=err))
    store.end_profile_web_sessions(profile.id)  # a browser signed in before the reset is signed out
    print(_("Set a new PIN for '{name}'; any lock on the profile is lifted.").format(name=profile.name))
    return ExitCode.OK


@store_command
def cmd_profile_prune(args: argparse.Namespace, settings: Settings) -> int:
    store = open_existing(settings)
    try:
        days = args.inactive_days
        idle = store.inactive_profiles(days)
        if not idle:
            print(counted(ngettext("No profile has gone unused for {count} day; nothing to erase.",
                                   "No profile has gone unused for {count} days; nothing to erase.", days), days))
            return ExitCode.OK
        if not args.yes:
            print(_("These profiles have not been used for {days} or more ({profiles}):").format(
                days=counted(ngettext("{count} day", "{count} days", days), days),
                profiles=counted(ngettext("{count} profile", "{count} profiles", len(idle)), len(idle))))
            for p in idle:
                print("  " + _("{name} (last used {day})").format(name=p.name, day=p.last_used[:10]))
            print(_("Nothing was erased. To erase them with all their progress: "
                    "mhcourse profile prune --inactive-days {days} --yes").format(days=days))
            return ExitCode.OK
        gone = store.prune_profiles(days)
    finally:
        store.close()
    print(_("Erased {profiles} unused for {days} or more: {names}.").format(
        profiles=counted(ngettext("{count} profile", "{count} profiles", len(gone)), len(gone)),
        days=counted(ngettext("{count} day", "{count} days", days), days), names=", ".join(gone) or _("none")))
    return ExitCode.OK
