"""Commands on the site configuration: check it, write a commented example, hash a facilitator PIN.

A config file with problems stops every command at start-up (cli.main prints each problem and exits
2), `config check` included; when the files are fine, `config check` prints the settings in
effect and any warnings, and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import textwrap
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, format_number, ngettext
from ._common import N_, ExitCode, UsageError, action, counted, language_line, open_store
from ._files import refuse_output

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..content.catalog import Entry
    from ..content.problems import Problem
    from ..site.config import SiteConfig
    from ..site.settings import Settings


def add_config(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)

    check = action(actions, "check", _("check the config files and print the settings in effect (exit 2 on problems)"))
    check.set_defaults(handler=cmd_config_check, shows_config_warnings=True)

    example = action(actions, "example", _("write a commented example config (to standard output, or to FILE)"))
    example.add_argument("-o", "--output", metavar="FILE",
                         help=_("write to FILE; an existing FILE is never replaced"))
    example.set_defaults(handler=cmd_config_example, writes_config=True)

    pin = action(actions, "hash-pin", _("turn a facilitator PIN into the facilitator_pin_hash line for [kiosk]"))
    pin.set_defaults(handler=cmd_config_hash_pin)


# -- config check ----------------------------------------------------------------------------------


def cmd_config_check(args: argparse.Namespace, settings: Settings) -> int:
    from ..site.helplines import helplines_age_warnings, old_spellings

    site = settings.site
    problems: list[Problem] = []
    warnings: list[Problem] = list(site.warnings)
    notes: list[Problem] = old_spellings(site)
    """Worth knowing, nothing to fix: an older key name that still works, a preset's module not in this course."""
    out = _files_lines(args, site)
    org = site.organization
    out.append(_("Organization:   {name}").format(name=org.name or _("(not set)")))
    out.append(_("Welcome:        {welcome}").format(
        welcome=_short(org.welcome) if org.welcome else _("(the standard welcome)")))
    out.append(_("Confidence question: {asked}").format(
        asked=_("asked (skippable)") if site.course.confidence_check else _("off")))
    out.append(language_line(site.course.language))
    out.extend(_data_lines(args, settings, problems))
    out.extend(_module_folder_lines(site, warnings))
    out.extend(_track_lines(site, settings, warnings, notes))
    out.extend(_kiosk_lines(site, warnings))
    out.extend(_serve_lines(site))
    out.extend(_helpline_lines(site))
    out.extend(_support_lines(site))

    warnings.extend(helplines_age_warnings(site))
    warnings.extend(_country_warnings(site))
    print("\n".join(out))
    found = problems + warnings + notes
    if found:
        print()
        for problem in found:
            print(_show(problem))
    told_warnings = counted(ngettext("{count} warning", "{count} warnings", len(warnings)), len(warnings))
    if problems:
        told_problems = counted(ngettext("{count} problem", "{count} problems", len(problems)), len(problems))
        print(_("{problems}, {warnings}.").format(problems=told_problems, warnings=told_warnings), file=sys.stderr)
        return ExitCode.USAGE
    if warnings:
        print(_("No problems; {warnings}.").format(warnings=told_warnings), file=sys.stderr)
    else:
        print(_("No problems."), file=sys.stderr)
    return ExitCode.OK


def _files_lines(args: argparse.Namespace, site: SiteConfig) -> list[str]:
    """The config files in the order they are read, and whether each was found."""
    out = [_("Configuration files (the later wins, except for [kiosk], [track], [privacy], [serve] and [store]):")]
    if site.files:
        for read in site.files:
            found = _("read") if read.found else _("not found")
            out.append(f"  {read.role:<5} {read.path}  {found}")
    else:
        from ..errors import ConfigError
        from ..site.loading import config_sources, missing_named_file

        for path, role in config_sources(args.config):
            if role == "named":  # MHCOURSE_CONFIG names a missing file (a missing --config stops earlier)
                raise ConfigError([missing_named_file(path, args.config)])
            out.append(f"  {role:<5} {path}  {_('not found')}")
    out.append("")
    return out


