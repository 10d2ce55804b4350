"""A profile with a PIN cannot be opened without it; five wrong tries lock it, also after a restart."""

from __future__ import annotations

import pytest

from mhcourse.progress.desk import Desk
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
    return CourseApp([module], Desk(store), seed=1)


@pytest.mark.slow
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


# -- who may open what (progress/access.py), through the TUI ---------------------------------------------

from textual import events  # noqa: E402
from textual.widgets import Input, OptionList, Static  # noqa: E402

from mhcourse.progress.access import Access, Kiosk  # noqa: E402
from mhcourse.tui.kiosk import FacilitatorExitScreen  # noqa: E402
from mhcourse.tui.screens.pin import NewPinScreen  # noqa: E402


def problem(app, selector: str = "#name-problem") -> str:
    return str(app.screen.query_one(selector, Static).render())


def hidden(**kw) -> Access:
    return Access(kiosk=Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: pin == "9999"), **kw)


def access_app(data, module, clock, access: Access) -> CourseApp:
    store = Store.open(data, clock=lambda: FIXED_TIME, now_seconds=clock)
    return CourseApp([module], Desk(store, access), seed=1)


async def test_a_profile_that_gained_a_pin_after_the_list_was_drawn_asks_for_it(tmp_path):
    app = app_for(tmp_path / "data", small_module(tmp_path), Clock())
    robin = app.desk.store.create_profile("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#profiles", OptionList).option_count == 1
        app.desk.store.set_pin(robin.id, "2468")  # another session protects Robin while this list is on screen
        await choose(pilot, "#profiles", str(robin.id))
        assert isinstance(app.screen, PinEntryScreen) and app.learner is None
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.learner.profile.name == "Robin"


@pytest.mark.slow
async def test_hidden_names_an_unknown_name_and_a_wrong_pin_get_the_same_answer(tmp_path):
    app = access_app(tmp_path / "data", small_module(tmp_path), Clock(), hidden())
    app.desk.create("Robin", "2468")
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query(OptionList)
        await pilot.press("enter")  # "I have a profile"
        answers = []
        for name in ("Robin", "Robyn"):
            app.screen.query_one("#name", Input).value = ""
            app.screen.query_one("#name", Input).focus()
            await pilot.press(*name, "enter")
            assert app.screen.focused.id == "pin"  # a PIN is asked for, profile or not
            assert "Robin" not in problem(app)
            await pilot.press(*"1111", "enter")
            await pilot.pause()
            answers.append(problem(app))
        assert answers[0] == answers[1] == "Name or PIN not recognised. 4 more tries before a pause."
        assert app.desk.store.profile("Robyn") is None and app.learner is None  # a typo makes no profile
        app.screen.query_one("#name", Input).value = "robin"
        await pilot.press(*"2468", "enter")  # the PIN field still has focus: the right PIN opens Robin
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.learner.profile.name == "Robin"


