"""`mhcourse serve`: the web page (mhcourse/web/) on aiohttp, for this computer or, when the site allows it, a room;
with --certfile/--keyfile over HTTPS. `serve --terminal` (serve.py) shares its NOT_INSTALLED and port_problem.

Who may reach it is decided here, before anything is opened: loopback by default; any other --host needs
`[serve] allow_network = true` in the site config (a user config cannot set it: site/loading.py ignores
its [serve] with a warning). The server then answers only the Host names it listens on, this computer's
names and addresses when it listens on every address, and the names `[serve] hostnames` lists.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..i18n import _
from ._common import N_, ExitCode, UsageError, open_store, seed

if TYPE_CHECKING:
    from aiohttp import web

    from ..content.models import Module
    from ..site.config import SiteConfig
    from ..site.settings import Settings

NOT_INSTALLED = N_("mhcourse: serving the course in a browser needs the optional web part (aiohttp, aiohttp-jinja2 "
                   "and textual-serve): install mhcourse[serve], e.g. pip install 'mhcourse[serve]'\n")

LOOPBACK_HOSTNAMES = frozenset({"127.0.0.1", "::1", "localhost"})


class CannotListen(Exception):
    """The address and port could not be taken (in use, or a port below 1024 without the right)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class Reach:
    """Who can reach the server: for this computer alone, or the network with the Host names it answers."""

    loopback: bool
    hostnames: frozenset[str]
    """The Host names answered (lower case, no port); empty when `loopback` (the guard knows those names)."""
    addresses: tuple[str, ...]
    """What to print: the addresses learners type (without scheme and port)."""
    everywhere: bool = False
    """Listening on every address of this computer."""
    proxied: bool = False
    """Listening on loopback for a reverse proxy on this computer, which passes the names listed."""


def reach(host: str, site: SiteConfig, config: str | None = None) -> Reach:
    """Where `--host` lets the server be reached; UsageError when the site config does not allow the network."""
    from ..serve.hosts import EVERY_ADDRESS, is_loopback, machine_addresses, plain_host

    configured = frozenset(plain_host(name) for name in site.serve.hostnames)
    if is_loopback(host):
        if not configured:
            return Reach(True, frozenset(), (host,))
        # Behind a reverse proxy on this computer: it passes the public name in the Host header.
        return Reach(False, LOOPBACK_HOSTNAMES | {plain_host(host)} | configured, (host,), proxied=True)
    if not site.serve.allow_network:
        raise UsageError(network_refusal(host, site, config))
    if host.strip() in EVERY_ADDRESS:
        found = tuple(machine_addresses())
        names = {plain_host(socket.gethostname()), *found, *LOOPBACK_HOSTNAMES}
        return Reach(False, frozenset(names) | configured, found, everywhere=True)
    return Reach(False, frozenset({plain_host(host)}) | configured, (host,))


def network_refusal(host: str, site: SiteConfig, config: str | None) -> str:
    """Why --host HOST is refused, naming the file and the key that would allow it."""
    site_file = paths.config_files(config)[0]
    told = _("--host {host} would let other computers reach the course, and the site config does not allow it. "
             "To serve a room on a network you trust, set allow_network = true in the [serve] table of {file}, "
             "and list in hostnames any further name learners type (docs/facilitators.md, \"Serving the course "
             "to a room\"); leave out --host to serve this computer alone.").format(host=host, file=site_file)
    if any(problem.key[:1] == ("serve",) for problem in site.warnings):
        told += " " + _("(A user config's [serve] table is ignored: only the site config can open the course to "
                        "the network.)")
    return told


def serve_web(args: argparse.Namespace, settings: Settings) -> int:
    try:
        import aiohttp_jinja2  # noqa: F401  (the optional extra)
    except ImportError:
        sys.stderr.write(_(NOT_INSTALLED))
        return ExitCode.USAGE
    site = settings.site
    where = reach(args.host, site, getattr(args, "config", None))
    context = tls_context(args.certfile, args.keyfile)
    shuffle = seed()
    offered = _offered(settings)
    from ..progress.desk import Desk
    from ..web.app import build_app
    from ..web.course import WebCourse
    from ..web.worker import SHARED_STORE_THREADS, StoreWorker
    from .course import access

    threads = SHARED_STORE_THREADS if settings.store_url else 1
    store = open_store(settings, pool_size=threads)
    course = None
    try:
        if store.notice:
            print(_("mhcourse: {notice}").format(notice=store.notice), file=sys.stderr)
        # Every browser that reaches a served course may be someone else's: a new profile is offered a PIN.
        course = WebCourse(Desk(store, replace(access(settings), shared=True)), offered, site, seed=shuffle,
                           idle_minutes=site.serve.idle_minutes, loopback=where.loopback, hostnames=where.hostnames,
                           worker=StoreWorker(threads))
        app = build_app(course)
        try:
            asyncio.run(_run(app, args, context, lambda: _tell_ready(args, where, context, settings)))
        except CannotListen as cannot:
            return port_problem(args, cannot.error)
        except KeyboardInterrupt:  # where signal handlers cannot be set (Windows): Ctrl+C arrives as this
            pass
        print(_("Stopped. The course is no longer served; saved progress stays in the data folder."), flush=True)
        return ExitCode.OK
    finally:
        if course is not None:
            course.worker.close()  # after the app's cleanup ended every visit on it
        store.close()