def _data_lines(args: argparse.Namespace, settings: Settings, problems: list[Problem]) -> list[str]:
    """The data folder in effect and where that came from; a network drive is a problem."""
    from ..progress.shared import is_group_shared, network_filesystem

    site = settings.site
    if settings.store_url:
        return _shared_store_lines(settings, problems)
    kind = network_filesystem(settings.data_dir)
    if kind:
        message = _("the data folder {folder} is on a network drive ({kind}); progress would be refused "
                    "there: choose a folder on this computer's own disk").format(folder=settings.data_dir, kind=kind)
        from_config = not (args.data_dir or os.environ.get("MHCOURSE_DATA_DIR")) and site.data_folder is not None
        problems.append(site.problem(("data", "folder"), message, warning=False) if from_config
                        else _warning(message, warning=False))
    notes = []
    if not settings.data_dir.exists():
        notes.append(_("does not exist yet: it is made when the course first starts"))
    if settings.data_shared or is_group_shared(settings.data_dir):
        notes.append(_("shared by several accounts: new files are group-writable"))
    out = [_("Data folder:    {folder}  (from {source})").format(folder=settings.data_dir,
                                                                   source=_data_source(args, site))]
    out.extend(f"                {n}" for n in notes)
    return out


def _module_folder_lines(site: SiteConfig, warnings: list[Problem]) -> list[str]:
    if not site.module_dirs:
        return [_("Module folders: none besides the bundled course")]
    out = []
    for i, folder in enumerate(site.module_dirs):
        missing = "" if folder.is_dir() else "  " + _("(missing)")
        out.append(f"{_('Module folders: ') if i == 0 else ' ' * 16}{folder}{missing}")
        if missing:
            warnings.append(site.problem(("modules", "folders"),
                                         _("the module folder {folder} does not exist").format(folder=folder)))
    return out


def _show(problem: Problem) -> str:
    """`FILE:LINE: key: message` when it belongs to a file; otherwise just what it is. A note (rule "note") is
    something worth knowing with nothing to fix."""
    if problem.rule == "note":
        if problem.file is not None:
            import dataclasses

            return str(dataclasses.replace(problem, message=_("note: {message}").format(message=problem.message)))
        return _("note: {message}").format(message=problem.message)
    if problem.file is not None:
        return str(problem)
    if problem.warning:
        return _("warning: {message}").format(message=problem.message)
    return _("problem: {message}").format(message=problem.message)


def _warning(message: str, warning: bool = True) -> Problem:
    from ..content.problems import Problem

    return Problem(None, message, warning=warning)


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _shared_store_lines(settings: Settings, problems: list[Problem]) -> list[str]:
    """The shared database in effect, where that came from, and whether it answers now (a few seconds at most)."""
    from ..errors import StoreError
    from ..site.store_url import ENV, where_of

    url = settings.store_url or ""
    source = ENV if os.environ.get(ENV, "").strip() else _("the site config's [store] url")
    try:
        where = where_of(url)
    except ImportError:
        where = _("a PostgreSQL database")
    out = [_("Progress:       the shared database {where}  (from {source})").format(where=where, source=source)]
    try:
        open_store(settings).close()
    except StoreError as err:
        problems.append(_warning(str(err), warning=False))
        return out
    out.append("                " + _("answers, and its tables are this version's"))
    return out


def _data_source(args: argparse.Namespace, site: SiteConfig) -> str:
    if args.data_dir:
        return "--data-dir"
    if os.environ.get("MHCOURSE_DATA_DIR"):
        return "MHCOURSE_DATA_DIR"
    if site.data_folder is not None:
        return _("[data] folder in {file}").format(file=site.origins.get(("data", "folder")))
    return _("the default for this account")


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(ids) or _("none")


