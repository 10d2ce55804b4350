"""`mhcourse serve`: the real command as a process on a free loopback port, over HTTP and over HTTPS.

A browser's part (a cookie jar, forms with their token, redirects) is played by urllib. Ctrl+C is
SIGINT: the server must stop with exit 0, its store closed, the data folder holding the store.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from needs import missing, need_module

START = 30  # seconds for the server to answer
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(autouse=True)
def need_the_extra():
    need_module("aiohttp_jinja2", "aiohttp-jinja2 not installed: pip install -e '.[serve]'")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects as urllib does, keeping the Set-Cookie headers of each (urllib hides them)."""

    def __init__(self) -> None:
        self.set_cookies: list[str] = []

    def http_error_303(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        self.set_cookies.extend(headers.get_all("Set-Cookie") or [])
        return super().http_error_303(req, fp, code, msg, headers)


class Browser:
    """Cookies, forms and redirects, as a browser keeps them; TLS certificates not checked (self-signed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.redirects = Redirects()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  urllib.request.HTTPSHandler(context=context), self.redirects)

    def get(self, path: str) -> tuple[str, str]:
        """(the final URL after redirects, the page)."""
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.geturl(), response.read().decode("utf-8")

    def post(self, path: str, fields: dict[str, str]) -> tuple[str, str, list[str]]:
        """(the final URL, the page, the Set-Cookie headers of the redirects on the way)."""
        self.redirects.set_cookies = []
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=body, timeout=10) as response:
            return response.geturl(), response.read().decode("utf-8"), self.redirects.set_cookies


class Served:
    """`mhcourse serve --port PORT` with MHCOURSE_DATA_DIR in the test's folder."""

    def __init__(self, data: Path, *extra: str, scheme: str = "http") -> None:
        self.port = free_port()
        self.base = f"{scheme}://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["MHCOURSE_DATA_DIR"] = str(data)
        env["MHCOURSE_SEED"] = "11"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mhcourse", "serve", "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=data.parent,
        )
        self.browser = Browser(self.base)
        deadline = time.monotonic() + START
        while True:
            try:
                self.browser.get("/")
                return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                code, out, err = self.interrupt()
                pytest.fail(f"mhcourse serve did not answer on {self.base} (exit {code}):\n{out}\n{err}")
            time.sleep(0.2)

    def interrupt(self) -> tuple[int, str, str]:
        """Ctrl+C: SIGINT, then the exit code and what it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def as_guest(browser: Browser) -> tuple[str, str, list[str]]:
    _url, welcome = browser.get("/")
    assert "Start as a guest" in welcome
    token = CSRF.search(welcome)
    assert token, "the welcome page has no form with a token"
    return browser.post("/guest", {"csrf": token.group(1)})


def test_the_web_page_serves_a_guest_then_stops_at_ctrl_c(tmp_path):
    data = tmp_path / "data folder"
    served = Served(data)
    try:
        url, welcome = served.browser.get("/")
        assert url == served.base + "/"
        assert "Get help now" in welcome and "<h1" in welcome
        url, home, cookies = as_guest(served.browser)
        assert url == served.base + "/home"
        assert "<h1" in home and 'action="/signout"' in home
        assert any("HttpOnly" in c and "SameSite=Strict" in c for c in cookies)
        assert not any("Secure" in c for c in cookies)  # plain HTTP: a Secure cookie would never come back
    finally:
        code, out, err = served.interrupt()
    assert code == 0, f"{out}\n{err}"
    assert f"http://127.0.0.1:{served.port}/ (this computer only)" in out
    assert "Stopped." in out
    assert "Traceback" not in err, err
    assert (data / "progress.db").is_file()


def test_a_foreign_host_name_is_refused(tmp_path):
    served = Served(tmp_path / "data")
    try:
        request = urllib.request.Request(served.base + "/", headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            served.browser.opener.open(request, timeout=10)
        assert refused.value.code == 421
    finally:
        code, _out, _err = served.interrupt()
    assert code == 0


def test_the_web_page_over_https_with_a_self_signed_certificate(tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        missing("openssl not installed: it makes the test's self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    data = tmp_path / "data"
    served = Served(data, "--certfile", str(cert), "--keyfile", str(key), scheme="https")
    try:
        url, home, cookies = as_guest(served.browser)
        assert url == served.base + "/home"
        assert any("Secure" in c and "HttpOnly" in c for c in cookies), cookies
        url, _page = served.browser.get("/home")  # the Secure cookie comes back over HTTPS
        assert url == served.base + "/home"
        with pytest.raises(OSError):  # plain HTTP to a TLS port gets no page
            urllib.request.urlopen(f"http://127.0.0.1:{served.port}/", timeout=5).read()
    finally:
        code, out, err = served.interrupt()
    assert code == 0, f"{out}\n{err}"
    assert f"https://127.0.0.1:{served.port}/" in out
    assert (data / "progress.db").is_file()
