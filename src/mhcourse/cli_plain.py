"""`mhcourse read`: the plain, screen-reader-friendly face.

Environment: MHCOURSE_SEED=N (a whole number) fixes the order in which quiz questions, choices and
knowledge-check items are shuffled, so a scripted session or a demo runs the same way every time.
It is meant for tests and demos; learners never need it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys

READ_EPILOG = """\
Type a number and press Enter to choose. At any prompt you can also type: next, back,
help (Get help now: crisis lines; F1 or Ctrl+G, then Enter, work too), country (the
country Get help now lists first), ? (the list of commands) or quit. Progress is saved
as you go; the end of standard input ends the session, so a script can drive it.
In kiosk mode (the site config's [kiosk], or --kiosk) quit ends one learner's session and
the next person starts; only the facilitator PIN closes the course.
Environment: MHCOURSE_SEED=N fixes the shuffled order of quiz questions and choices
(for tests and demos).
"""


def register(command) -> None:
    """Add this module's subcommands; `command(name, help)` returns a subparser with the global options."""
    read = command("read", "read the course as plain text, one numbered choice at a time (screen readers, scripts)")
    read.epilog = READ_EPILOG
    read.formatter_class = argparse.RawDescriptionHelpFormatter
    read.add_argument("module", nargs="?", metavar="MODULE", help="open this module (its id) once a profile is chosen")
    read.add_argument("--profile", metavar="NAME", help="learn as NAME; the profile is made if there is none by that name")
    read.add_argument("--guest", action="store_true", help="learn without saving anything")
    # SUPPRESS: when absent here, `mhcourse --kiosk read` keeps the top-level flag instead of False.
    read.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                      help="kiosk mode for a shared computer, as the site config's [kiosk] sets it (docs/facilitators.md)")
    read.set_defaults(handler=cmd_read)


def seeded_rng() -> random.Random | None:
    """A random generator seeded from MHCOURSE_SEED, or None (a fresh shuffle each time) when it is not set."""
    from .cli import UsageError

    raw = os.environ.get("MHCOURSE_SEED", "").strip()
    if not raw:
        return None
    try:
        return random.Random(int(raw))
    except ValueError:
        raise UsageError(f"MHCOURSE_SEED must be a whole number, not '{raw}'") from None


def cmd_read(args: argparse.Namespace, settings) -> int:
    from .cli import access
    from .plain import PlainSession
    from .plain.certificate import CertificateSite
    from .progress.certificate import paper_size
    from .progress.desk import Desk
    from .progress.store import ProfileError, Store
    from .settings import load_catalog, open_store

    rng = seeded_rng()
    catalog = load_catalog(settings)
    for problem in catalog.notices:
        print(f"left out: {problem}", file=sys.stderr)
    offered = settings.site.track.modules(catalog.modules)  # the site's track, as in the TUI
    if args.module and args.module not in {m.id for m in offered}:
        exists = any(m.id == args.module for m in catalog.modules)
        why = "is not offered on this computer" if exists else "is not a module of this course"
        print(f"mhcourse: '{args.module}' {why}. The modules offered here are:", file=sys.stderr)
        for module in offered:
            print(f"  {module.id}", file=sys.stderr)
        if not offered:
            print("  (none found)", file=sys.stderr)
        return 1
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")  # a stray byte in a script, or a terminal without UTF-8, never crashes
    store = Store.in_memory() if args.guest else open_store(settings)
    try:
        session = PlainSession(sys.stdin, sys.stdout, Desk(store, access(settings, args.kiosk)), offered, rng=rng,
                               guest=args.guest, helplines=settings.site.helplines,
                               country=settings.site.helplines_settings.country,
                               certificates=CertificateSite(settings.site.track, settings.site.name or "mhcourse",
                                                            paper_size(settings.site.course.paper,
                                                                       settings.site.helplines_settings.country)))
        return session.run(profile=args.profile, module_id=args.module)
    except ProfileError as err:
        print(f"mhcourse: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # ctrl+c leaves the cursor after the prompt: the words go on a line of their own
        saved = "Nothing was saved: this was a guest session." if args.guest else "Your progress is saved."
        print(f"\nStopped. {saved}", flush=True)
        return 130
    finally:
        store.close()
