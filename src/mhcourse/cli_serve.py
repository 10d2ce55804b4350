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

from .cli import OK, USAGE

SERVE_EPILOG = """\
Open the address it prints in a browser on the same computer. Each tab is a session of its own;
Ctrl+C stops the server. There is no login: anyone who can reach the address can use the course
and every profile kept here, so keep the default host (127.0.0.1) unless the network is trusted.
The page asks nothing of any other host, so it works offline. Needs: pip install 'mhcourse[serve]'.
"""

NOT_INSTALLED = ("mhcourse: serving the course in a browser needs the optional web part (textual-serve): "
                 "install mhcourse[serve], e.g. pip install 'mhcourse[serve]'\n")


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{raw}' is not a port number from 1 to 65535")
    return port


def register(command) -> None:
    """Add `serve`; `command(name, help)` returns a subparser with the global options."""
    serve = command("serve", "serve the course to a web browser (needs mhcourse[serve])")
    serve.epilog = SERVE_EPILOG
    serve.formatter_class = argparse.RawDescriptionHelpFormatter
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only); there is no login")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.set_defaults(handler=cmd_serve)


def exposure_warning(host: str, port: int) -> str:
    """The warning for a server that other computers may reach."""
    where = "every network address of this computer" if host in ("", "0.0.0.0", "::") else host
    return (
        f"WARNING: mhcourse serve is listening on {where} (port {port}), which other computers may reach.\n"
        "There is no login: anyone who can open that address can use the course, see every profile kept\n"
        "here and read its answers. Serve like this only on a network you trust; leave out --host to\n"
        "serve this computer alone (127.0.0.1).\n"
    )


def course_command(args: argparse.Namespace, settings) -> str:
    """The shell command line textual-serve runs once per browser tab: this Python, this course, this data."""
    argv = [sys.executable, "-m", "mhcourse", "--data-dir", str(Path(settings.data_dir).absolute())]
    for folder in settings.module_dirs:
        argv += ["--modules", str(Path(folder).absolute())]
    config = getattr(args, "config", None)
    if config:
        argv += ["--config", str(Path(config).expanduser().absolute())]
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)


def cmd_serve(args: argparse.Namespace, settings) -> int:
    try:
        import textual_serve  # noqa: F401  (the optional extra)
    except ImportError:
        sys.stderr.write(NOT_INSTALLED)
        return USAGE
    from .serve.hosts import is_loopback
    from .serve.server import CourseServer
    from .settings import open_store

    store = open_store(settings)  # an unusable data folder stops here (exit 3), not in every tab
    try:
        if store.notice:
            print(f"mhcourse: {store.notice}", file=sys.stderr)
    finally:
        store.close()
    if not is_loopback(args.host):
        sys.stderr.write(exposure_warning(args.host, args.port))
        sys.stderr.flush()
    server = CourseServer(course_command(args, settings), host=args.host, port=args.port, data_dir=settings.data_dir)
    try:
        server.serve()
    except OSError as err:
        print(f"mhcourse: cannot serve on {args.host} port {args.port}: {err.strerror or err}. "
              "Choose another with --port (or --host).", file=sys.stderr)
        return USAGE
    return OK
