"""Commands on the site configuration: check it, write a commented example, hash a facilitator PIN.

A config file with problems stops every command at start-up (cli.main prints each problem and
exits 2), `config check` included; when the files are fine, `config check` prints the settings in
effect and any warnings, and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import textwrap
from pathlib import Path

from .cli import OK, PROBLEMS, USAGE, UsageError, _global_options


def register(command) -> None:
    """Add this module's subcommands; `command(name, help)` returns a subparser with the global options."""
    config = command("config", "check the site configuration, or write a commented example")
    actions = config.add_subparsers(dest="config_action", metavar="ACTION", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        _global_options(sub, in_command=True)
        return sub

    check = action("check", "check the config files and print the settings in effect (exit 2 on problems)")
    check.set_defaults(handler=cmd_config_check, shows_config_warnings=True)

    example = action("example", "write a commented example config (to standard output, or to FILE)")
    example.add_argument("-o", "--output", metavar="FILE", help="write to FILE; an existing FILE is never replaced")
    example.set_defaults(handler=cmd_config_example, writes_config=True)

    pin = action("hash-pin", "turn a facilitator PIN into the facilitator_pin_hash line for [kiosk]")
    pin.set_defaults(handler=cmd_config_hash_pin)


# -- config check ----------------------------------------------------------------------------------


def cmd_config_check(args: argparse.Namespace, settings) -> int:
    from .site.helplines import helplines_age_warnings
    from .progress.shared import is_group_shared, network_filesystem

    site = settings.site
    problems, warnings = [], list(site.warnings)
    out: list[str] = ["Configuration files (the later wins, except for [kiosk], [track] and [privacy]):"]
    if site.files:
        for read in site.files:
            out.append(f"  {_ROLE[read.role]:<5} {read.path}  {'read' if read.found else 'not found'}")
    else:
        from .site.loading import config_sources, missing_named_file
        from .errors import ConfigError

        for path, role in config_sources(args.config):
            if role == "named":  # MHCOURSE_CONFIG names a missing file (a missing --config stops earlier)
                raise ConfigError([missing_named_file(path, args.config)])
            out.append(f"  {_ROLE[role]:<5} {path}  not found")
    out.append("")

    org = site.organization
    out.append(f"Organization:   {org.name or '(not set)'}")
    out.append(f"Welcome:        {_short(org.welcome) if org.welcome else '(the standard welcome)'}")
    out.append(f"Confidence question: {'asked (skippable)' if site.course.confidence_check else 'off'}")

    data_line = f"{settings.data_dir}  (from {_data_source(args, site)})"
    kind = network_filesystem(settings.data_dir)
    if kind:
        message = (f"the data folder {settings.data_dir} is on a network drive ({kind}); progress would be refused "
                   "there: choose a folder on this computer's own disk")
        from_config = not (args.data_dir or os.environ.get("MHCOURSE_DATA_DIR")) and site.data_folder is not None
        problems.append(site.problem(("data", "folder"), message, warning=False) if from_config
                        else _warning(message, warning=False))
    notes = []
    if not settings.data_dir.exists():
        notes.append("does not exist yet: it is made when the course first starts")
    if settings.data_shared or is_group_shared(settings.data_dir):
        notes.append("shared by several accounts: new files are group-writable")
    out.append(f"Data folder:    {data_line}")
    out.extend(f"                {n}" for n in notes)

    if site.module_dirs:
        for i, folder in enumerate(site.module_dirs):
            missing = "" if folder.is_dir() else "  (missing)"
            out.append(f"{'Module folders: ' if i == 0 else ' ' * 16}{folder}{missing}")
            if missing:
                warnings.append(site.problem(("modules", "folders"), f"the module folder {folder} does not exist"))
    else:
        out.append("Module folders: none besides the bundled course")

    out.extend(_track_lines(site, settings))
    out.extend(_kiosk_lines(site, warnings))
    out.extend(_helpline_lines(site))
    out.extend(_support_lines(site))

    warnings.extend(helplines_age_warnings(site))
    warnings.extend(_country_warnings(site))
    print("\n".join(out))
    found = problems + warnings
    if found:
        print()
        for problem in found:
            print(_show(problem))
    if problems:
        print(f"{len(problems)} problem(s), {len(warnings)} warning(s).", file=sys.stderr)
        return USAGE
    print(f"No problems{f'; {len(warnings)} warning(s)' if warnings else ''}.", file=sys.stderr)
    return OK


_ROLE = {"site": "site", "user": "user", "named": "named"}


def _show(problem) -> str:
    """`FILE:LINE: key: message` when it belongs to a file; otherwise just what it is."""
    if problem.file is not None:
        return str(problem)
    return f"{'warning' if problem.warning else 'problem'}: {problem.message}"


def _warning(message: str, warning: bool = True):
    from .content.problems import Problem

    return Problem(None, message, warning=warning)


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _data_source(args: argparse.Namespace, site) -> str:
    if args.data_dir:
        return "--data-dir"
    if os.environ.get("MHCOURSE_DATA_DIR"):
        return "MHCOURSE_DATA_DIR"
    if site.data_folder is not None:
        return f"[data] folder in {site.origins.get(('data', 'folder'))}"
    return "the default for this account"


def _ids(ids) -> str:
    return ", ".join(ids) if ids else "none"


def _track_lines(site, settings) -> list[str]:
    """The track in effect. load_catalog stops at any [track] id the catalog lacks (exit 2), so every
    id shown here is a module that exists."""
    from .site.settings import load_catalog

    track = site.track
    catalog = load_catalog(settings)
    offered = track.modules(catalog.modules)
    required = track.required_modules(catalog.modules)
    lines = [
        f"Track:          offered: {'every module in the catalog' if track.offered is None else 'as listed'}"
        f" ({len(offered)} module(s))",
    ]
    if track.offered is not None:
        lines.extend(_wrapped(_ids([m.id for m in offered]), 18))
    lines.append("                required for the certificate: "
                 + ("every offered module" if track.required is None else f"{len(required)} module(s)"))
    if track.required is not None:
        lines.extend(_wrapped(_ids([m.id for m in required]), 18))
    lines.append(f"                must be passed even if skipped at the content note: {_ids(track.no_waiver)}")
    return lines


def _wrapped(text: str, indent: int) -> list[str]:
    return textwrap.wrap(text, 100, initial_indent=" " * indent, subsequent_indent=" " * indent, break_on_hyphens=False)


def _kiosk_lines(site, warnings: list) -> list[str]:
    k = site.kiosk
    if not k.enabled:
        return ["Kiosk:          off"]
    pin = "set (hashed)" if k.facilitator_pin_hash else "set (in plain text)" if k.facilitator_pin else "not set"
    if not k.has_pin:
        warnings.append(site.problem(("kiosk", "enabled"),
                                     "there is no facilitator PIN, so the course cannot be closed from inside kiosk mode: "
                                     "add facilitator_pin_hash (make one with `mhcourse config hash-pin`)"))
    if k.facilitator_pin and not k.facilitator_pin_hash:
        warnings.append(site.problem(("kiosk", "facilitator_pin"),
                                     "the PIN is in plain text: anyone who can read this file can read it; "
                                     "prefer facilitator_pin_hash (mhcourse config hash-pin)"))
    return [
        "Kiosk:          on",
        f"                locks after {k.idle_minutes} idle minute(s); profile names "
        f"{'hidden (learners type their name)' if k.hide_names else 'listed'}; facilitator PIN {pin}",
    ]


def _helpline_lines(site) -> list[str]:
    from .content.helplines import built_in

    h = site.helplines_settings
    if not h.line:
        return [f"Get help now:   the built-in list (checked {built_in().checked})"]
    lines = len(h.line)
    if h.mode == "replace":
        first = f"only your {lines} local line(s) (checked {h.checked}); the emergency advice stays"
    else:
        first = f"your {lines} local line(s) first (checked {h.checked}), then the built-in list (checked {built_in().checked})"
    return [f"Get help now:   {first}", *(f"                - {line.name}" for line in h.line)]


def _country_warnings(site) -> list:
    """A country the built-in list lacks ("UK") would put no country's lines first."""
    from .site.helplines import country_problem

    h = site.helplines_settings
    message = None if h.line and h.mode == "replace" else country_problem(h.country)
    return [site.problem(("helplines", "country"), message)] if message else []


def _support_lines(site) -> list[str]:
    s = site.support
    if s.is_empty():
        return ["Local support:  none listed"]
    counts = [f"{len(s.groups)} group(s)", f"{len(s.services)} service(s)", f"{len(s.partners)} partner(s)"]
    return [f"Local support:  {', '.join(counts)}"]


# -- config example ----------------------------------------------------------------------------------


def cmd_config_example(args: argparse.Namespace, settings) -> int:
    from .site.settings import load_catalog

    ids = [m.id for m in load_catalog(settings).modules]
    text = example_text(ids)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return OK
    target = Path(args.output)
    from .cli_progress import _refuse_output

    _refuse_output(target, settings)
    try:
        with open(target, "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        print(f"mhcourse: {target} already exists; nothing was written. Choose another name, or compare the two by eye.",
              file=sys.stderr)
        return PROBLEMS
    except OSError as err:
        print(f"mhcourse: cannot write {target}: {err.strerror or err}", file=sys.stderr)
        return PROBLEMS
    print(f"Wrote {target}. Edit it, then check it with: mhcourse config check --config {target}", file=sys.stderr)
    return OK


def example_text(module_ids: list[str], today: dt.date | None = None) -> str:
    """A commented example config. Explanations start with "# "; example values that are switched off
    start with "#" directly followed by the value's text: remove the "#" to use them."""
    import platformdirs
    import tomli_w

    from .site.schema import ConfigFile
    from .paths import APP

    today = today or dt.date.today()
    parts: list[str] = [_EXAMPLE_HEADER.format(
        site=platformdirs.site_config_path(APP, appauthor=False) / "config.toml",
        user=platformdirs.user_config_path(APP, appauthor=False) / "config.toml",
    )]

    def section(name: str, intro: str) -> None:
        parts.append("")
        parts.append("# " + "-" * 70)
        parts.append(_comment(f"[{name}] {ConfigFile.model_fields[name].description} {intro}".strip()))
        parts.append("# " + "-" * 70)
        parts.append(f"[{name}]")

    def key(name: str, model, field: str, value, *, on: bool) -> None:
        parts.append(_comment(model.model_fields[field].description))
        text = tomli_w.dumps({field: value}).rstrip("\n")
        parts.append(text if on else _off(text))

    def table(header: str, entry: dict, *, note: str) -> None:
        parts.append("")
        parts.append(_comment(note))
        parts.append(_off(f"[[{header}]]\n" + tomli_w.dumps(entry).rstrip("\n")))

    from .site.schema import (
        CourseSettings,
        DataSettings,
        HelplinesSettings,
        KioskSettings,
        ModulesSettings,
        Organization,
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

    section("helplines", "Learners see your lines in Get help now (F1), above the built-in national lines.")
    key("mode", HelplinesSettings, "mode", "add", on=True)
    key("country", HelplinesSettings, "country", "GB", on=False)
    key("checked", HelplinesSettings, "checked", today.strftime("%Y-%m"), on=False)
    key("emergency", HelplinesSettings, "emergency", "999", on=False)
    parts.append(_comment("Each [[helplines.line]] table is one line: its name, at least one of phone, text or url, "
                          "and if you like its hours and region."))
    table("helplines.line", {"name": "Riverside Crisis Cafe", "phone": "0113 496 0000",
                             "hours": "Fridays and Saturdays, 6pm to 11pm", "region": "Riverside"},
          note="A made-up example: replace it with a real service you have called to check.")

    section("modules", "")
    key("folders", ModulesSettings, "folders", ["/srv/mhcourse/modules"], on=False)

    section("track", "A learner's own config cannot change it.")
    parts.append(_comment("The modules in this mhcourse now: " + (", ".join(module_ids) or "(none found)") + "."))
    key("offered", TrackSettings, "offered", module_ids, on=False)
    key("required", TrackSettings, "required", module_ids[:4], on=False)
    key("no_waiver", TrackSettings, "no_waiver", module_ids[:1], on=False)

    section("data", "")
    key("folder", DataSettings, "folder", "/srv/mhcourse", on=False)
    key("shared", DataSettings, "shared", True, on=False)

    section("kiosk", "A learner's own config cannot change it.")
    key("enabled", KioskSettings, "enabled", False, on=True)
    key("idle_minutes", KioskSettings, "idle_minutes", 10, on=True)
    key("hide_names", KioskSettings, "hide_names", True, on=True)
    parts.append(_comment("The facilitator PIN closes the course in kiosk mode (without one it cannot be closed from "
                          "inside): run `mhcourse config hash-pin` and paste the facilitator_pin_hash line it prints here."))
    parts.append(_comment("Kiosk mode and the PIN are a privacy screen between learners, not a lock: anyone who can "
                          "use this computer's account can get around them (docs/facilitators.md)."))

    section("support", "Made-up examples below: replace them with real ones, or leave them switched off.")
    key("intro", SupportSettings, "intro",
        "People and places near here that can help, in person or on the phone.", on=False)
    table("support.groups", {"name": "Thursday peer support group", "what": "A friendly group to talk and listen; no need to book.",
                             "when": "Thursdays 6pm to 7:30pm", "where": "Room 2, Riverside Community Centre",
                             "how_to_reach": "Just come along, or ask at reception."},
          note=SupportSettings.model_fields["groups"].description)
    table("support.services", {"name": "Riverside Talking Therapies", "what": "Free NHS talking therapies; you can refer yourself.",
                               "how_to_reach": "Call 0113 496 0001 or ask your GP."},
          note=SupportSettings.model_fields["services"].description)
    table("support.partners", {"name": "Riverside Food Bank", "what": "Food parcels and a warm welcome.",
                               "when": "Mondays and Wednesdays 10am to 1pm", "where": "14 Mill Lane",
                               "how_to_reach": "Call 0113 496 0002."},
          note=SupportSettings.model_fields["partners"].description)
    return "\n".join(parts) + "\n"


_EXAMPLE_HEADER = """\
# mhcourse configuration: an example to edit.
#
# Where this file goes (the first that applies):
# - a file named by --config FILE or MHCOURSE_CONFIG=FILE: that file alone, in the site config's place;
# - the site config, for every account on this computer:
#   {site}
# - the user config, for one account (it can change any site setting except [kiosk], [track] and [privacy]):
#   {user}
# Settings, strongest first: command line > environment > user config > site config > defaults.
#
# Every key is optional. An example value that is switched off starts with "#" right before the key
# (like #name = ...): remove that "#" to use it. Check your file with: mhcourse config check"""


def _comment(text: str | None, width: int = 100) -> str:
    return "\n".join("# " + line for line in textwrap.wrap(text or "", width - 2, break_on_hyphens=False))


def _off(text: str) -> str:
    return "\n".join("#" + line for line in text.splitlines())


# -- config hash-pin -----------------------------------------------------------------------------------


def cmd_config_hash_pin(args: argparse.Namespace, settings) -> int:
    from .site.schema import hash_facilitator_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("Facilitator PIN (4 to 12 digits, not shown): ").strip()
        again = getpass.getpass("The same PIN again: ").strip()
        if pin != again:
            raise UsageError("the two PINs differ; nothing was made")
    else:
        pin = sys.stdin.readline().strip()
    try:
        line = f'facilitator_pin_hash = "{hash_facilitator_pin(pin)}"'
    except ValueError:
        raise UsageError("a facilitator PIN is 4 to 12 digits, like 4071") from None
    print(line)
    print("Put this line in the [kiosk] table of the site config; keep the PIN itself to the facilitators.",
          file=sys.stderr)
    return OK
