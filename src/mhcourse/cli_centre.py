"""Commands for a community centre's facilitator: the report, certificates, PIN resets, pruning profiles.

  mhcourse report [--csv FILE] [--since YYYY-MM-DD] [--names]
  mhcourse certificate [--profile NAME] -o FILE [--force]      (.html to print, or .txt)
  mhcourse certificate verify REF
  mhcourse profile reset-pin NAME [--clear]
  mhcourse profile prune --inactive-days N [--yes]

Exit codes as in cli.py: 1 for an unknown profile or reference, a certificate refused because
the track is not passed, PINs that do not match; 2 for usage, and for `certificate verify` in a
data folder with no progress file (it reads the register and never creates one); 3 when the
store cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date, datetime, time
from pathlib import Path

from .cli import OK, PROBLEMS, UsageError, _global_options
from .cli_progress import (
    _choose,
    _fail,
    _find,
    _open_existing,
    _refuse_all_but_a_file,
    _refuse_output,
    _store_command,
    _write_new,
)

DEFAULT_ORGANIZATION = "mhcourse"


def register(command, profile: argparse.ArgumentParser | None = None) -> None:
    """Add `report` and `certificate`, and `reset-pin` and `prune` to the `profile` group (cli_progress)."""
    report = command("report", "a facilitator's report on every module: started, completed, passed, scores, "
                               "hardest questions, confidence (no names unless --names)")
    report.add_argument("--csv", metavar="FILE",
                        help="write the table as CSV to FILE ('-' for standard output) instead of printing it; "
                             "with --names the learners go to FILE-learners.csv beside it")
    report.add_argument("--since", metavar="YYYY-MM-DD", type=_date,
                        help="only learners and modules with activity on or after this day")
    report.add_argument("--names", action="store_true", help="also list each learner by name with their modules")
    report.add_argument("--force", action="store_true", help="replace the CSV file(s) if they exist")
    report.set_defaults(handler=cmd_report)

    cert = command("certificate", "save a learner's certificate once every required module is passed, "
                                  "or check a certificate's reference")
    cert.add_argument("--profile", metavar="NAME", help="whose certificate (needed when there are several profiles)")
    cert.add_argument("-o", "--output", metavar="FILE", help="FILE.html (print-ready) or FILE.txt")
    cert.add_argument("--force", action="store_true", help="replace FILE if it exists")
    cert.set_defaults(handler=cmd_certificate)
    cert_actions = cert.add_subparsers(dest="certificate_action", metavar="verify")
    verify = cert_actions.add_parser("verify", help="whether this computer issued the certificate REF, to whom and when",
                                     description="Check a certificate's reference against this computer's register.")
    _global_options(verify, in_command=True)
    verify.add_argument("ref", metavar="REF", help="the reference on the certificate, like MHC-7KQ2-XM4D")
    verify.set_defaults(handler=cmd_certificate_verify)

    actions = getattr(profile, "actions", None)
    if actions is None:
        return

    def action(name: str, help: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        _global_options(sub, in_command=True)
        return sub

    reset = action("reset-pin", "set a new PIN for a profile, or remove it with --clear; also lifts a lock")
    reset.add_argument("name", metavar="NAME", help="the profile")
    reset.add_argument("--clear", action="store_true", help="remove the PIN: the profile opens without one")
    reset.set_defaults(handler=cmd_profile_reset_pin)

    prune = action("prune", "erase profiles nobody has used for N days (lists them first; --yes erases)")
    prune.add_argument("--inactive-days", metavar="N", type=_days, required=True,
                       help="erase profiles with no activity in the last N days (N at least 1)")
    prune.add_argument("--yes", action="store_true", help="erase them; without it nothing is erased")
    prune.set_defaults(handler=cmd_profile_prune)


# -- helpers -------------------------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2025-01-31") from None


def _days(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days, 1 or more")
    return int(text)


def _site(settings):
    """The site's track and organization name from the site config; without one, every module and 'mhcourse'."""
    from .learning.track import Track

    config = getattr(settings, "config", None)
    track = getattr(config, "track", None)
    if track is None:
        track = Track()
    elif not isinstance(track, Track):
        raise UsageError("the site configuration's track could not be read")
    organization = getattr(config, "name", None)  # config.SiteConfig.name: [organization] name
    if not isinstance(organization, str) or not organization.strip():
        organization = DEFAULT_ORGANIZATION
    return track, organization


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


