"""`mhcourse serve --terminal`: the real command on a free loopback port, read over HTTP and in headless Chromium.

The browser test needs Debian's chromium and chromium-driver (.ci/run installs them when apt-get is
there); without them it is skipped with that reason, and fails under CI=true (tests/needs.py). It reads
the course through xterm.js's accessibility tree, the DOM rows screen-reader mode keeps, which our page
switches on; it also checks that every request the page made went to this server alone.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser.chrome import chromium
from mhcourse.cli import main
from mhcourse.serve.hosts import is_loopback, is_loopback_header
from needs import need_module

START = 30  # seconds for the server to answer, and for a screen to show in the browser
SEED = "11"


def need_textual_serve() -> None:
    need_module("textual_serve", "textual-serve not installed: pip install -e '.[serve]'")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux /proc; empty elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Served:
    """`mhcourse serve --terminal --port PORT --data-dir DATA` as a process; stopped with SIGTERM as Ctrl+C would."""

    def __init__(self, data: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["MHCOURSE_SEED"] = SEED
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mhcourse", "serve", "--terminal", "--port", str(self.port),
             "--data-dir", str(data), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=data.parent,
        )
        deadline = time.monotonic() + START
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                out, err = self.stop()
                pytest.fail(f"mhcourse serve did not answer on {self.url}:\n{out}\n{err}")
            time.sleep(0.2)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self) -> tuple[str, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data folder"  # a space, so the command each tab runs must be quoted right


# -- without a server ---------------------------------------------------------------------------


def test_without_the_extra_serve_says_what_to_install(monkeypatch, capsys, data):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import textual_serve now raises ImportError
    assert main(["serve", "--terminal", "--data-dir", str(data)]) == 2
    assert "install mhcourse[serve]" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "localhost", "LOCALHOST"])
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "10.0.0.1", "2001:db8::1"])
def test_hosts_others_can_reach(host):
    assert not is_loopback(host)


@pytest.mark.parametrize(("header", "ok"), [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("localhost", True),
    ("evil.example:8000", False), ("192.168.1.20:8000", False), ("127.0.0.1.evil.example", False),
])
def test_loopback_server_accepts_only_loopback_host_headers(header, ok):
    assert is_loopback_header(header) is ok


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20"])
def test_the_terminal_page_is_refused_on_a_host_others_can_reach(monkeypatch, capsys, data, host):
    """It has no login: anyone who reached it could open every profile. Refused before anything is opened."""
    need_textual_serve()
    from mhcourse.serve.server import CourseServer

    monkeypatch.setattr(CourseServer, "serve", lambda self, debug=False: pytest.fail("served"))
    assert main(["serve", "--terminal", "--host", host, "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert "has no login" in err and host in err and "without --terminal" in err
    assert not data.exists()


def test_the_terminal_page_on_loopback_says_nothing_of_the_network(monkeypatch, capsys, data):
    need_textual_serve()
    from mhcourse.serve.server import CourseServer

    monkeypatch.setattr(CourseServer, "serve", lambda self, debug=False: None)
    assert main(["serve", "--terminal", "--data-dir", str(data)]) == 0
    assert "WARNING" not in capsys.readouterr().err


def test_each_tab_runs_this_course_with_the_same_data_modules_and_config(monkeypatch, tmp_path, data):
    need_textual_serve()
    from mhcourse.serve.server import CourseServer

    commands = []
    monkeypatch.setattr(CourseServer, "serve", lambda self, debug=False: commands.append(self.command))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.toml").write_text("", encoding="utf-8")
    assert main(["serve", "--terminal", "--data-dir", str(data), "--modules", "my modules",
                 "--config", "site.toml"]) == 0
    assert shlex.split(commands[0]) == [
        sys.executable, "-m", "mhcourse", "--data-dir", str(data),
        "--modules", str(tmp_path / "my modules"), "--config", str(tmp_path / "site.toml"),
    ]


def test_data_goes_to_the_configured_folder(monkeypatch, tmp_path):
    need_textual_serve()
    from mhcourse.serve.server import CourseServer

    commands = []
    monkeypatch.setattr(CourseServer, "serve", lambda self, debug=False: commands.append(self.command))
    monkeypatch.delenv("MHCOURSE_DATA_DIR")
    config = tmp_path / "config.toml"
    config.write_text('[data]\nfolder = "course data"\n', encoding="utf-8")
    monkeypatch.setenv("MHCOURSE_CONFIG", str(config))
    assert main(["serve", "--terminal"]) == 0
    argv = shlex.split(commands[0])
    assert argv[argv.index("--data-dir") + 1] == str(tmp_path / "course data")
    assert (tmp_path / "course data").is_dir()  # opened once before serving, so a bad folder stops at once


def test_the_page_script_gets_screen_reader_mode():
    need_textual_serve()
    from mhcourse.serve.server import STOCK_STATIC, patch_bundle

    bundle, ok = patch_bundle((STOCK_STATIC / "js" / "textual.js").read_text(encoding="utf-8"))
    assert ok, "textual-serve's textual.js changed: find its xterm.js Terminal options again (serve/server.py)"
    assert bundle.count("screenReaderMode:!0") == 1


# -- the server over HTTP -----------------------------------------------------------------------


def test_the_page_and_everything_it_loads_come_from_this_server(data):
    need_textual_serve()
    served = Served(data)
    try:
        status, headers, body = served.get("/")
        assert status == 200
        page = body.decode("utf-8")
        assert "Mental health awareness course" in page
        assert "://" not in page, "the page names another host"
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "https:" not in policy and "*" not in policy
        links = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert {"assets/textual.js", "assets/mhcourse.js", "assets/mhcourse.css"} <= set(links)
        for link in links:
            if link.startswith("data:"):
                continue
            status, _, asset = served.get("/" + link)
            assert status == 200, link
            assert b"://" not in asset or link.endswith("textual.js") or link.endswith("xterm.css"), link
        _, _, script = served.get("/assets/textual.js")
        assert b"screenReaderMode:!0" in script and b"fonts.googleapis" not in script
        _, _, style = served.get("/assets/mhcourse.css")
        assert b"../static/fonts/RobotoMono" in style  # the font textual-serve ships, from this server
        assert served.get("/static/")[0] in (403, 404)  # no folder listings
    finally:
        out, err = served.stop()
    assert served.process.returncode == 0, err
    assert f"Serving the course at {served.url}" in out


def test_other_sites_cannot_open_a_session_or_rebind_a_name(data):
    need_textual_serve()
    served = Served(data)
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    try:
        assert served.get("/ws", {**upgrade, "Origin": "http://evil.example"})[0] == 403
        assert served.get("/", {"Host": f"evil.example:{served.port}"})[0] == 403
        assert served.get("/", {"Host": f"localhost:{served.port}"})[0] == 200
    finally:
        served.stop()


# -- the course in a browser -------------------------------------------------------------------


def screen_text(driver) -> str:
    """The terminal's text as xterm.js's screen-reader mode keeps it: one DOM row per line."""
    return driver.execute_script(
        "const tree = document.querySelector('.xterm-accessibility-tree');"
        "return tree ? tree.textContent : '';"
    ).replace("\xa0", " ")


def wait_for(driver, *words: str) -> str:
    deadline = time.monotonic() + START
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(driver)
        if all(word in text for word in words):
            return text
        time.sleep(0.25)
    pytest.fail(f"the page never showed {words!r}; it showed:\n{text}")


@pytest.mark.slow
def test_the_course_in_a_browser_reaches_home_asking_no_other_host(data, tmp_path):
    need_textual_serve()
    driver = chromium(tmp_path / "chromium-profile", logs=True)
    from selenium.webdriver.common.keys import Keys

    from mhcourse.progress.store import Store

    store = Store.open(data)
    store.create_profile("Robin")
    store.close()
    served = Served(data)
    try:
        driver.get("about:blank")  # leave the browser's own new-tab page, which fetches things of its own
        driver.get_log("performance")  # and drop its traffic: from here on, every request is the course's
        driver.get(served.url)

        # The profile chooser, read through screen-reader mode; the keyboard is already in the terminal.
        wait_for(driver, "Who is learning?", "Robin")
        assert driver.execute_script("return document.activeElement.classList.contains('xterm-helper-textarea')")
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        home = wait_for(driver, "Start here", "Mental health basics", "Get help now")
        assert "Robin" in home

        # Another tab is a session of its own: it starts at the profile chooser, the first stays home.
        first = driver.current_window_handle
        driver.switch_to.new_window("tab")
        driver.get(served.url)
        wait_for(driver, "Who is learning?", "Robin")
        sessions = children(served.process.pid)
        assert len(sessions) == 2, sessions
        driver.switch_to.window(first)
        wait_for(driver, "Start here", "Mental health basics")

        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                requests.append(message["params"]["url"])
        console = driver.get_log("browser")
    finally:
        driver.quit()
        out, err = served.stop()

    assert f"ws://127.0.0.1:{served.port}/ws" in " ".join(requests)
    network = [url for url in requests if url.split(":", 1)[0] in ("http", "https", "ws", "wss")]
    assert network, requests
    elsewhere = [url for url in network if not re.match(rf"(http|ws)://127\.0\.0\.1:{served.port}/", url)]
    assert not elsewhere, f"the page asked other hosts: {elsewhere}"
    blocked = [entry["message"] for entry in console if "Content Security Policy" in entry["message"]]
    assert not blocked, blocked
    assert served.process.returncode == 0, err
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in sessions) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in sessions if Path(f"/proc/{pid}").exists()], "a session outlived the server"
