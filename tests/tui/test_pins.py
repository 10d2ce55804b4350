"""A profile with a PIN cannot be opened without it; five wrong tries lock it, also after a restart."""

from __future__ import annotations

from mhcourse.progress.store import Store
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.pin import PinEntryScreen
from mhcourse.tui.screens.profiles import ProfileScreen

from .driving import FIXED_TIME, choose, small_module


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def app_for(data, module, clock) -> CourseApp:
    store = Store.open(data, clock=lambda: FIXED_TIME, now_seconds=clock)
    return CourseApp([module], store, seed=1)


async def test_pin_profile_needs_its_pin_and_locks_after_five_wrong_tries(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    clock = Clock()
    setup = Store.open(data)
    robin = setup.create_profile("Robin")
    setup.set_pin(robin.id, "2468")
    setup.close()

    app = app_for(data, module, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "#profiles", str(robin.id))
        assert isinstance(app.screen, PinEntryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ProfileScreen) and app.learner is None
        await choose(pilot, "#profiles", str(robin.id))
        for _ in range(5):
            await pilot.press(*"1111", "enter")
            await pilot.pause()
        assert "paused" in str(app.screen.query_one("#pin-problem").render())
        await pilot.press(*"2468", "enter")  # the right PIN does not open a locked profile
        await pilot.pause()
        assert isinstance(app.screen, PinEntryScreen) and app.learner is None

    again = app_for(data, module, clock)  # a restart keeps the lock
    async with again.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "#profiles", str(robin.id))
        assert "paused" in str(again.screen.query_one("#pin-problem").render())
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert again.learner is None
        clock.now += 61  # a minute later
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        assert again.learner.profile.name == "Robin"


async def test_a_learner_sets_a_pin_from_the_command_palette(tmp_path):
    module = small_module(tmp_path)
    data = tmp_path / "data"
    app = app_for(data, module, Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Sam", "enter")
        app.set_my_pin()
        await pilot.pause()
        await pilot.press(*"1357", "enter", *"1357", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    store = Store.open(data)
    assert store.profile("Sam").has_pin
    assert store.check_pin(store.profile("Sam").id, "1357").ok
