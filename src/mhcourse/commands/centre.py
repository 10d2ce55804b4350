"""A community centre's facilitator: `report` on every module, and learners' `certificate`s (issue, verify).

  mhcourse report [--csv FILE] [--since YYYY-MM-DD] [--names]
  mhcourse certificate [--profile NAME] -o FILE [--force]      (.html to print, or .txt)
  mhcourse certificate verify REF

Exit codes: 1 for an unknown profile or reference, or a certificate refused because the track is not
passed; 2 for usage, and for `certificate verify` in a data folder with no progress file (it reads the
register and never creates one); 3 when the store cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, choose_language, format_number, ngettext, speaking
from ._common import (
    ExitCode,
    UsageError,
    action,
    choose_profile,
    counted,
    fail,
    open_existing,
    open_store,
    store_command,
)
from ._files import refuse_all_but_a_file, refuse_existing, refuse_output, write_new

if TYPE_CHECKING:
    from ..learning.track import Track
    from ..progress.certificate import CertificateRefused
    from ..progress.report import Report
    from ..progress.store import Store
    from ..site.settings import Settings

DEFAULT_ORGANIZATION = "mhcourse"


def add_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", metavar="FILE",
                        help=_("write the table as CSV to FILE ('-' for standard output) instead of printing it; "
                               "with --names the learners go to FILE-learners.csv beside it"))
    parser.add_argument("--since", metavar="YYYY-MM-DD", type=_date,
                        help=_("only learners and modules with activity on or after this day"))
    parser.add_argument("--names", action="store_true", help=_("also list each learner by name with their modules"))
    parser.add_argument("--force", action="store_true", help=_("replace the CSV file(s) if they exist"))
    parser.set_defaults(handler=cmd_report)


def add_certificate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", metavar="NAME",
                        help=_("whose certificate (needed when there are several profiles)"))
    parser.add_argument("-o", "--output", metavar="FILE", help=_("FILE.html (print-ready) or FILE.txt"))
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    parser.set_defaults(handler=cmd_certificate)
    actions = parser.add_subparsers(dest="certificate_action", metavar="verify")
    verify = action(actions, "verify", _("whether this computer issued the certificate REF, to whom and when"))
    verify.description = _("Check a certificate's reference against this computer's register.")
    verify.add_argument("ref", metavar="REF", help=_("the reference on the certificate, like MHC-7KQ2-XM4D"))
    verify.set_defaults(handler=cmd_certificate_verify)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a date like 2025-01-31").format(text=text)) from None


def _site(settings: Settings) -> tuple[Track, str]:
    """The site's track and organization name from the site config; without one, the default track (every module
    offered, the bundled ones required) and 'mhcourse'."""
    from ..learning.track import Track
    from ..site.config import SiteConfig

    config = getattr(settings, "config", None)
    track = getattr(config, "track", None)
    if track is None:
        track = SiteConfig().track
    elif not isinstance(track, Track):
        raise UsageError(_("the site configuration's track could not be read"))
    organization = getattr(config, "name", None)  # config.SiteConfig.name: [organization] name
    if not isinstance(organization, str) or not organization.strip():
        organization = DEFAULT_ORGANIZATION
    return track, organization


# -- report ------------------------------------------------------------------------------------------------


@store_command
def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from ..errors import StoreError
    from ..progress.faults import report_folder_problem
    from ..progress.report import build_report, render_csv, render_text, report_from
    from ..progress.store.core import DB_NAME
    from ..site.settings import load_catalog

    if args.csv == "-" and args.names:
        raise UsageError(_("--names with --csv - would mix two tables on standard output: give --csv a file name"))
    if args.csv not in (None, "-"):
        for path in _csv_files(Path(args.csv), args.names):
            refuse_output(path, settings)
            refuse_all_but_a_file(path)  # /dev/full: say so at once, not "use --force"
    track, _organization = _site(settings)
    modules = track.modules(load_catalog(settings).modules)
    since = datetime.combine(args.since, time()).astimezone() if args.since else None
    if settings.store_url:  # the whole site's record, every machine's learners
        store = open_store(settings)
        try:
            report = build_report(store, modules, since, args.names, min_group=settings.site.privacy.min_group)
        finally:
            store.close()
    else:
        problem = report_folder_problem(settings.data_dir)
        if problem:  # a report of "0 learners" would hide a wrong --data-dir
            raise StoreError(_("{problem}. Check --data-dir (or MHCOURSE_DATA_DIR, or the config's [data] folder).")
                             .format(problem=problem))
        report = report_from(settings.data_dir / DB_NAME, modules, since=since, names=args.names,
                             min_group=settings.site.privacy.min_group)
    if args.csv is None:
        sys.stdout.write(render_text(report))
        return ExitCode.OK
    if args.csv == "-":
        sys.stdout.write(render_csv(report))
        return ExitCode.OK
    return _write_csv(args, report, len(modules))


def _write_csv(args: argparse.Namespace, report: Report, module_count: int) -> int:
    """The report's CSV file (and the learners' with --names), all refused if one is there without --force."""
    from ..progress.figures import fewer_than
    from ..progress.report import render_csv, render_learners_csv

    paths = _csv_files(Path(args.csv), args.names)
    files = [(paths[0], render_csv(report))]
    if args.names:
        files.append((paths[1], render_learners_csv(report)))
    if not args.force:
        for path, _text in files:
            if path.exists():
                return refuse_existing(path)
    for path, text in files:
        failed = write_new(path, partial(_write_csv_text, text), force=True)
        if failed is not None:
            return failed
    modules = counted(ngettext("{count} module", "{count} modules", module_count), module_count)
    learners = counted(ngettext("{count} learner", "{count} learners", report.learners), report.learners)
    if args.names:
        told = [_("Wrote the report on {modules} and {learners} to {table} and {names}.")
                .format(modules=modules, learners=learners, table=paths[0], names=paths[1])]
    else:
        told = [_("Wrote the report on {modules} and {learners} to {table}.")
                .format(modules=modules, learners=learners, table=paths[0])]
    if report.too_few:
        told.append(_("{few}: no figures shown.").format(few=fewer_than(report.min_group).capitalize()))
    if args.names:
        told.append(_("It names learners: keep it private."))
    print(" ".join(told), file=sys.stderr)
    return ExitCode.OK


def _write_csv_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def _csv_files(target: Path, names: bool) -> list[Path]:
    """The report's CSV file, and with --names the learners' file beside it."""
    if not names:
        return [target]
    return [target, target.with_name(f"{target.stem}-learners{target.suffix or '.csv'}")]


# -- certificates ------------------------------------------------------------------------------------------


@store_command
def cmd_certificate(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.translations import course_in
    from ..progress import certificate
    from ..site.settings import load_catalog

    if args.output is None:
        raise UsageError(_("Where should the certificate go? Add -o FILE.html (to print) or -o FILE.txt. "
                           "To check a reference: mhcourse certificate verify REF"))
    target = Path(args.output)
    if certificate.format_for(target) is None:
        raise UsageError(_("{name}: save a certificate as .html (to print) or .txt").format(name=target.name))
    refuse_output(target, settings)
    refuse_all_but_a_file(target)
    if target.exists() and not args.force:
        return refuse_existing(target)
    track, organization = _site(settings)
    catalog = load_catalog(settings).modules
    store = open_existing(settings)
    try:
        profile = choose_profile(store, args.profile, _("Which profile do you want to make a certificate for? "
                                                               "Add --profile NAME. {names}"))
        if profile is None:
            return ExitCode.PROBLEMS
        language = _learners_language(store, profile.id, settings)
        try:
            cert = certificate.issue(store, profile.id, course_in(catalog, language), track, organization,
                                     settings.site.course.refresher_months)
        except certificate.CertificateRefused as refused:
            return _refused(profile.name, refused)
    finally:
        store.close()
    paper = certificate.paper_size(settings.site.course.paper, settings.site.helplines_settings.country)
    with speaking(language):  # the certificate is the learner's: their words, dates and module titles
        text = certificate.render(cert, target, paper=paper)
    failed = write_new(target, lambda path: path.write_text(text, encoding="utf-8", newline="\n"), args.force)
    if failed is not None:  # private (0600) as exports and backups: the learner's name is inside
        return failed
    print(_("Saved the certificate for '{name}' to {target} (reference {ref}).")
          .format(name=cert.name, target=target, ref=cert.ref))
    return ExitCode.OK


def _learners_language(store: Store, profile_id: int, settings: Settings) -> str:
    """The language of a learner's certificate: i18n.choose_language with their own setting ("language", kept
    by the course when they chose one) and the site's; --lang and MHCOURSE_LANG still come first."""
    return choose_language(learner=store.setting(profile_id, "language"), site=settings.site.course.language)