def _track_lines(site: SiteConfig, settings: Settings, warnings: list[Problem], notes: list[Problem]) -> list[str]:
    """The track in effect: its preset, the modules offered and required, and the suggested time. load_catalog
    stops at any id of the site's own [track] lists the catalog lacks (exit 2), so every id shown here is a module
    that exists; a preset's id the catalog lacks is left out with a note. Without a required list (the site's or
    its preset's) the certificate requires the bundled modules offered, never one from a module folder: say so."""
    from ..site.settings import load_catalog
    from ..site.track import effective, preset_notes

    track = site.track
    catalog = load_catalog(settings)
    offered = track.modules(catalog.modules)
    required = track.required_modules(catalog.modules)
    lists = effective(site.track_settings)
    lines = []
    if lists.preset is not None:
        lines.append(_("Track:          preset '{name}': {title}").format(name=lists.preset.name,
                                                                           title=lists.preset.title))
        lines.append("                " + lists.preset.who)
        notes.extend(preset_notes(site, (m.id for m in catalog.modules)))
    first = _("Track:          ") if lists.preset is None else " " * 16
    if track.offered is None:
        lines.append(first + _("offered: every module in the catalog ({modules})").format(modules=_modules(offered)))
    else:
        lines.append(first + _("offered: as listed ({modules})").format(modules=_modules(offered)))
        lines.extend(_wrapped(_ids([m.id for m in offered]), 18))
    if track.required is None:
        added = [i for i in _added_by_config(catalog.entries, {m.id for m in offered})
                 if i not in {m.id for m in required}]
        if added:
            lines.append(_("                required for the certificate: every offered module of the bundled course "
                           "({modules})").format(modules=_modules(required)))
        else:
            lines.append(_("                required for the certificate: every offered module ({modules})")
                         .format(modules=_modules(required)))
        if added:
            notes.append(_note(site, ("modules", "folders"), _(
                "the module(s) added from other folders ({ids}) are offered but not required for the certificate: "
                "to require them, list the modules a certificate needs in [track] required").format(ids=_ids(added))))
    else:
        lines.append(_("                required for the certificate: {modules}").format(modules=_modules(required)))
        lines.extend(_wrapped(_ids([m.id for m in required]), 18))
    lines.append(_("                suggested time: {required} for the required modules, {offered} for every "
                   "offered module").format(required=_duration(sum(m.module.minutes for m in required)),
                                            offered=_duration(sum(m.module.minutes for m in offered))))
    lines.append(_("                must be passed even if skipped at the content note: {ids}")
                 .format(ids=_ids(track.no_skipping)))
    return lines


def _duration(minutes: int) -> str:
    """235 -> "about 4 hours (235 minutes)": to the half hour, as a plan for a session needs."""
    hours = round(minutes / 30) / 2
    return _("about {hours:g} hours ({minutes} minutes)").format(hours=hours, minutes=minutes)


def _note(site: SiteConfig, key: tuple[str, ...], message: str) -> Problem:
    import dataclasses

    return dataclasses.replace(site.problem(key, message, warning=False), rule="note")


def _added_by_config(entries: Iterable[Entry], offered: set[str]) -> list[str]:
    """The ids of offered modules that are not the bundled course's (added from a module folder)."""
    from ..site.track import bundled_ids

    bundled = bundled_ids()
    return [e.module.id for e in entries if e.module.id in offered and e.module.id not in bundled]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _wrapped(text: str, indent: int) -> list[str]:
    return textwrap.wrap(text, 100, initial_indent=" " * indent, subsequent_indent=" " * indent, break_on_hyphens=False)


def _kiosk_lines(site: SiteConfig, warnings: list[Problem]) -> list[str]:
    k = site.kiosk
    if not k.enabled:
        return [_("Kiosk:          off")]
    if k.facilitator_pin_hash:
        pin = _("set (hashed)")
    elif k.facilitator_pin:
        pin = _("set (in plain text)")
    else:
        pin = _("not set")
    if not k.has_pin:
        warnings.append(site.problem(("kiosk", "enabled"),
                                     _("there is no facilitator PIN, so the course cannot be closed from inside kiosk "
                                       "mode: add facilitator_pin_hash (make one with `mhcourse config hash-pin`)")))
    if k.facilitator_pin and not k.facilitator_pin_hash:
        warnings.append(site.problem(("kiosk", "facilitator_pin"),
                                     _("the PIN is in plain text: anyone who can read this file can read it; "
                                       "prefer facilitator_pin_hash (mhcourse config hash-pin)")))
    if k.hide_names:
        how = _("                locks after {minutes}; profile names hidden (learners type their "
                "name); facilitator PIN {pin}")
    else:
        how = _("                locks after {minutes}; profile names listed; facilitator PIN {pin}")
    return [_("Kiosk:          on"), how.format(minutes=_idle(k.idle_minutes), pin=pin)]


