"""CourseServer: textual-serve's Server with a page of our own that asks nothing of any other host.

What textual-serve gives: an aiohttp server whose /ws websocket starts one app process per
connection (so each browser tab is its own session, with its own `mhcourse` process), and
/download/{key} for files an app hands over with App.deliver_text / deliver_binary.

What we change:
- The page. textual-serve's page loads "Roboto Mono" from fonts.googleapis.com and takes a
  `?ping=URL` to fetch; ours (templates/index.html) loads only from this server, with relative
  URLs, and a Content-Security-Policy that lets the browser fetch, connect to and load fonts,
  scripts, styles and images from this origin alone, so nothing reaches out even by mistake.
  The font is the Roboto Mono that textual-serve bundles, served from here (static/fonts).
- Screen-reader mode. The bundled textual.js builds its xterm.js Terminal inside a webpack
  closure with fixed options, so a page cannot reach it. We serve a copy of that bundle with
  `screenReaderMode:!0` added to the one options literal (see `patch_bundle`): xterm.js then keeps
  its accessibility tree (the screen's text as DOM rows) and a live region for screen readers.
- Guards a loopback server needs: a websocket from a page of another origin is refused (another
  site open in the learner's browser cannot drive the course), and a server bound to loopback
  answers only Host headers that name this computer (no DNS rebinding).
"""

from __future__ import annotations

import html
import mimetypes
import re
import string
from pathlib import Path
from urllib.parse import urlsplit

import textual_serve
from aiohttp import web
from textual_serve.server import Server

from .hosts import is_loopback, is_loopback_header, url_host

HERE = Path(__file__).resolve().parent
STOCK_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
"""textual-serve's own static files: xterm.css, the Roboto Mono font files, the textual.js bundle."""

TITLE = "Mental health awareness course"

TERMINAL_OPTIONS = re.compile(r"(new [\w$]+\.Terminal\(\{)(allowProposedApi:!0,)")
"""The start of the options literal textual.js (textual-serve 1.1) gives xterm.js's Terminal."""

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # xterm.js and the bundle set inline styles and <style> elements
    "font-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'{websocket}",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
])

_HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")

mimetypes.add_type("font/ttf", ".ttf")  # Python's table lacks it; the page's font is served as such

ASSETS = {
    "mhcourse.js": "text/javascript",
    "mhcourse.css": "text/css",
}


def patch_bundle(text: str) -> tuple[str, bool]:
    """textual.js with screenReaderMode on in its Terminal options; (text unchanged, False) if the bundle differs."""
    patched, count = TERMINAL_OPTIONS.subn(r"\1screenReaderMode:!0,\2", text)
    return (patched, True) if count == 1 else (text, False)


def content_security_policy(host_header: str) -> str:
    """The page's policy: this origin only. ws:/wss: to the same host are named too, for browsers
    whose 'self' does not yet cover websockets."""
    websocket = f" ws://{host_header} wss://{host_header}" if _HOST_HEADER.match(host_header) else ""
    return CONTENT_SECURITY_POLICY.format(websocket=websocket)


def _same_origin(origin: str, host_header: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()


def _font_size(raw: str) -> int:
    try:
        return min(max(int(raw), 8), 72)
    except ValueError:
        return 16


class CourseServer(Server):
    """Serve the course: one `mhcourse` process per browser tab, started with `command` (a shell command line)."""

    def __init__(self, command: str, host: str = "127.0.0.1", port: int = 8000, *,
                 data_dir: Path | None = None) -> None:
        super().__init__(command, host=host, port=port, title=TITLE,
                         public_url=f"http://{url_host(host)}:{port}")
        self.data_dir = data_dir
        self.loopback = is_loopback(host)
        self.page = string.Template((HERE / "templates" / "index.html").read_text(encoding="utf-8"))
        bundle, self.screen_reader_mode = patch_bundle((STOCK_STATIC / "js" / "textual.js").read_text(encoding="utf-8"))
        self.assets: dict[str, tuple[bytes, str]] = {
            name: ((HERE / "static" / name).read_bytes(), kind) for name, kind in ASSETS.items()
        }
        self.assets["textual.js"] = (bundle.encode("utf-8"), "text/javascript")

    async def _make_app(self) -> web.Application:
        # Replaces textual-serve's routes: our page and assets; its websocket, downloads and static files.
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/assets/{name}", self.handle_asset, name="assets"),
            web.static("/static", STOCK_STATIC, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        if self.loopback and not is_loopback_header(request.host):
            raise web.HTTPForbidden(text=f"This course is served for this computer only: open "
                                         f"http://{url_host(self.host)}:{self.port}/ on it.\n")
        response = await handler(request)
        if not response.prepared:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    async def handle_index(self, request: web.Request) -> web.Response:
        page = self.page.substitute(
            title=html.escape(self.title),
            font_size=_font_size(request.query.get("fontsize", "16")),
        )
        return web.Response(text=page, content_type="text/html", headers={
            "Content-Security-Policy": content_security_policy(request.host),
            "Cache-Control": "no-store",
        })

    async def handle_asset(self, request: web.Request) -> web.Response:
        asset = self.assets.get(request.match_info["name"])
        if asset is None:
            raise web.HTTPNotFound()
        body, kind = asset
        return web.Response(body=body, content_type=kind, charset="utf-8", headers={"Cache-Control": "no-cache"})

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        origin = request.headers.get("Origin")
        if origin is not None and not _same_origin(origin, request.host):
            raise web.HTTPForbidden(text="A page from another site may not open a course session.\n")
        return await super().handle_websocket(request)

    async def on_startup(self, app: web.Application) -> None:
        where = f"http://{url_host(self.host)}:{self.port}/"
        if self.host in ("0.0.0.0", "::", ""):
            where += " (on every network address of this computer)"
        lines = [f"Serving the course at {where}"]
        if self.data_dir is not None:
            lines.append(f"Progress is kept in {self.data_dir}")
        lines.append("Each browser tab is a session of its own. Press Ctrl+C to stop.")
        if not self.screen_reader_mode:
            lines.append("Note: this textual-serve version's page could not be given screen-reader mode.")
        print("\n".join(lines), flush=True)
