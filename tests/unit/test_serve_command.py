"""`mhcourse serve`: its arguments, who may reach the web page, TLS, and what reaches the WebCourse.

The server itself is not started here (tests/e2e/test_web_serve.py does that): `_run` is replaced by
one that keeps the app it was given, so the course the command built can be read.
"""

from __future__ import annotations

import socket
import sys

import pytest

from mhcourse.cli import main
from mhcourse.commands import parse, serve_web
from mhcourse.web.keys import COURSE


@pytest.fixture
def served(monkeypatch):
    """The apps `mhcourse serve` would have served, instead of serving them."""
    apps = []

    async def run(app, args, context, ready):
        apps.append((app, args, context))
        ready()

    monkeypatch.setattr(serve_web, "_run", run)
    return apps


@pytest.fixture
def site_file(isolated, monkeypatch):
    """The site config's real place (XDG_CONFIG_DIRS under the test's home)."""
    monkeypatch.delenv("MHCOURSE_CONFIG", raising=False)
    path = isolated / "site-config" / "mhcourse" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


@pytest.fixture
def user_file(isolated):
    path = isolated / "xdg_config_home" / "mhcourse" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


# -- arguments ----------------------------------------------------------------------------------------


def test_the_defaults_serve_the_web_page_on_loopback():
    args = parse(["serve"])
    assert (args.host, args.port, args.terminal, args.certfile, args.keyfile) == ("127.0.0.1", 8000, False, None, None)


def test_every_option_is_read():
    args = parse(["serve", "--host", "0.0.0.0", "--port", "8443", "--certfile", "c.pem", "--keyfile", "k.pem"])
    assert (args.host, args.port, args.certfile, args.keyfile) == ("0.0.0.0", 8443, "c.pem", "k.pem")
    assert parse(["serve", "--terminal"]).terminal


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(port, capsys):
    with pytest.raises(SystemExit) as exit:
        parse(["serve", "--port", port])
    assert exit.value.code == 2
    assert "port number from 1 to 65535" in capsys.readouterr().err


# -- loopback, and the network the site allows ------------------------------------------------------------


def test_loopback_by_default(served, data, capsys):
    assert main(["serve", "--port", "8123"]) == 0
    [(app, args, context)] = served
    course = app[COURSE]
    assert course.loopback and course.hostnames == frozenset() and context is None
    assert course.idle_minutes == 30
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/ (this computer only)" in out and "Stopped." in out
    assert (data / "progress.db").exists()


def test_a_served_course_offers_every_new_profile_a_pin(served, data):
    """Any browser that reaches the page may be someone else's, even on one computer."""
    assert main(["serve"]) == 0
    [(app, _args, _context)] = served
    desk = app[COURSE].desk
    assert desk.shared_machine and not desk.require_pin


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_the_network_without_allow_network_is_refused_naming_the_file_and_key(served, site_file, data, capsys, host):
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert f"--host {host}" in err and "allow_network = true" in err and "[serve]" in err and str(site_file) in err
    assert not served and not data.exists()  # refused before anything was opened


def test_a_named_config_is_the_file_to_set(served, tmp_path, capsys):
    named = tmp_path / "centre.toml"
    named.write_text("[serve]\nallow_network = false\n", encoding="utf-8")
    assert main(["--config", str(named), "serve", "--host", "0.0.0.0"]) == 2
    assert str(named) in capsys.readouterr().err


def test_a_user_config_cannot_open_the_network(served, site_file, user_file, capsys):
    user_file.write_text("[serve]\nallow_network = true\nhostnames = [\"me.example\"]\n", encoding="utf-8")
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "[serve] is read from the site config only" in err
    assert "A user config's [serve] table is ignored" in err and str(site_file) in err
    assert not served


def test_a_user_config_cannot_add_hostnames_either(served, site_file, user_file, capsys):
    site_file.write_text("[serve]\nallow_network = true\n", encoding="utf-8")
    user_file.write_text("[serve]\nhostnames = [\"me.example\"]\n", encoding="utf-8")
    assert main(["serve", "--host", "192.168.1.20"]) == 0
    [(app, _args, _context)] = served
    assert app[COURSE].hostnames == frozenset({"192.168.1.20"})


def test_hostnames_from_the_site_config_reach_the_course(served, site_file, capsys):
    site_file.write_text('[serve]\nallow_network = true\nhostnames = ["Course.Riverside.LAN", "10.0.0.7"]\n'
                         "idle_minutes = 15\n", encoding="utf-8")
    assert main(["serve", "--host", "192.168.1.20", "--port", "8080"]) == 0
    [(app, _args, _context)] = served
    course = app[COURSE]
    assert not course.loopback
    assert course.hostnames == frozenset({"192.168.1.20", "course.riverside.lan", "10.0.0.7"})
    assert course.idle_minutes == 15
    out = capsys.readouterr().out
    assert "http://192.168.1.20:8080/" in out and "Anyone on a network" in out and "plain HTTP" in out
    assert "course.riverside.lan" in out


def test_every_address_answers_this_computers_names_and_addresses(served, site_file, monkeypatch, capsys):
    from mhcourse.serve import hosts

    site_file.write_text("[serve]\nallow_network = true\n", encoding="utf-8")
    monkeypatch.setattr(hosts, "machine_addresses", lambda: ["192.168.1.20", "fd00::20"])
    monkeypatch.setattr(socket, "gethostname", lambda: "Front-Desk")
    assert main(["serve", "--host", "0.0.0.0", "--port", "8000"]) == 0
    [(app, _args, _context)] = served
    assert app[COURSE].hostnames == frozenset({"192.168.1.20", "fd00::20", "front-desk", "127.0.0.1", "::1",
                                               "localhost"})
    out = capsys.readouterr().out
    assert "every address of this computer" in out
    assert "http://192.168.1.20:8000/" in out and "http://[fd00::20]:8000/" in out


