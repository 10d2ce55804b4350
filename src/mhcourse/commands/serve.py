"""`mhcourse serve`: the course as an accessible web page for a room; `serve --terminal`: the terminal course
in a browser, through textual-serve. Both need the optional `mhcourse[serve]`.

The web page (mhcourse/web/) is one process for every learner: they share the catalog and the store, each
signed in with a session of their own. Loopback (127.0.0.1) by default; another --host needs
`[serve] allow_network = true` in the site config (a learner's own config cannot set it), and the server
then answers only the Host names it listens on or that `[serve] hostnames` lists (no DNS rebinding).
--certfile/--keyfile serve it over HTTPS; a reverse proxy is the other way (docs/facilitators.md).

`--terminal` is today's textual-serve page: each browser tab starts its own `mhcourse` process (the same
Python, the same --data-dir, --modules and --config). It has no login, so it is served on loopback only.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ._common import N_, ExitCode, UsageError, open_store

if TYPE_CHECKING:
    from ..site.settings import Settings

SERVE_EPILOG = N_("""\
Without options the course is served as a web page for this computer alone: open the address it
prints in a browser. Learners sign in with their profile (and its PIN) or as a guest; a session ends
at sign-out or after [serve] idle_minutes without a page. Ctrl+C stops the server.

To serve a room (other computers, phones on the same Wi-Fi), set allow_network = true in the [serve]
table of the site config, then give --host 0.0.0.0 (every address) or this computer's address; serve
only on a network you trust, and prefer HTTPS (--certfile and --keyfile, or a reverse proxy). See
docs/facilitators.md, "Serving the course to a room".

--terminal serves the terminal course in a browser instead (textual-serve), for this computer only:
it has no login. The page asks nothing of any other host, so it works offline.
Needs: pip install 'mhcourse[serve]'.
""")

TERMINAL_LOOPBACK_ONLY = N_("serve --terminal has no login, so it is served for this computer alone; "
                            "'{host}' may be reached by others. Leave out --host (127.0.0.1), or serve the web "
                            "page instead (mhcourse serve, without --terminal), which has sign-in.")


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("'{raw}' is not a port number from 1 to 65535").format(raw=raw))
    return port




def add_serve(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _(SERVE_EPILOG)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--host", default="127.0.0.1",
                        help=_("address to listen on (default: 127.0.0.1, this computer only); any other needs "
                               "[serve] allow_network = true in the site config"))
    parser.add_argument("--port", type=_port, default=8000, help=_("port to listen on (default: 8000)"))
    parser.add_argument("--certfile", metavar="FILE",
                        help=_("serve over HTTPS with this certificate (PEM; with --keyfile)"))
    parser.add_argument("--keyfile", metavar="FILE", help=_("the certificate's private key (PEM; with --certfile)"))
    parser.add_argument("--terminal", action="store_true",
                        help=_("serve the terminal course in a browser instead (textual-serve), for this computer "
                               "only: it has no login"))
    parser.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from .serve_web import serve_web

    return serve_terminal(args, settings) if args.terminal else serve_web(args, settings)


# -- serve --terminal ---------------------------------------------------------------------------------------


def course_command(args: argparse.Namespace, settings: Settings) -> str:
    """The shell command line textual-serve runs once per browser tab: this Python, this course, this data."""
    argv = [sys.executable, "-m", "mhcourse", "--data-dir", str(Path(settings.data_dir).absolute())]
    for folder in settings.module_dirs:
        argv += ["--modules", str(Path(folder).absolute())]
    config = getattr(args, "config", None)
    if config:
        argv += ["--config", str(Path(config).expanduser().absolute())]
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)


def serve_terminal(args: argparse.Namespace, settings: Settings) -> int:
    """Today's terminal page, unchanged, on loopback alone: anyone who reached it could open every profile."""
    from ..serve.hosts import is_loopback
    from .serve_web import NOT_INSTALLED, port_problem

    if args.certfile or args.keyfile:
        raise UsageError(_("--certfile and --keyfile are for the web page; serve --terminal is for this computer "
                           "alone and needs no certificate"))
    if not is_loopback(args.host):
        raise UsageError(_(TERMINAL_LOOPBACK_ONLY).format(host=args.host))
    try:
        import textual_serve  # noqa: F401  (the optional extra)
    except ImportError:
        sys.stderr.write(_(NOT_INSTALLED))
        return ExitCode.USAGE
    from ..serve.server import CourseServer

    store = open_store(settings)  # an unusable data folder stops here (exit 3), not in every tab
    try:
        if store.notice:
            print(_("mhcourse: {notice}").format(notice=store.notice), file=sys.stderr)
    finally:
        store.close()
    server = CourseServer(course_command(args, settings), host=args.host, port=args.port, data_dir=settings.data_dir)
    try:
        server.serve()
    except OSError as err:
        return port_problem(args, err)
    return ExitCode.OK