def _serve_lines(site: SiteConfig) -> list[str]:
    """Who `mhcourse serve` may let reach the web page, and when a session ends."""
    s = site.serve
    if s.allow_network:
        first = _("Web page:       mhcourse serve may listen on the network (--host); serve a trusted network only")
    else:
        first = _("Web page:       mhcourse serve is for this computer only (the network is not allowed)")
    idle = _("                signs a learner out after {minutes}").format(minutes=_idle(s.idle_minutes))
    lines = [first, idle]
    if s.hostnames:
        lines.append(_("                also answers to: {names}").format(names=", ".join(s.hostnames)))
    return lines


def _helpline_lines(site: SiteConfig) -> list[str]:
    from ..content.helplines import built_in

    h = site.helplines_settings
    if not h.line:
        return [_("Get help now:   the built-in list (checked {checked})").format(checked=built_in().checked)]
    count = len(h.line)
    if h.mode == "replace":
        first = ngettext("Get help now:   only your {count} local line (checked {checked}); the emergency advice "
                         "stays", "Get help now:   only your {count} local lines (checked {checked}); the emergency "
                         "advice stays", count)
    else:
        first = ngettext("Get help now:   your {count} local line first (checked {checked}), then the built-in list "
                         "(checked {built_in})", "Get help now:   your {count} local lines first (checked {checked}), "
                         "then the built-in list (checked {built_in})", count)
    return [first.format(count=format_number(count), checked=h.checked, built_in=built_in().checked),
            *(f"                - {line.name}" + (" (" + _("for {audience}").format(audience=line.audience) + ")"
                                                  if line.audience else "") for line in h.line)]


def _country_warnings(site: SiteConfig) -> list[Problem]:
    """A country the built-in list lacks ("UK") would put no country's lines first."""
    from ..site.helplines import country_problem

    h = site.helplines_settings
    message = None if h.line and h.mode == "replace" else country_problem(h.country)
    return [site.problem(("helplines", "country"), message)] if message else []


def _support_lines(site: SiteConfig) -> list[str]:
    s = site.support
    if s.is_empty():
        return [_("Local support:  none listed")]
    return [_("Local support:  {groups}, {services}, {partners}").format(
        groups=counted(ngettext("{count} group", "{count} groups", len(s.groups)), len(s.groups)),
        services=counted(ngettext("{count} service", "{count} services", len(s.services)), len(s.services)),
        partners=counted(ngettext("{count} partner", "{count} partners", len(s.partners)), len(s.partners)))]



def _modules(modules: Sized) -> str:
    return counted(ngettext("{count} module", "{count} modules", len(modules)), len(modules))


def _idle(minutes: int) -> str:
    return counted(ngettext("{count} idle minute", "{count} idle minutes", minutes), minutes)


# -- config example ----------------------------------------------------------------------------------


def cmd_config_example(args: argparse.Namespace, settings: Settings) -> int:
    from ..site.settings import load_catalog

    ids = [m.id for m in load_catalog(settings).modules]
    text = example_text(ids)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return ExitCode.OK
    target = Path(args.output)
    refuse_output(target, settings)
    try:
        with open(target, "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        print(_("mhcourse: {target} already exists; nothing was written. Choose another name, or compare the two "
                "by eye.").format(target=target), file=sys.stderr)
        return ExitCode.PROBLEMS
    except OSError as err:
        print(_("mhcourse: cannot write {target}: {why}").format(target=target, why=err.strerror or err),
              file=sys.stderr)
        return ExitCode.PROBLEMS
    print(_("Wrote {target}. Edit it, then check it with: mhcourse config check --config {target}")
          .format(target=target), file=sys.stderr)
    return ExitCode.OK