# -- report --------------------------------------------------------------------------------------


@_store_command
def cmd_report(args: argparse.Namespace, settings) -> int:
    from .progress.faults import report_folder_problem
    from .progress.report import fewer_than, render_csv, render_learners_csv, render_text, report_from
    from .progress.store import DB_NAME, StoreError
    from .site.settings import load_catalog

    if args.csv == "-" and args.names:
        raise UsageError("--names with --csv - would mix two tables on standard output: give --csv a file name")
    if args.csv not in (None, "-"):
        for path in _csv_files(Path(args.csv), args.names):
            _refuse_output(path, settings)
            _refuse_all_but_a_file(path)  # /dev/full: say so at once, not "use --force"
    track, _ = _site(settings)
    modules = track.modules(load_catalog(settings).modules)
    since = datetime.combine(args.since, time()).astimezone() if args.since else None
    problem = report_folder_problem(settings.data_dir)
    if problem:  # a report of "0 learners" would hide a wrong --data-dir
        raise StoreError(f"{problem}. Check --data-dir (or MHCOURSE_DATA_DIR, or the config's [data] folder).")
    report = report_from(settings.data_dir / DB_NAME, modules, since=since, names=args.names,
                         min_group=settings.site.privacy.min_group)
    if args.csv is None:
        sys.stdout.write(render_text(report))
        return OK
    if args.csv == "-":
        sys.stdout.write(render_csv(report))
        return OK
    paths = _csv_files(Path(args.csv), args.names)
    files = [(paths[0], render_csv(report))]
    if args.names:
        files.append((paths[1], render_learners_csv(report)))
    if not args.force:
        for path, _ in files:
            if path.exists():
                return _fail(f"{path} already exists; use --force to replace it (nothing was written)")
    for path, text in files:
        failed = _write_new(path, lambda partial, text=text: partial.write_text(text, encoding="utf-8", newline=""),
                            force=True)
        if failed is not None:
            return failed
    written = " and ".join(str(p) for p, _ in files)
    note = " It names learners: keep it private." if args.names else ""
    if report.too_few:
        note = f" {fewer_than(report.min_group).capitalize()}: no figures shown.{note}"
    print(f"Wrote the report on {len(modules)} module(s) and {report.learners} learner(s) to {written}.{note}",
          file=sys.stderr)
    return OK


def _csv_files(target: Path, names: bool) -> list[Path]:
    """The report's CSV file, and with --names the learners' file beside it."""
    if not names:
        return [target]
    return [target, target.with_name(f"{target.stem}-learners{target.suffix or '.csv'}")]


# -- certificates --------------------------------------------------------------------------------


@_store_command
def cmd_certificate(args: argparse.Namespace, settings) -> int:
    from .progress import certificate
    from .site.settings import load_catalog

    if args.output is None:
        raise UsageError("Where should the certificate go? Add -o FILE.html (to print) or -o FILE.txt. "
                         "To check a reference: mhcourse certificate verify REF")
    target = Path(args.output)
    if certificate.format_for(target) is None:
        raise UsageError(f"{target.name}: save a certificate as .html (to print) or .txt")
    _refuse_output(target, settings)
    _refuse_all_but_a_file(target)
    if target.exists() and not args.force:
        return _fail(f"{target} already exists; use --force to replace it (nothing was written)")
    track, organization = _site(settings)
    catalog = load_catalog(settings).modules
    store = _open_existing(settings)
    try:
        profile = _choose(store, args.profile, "make a certificate for")
        if profile is None:
            return PROBLEMS
        try:
            cert = certificate.issue(store, profile.id, catalog, track, organization)
        except certificate.CertificateRefused as refused:
            if refused.check.reason:
                return _fail(f"no certificate for '{profile.name}': {refused.check.reason}.")
            missing = refused.check.missing
            print(f"mhcourse: no certificate yet for '{profile.name}': {len(missing)} required module(s) "
                  "still to pass:", file=sys.stderr)
            for module in missing:
                print(f"  {module.title} ({module.id})", file=sys.stderr)
            return PROBLEMS
    finally:
        store.close()
    paper = certificate.paper_size(settings.site.course.paper, settings.site.helplines_settings.country)
    text = certificate.render(cert, target, paper=paper)
    failed = _write_new(target, lambda partial: partial.write_text(text, encoding="utf-8", newline="\n"), args.force)
    if failed is not None:  # private (0600) as exports and backups: the learner's name is inside
        return failed
    print(f"Saved the certificate for '{cert.name}' to {target} (reference {cert.ref}).")
    return OK


