"""The profile picker keeps a high-contrast learner's look: at start, and on the way back from a profile."""

from __future__ import annotations

from mhcourse.progress.access import Access
from mhcourse.progress.store import Store
from mhcourse.tui.kiosk import Kiosk
from mhcourse.tui.screens.profiles import ProfileScreen

from .driving import choose, make_app, small_module


def two_learners(data, last: str = "Ada") -> None:
    """Ada (high contrast) and Ben (dark); `last` used the course most recently."""
    times = iter(["2026-11-20T10:00:00+00:00", "2026-11-21T10:00:00+00:00", "2026-11-22T10:00:00+00:00",
                  "2026-11-23T09:00:00+00:00"])
    store = Store.open(data, clock=lambda: next(times, "2026-11-23T09:30:00+00:00"))
    ada, ben = store.create_profile("Ada"), store.create_profile("Ben")
    store.set_setting(ada.id, "theme", "high-contrast")
    store.set_setting(ben.id, "theme", "dark")
    store.touch((ben if last == "Ada" else ada).id)
    store.touch((ada if last == "Ada" else ben).id)
    store.close()


async def test_the_picker_starts_in_the_last_learners_theme(tmp_path):
    two_learners(tmp_path / "data")
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, ProfileScreen)
        assert app.theme == "course-high-contrast"


async def test_going_back_to_the_picker_keeps_the_profiles_theme(tmp_path):
    two_learners(tmp_path / "data", last="Ben")
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "course-dark"
        await choose(pilot, "#profiles", str(app.desk.store.profile("Ada").id))
        assert app.theme == "course-high-contrast"
        await pilot.press("escape")  # back to "Who is learning?"
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.theme == "course-high-contrast"


async def test_kiosk_and_hidden_names_start_in_the_site_default(tmp_path):
    for kiosk in (Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: False),
                  Kiosk(hide_names=False, facilitator_pin_ok=lambda pin: False)):
        data = tmp_path / str(len(list(tmp_path.iterdir())))
        two_learners(data)
        app = make_app(data, [small_module(tmp_path)], access=Access(kiosk=kiosk))
        async with app.run_test(size=(80, 24)):
            assert app.theme == "course-dark", kiosk


async def test_a_kiosk_session_ends_in_the_site_default(tmp_path):
    """The next person at a kiosk may be anyone: the lock goes back to the default theme."""
    kiosk = Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: False)
    app = make_app(tmp_path / "data", [small_module(tmp_path)], access=Access(kiosk=kiosk))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_guest()
        await pilot.pause()
        app.set_course_theme("high-contrast")
        await pilot.pause()
        assert app.theme == "course-high-contrast"
        await app.lock()
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.theme == "course-dark"