async def test_hidden_names_a_pinless_profile_opens_at_its_name_and_new_refuses_a_taken_name(tmp_path):
    app = access_app(tmp_path / "data", small_module(tmp_path), Clock(), hidden())
    app.desk.create("Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # "I'm new", reached with the arrow a learner tries first
        await pilot.press(*"sam", "enter")
        await pilot.pause()
        assert problem(app) == "That name is already taken. Please choose another."
        await pilot.press("escape")  # back to the question
        await pilot.press("enter", *"sam", "enter")  # "I have a profile"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.learner.profile.name == "Sam"


@pytest.mark.slow
async def test_require_pin_a_new_profile_sets_one_before_the_course_starts(tmp_path):
    app = access_app(tmp_path / "data", small_module(tmp_path), Clock(), Access(require_pin=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Kai", "enter")  # past the welcome screen, then a new profile
        await pilot.pause()
        assert isinstance(app.screen, NewPinScreen)
        await pilot.press("escape")  # a required PIN cannot be skipped: back, and nothing was made
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.learner is None and app.desk.store.profiles() == []
        await pilot.press(*"Kai", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewPinScreen)
        assert "yours has none yet" not in " ".join(str(s.render()) for s in app.screen.query(Static))
        await pilot.press(*"1357", "enter", *"1357", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.desk.store.profile("Kai").has_pin


@pytest.mark.slow
async def test_require_pin_hidden_names_a_new_profile_left_at_its_pin_is_never_made(tmp_path):
    """Esc at "Please choose one now" leaves no profile: the name stays free, and nobody can open it."""
    app = access_app(tmp_path / "data", small_module(tmp_path), Clock(), hidden(require_pin=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "enter", *"Kai", "enter")  # "I'm new", a name
        await pilot.pause()
        assert isinstance(app.screen, NewPinScreen)
        await pilot.press(*"1357", "enter", "escape")  # one PIN typed, then away
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.desk.store.profiles() == []
        await pilot.press("enter", *"Kai", "enter")  # "I have a profile": an unknown name asks for a PIN
        await pilot.pause()
        assert app.screen.focused.id == "pin" and not isinstance(app.screen, NewPinScreen) and app.learner is None
        await pilot.press("escape", "tab", "enter", *"Kai", "enter")  # "I'm new" again: the name is free
        await pilot.pause()
        assert isinstance(app.screen, NewPinScreen)  # not "already taken"
        await pilot.press(*"1357", "enter", *"1357", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.learner.profile.name == "Kai"
    assert [(p.name, p.has_pin) for p in app.desk.store.profiles()] == [("Kai", True)]


async def test_a_shared_machine_offers_a_pin_at_creation_that_can_be_skipped(tmp_path):
    app = access_app(tmp_path / "data", small_module(tmp_path), Clock(), Access(shared=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"Kai", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewPinScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app.desk.store.profile("Kai").has_pin


@pytest.mark.slow
async def test_the_facilitator_pin_locks_after_five_wrong_tries_also_after_a_restart(tmp_path):
    module, clock, data = small_module(tmp_path), Clock(), tmp_path / "data"
    app = access_app(data, module, clock, hidden())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorExitScreen)
        for _ in range(5):
            await pilot.press(*"0000", "enter")
            await pilot.pause()
        assert problem(app, "#exit-problem").startswith("Too many wrong PINs. Try again after ")
    again = access_app(data, module, clock, hidden())
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert problem(again, "#exit-problem").startswith("Too many wrong PINs.")  # said before a PIN is typed
        await pilot.press(*"9999", "enter")  # the right PIN, but the lock outlived the restart
        await pilot.pause()
        assert again.is_running and problem(again, "#exit-problem").startswith("Too many wrong PINs.")
        clock.now += 61
        await pilot.press(*"9999", "enter")
        await pilot.pause()
    assert again.return_code == 0


async def test_a_name_with_a_direction_override_is_refused(tmp_path):
    app = app_for(tmp_path / "data", small_module(tmp_path), Clock())
    app.desk.create("Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#new-name", Input)
        field.focus()
        field.post_message(events.Paste("\u202emaS"))  # pasted: a name that shows as "Sam"
        await pilot.pause()
        assert field.value == "\u202emaS"
        await pilot.press("enter")
        await pilot.pause()
        assert "invisible character" in problem(app)
        assert isinstance(app.screen, ProfileScreen) and len(app.desk.store.profiles()) == 1


async def test_require_pin_offers_no_way_to_remove_a_pin(tmp_path):
    app = access_app(tmp_path / "data", small_module(tmp_path), Clock(), Access(require_pin=True))
    kai = app.desk.store.create_profile("Kai")
    app.desk.store.set_pin(kai.id, "1357")
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "#profiles", str(kai.id))
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        app.set_my_pin()
        await pilot.pause()
        assert not app.screen.query("#remove")


async def test_hidden_names_a_paused_name_is_told_as_it_is_typed(tmp_path):
    clock = Clock()
    app = access_app(tmp_path / "data", small_module(tmp_path), clock, hidden())
    app.desk.create("Robin", "2468")
    for _ in range(5):
        app.desk.open("Robin", "1111")
        app.desk.open("Robyn", "1111")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # "I have a profile"
        for name in ("Robin", "Robyn"):  # a profile, and a name that is none, paused alike
            app.screen.query_one("#name", Input).value = ""
            app.screen.query_one("#name", Input).focus()
            await pilot.press(*name, "enter")
            await pilot.pause()
            assert problem(app).startswith("Name or PIN not recognised. Too many tries: please try again after ")


# -- My PIN (Ctrl+P): the PIN a profile has now is asked first --------------------------------------------

async def my_pin(pilot) -> None:
    """Ctrl+P, then "My PIN", as a learner opens it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"My PIN")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def open_robin(pilot, robin) -> None:
    await choose(pilot, "#profiles", str(robin.id))
    await pilot.press(*"2468", "enter")
    await pilot.pause()


@pytest.mark.slow
async def test_my_pin_asks_the_pin_it_has_now_before_changing_it(tmp_path):
    data = tmp_path / "data"
    app = app_for(data, small_module(tmp_path), Clock())
    robin = app.desk.store.create_profile("Robin")
    app.desk.store.set_pin(robin.id, "2468")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_robin(pilot, robin)
        await my_pin(pilot)
        assert app.screen.query_one("#pin-now", Input).has_focus
        await pilot.press("tab", *"1111", "enter")  # straight to a new PIN: not before the one it has now
        await pilot.pause()
        assert "type your PIN now first" in problem(app, "#pin-problem")
        assert app.screen.query_one("#pin-now", Input).has_focus
        await pilot.press(*"9999", "enter")  # a wrong PIN now
        await pilot.pause()
        assert "That is not the PIN. 4 more tries" in problem(app, "#pin-problem")
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert app.screen.query_one("#pin-1", Input).has_focus
        app.screen.query_one("#pin-1", Input).value = app.screen.query_one("#pin-2", Input).value = ""
        await pilot.press(*"1357", "enter", *"1357", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.desk.store.check_pin(robin.id, "1357").ok


@pytest.mark.slow
async def test_my_pin_cannot_remove_a_pin_without_it_and_wrong_tries_pause_it(tmp_path):
    clock = Clock()
    app = app_for(tmp_path / "data", small_module(tmp_path), clock)
    robin = app.desk.store.create_profile("Robin")
    app.desk.store.set_pin(robin.id, "2468")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_robin(pilot, robin)
        await my_pin(pilot)
        await pilot.click("#remove")
        await pilot.pause()
        assert "type your PIN now first" in problem(app, "#pin-problem")
        for _ in range(5):
            await pilot.press(*"1111", "enter")
            await pilot.pause()
        assert "paused" in problem(app, "#pin-problem")
        await pilot.press(*"2468", "enter")  # while paused, not even the right PIN is taken
        await pilot.pause()
        await pilot.click("#remove")
        await pilot.pause()
        assert "type your PIN now first" in problem(app, "#pin-problem")
    assert app.desk.store.profile_by_id(robin.id).has_pin
    assert app.desk.store.check_pin(robin.id, "2468").status == "locked"  # counted as at opening


@pytest.mark.slow
async def test_my_pin_with_a_pin_to_check_first_fits_at_80x24(tmp_path):
    from textual.widgets import Button

    from .driving import fully_visible

    app = app_for(tmp_path / "data", small_module(tmp_path), Clock())
    robin = app.desk.store.create_profile("Robin")
    app.desk.store.set_pin(robin.id, "2468")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_robin(pilot, robin)
        await my_pin(pilot)
        for widget in (*app.screen.query(Input), *app.screen.query(Button)):
            assert fully_visible(app, widget), f"{widget.id} is cut off"
