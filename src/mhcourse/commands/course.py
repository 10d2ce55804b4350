"""Taking the course: `mhcourse` with no command (the TUI), `preview` (one module, nothing saved) and `read`
(the plain, screen-reader-friendly face).

MHCOURSE_SEED=N (a whole number) fixes the order in which quiz questions, choices and knowledge-check items
are shuffled, so a scripted session or a demo runs the same way every time (`_common.seed`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _, ngettext
from ._common import N_, ExitCode, UsageError, counted, open_store, seed

if TYPE_CHECKING:
    from ..content.models import Module
    from ..content.summary import ModuleSummary
    from ..progress.access import Access
    from ..site.settings import Settings

NO_TERMINAL = N_("""\
mhcourse is an interactive course and needs a terminal to run in.
Open a terminal window and type: mhcourse

Other commands work anywhere:
  mhcourse list                  the modules in the course
  mhcourse validate [PATH ...]   check lesson module files
  mhcourse --help                every command
""")

DUMB_TERMINAL = N_("""\
This terminal (TERM=dumb) cannot draw the course's screens.
The plain-text course works here, and with screen readers: mhcourse read
""")
ASK_PLAIN = N_("Start the plain-text course instead? [y/N] ")

READ_EPILOG = N_("""\
Type a number and press Enter to choose. At any prompt you can also type: next, back,
repeat (the question and its choices again), again (the last feedback again),
help (Get help now: crisis lines; F1 or Ctrl+G, then Enter, work too), support (the
site's Local support, where it lists any), country (the country Get help now lists
first), ? (the list of commands) or quit; at the main menu, review asks the questions
due for spaced review. On a terminal, lines are wrapped at word
boundaries to its width; piped output is never wrapped. Progress is saved
as you go; the end of standard input ends the session, so a script can drive it.
In kiosk mode (the site config's [kiosk], or --kiosk) quit ends one learner's session and
the next person starts; only the facilitator PIN closes the course.
Environment: MHCOURSE_SEED=N fixes the shuffled order of quiz questions and choices
(for tests and demos).
""")


def add_preview(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a module file"))
    parser.add_argument("--at", metavar="PLACE",
                        help=_("open at lesson:N (its number, from 1, or its id), quiz or scenario:ID"))
    parser.add_argument("--watch", action="store_true",
                        help=_("reload the module each time the file is saved; a save with problems shows them "
                               "and keeps the last good version"))
    parser.set_defaults(handler=cmd_preview)


def add_read(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(READ_EPILOG)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("module", nargs="?", metavar="MODULE",
                        help=_("open this module (its id) once a profile is chosen"))
    parser.add_argument("--profile", metavar="NAME",
                        help=_("learn as NAME; the profile is made if there is none by that name"))
    parser.add_argument("--guest", action="store_true", help=_("learn without saving anything"))
    # SUPPRESS: when absent here, `mhcourse --kiosk read` keeps the top-level flag instead of False.
    parser.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                        help=_("kiosk mode for a shared computer, as the site config's [kiosk] sets it "
                               "(docs/facilitators.md)"))
    parser.set_defaults(handler=cmd_read)


def has_terminal() -> bool:
    """Both standard input and output are a terminal (tests and benchmarks replace this)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def dumb_terminal() -> bool:
    """TERM=dumb: a terminal that cannot move the cursor or draw a screen (Emacs shells, some editors)."""
    return os.environ.get("TERM", "").strip().lower() == "dumb"


def _agrees(prompt: str) -> bool:
    """Ask `prompt` on a terminal and read a yes; without a terminal on standard input, ask nothing: no."""
    if not sys.stdin.isatty():
        return False
    sys.stdout.write(prompt)
    sys.stdout.flush()
    try:
        answer = sys.stdin.readline()
    except (EOFError, KeyboardInterrupt):
        return False
    return answer.strip().lower() in {_("y"), _("yes"), "y", "yes"}


def _served() -> bool:
    """Started by textual-serve (`mhcourse serve`): its web driver talks over pipes, not a terminal."""
    return os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:")


def access(settings: Settings, forced_kiosk: bool = False) -> Access:
    """The site's policy for opening profiles, for every face: kiosk mode from the site config or from
    --kiosk (a learner's own config cannot switch it off), hidden names, require_pin, a shared folder."""
    from ..progress.access import Access

    if settings.config is None and not forced_kiosk:  # no config file: no pydantic before the first frame
        return Access(shared=settings.data_shared)
    return Access.from_site(settings.site, kiosk=forced_kiosk, data_shared=settings.data_shared)


# -- the course ---------------------------------------------------------------------------------------------


def start_course(settings: Settings, kiosk: bool = False) -> int:
    """`mhcourse` with no command: the TUI, once the store is open (a bad data folder exits 3)."""
    shuffle = seed()
    if not has_terminal() and not _served():
        sys.stderr.write(_(NO_TERMINAL))
        return ExitCode.USAGE
    # A site config's track is checked against the catalog before anything starts (a bad one exits 2).
    # Without one there is nothing to check, and the catalog (with pydantic) loads just after the
    # first frame: the first screen needs neither.
    course: Callable[[], tuple[list[Module], list[str]]] = partial(_course, settings)
    if settings.config is not None:
        checked = course()
        course = lambda: checked  # noqa: E731 (checked already, shown as the app loads it)
    if dumb_terminal() and not _served():
        # The full screen would be drawn anyway, as garbage: offer the plain face, or say how to start it.
        sys.stderr.write(_(DUMB_TERMINAL))
        if not _agrees(_(ASK_PLAIN)):
            return ExitCode.USAGE
        return cmd_read(argparse.Namespace(module=None, profile=None, guest=False, kiosk=kiosk), settings)
    from ..tui.runtime import fewer_collections, tune_gc

    fewer_collections()
    store = open_store(settings)
    from ..progress.desk import Desk
    from ..tui.app import CourseApp

    try:
        app = CourseApp(course, Desk(store, access(settings, kiosk)), seed=shuffle, site=settings.config,
                        outline=partial(_outline, settings))
        tune_gc()
        app.run()
    finally:
        store.close()
    return app.return_code or ExitCode.OK  # 3 when the store stopped working (tui/faults.py)


def _course(settings: Settings) -> tuple[list[Module], list[str]]:
    """The TUI's catalog (tui/app.py CatalogLoader): the track's modules, and a notice when some were left out."""
    from ..site.settings import load_catalog

    catalog = load_catalog(settings, outline=True)
    count = len(catalog.notices)
    notices = [counted(ngettext("{count} problem with module files or folders: some modules were left out; "
                                "`mhcourse list` shows which.",
                                "{count} problems with module files or folders: some modules were left out; "
                                "`mhcourse list` shows which.", count), count)] if count else []
    return settings.track.modules(catalog.modules), notices


def _outline(settings: Settings) -> list[ModuleSummary] | None:
    """The TUI's catalog in outline, from a warm cache (tui/app.py OutlineLoader): the track's modules as
    _course will give them, with no pydantic imported; None when only a full load can say."""
    from ..site.settings import load_outline

    found = load_outline(settings)
    return None if found is None else settings.track.modules(found)


def cmd_preview(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.loader import load_module
    from ..progress.desk import Desk
    from ..progress.preview_at import NoSuchPlace, preview_target

    loaded = load_module(Path(args.file))
    if not loaded.ok or loaded.module is None:
        for problem in loaded.problems:
            print(problem)
        return ExitCode.PROBLEMS
    if args.at is not None:
        try:
            preview_target(loaded.module, args.at)
        except NoSuchPlace as err:
            raise UsageError(str(err)) from None
    shuffle = seed()
    if not has_terminal():
        sys.stderr.write(_(NO_TERMINAL))
        return ExitCode.USAGE
    from ..tui.app import CourseApp

    CourseApp([loaded.module], Desk.in_memory(), preview=loaded.module, seed=shuffle, preview_at=args.at,
              watch=Path(args.file) if args.watch else None).run()
    return ExitCode.OK


# -- read ---------------------------------------------------------------------------------------------------


def cmd_read(args: argparse.Namespace, settings: Settings) -> int:
    import random

    from ..errors import ProfileError
    from ..plain import PlainSession
    from ..plain.certificate import CertificateSite
    from ..plain.lines import typed_lines
    from ..progress.certificate import paper_size
    from ..progress.desk import Desk
    from ..progress.store import Store
    from ..site.settings import load_catalog

    shuffle = seed()
    rng = None if shuffle is None else random.Random(shuffle)
    catalog = load_catalog(settings)
    for problem in catalog.notices:
        print(_("left out: {problem}").format(problem=problem), file=sys.stderr)
    offered = settings.site.track.modules(catalog.modules)  # the site's track, as in the TUI
    if args.module and args.module not in {m.id for m in offered}:
        return _not_offered(args.module, offered, catalog.modules)
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")  # a stray byte in a script, or a terminal without UTF-8, never crashes
    site = settings.site
    store = Store.in_memory() if args.guest else open_store(settings)
    try:
        paper = paper_size(site.course.paper, site.helplines_settings.country)
        desk = Desk(store, access(settings, args.kiosk))
        session = PlainSession(typed_lines(sys.stdin), sys.stdout, desk, offered, rng=rng,
                               guest=args.guest, helplines=site.helplines, country=site.helplines_settings.country,
                               certificates=CertificateSite(site.track, site.name or "mhcourse", paper),
                               support=site.support)
        return session.run(profile=args.profile, module_id=args.module)
    except ProfileError as err:
        print(_("mhcourse: {error}").format(error=err), file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        # ctrl+c leaves the cursor after the prompt: the words go on a line of their own
        if args.guest:
            print("\n" + _("Stopped. Nothing was saved: this was a guest session."), flush=True)
        else:
            print("\n" + _("Stopped. Your progress is saved."), flush=True)
        return ExitCode.INTERRUPTED
    finally:
        store.close()


def _not_offered(module_id: str, offered: list[Module], every: list[Any]) -> int:
    """`read MODULE` for a module this computer does not offer: say so, and which it does (exit 1)."""
    if any(m.id == module_id for m in every):
        told = _("mhcourse: '{id}' is not offered on this computer. The modules offered here are:")
    else:
        told = _("mhcourse: '{id}' is not a module of this course. The modules offered here are:")
    print(told.format(id=module_id), file=sys.stderr)
    for module in offered:
        print(f"  {module.id}", file=sys.stderr)
    if not offered:
        print("  " + _("(none found)"), file=sys.stderr)
    return ExitCode.PROBLEMS
