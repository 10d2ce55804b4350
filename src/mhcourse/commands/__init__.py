"""The commands of `mhcourse`, one module per group, found through a lazy registry (pip's `commands_dict`).

`COMMANDS` names each command's module, the function that adds its arguments (and sets its handler) and
its one-line summary, so `mhcourse --help` lists every command without importing any of them, and
`mhcourse list` imports only the module of `list`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import __version__
from ..i18n import _
from ._common import N_, Handler, UsageError, global_options, unknown_language

if TYPE_CHECKING:
    from ..site.settings import Settings


class Command(NamedTuple):
    module: str
    """The module under mhcourse.commands that holds the command."""
    function: str
    """Its function that adds the command's arguments to the parser it is given, and sets its handler."""
    summary: str
    """The line `mhcourse --help` shows (translated when shown)."""


COMMANDS: dict[str, Command] = {
    "validate": Command("modules", "add_validate", N_("check lesson module files (default: the whole catalog)")),
    "schema": Command("modules", "add_schema", N_("print the JSON Schema of the module format")),
    "new": Command("modules", "add_new", N_("write a new module skeleton that validates")),
    "list": Command("modules", "add_list", N_("list the modules in the catalog")),
    "map": Command("authoring", "add_map",
                   N_("draw a module's scenarios (steps, options, tones, endings) as a Mermaid or DOT graph, "
                      "or an outline")),
    "fmt": Command("authoring", "add_fmt",
                   N_("rewrite module files in the canonical key order and layout, comments kept; --check for CI")),
    "preview": Command("course", "add_preview",
                       N_("open one module in the course as a learner sees it; nothing is saved")),
    "profile": Command("profile", "add_profile", N_("list, rename or delete learner profiles")),
    "progress": Command("records", "add_progress", N_("show each module's state and scores for a profile")),
    "export": Command("records", "add_export",
                      N_("write a profile's whole record as a TOML file to carry to another computer")),
    "import": Command("records", "add_import",
                      N_("add a learner's record from an export file as a new profile (a name already here is "
                         "refused: choose --as NEW_NAME or --into NAME); no PIN comes with it")),
    "backup": Command("records", "add_backup",
                      N_("copy all profiles' progress into FILE, safely even while the course is open")),
    "store": Command("store", "add_store",
                     N_("copy this computer's progress into the shared PostgreSQL database (store copy --to URL), "
                        "or the progress in use into a portable file (--to FILE)")),
    "config": Command("config", "add_config", N_("check the site configuration, or write a commented example")),
    "read": Command("course", "add_read",
                    N_("read the course as plain text, one numbered choice at a time (screen readers, scripts)")),
    "report": Command("centre", "add_report",
                      N_("a facilitator's report on every module: started, completed, passed, scores, "
                         "hardest questions, confidence (no names unless --names)")),
    "certificate": Command("centre", "add_certificate",
                           N_("save a learner's certificate once every required module is passed, "
                              "or check a certificate's reference")),
    "serve": Command("serve", "add_serve", N_("serve the course as a web page for this computer or a room, phones "
                                              "included; --terminal: the terminal course in a browser "
                                              "(needs mhcourse[serve])")),
}


def course_parser(**options: Any) -> argparse.ArgumentParser:
    """The options of `mhcourse` with no command: the course's own and the global ones."""
    parser = argparse.ArgumentParser(
        prog="mhcourse",
        description=_("A self-guided mental health awareness course. Run with no command to start the course."),
        **options,
    )
    parser.add_argument("--kiosk", action="store_true",
                        help=_("start the course in kiosk mode for a shared computer (docs/facilitators.md)"))
    global_options(parser, in_command=False)
    return parser


def build_parser(only: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `only`, every command is listed but only those named get their arguments
    (and their modules imported): enough to parse a command line that names one of them."""
    wanted = set(COMMANDS) if only is None else set(only)
    parser = course_parser()
    parser.add_argument("--version", action="version", version=f"mhcourse {__version__}",
                        help=_("show the version of mhcourse and exit"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        summary = _(command.summary)
        sub = commands.add_parser(name, help=summary, description=summary)
        global_options(sub, in_command=True)
        if name in wanted:
            module = importlib.import_module(f"{__name__}.{command.module}")
            getattr(module, command.function)(sub)
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments; raises SystemExit as argparse does (2 on bad usage, 0 for --help and --version).

    Plain `mhcourse` (global options at most) is read without building the parser of any command, and a
    command line with a command builds that command's parser alone: the others take time to import.
    """
    try:
        args, rest = course_parser(add_help=False, exit_on_error=False).parse_known_args(argv)
    except argparse.ArgumentError:
        rest = ["(let the full parser explain)"]
    if rest:
        return build_parser(only=_named_command(rest)).parse_args(argv)
    args.command = None
    return args


def _named_command(words: list[str]) -> list[str]:
    """The command the first word left over after the course's own options names, if it is one (for `--help`,
    or a word that is no command, the list of commands is enough)."""
    first = next((word for word in words if not word.startswith("-")), None)
    return [first] if first in COMMANDS else []


def speak(flag: str | None, settings: Settings) -> None:
    """The language once the config is loaded and checked (cli.py chose it from a quick look before parsing):
    --lang (as argparse read it), MHCOURSE_LANG, the site's [course] language, the computer's (i18n)."""
    from .. import i18n

    if flag is not None:
        if i18n.language_of(flag) is None:
            raise UsageError(unknown_language(flag))
        i18n.remember_command_line(flag)
    i18n.use_language(i18n.choose_language(site=settings.site.course.language if settings.config else None))


def run(args: argparse.Namespace) -> int:
    """Resolve the run's settings, then start the course or the command the arguments name."""
    from ..site.settings import Settings

    for option, value in (("--data-dir", args.data_dir), ("--config", args.config)):
        if value is not None and not value.strip():  # an empty name would quietly mean the default
            raise UsageError(_("{option} needs a name; it was given an empty one (nothing was done)")
                             .format(option=option))
    if any(not folder.strip() for folder in args.modules or ()):  # "" would load every TOML file here as a module
        raise UsageError(_("--modules needs a folder name; it was given an empty one (nothing was done)"))
    settings = Settings.resolve(args.data_dir, args.modules, args.config,
                                writing_config=getattr(args, "writes_config", False))
    speak(getattr(args, "lang", None), settings)
    if settings.config is not None and not getattr(args, "shows_config_warnings", False):
        for warning in settings.config.warnings:
            print(warning, file=sys.stderr)
    if args.command is None:
        from .course import start_course

        return start_course(settings, kiosk=args.kiosk)
    handler: Handler = args.handler
    return handler(args, settings)