def _refused(name: str, refused: CertificateRefused) -> int:
    """Why there is no certificate: a reason, or the required modules still to pass (exit 1)."""
    if refused.check.reason:
        return fail(_("no certificate for '{name}': {reason}.").format(name=name, reason=refused.check.reason))
    missing = refused.check.missing
    print(ngettext("mhcourse: no certificate yet for '{name}': {count} required module still to pass:",
                   "mhcourse: no certificate yet for '{name}': {count} required modules still to pass:", len(missing))
          .format(name=name, count=format_number(len(missing))), file=sys.stderr)
    for module in missing:
        print(f"  {module.title} ({module.id})", file=sys.stderr)
    return ExitCode.PROBLEMS


@store_command
def cmd_certificate_verify(args: argparse.Namespace, settings: Settings) -> int:
    from ..progress import certificate

    ref = certificate.normalize_reference(args.ref)
    if ref is None:
        return fail(_("'{ref}' is not a certificate reference of mhcourse (they look like MHC-7KQ2-XM4D); "
                      "this computer did not issue it.").format(ref=args.ref))
    store = open_store(settings) if settings.store_url else certificate.open_register(settings.data_dir)
    if store is None:
        raise UsageError(_("no progress file in {folder}: is this the data folder where certificates are issued? "
                           "Name that folder with --data-dir (nothing was created here).")
                         .format(folder=settings.data_dir))
    try:
        cert = certificate.verify(store, ref)
    finally:
        store.close()
    if cert is None:
        return fail(_("No certificate {ref} was issued on this computer. Check the reference letter by letter, "
                      "and that this is the computer it came from.").format(ref=ref))
    passed = sum(m.status == "passed" for m in cert.modules)
    skipped = len(cert.modules) - passed
    print(_("{ref} is genuine: this computer issued it to {name} on {day} ({organization}).")
          .format(ref=cert.ref, name=cert.name, day=certificate.long_date(cert.issued),
                  organization=cert.organization))
    count = len(cert.modules)
    if skipped:
        print(ngettext("It certifies {count} module: {passed} passed, {skipped} skipped.",
                       "It certifies {count} modules: {passed} passed, {skipped} skipped.", count)
              .format(count=format_number(count), passed=format_number(passed), skipped=format_number(skipped)))
    else:
        print(ngettext("It certifies {count} module: {passed} passed.",
                       "It certifies {count} modules: {passed} passed.", count)
              .format(count=format_number(count), passed=format_number(passed)))
    if cert.profile_id is None:
        print(_("The learner's profile has since been deleted; the register keeps the certificate."))
    return ExitCode.OK