@_store_command
def cmd_certificate_verify(args: argparse.Namespace, settings) -> int:
    from .progress import certificate

    ref = certificate.normalize_reference(args.ref)
    if ref is None:
        return _fail(f"'{args.ref}' is not a certificate reference of mhcourse (they look like MHC-7KQ2-XM4D); "
                     "this computer did not issue it.")
    store = certificate.open_register(settings.data_dir)
    if store is None:
        raise UsageError(f"no progress file in {settings.data_dir}: is this the data folder where certificates "
                         "are issued? Name that folder with --data-dir (nothing was created here).")
    try:
        cert = certificate.verify(store, ref)
    finally:
        store.close()
    if cert is None:
        return _fail(f"No certificate {ref} was issued on this computer. Check the reference letter by letter, "
                     "and that this is the computer it came from.")
    passed = sum(m.status == "passed" for m in cert.modules)
    waived = len(cert.modules) - passed
    print(f"{cert.ref} is genuine: this computer issued it to {cert.name} on {certificate.long_date(cert.issued)} "
          f"({cert.organization}).")
    print(f"It certifies {len(cert.modules)} module(s): {passed} passed" + (f", {waived} waived." if waived else "."))
    if cert.profile_id is None:
        print("The learner's profile has since been deleted; the register keeps the certificate.")
    return OK


# -- profile reset-pin / prune -------------------------------------------------------------------


@_store_command
def cmd_profile_reset_pin(args: argparse.Namespace, settings) -> int:
    from .pins import MIN_PIN
    from .progress.store import ProfileError

    if not args.clear and not _stdin_is_terminal():
        raise UsageError("reset-pin asks for the new PIN twice and needs a terminal to type it in; "
                         f"run it in a terminal, or remove the PIN with: mhcourse profile reset-pin '{args.name}' --clear")
    store = _open_existing(settings)
    try:
        profile = _find(store, args.name)
        if profile is None:
            return PROBLEMS
        if args.clear:
            store.set_pin(profile.id, None)
            print(f"Removed the PIN of '{profile.name}': the profile opens without one now.")
            return OK
        first = getpass.getpass(f"New PIN or passphrase for '{profile.name}' (at least {MIN_PIN} characters): ")
        second = getpass.getpass("Type it again: ")
        if first != second:
            return _fail("The two PINs were not the same. Nothing was changed; please try again.")
        try:
            store.set_pin(profile.id, first)
        except ProfileError as err:
            return _fail(f"{err} Nothing was changed.")
        print(f"Set a new PIN for '{profile.name}'; any lock on the profile is lifted.")
    finally:
        store.close()
    return OK


@_store_command
def cmd_profile_prune(args: argparse.Namespace, settings) -> int:
    store = _open_existing(settings)
    try:
        days = args.inactive_days
        idle = store.inactive_profiles(days)
        if not idle:
            print(f"No profile has gone unused for {days} day(s); nothing to erase.")
            return OK
        if not args.yes:
            print(f"These {len(idle)} profile(s) have not been used for {days} day(s) or more:")
            for p in idle:
                print(f"  {p.name} (last used {p.last_used[:10]})")
            print(f"Nothing was erased. To erase them with all their progress: "
                  f"mhcourse profile prune --inactive-days {days} --yes")
            return OK
        gone = store.prune_profiles(days)
    finally:
        store.close()
    print(f"Erased {len(gone)} profile(s) unused for {days} day(s) or more: {', '.join(gone) or 'none'}.")
    return OK