def _offered(settings: Settings) -> list[Module]:
    """The site's track from the catalog, as `read` loads it; modules left out are told on standard error."""
    from ..site.settings import load_catalog

    catalog = load_catalog(settings)
    for problem in catalog.notices:
        print(_("left out: {problem}").format(problem=problem), file=sys.stderr)
    return settings.site.track.modules(catalog.modules)


async def _run(app: web.Application, args: argparse.Namespace, context: ssl.SSLContext | None,
               ready: Callable[[], None]) -> None:
    """Serve until Ctrl+C or SIGTERM, then close the app (its cleanup ends every visit) before returning."""
    from aiohttp import web

    # shutdown_timeout: a page still being answered at Ctrl+C gets a few seconds, not aiohttp's minute.
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=5.0)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, args.host, args.port, ssl_context=context).start()
        except OSError as err:  # only here: an OSError later is a fault of its own, not a port problem
            raise CannotListen(err) from err
        ready()
        await _until_stopped()
    finally:
        await runner.cleanup()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, AttributeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def _tell_ready(args: argparse.Namespace, where: Reach, context: ssl.SSLContext | None, settings: Settings) -> None:
    """The address(es) to type, once the server answers; who can reach it, in words."""
    from ..serve.hosts import url_host

    scheme = "https" if context is not None else "http"

    def url(host: str) -> str:
        return f"{scheme}://{url_host(host)}:{args.port}/"

    if where.loopback or where.proxied:
        lines = [_("Serving the course at {url} (this computer only).").format(url=url(args.host))]
    elif where.everywhere:
        lines = [_("Serving the course on every address of this computer, port {port}. Anyone on a network that "
                   "reaches this computer can open it:").format(port=args.port)]
        lines += [f"  {url(address)}" for address in where.addresses] or [
            "  " + _("(every address of this computer; its addresses could not be listed here)")]
    else:
        lines = [_("Serving the course at {url}. Anyone on a network that reaches this address can open it.")
                 .format(url=url(args.host))]
    named = sorted(where.hostnames - set(where.addresses) - {"127.0.0.1", "::1", "localhost"})
    if named and where.proxied:
        lines.append(_("It answers a reverse proxy on this computer that passes one of these names: {names}")
                     .format(names=", ".join(named)))
    elif named:
        lines.append(_("It answers to these names too: {names}").format(names=", ".join(named)))
    if not (where.loopback or where.proxied) and context is None:
        lines.append(_("Note: plain HTTP; names and PINs cross the network unencrypted. Serve only on a network "
                       "you trust, or give --certfile and --keyfile."))
    lines.append(_("Progress is kept in {folder}").format(folder=settings.data_dir))
    lines.append(_("Press Ctrl+C to stop."))
    print("\n".join(lines), flush=True)


def port_problem(args: argparse.Namespace, err: OSError) -> int:
    """A port in use (or one below 1024 without the right): said in words, exit 2."""
    print(_("mhcourse: cannot serve on {host} port {port}: {why}. Choose another with --port (or --host).")
          .format(host=args.host, port=args.port, why=err.strerror or err), file=sys.stderr)
    return ExitCode.USAGE


# -- TLS ---------------------------------------------------------------------------------------------------


def tls_context(certfile: str | None, keyfile: str | None) -> ssl.SSLContext | None:
    """HTTPS from --certfile and --keyfile (both or neither); UsageError for a missing file or a bad pair."""
    if not certfile and not keyfile:
        return None
    if not (certfile and keyfile):
        raise UsageError(_("--certfile and --keyfile go together: give both (the certificate and its private key), "
                           "or neither to serve plain HTTP"))
    for option, name in (("--certfile", certfile), ("--keyfile", keyfile)):
        path = Path(name).expanduser()
        if not path.is_file() or not os.access(path, os.R_OK):
            raise UsageError(_("{option} {path}: there is no readable file there").format(option=option, path=path))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(Path(certfile).expanduser(), Path(keyfile).expanduser())
    except ssl.SSLError as err:
        raise UsageError(_("--certfile {cert} and --keyfile {key} are not a certificate and its private key in PEM "
                           "form ({why})").format(cert=certfile, key=keyfile, why=err.reason or err)) from None
    except OSError as err:
        raise UsageError(_("cannot read --certfile {cert} or --keyfile {key}: {why}")
                         .format(cert=certfile, key=keyfile, why=err.strerror or err)) from None
    return context