def test_every_address_without_a_list_of_them_says_so(served, site_file, monkeypatch, capsys):
    from mhcourse.serve import hosts

    site_file.write_text("[serve]\nallow_network = true\n", encoding="utf-8")
    monkeypatch.setattr(hosts, "machine_addresses", lambda: [])
    assert main(["serve", "--host", "0.0.0.0"]) == 0
    assert "could not be listed" in capsys.readouterr().out


def test_loopback_with_hostnames_answers_a_reverse_proxy_on_this_computer(served, site_file, capsys):
    site_file.write_text('[serve]\nhostnames = ["course.example.org"]\n', encoding="utf-8")
    assert main(["serve"]) == 0  # no allow_network: it still listens on 127.0.0.1 alone
    [(app, _args, _context)] = served
    assert not app[COURSE].loopback
    assert app[COURSE].hostnames == frozenset({"127.0.0.1", "::1", "localhost", "course.example.org"})
    assert "reverse proxy" in capsys.readouterr().out


@pytest.mark.parametrize("value", ['["http://course.lan"]', '["course.lan:8000"]', '["two words"]'])
def test_a_hostname_that_is_not_a_name_is_a_config_problem(site_file, value, capsys):
    site_file.write_text(f"[serve]\nhostnames = {value}\n", encoding="utf-8")
    assert main(["serve"]) == 2
    assert "is not a host name or address" in capsys.readouterr().err


@pytest.mark.parametrize("minutes", [4, 481])
def test_idle_minutes_has_bounds(site_file, minutes, capsys):
    site_file.write_text(f"[serve]\nidle_minutes = {minutes}\n", encoding="utf-8")
    assert main(["serve"]) == 2
    assert "from 5 to 480" in capsys.readouterr().err


def test_config_check_shows_the_web_page(site_file, capsys):
    site_file.write_text('[serve]\nallow_network = true\nhostnames = ["course.lan"]\n', encoding="utf-8")
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    assert "may listen on the network" in out and "also answers to: course.lan" in out


# -- serve --terminal ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3"])
def test_the_terminal_page_is_refused_on_the_network_even_when_the_site_allows_it(site_file, host, capsys):
    site_file.write_text("[serve]\nallow_network = true\n", encoding="utf-8")
    assert main(["serve", "--terminal", "--host", host]) == 2
    assert "has no login" in capsys.readouterr().err


def test_the_terminal_page_takes_no_certificate(capsys):
    assert main(["serve", "--terminal", "--certfile", "c.pem", "--keyfile", "k.pem"]) == 2
    assert "for the web page" in capsys.readouterr().err


# -- TLS -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("given", [["--certfile", "c.pem"], ["--keyfile", "k.pem"]])
def test_a_certificate_needs_its_key_and_a_key_its_certificate(served, given, capsys):
    assert main(["serve", *given]) == 2
    assert "--certfile and --keyfile go together" in capsys.readouterr().err
    assert not served


def test_a_missing_certificate_file_is_named(served, tmp_path, capsys):
    key = tmp_path / "k.pem"
    key.write_text("x", encoding="utf-8")
    assert main(["serve", "--certfile", str(tmp_path / "nowhere.pem"), "--keyfile", str(key)]) == 2
    err = capsys.readouterr().err
    assert "--certfile" in err and "nowhere.pem" in err and "no readable file" in err
    assert not served


def test_a_key_that_is_not_a_readable_file_is_named(served, tmp_path, capsys):
    """A folder given as the key (a mistake that file modes cannot stop, even for root)."""
    cert, key = tmp_path / "c.pem", tmp_path / "keys"
    cert.write_text("x", encoding="utf-8")
    key.mkdir()
    assert main(["serve", "--certfile", str(cert), "--keyfile", str(key)]) == 2
    err = capsys.readouterr().err
    assert "--keyfile" in err and "keys" in err
    assert not served


def test_files_that_are_not_a_certificate_and_key_are_told(served, tmp_path, capsys):
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("not a certificate\n", encoding="utf-8")
    key.write_text("not a key\n", encoding="utf-8")
    assert main(["serve", "--certfile", str(cert), "--keyfile", str(key)]) == 2
    assert "are not a certificate and its private key" in capsys.readouterr().err
    assert not served


# -- what else stops it -----------------------------------------------------------------------------------------


def test_without_the_extra_says_what_to_install(monkeypatch, served, capsys):
    monkeypatch.setitem(sys.modules, "aiohttp_jinja2", None)  # import aiohttp_jinja2 now raises ImportError
    assert main(["serve"]) == 2
    assert "install mhcourse[serve]" in capsys.readouterr().err
    assert not served


def test_a_port_in_use_is_told_in_words(data, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot serve on 127.0.0.1 port {port}" in err and "--port" in err


def test_this_computers_addresses_leave_out_loopback_and_link_local():
    import ipaddress

    from mhcourse.serve.hosts import machine_addresses

    for address in machine_addresses():  # may be empty on a machine with no network
        ip = ipaddress.ip_address(address)
        assert not ip.is_loopback and not ip.is_link_local
