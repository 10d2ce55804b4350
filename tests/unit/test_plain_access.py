"""The plain face: who may open what (progress/access.py): PINs, kiosks, hidden names, guests."""

from __future__ import annotations

import re

import pytest

from mhcourse.content.models import Module
from mhcourse.progress.access import Access
from mhcourse.progress.desk import try_again_at
from mhcourse.progress.store import Store
from plain_driver import (
    FACILITATOR,
    PIN,
    Clock,
    kiosk_access,
    numbered,
    protected,
    run,
    small_modules,
)


@pytest.fixture
def modules(tmp_path) -> list[Module]:
    return small_modules(tmp_path)


# -- who may open what (progress/access.py), through the plain face -----------------------------------

def test_a_profile_that_gains_a_pin_after_the_list_was_shown_asks_for_it(modules):
    store = Store.in_memory()
    sam = store.create_profile("Sam")

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            store.set_pin(sam.id, PIN)  # meanwhile, in another session, Sam protects the profile
            return "1"
        if "Sam is protected with a PIN" in screen:
            return PIN
        return "quit" if "Main menu" in screen else None

    status, out = run(respond, store, modules)
    assert "  1. Sam\n" in out  # the list was drawn before the PIN was set
    assert "Sam is protected with a PIN" in out and "Hello, Sam." in out


def test_a_profile_that_gains_a_pin_is_not_opened_without_it(modules):
    store = Store.in_memory()
    sam = store.create_profile("Sam")

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            store.set_pin(sam.id, PIN)
            return "sam"
        return None

    status, out = run(respond, store, modules)
    assert "Sam is protected with a PIN" in out and "Hello, Sam." not in out


def test_kiosk_hides_names_and_quit_returns_to_who_is_learning(modules):
    store = Store.in_memory()
    store.create_profile("Robin")
    status, out = run(["2", "Kai", "", "quit", "1", "Kai", "quit", "quit", "back"], store, modules,
                      access=kiosk_access())
    assert status == 0
    assert "Robin" not in out
    assert "I have a profile" in out and "I'm new" in out
    assert out.count("Your progress is saved. The next person can start here.") == 2
    assert out.count("Hello, Kai.") == 2  # made, then opened again by name (it has no PIN)
    assert "Facilitators only: type the facilitator PIN" in out
    assert out.rstrip().endswith("End of input. Goodbye.")  # a script still ends at the end of its input


def test_in_kiosk_mode_only_the_facilitator_pin_ends_the_plain_face(modules):
    store = Store.in_memory()
    status, out = run(["quit", "0000", "quit", FACILITATOR, "1"], store, modules, access=kiosk_access())
    assert "That is not the facilitator PIN. 4 more tries before a pause." in out
    assert out.count("Facilitators only") == 2
    assert out.rstrip().endswith("Goodbye.") and "End of input" not in out
    assert FACILITATOR not in out


def test_the_facilitator_pin_locks_after_five_wrong_tries_even_in_a_new_session(tmp_path, modules):
    clock = Clock()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    run([*(["quit", "0000"] * 5)], store, modules, access=kiosk_access())
    store.close()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    status, out = run(["quit", FACILITATOR], store, modules, access=kiosk_access())
    assert f"Too many wrong PINs. Try again after {try_again_at(clock.now + 60)}." in out
    assert "Facilitators only" not in out  # said at quit, before any PIN is asked
    assert out.rstrip().endswith("End of input. Goodbye.")  # the right PIN was not even checked
    store.close()


def test_hidden_names_a_paused_name_is_told_before_a_pin_is_asked(tmp_path, modules):
    clock = Clock()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    protected(store, "Sam")
    for name in ("Sam", "Alex"):  # a profile, and a name that is none, paused alike
        run(["1", name, "wrong pin"] * 5, store, modules, access=kiosk_access())
        status, out = run(["1", name, "quit"], store, modules, access=kiosk_access())
        assert f"Name or PIN not recognised. Too many tries: please try again after {try_again_at(clock.now + 60)}" \
            in out
        assert "Type your PIN" not in out, name
    store.close()


