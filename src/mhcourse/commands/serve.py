"""`mhcourse serve`: the course in a web browser, through textual-serve (the optional `mhcourse[serve]`).

Each browser tab that opens the page starts its own `mhcourse` process (the same Python, the same
--data-dir, --modules and --config), so every tab is a session of its own. Progress goes to the data
folder of the account that runs the server, or the one configured. Loopback (127.0.0.1) by default:
there is no login, so another --host gets a clear warning on standard error.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ._common import N_, ExitCode, open_store

if TYPE_CHECKING:
    from ..site.settings import Settings

SERVE_EPILOG = N_("""\
Open the address it prints in a browser on the same computer. Each tab is a session of its own;
Ctrl+C stops the server. There is no login: anyone who can reach the address can use the course
and every profile kept here, so keep the default host (127.0.0.1) unless the network is trusted.
The page asks nothing of any other host, so it works offline. Needs: pip install 'mhcourse[serve]'.
""")

NOT_INSTALLED = N_("mhcourse: serving the course in a browser needs the optional web part (textual-serve): "
                   "install mhcourse[serve], e.g. pip install 'mhcourse[serve]'\n")


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
                        help=_("address to listen on (default: 127.0.0.1, this computer only); there is no login"))
    parser.add_argument("--port", type=_port, default=8000, help=_("port to listen on (default: 8000)"))
    parser.set_defaults(handler=cmd_serve)


def exposure_warning(host: str, port: int) -> str:
    """The warning for a server that other computers may reach."""
    if host in ("", "0.0.0.0", "::"):
        warning = _("WARNING: mhcourse serve is listening on every network address of this computer (port {port}), "
                    "which other computers may reach.\n")
    else:
        warning = _("WARNING: mhcourse serve is listening on {host} (port {port}), which other computers may reach.\n")
    return warning.format(host=host, port=port) + _(
        "There is no login: anyone who can open that address can use the course, see every profile kept\n"
        "here and read its answers. Serve like this only on a network you trust; leave out --host to\n"
        "serve this computer alone (127.0.0.1).\n"
    )


def course_command(args: argparse.Namespace, settings: Settings) -> str:
    """The shell command line textual-serve runs once per browser tab: this Python, this course, this data."""
    argv = [sys.executable, "-m", "mhcourse", "--data-dir", str(Path(settings.data_dir).absolute())]
    for folder in settings.module_dirs:
        argv += ["--modules", str(Path(folder).absolute())]
    config = getattr(args, "config", None)
    if config:
        argv += ["--config", str(Path(config).expanduser().absolute())]
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    try:
        import textual_serve  # noqa: F401  (the optional extra)
    except ImportError:
        sys.stderr.write(_(NOT_INSTALLED))
        return ExitCode.USAGE
    from ..serve.hosts import is_loopback
    from ..serve.server import CourseServer

    store = open_store(settings)  # an unusable data folder stops here (exit 3), not in every tab
    try:
        if store.notice:
            print(_("mhcourse: {notice}").format(notice=store.notice), file=sys.stderr)
    finally:
        store.close()
    if not is_loopback(args.host):
        sys.stderr.write(exposure_warning(args.host, args.port))
        sys.stderr.flush()
    server = CourseServer(course_command(args, settings), host=args.host, port=args.port, data_dir=settings.data_dir)
    try:
        server.serve()
    except OSError as err:
        print(_("mhcourse: cannot serve on {host} port {port}: {why}. Choose another with --port (or --host).")
              .format(host=args.host, port=args.port, why=err.strerror or err), file=sys.stderr)
        return ExitCode.USAGE
    return ExitCode.OK