def example_text(module_ids: list[str], today: dt.date | None = None) -> str:
    """A commented example config. Explanations start with "# "; example values that are switched off
    start with "#" directly followed by the value's text: remove the "#" to use them."""
    import platformdirs
    import tomli_w

    from ..paths import APP
    from ..site.schema import ConfigFile

    today = today or dt.date.today()
    parts: list[str] = [_(_EXAMPLE_HEADER).format(
        site=platformdirs.site_config_path(APP, appauthor=False) / "config.toml",
        user=platformdirs.user_config_path(APP, appauthor=False) / "config.toml",
    )]

    def section(name: str, intro: str) -> None:
        parts.append("")
        parts.append("# " + "-" * 70)
        parts.append(_comment(f"[{name}] {ConfigFile.model_fields[name].description} {intro}".strip()))
        parts.append("# " + "-" * 70)
        parts.append(f"[{name}]")

    def key(name: str, model: type[BaseModel], field: str, value: object, *, on: bool) -> None:
        parts.append(_comment(model.model_fields[field].description))
        text = tomli_w.dumps({field: value}).rstrip("\n")
        parts.append(text if on else _off(text))

    def table(header: str, entry: dict[str, str], *, note: str | None) -> None:
        parts.append("")
        parts.append(_comment(note))
        parts.append(_off(f"[[{header}]]\n" + tomli_w.dumps(entry).rstrip("\n")))

    from ..site.presets import presets
    from ..site.schema import (
        CourseSettings,
        DataSettings,
        HelplinesSettings,
        KioskSettings,
        ModulesSettings,
        Organization,
        ServeSettings,
        StoreSettings,
        SupportSettings,
        TrackSettings,
    )

    section("organization", "")
    key("name", Organization, "name", "Riverside Community Centre", on=False)
    key("welcome", Organization, "welcome",
        "Welcome. Take the course at your own pace; your progress is saved as you go. "
        "If anything in it brings up difficult feelings, press F1 for help, or talk to a member of staff.", on=False)

    section("course", "")
    key("confidence_check", CourseSettings, "confidence_check", True, on=True)
    key("language", CourseSettings, "language", "en", on=False)

    section("helplines", _("Learners see your lines in Get help now (F1), above the built-in national lines."))
    key("mode", HelplinesSettings, "mode", "add", on=True)
    key("country", HelplinesSettings, "country", "GB", on=False)
    from ..content.helplines import built_in

    parts.append(_comment(_("The countries of the built-in list: {codes}.").format(
        codes=", ".join(f"{c.code} ({c.name})" for c in built_in().country if not c.local))))
    key("checked", HelplinesSettings, "checked", today.strftime("%Y-%m"), on=False)
    key("emergency", HelplinesSettings, "emergency", "999", on=False)
    parts.append(_comment(_("Each [[helplines.line]] table is one line: its name, at least one of number, text or "
                            "url, and if you like dial and sms (the digits a phone dials or texts), audience (who "
                            "it is for), hours, languages, region, source (where you checked it) and checked (the "
                            "month you checked it). docs/facilitators.md describes each field.")))
    table("helplines.line", {"name": "Riverside Crisis Cafe", "number": "0113 496 0000", "dial": "01134960000",
                             "hours": "Fridays and Saturdays, 6pm to 11pm", "region": "Riverside",
                             "source": "https://riverside.example/crisis-cafe"},
          note=_("A made-up example: replace it with a real service you have called to check."))

    section("modules", "")
    key("folders", ModulesSettings, "folders", ["/srv/mhcourse/modules"], on=False)

    section("track", _("A learner's own config cannot change it."))
    key("preset", TrackSettings, "preset", "workplace", on=False)
    parts.append(_comment(_("The presets: {presets}. `mhcourse config check` shows the modules and suggested time of "
                            "the one you pick.").format(presets="; ".join(
                                f"{p.name} ({p.title})" for p in presets().values()))))
    parts.append(_comment(_("The modules in this mhcourse now: {ids}.")
                          .format(ids=", ".join(module_ids) or _("(none found)"))))
    key("offered", TrackSettings, "offered", module_ids, on=False)
    key("required", TrackSettings, "required", module_ids[:4], on=False)
    key("no_skipping", TrackSettings, "no_skipping", module_ids[:1], on=False)

    section("data", "")
    key("folder", DataSettings, "folder", "/srv/mhcourse", on=False)
    key("shared", DataSettings, "shared", True, on=False)

    section("store", _("A learner's own config cannot change it. docs/facilitators.md says how to set up a "
                       "shared database for several computers."))
    key("url", StoreSettings, "url", "postgresql://mhcourse@db.riverside.lan/mhcourse", on=False)

    section("kiosk", _("A learner's own config cannot change it."))
    key("enabled", KioskSettings, "enabled", False, on=True)
    key("idle_minutes", KioskSettings, "idle_minutes", 10, on=True)
    key("hide_names", KioskSettings, "hide_names", True, on=True)
    parts.append(_comment(_("The facilitator PIN closes the course in kiosk mode (without one it cannot be closed "
                            "from inside): run `mhcourse config hash-pin` and paste the facilitator_pin_hash line it "
                            "prints here.")))
    parts.append(_comment(_("Kiosk mode and the PIN are a privacy screen between learners, not a lock: anyone who can "
                          "use this computer's account can get around them (docs/facilitators.md).")))

    section("serve", _("A learner's own config cannot change it. docs/facilitators.md says how to serve a room "
                       "safely."))
    key("allow_network", ServeSettings, "allow_network", False, on=True)
    key("hostnames", ServeSettings, "hostnames", ["course.riverside.lan"], on=False)
    key("idle_minutes", ServeSettings, "idle_minutes", 30, on=True)

    section("support", _("Made-up examples below: replace them with real ones, or leave them switched off."))
    key("intro", SupportSettings, "intro",
        "People and places near here that can help, in person or on the phone.", on=False)
    table("support.groups", {"name": "Thursday peer support group",
                             "what": "A friendly group to talk and listen; no need to book.",
                             "when": "Thursdays 6pm to 7:30pm", "where": "Room 2, Riverside Community Centre",
                             "how_to_reach": "Just come along, or ask at reception."},
          note=SupportSettings.model_fields["groups"].description)
    table("support.services", {"name": "Riverside Talking Therapies",
                               "what": "Free NHS talking therapies; you can refer yourself.",
                               "how_to_reach": "Call 0113 496 0001 or ask your GP."},
          note=SupportSettings.model_fields["services"].description)
    table("support.partners", {"name": "Riverside Food Bank", "what": "Food parcels and a warm welcome.",
                               "when": "Mondays and Wednesdays 10am to 1pm", "where": "14 Mill Lane",
                               "how_to_reach": "Call 0113 496 0002."},
          note=SupportSettings.model_fields["partners"].description)
    return "\n".join(parts) + "\n"