def test_hidden_names_an_unknown_name_and_a_wrong_pin_get_the_same_answer(modules):
    store = Store.in_memory()
    protected(store, "Sam")
    status, out = run(["1", "Sam", "wrong pin", "1", "Alex", "wrong pin", "1", "Sam", PIN, "quit"], store, modules,
                      access=kiosk_access())
    assert out.count("Name or PIN not recognised. 4 more tries before a pause.") == 2
    assert "Sam is protected" not in out and "PIN for" not in out
    assert store.profile("Alex") is None  # a typo never makes a profile
    assert "Hello, Sam." in out and PIN not in out


def test_hidden_names_a_locked_unknown_name_reads_like_a_locked_profile(modules):
    store = Store.in_memory(now_seconds=lambda: 1_800_000_000.0)  # a still clock: both locks end in one minute
    protected(store, "Sam")
    tries = []
    for name in ("Sam", "Alex"):
        tries += ["1", name, "wrong pin"] * 5
    status, out = run([*tries, "1", "Alex", "x x x x"], store, modules, access=kiosk_access())
    locked = [line for line in out.splitlines() if "Too many tries" in line]
    assert len(locked) == 3 and len(set(locked)) == 1  # Sam's lock, Alex's lock, Alex still locked: one message
    assert store.profile("Alex") is None


def test_hidden_names_new_refuses_a_taken_name(modules):
    store = Store.in_memory()
    protected(store, "Sam")
    status, out = run(["2", "sam", "Sam B", "", "quit"], store, modules, access=kiosk_access())
    assert "That name is already taken. Please choose another." in out
    assert "Hello, Sam B." in out


def test_require_pin_a_new_profile_sets_one_before_the_course_starts(modules):

    store = Store.in_memory()
    status, out = run(["new", "Kai", "", "12", "abcd", "abce", "abcd", "abcd", "quit"], store, modules,
                      access=Access(require_pin=True))
    assert "This computer asks every profile for a PIN. Please choose one now." in out
    assert "Please type a PIN." in out and "at least 4 characters" in out and "not the same" in out
    assert out.index("Your PIN is set.") < out.index("Hello, Kai.")
    assert store.profile("Kai").has_pin


@pytest.mark.parametrize("leave", [["back"], ["1234", "back"], []], ids=["back", "back-at-second", "end-of-input"])
def test_require_pin_no_profile_is_made_until_its_pin_is_set(modules, leave):
    """Hidden names and required PINs: leaving at the PIN (back, or the end of the input) leaves no
    profile behind, so the name stays free and nobody can open it and set the PIN."""
    store = Store.in_memory()
    run(["2", "Kai", *leave], store, modules, access=kiosk_access(require_pin=True))
    assert store.profiles() == []
    status, out = run(["1", "Kai", "0000", "2", "Kai", "abcd", "abcd", "quit"], store, modules,
                      access=kiosk_access(require_pin=True))
    assert "Name or PIN not recognised." in out and "already taken" not in out
    assert out.index("Your PIN is set.") < out.index("Hello, Kai.")
    assert [(p.name, p.has_pin) for p in store.profiles()] == [("Kai", True)]


def test_require_pin_profile_option_makes_the_profile_only_with_its_pin(modules):

    store = Store.in_memory()
    run(["back", "quit"], store, modules, profile="Zoe", access=Access(require_pin=True))
    assert store.profiles() == []
    status, out = run(["abcd", "abcd", "quit"], store, modules, profile="Zoe", access=Access(require_pin=True))
    assert out.index("Made a new profile called Zoe.") < out.index("Your PIN is set.") < out.index("Hello, Zoe.")
    assert store.profile("Zoe").has_pin


def test_require_pin_a_profile_without_one_sets_it_at_its_first_opening(modules):

    store = Store.in_memory()
    store.create_profile("Imported")  # an import, or a profile made before require_pin: no PIN
    status, out = run(["1", "back", "1", "abcd", "abcd", "quit"], store, modules, access=Access(require_pin=True))
    assert out.count("This computer asks every profile for a PIN, and yours has none yet.") == 2
    assert out.count("Hello, Imported.") == 1  # not before the PIN was set
    assert store.profile("Imported").has_pin


