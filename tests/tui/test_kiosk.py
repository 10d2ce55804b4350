"""Kiosk mode: idle lock, no way out without the facilitator PIN, no links or palette Quit, names hidden."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from textual.widgets import Markdown, OptionList

from helpers import module_text, pass_module
from mhcourse.tui.kiosk import FacilitatorExitScreen, Kiosk
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.profiles import ProfileScreen

from .driving import choose, make_app, small_module

PIN = "4321"


def kiosk(**kw) -> Kiosk:
    return Kiosk(facilitator_pin_ok=lambda pin: pin == PIN, **kw)


def shown(screen) -> str:
    from .test_text_and_settings import shown_text

    return shown_text(screen)


@pytest.mark.slow
async def test_idle_session_locks_and_the_next_person_sees_no_progress(tmp_path):
    module = small_module(tmp_path)
    two_seconds = kiosk(idle_minutes=2 / 60)
    app = make_app(tmp_path / "data", [module], kiosk=two_seconds)  # checked every half second from the start
    async with app.run_test(size=(80, 24)) as pilot:
        app.kiosk = replace(two_seconds, idle_minutes=10)  # a busy machine may take two seconds over the set-up
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press(*"Robin", "enter", "escape")  # a shared machine offers a PIN: not now
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "lesson:first")
        await pilot.press("end")
        await pilot.pause()
        assert app.learner is not None
        app.kiosk = two_seconds
        for _ in range(300):  # the lock comes after two idle seconds; a busy machine may take longer to show it
            await asyncio.sleep(0.1)
            if isinstance(app.screen, ProfileScreen):
                break
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.learner is None
        text = shown(app.screen)
        assert "Robin" in text  # the name, to choose it
        assert "1 of 2" not in text and "lesson" not in text.lower().replace("learning", "")


async def test_a_check_while_the_lock_is_under_way_starts_no_second_lock(tmp_path):
    """On a busy machine popping the screens can outlast the next idle check (it once hung CI)."""
    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk(idle_minutes=10))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Robin", "enter", "escape")
        await choose(pilot, "#modules", "module:small")
        app.last_activity -= 3600
        app.lock_if_idle()
        app.lock_if_idle()
        assert len([worker for worker in app.workers if worker.group == "idle-lock"]) == 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and len(app.screen_stack) == 2 and app.learner is None


@pytest.mark.slow
async def test_quit_returns_to_profiles_and_only_the_pin_closes_the_app(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Robin", "enter", "escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.learner is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorExitScreen)
        await pilot.press(*"0000", "enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FacilitatorExitScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+z", "ctrl+c")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_c_says_what_the_quit_key_does_in_a_kiosk(tmp_path):
    """Issue 13: ctrl+c said "press ctrl+q to quit the app", but in a kiosk ctrl+q ends the learner's session."""
    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk())

    def said() -> str:
        text = " ".join(str(n.message) for n in app._notifications)
        app._notifications.clear()
        return text

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Robin", "enter", "escape")  # a shared machine offers a PIN: not now
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        text = said()
        assert "quit the app" not in text
        assert "end your session" in text and "progress is saved" in text and "facilitator closes" in text
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        said()
        await pilot.press("ctrl+c")
        await pilot.pause()
        text = said()
        assert "quit the app" not in text and "facilitator PIN" in text
        assert app.is_running and isinstance(app.screen, ProfileScreen)


async def test_a_kiosk_shows_the_certificates_reference_and_leaves_no_file(tmp_path):
    """Issue 13: "Save my certificate" piled learners' certificates up in the shared account's Downloads."""
    from pathlib import Path

    from mhcourse.tui.screens.certificate import CertificateScreen

    module = small_module(tmp_path)
    app = make_app(tmp_path / "data", [module], kiosk=kiosk())
    downloads = Path.home() / "Downloads"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Robin", "enter", "escape")  # a shared machine offers a PIN: not now
        assert isinstance(app.screen, HomeScreen)
        pass_module(app.learner, module)
        await choose(pilot, "#modules", "module:small")
        await pilot.press("escape")  # back home, which now offers the certificate
        assert "Your certificate is ready: press Enter for its reference" in shown(app.screen)
        await choose(pilot, "#modules", "certificate")
        await pilot.pause()
        assert isinstance(app.screen, CertificateScreen)
        [(ref, name)] = app.desk.store.db.execute("SELECT ref, name FROM certificates").fetchall()
        assert name == "Robin"
        text = shown(app.screen)
        assert f"Reference: {ref}" in text
        assert "mhcourse certificate --profile \"Robin\" -o certificate.html" in text and "not saved on it" in text
        await pilot.press("enter")  # Close
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert not downloads.exists()  # saving makes the folder at once, before the file is written
    left = [p for p in (*Path.home().rglob("*"), *tmp_path.rglob("*")) if "certificate" in p.name.lower()]
    assert left == []


async def test_palette_offers_no_quit_and_links_do_not_open(tmp_path):
    text = module_text().replace("Mental health is part of health.", "See [the WHO page](https://www.who.int/).")
    module = small_module(tmp_path, text=text)
    app = make_app(tmp_path / "data", [module], kiosk=kiosk())
    opened = []
    app.open_url = lambda url, **kw: opened.append(url)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" not in titles and "Get help now" in titles
        await pilot.press(*"Robin", "enter", "escape")
        await choose(pilot, "#modules", "module:small")
        await choose(pilot, "#items", "lesson:first")
        markdown = app.screen.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "https://www.who.int/"))
        await pilot.pause()
        assert opened == []
        assert app.is_running


async def test_hidden_names_let_each_learner_type_theirs(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk(hide_names=True))
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query(OptionList)
        assert "Robin" not in shown(app.screen)
        await pilot.press("enter")  # "I have a profile"
        await pilot.press(*"robin", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.learner.profile.name == "Robin"


async def test_after_a_guest_session_the_next_name_goes_into_the_name_field(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk(hide_names=True))
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#guest").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen) and app.is_guest
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("tab", "enter")  # "I'm new"
        await pilot.press(*"Sam", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.is_guest and app.learner.profile.name == "Sam"


async def test_the_organisation_welcome_is_on_the_kiosk_profile_screen(tmp_path):
    from .test_site import site_config

    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk(), site=site_config(tmp_path))
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, ProfileScreen)
        assert "Welcome to Riverside. Staff are here if you need them." in shown(app.screen)


async def test_a_name_typed_and_left_behind_is_cleared_by_the_idle_lock(tmp_path):
    import time

    from textual.widgets import Input

    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=kiosk(hide_names=True))
    app.desk.store.set_pin(app.desk.store.create_profile("Robin").id, "2468")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Robin", "enter")  # "I have a profile", a name, then walked away
        assert app.screen.query_one("#name", Input).value == "Robin"
        app.last_activity = time.monotonic() - 3600  # an hour without a key: the idle check runs
        app.lock_if_idle()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert not app.screen.query("#name") and app.screen.query("#existing")
        assert "Robin" not in shown(app.screen)
