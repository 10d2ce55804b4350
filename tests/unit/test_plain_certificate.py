"""The certificate in the plain face (`mhcourse read`): offered once the track is passed, as in the TUI.

Issue 13, round 2: the plain face had no way to a certificate at all.
"""

from __future__ import annotations

import io
import random
import stat
import sys
from pathlib import Path

import pytest

from helpers import pass_module, write_module
from mhcourse import paths
from mhcourse.cli import main
from mhcourse.plain import PlainSession
from mhcourse.plain.certificate import CertificateSite
from mhcourse.progress.desk import Desk
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from plain_driver import SEED, Typist, kiosk_access, load, rich_text, run

READY = "Your certificate is ready"


@pytest.fixture
def modules(tmp_path):
    """test_plain's small module with every kind of text, loaded."""
    write_module(tmp_path / "mods", "small", text=rich_text())
    return load(tmp_path / "mods")


def passed(store: Store, modules, name: str = "Robin") -> None:
    """A learner who read every lesson and passed the quiz, through the core."""
    learner = Learner(store, store.create_profile(name), modules)
    for module in modules:
        pass_module(learner, module)


def main_menu(out: str) -> str:
    return out.split("Main menu")[1]


def certificates_saved() -> list[Path]:
    """Certificates anywhere in the (test's) home folder; finding none makes no Downloads folder."""
    return sorted(Path.home().rglob("certificate-*"))


def test_a_learner_who_passed_saves_the_certificate_from_the_main_menu(tmp_path, modules):
    store = Store.open(tmp_path / "data")
    passed(store, modules)
    status, out = run(["1", "1", "", "quit"], store, modules, certificates=CertificateSite(organization="Our Centre",
                                                                                             paper="letter"))
    assert status == 0
    assert "  1. Your certificate is ready: choose this to save it" in main_menu(out)
    [saved] = certificates_saved()
    assert saved.parent == paths.certificate_dir()
    [(ref,)] = store.db.execute("SELECT ref FROM certificates").fetchall()
    assert saved.name == f"certificate-{ref}.html"
    assert f"Your certificate was saved to {saved}. Open it in a web browser to print it." in out
    text = saved.read_text(encoding="utf-8")
    assert "Our Centre" in text and "Robin" in text and ref in text and "size: letter" in text
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600  # it names the learner


def test_no_certificate_is_offered_before_the_track_is_passed(tmp_path, modules):
    store = Store.open(tmp_path / "data")
    store.create_profile("Robin")
    status, out = run(["1", "quit"], store, modules)
    assert status == 0 and READY not in out
    assert certificates_saved() == []


def test_a_kiosk_shows_the_reference_and_the_facilitators_command_and_saves_nothing(tmp_path, modules):
    store = Store.open(tmp_path / "data")
    passed(store, modules, name="Robin O'Neil")
    script = ["1", "Robin O'Neil", "1", "", "quit", "quit", "4321"]  # a profile; the name; the certificate; back
    status, out = run(script, store, modules, access=kiosk_access())
    assert status == 0
    assert "  1. Your certificate is ready: choose this for its reference" in main_menu(out)
    [(ref,)] = store.db.execute("SELECT ref FROM certificates").fetchall()
    shown = out.split("> 1\n")[-1]
    assert shown.startswith(f"\n{READY}\nReference: {ref}\n"
                            "This computer is shared, so the certificate is not saved on it.")
    assert "  mhcourse certificate --profile \"Robin O'Neil\" -o certificate.html\n" in shown
    assert certificates_saved() == [] and not (Path.home() / "Downloads").exists()


def test_a_guest_is_never_offered_a_certificate(tmp_path, modules):
    output = io.StringIO()
    session: PlainSession

    def respond(screen: str) -> str | None:
        if "Main menu" in screen and not respond.done:  # type: ignore[attr-defined]
            passed_as(session.learner)
            respond.done = True  # type: ignore[attr-defined]
            return "back"  # the menu again, now with every module passed
        return "quit" if "Main menu" in screen or "main menu" in screen else None

    def passed_as(learner) -> None:
        for module in modules:
            pass_module(learner, module)

    respond.done = False  # type: ignore[attr-defined]
    session = PlainSession(Typist(output, respond), output, Desk.in_memory(), modules, rng=random.Random(SEED),
                           guest=True)
    assert session.run() == 0
    out = output.getvalue()
    assert "1 of 1 modules passed" in out
    assert READY not in out


def test_read_saves_the_certificate_with_the_sites_name_and_paper(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "mods"
    write_module(folder, "small", text=rich_text())
    config = tmp_path / "site.toml"
    config.write_text(f'[organization]\nname = "Northside Centre"\n\n[modules]\nfolders = ["{folder}"]\n\n'
                      '[track]\noffered = ["small"]\n\n[helplines]\ncountry = "US"\n', encoding="utf-8")
    data = tmp_path / "data"
    store = Store.open(data)
    passed(store, load(folder))
    store.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n\nquit\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    [saved] = certificates_saved()
    assert f"Your certificate was saved to {saved}." in out
    text = saved.read_text(encoding="utf-8")
    assert "Northside Centre" in text and "size: letter" in text  # Letter for a site in the US