_EXAMPLE_HEADER = N_("""\
# mhcourse configuration: an example to edit.
#
# Where this file goes (the first that applies):
# - a file named by --config FILE or MHCOURSE_CONFIG=FILE: that file alone, in the site config's place;
# - the site config, for every account on this computer:
#   {site}
# - the user config, for one account (it can change any site setting except [kiosk], [track], [privacy] and
#   [serve]):
#   {user}
# Settings, strongest first: command line > environment > user config > site config > defaults.
#
# Every key is optional. An example value that is switched off starts with "#" right before the key
# (like #name = ...): remove that "#" to use it. Check your file with: mhcourse config check""")


def _comment(text: str | None, width: int = 100) -> str:
    return "\n".join("# " + line for line in textwrap.wrap(text or "", width - 2, break_on_hyphens=False))


def _off(text: str) -> str:
    return "\n".join("#" + line for line in text.splitlines())


# -- config hash-pin -----------------------------------------------------------------------------------


def cmd_config_hash_pin(args: argparse.Namespace, settings: Settings) -> int:
    from ..site.schema import hash_facilitator_pin

    if sys.stdin.isatty():
        pin = getpass.getpass(_("Facilitator PIN (4 to 12 digits, not shown): ")).strip()
        again = getpass.getpass(_("The same PIN again: ")).strip()
        if pin != again:
            raise UsageError(_("the two PINs differ; nothing was made"))
    else:
        pin = sys.stdin.readline().strip()
    try:
        line = f'facilitator_pin_hash = "{hash_facilitator_pin(pin)}"'
    except ValueError:
        raise UsageError(_("a facilitator PIN is 4 to 12 digits, like 4071")) from None
    print(line)
    print(_("Put this line in the [kiosk] table of the site config; keep the PIN itself to the facilitators."),
          file=sys.stderr)
    return ExitCode.OK