def test_a_shared_machine_offers_a_pin_that_can_be_skipped(modules):

    store = Store.in_memory()
    status, out = run(["new", "Kai", "", "quit"], store, modules, access=Access(shared=True))
    assert "A PIN stops them from opening your profile" in out and "No PIN for now." in out
    assert "Hello, Kai." in out and not store.profile("Kai").has_pin
    status, out = run(["new", "Robin", "quit"], store, modules)  # one's own computer: no offer
    assert "A PIN stops them" not in out


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2067", "\u200f",
                                       "\u034f", "\ufe0f", "\u3164", "\uffa0", "\u2800", "\U000e0100"])
def test_a_name_with_an_invisible_character_is_refused(modules, invisible):
    store = Store.in_memory()
    store.create_profile("Sam")
    status, out = run(["new", f"Sa{invisible}m", "Kai", "quit"], store, modules)
    assert "The name has an invisible character in it" in out
    assert [p.name for p in store.profiles()] == ["Kai", "Sam"] or {p.name for p in store.profiles()} == {"Kai", "Sam"}


def test_kiosk_guest_learns_without_saving_and_the_next_person_starts_afresh(modules):
    store = Store.in_memory()
    status, out = run(["3", "2", "quit", "1", "Guest"], store, modules, access=kiosk_access())
    assert "Guest session: nothing you do here will be saved" in out
    assert "Guest session ended: nothing was saved." in out
    assert out.count("Who is learning?") == 2
    assert store.profiles() == []  # nothing reached the store
    assert "Type your PIN and press Enter" in out  # "Guest" is no profile: asked for a PIN, like any name


def test_a_partly_right_choice_of_several_says_not_quite_and_how_many(modules):
    """The TUI's words ("Not quite."), never "Wrong.", and how many of the right choices were chosen."""

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            return "1"
        if "new profile" in screen:
            return "Robin"
        if "Quiz results:" in screen:
            return None
        if "Back to the main menu" in screen and "Lesson 1:" in screen:
            return "3"
        if re.search(r"^Question \d", screen, re.M):
            shown = numbered(screen)
            if "Which of these help?" in screen:
                return f"{shown['Listening']} {shown['Mocking']}"
            if "Order these." in screen:
                return " ".join(shown[i] for i in ("one", "two", "three"))
            return "1"
        if "Each meaning fits one term" in screen:
            return "2"  # check the answer as it is: every term was given the first meaning
        if "Type the number of its meaning" in screen:
            return "1"
        return None

    status, out = run(respond, Store.in_memory(), modules, module_id="small")
    assert status == 0
    assert "Not quite: you chose 1 of the 2 right answers.\nYou chose: Listening." in out
    assert "Wrong" not in out


@pytest.mark.parametrize("kiosk", [False, True])
def test_a_guest_can_learn_from_the_list_of_names_and_nothing_is_saved(modules, kiosk):
    """Names listed (not kiosk, or a kiosk that shows names): "Learn as a guest" after "New profile"."""
    store = Store.in_memory()
    store.create_profile("risk1")
    access = kiosk_access(hide_names=False) if kiosk else None
    status, out = run(["3", "1", "", "1", "quit"], store, modules, module_id=None, access=access)
    assert "  1. risk1\n  2. New profile\n  3. Learn as a guest (nothing is saved)\n" in out
    assert "Guest session: nothing you do here will be saved" in out
    assert "Lesson 1 of 2" in out
    assert [p.name for p in store.profiles()] == ["risk1"]
    assert store.db.execute("SELECT COUNT(*) FROM lessons").fetchone() == (0,)
    assert store.db.execute("SELECT COUNT(*) FROM places").fetchone() == (0,)
    if not kiosk:
        assert "Guest session ended: nothing was saved. Goodbye." in out
