"""PIN-protected profiles: salted scrypt hashes, five wrong tries lock for a minute, and the lock outlives a restart."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

import pytest

from mhcourse import cli
from mhcourse.commands import profile as profile_commands
from mhcourse.errors import ProfileError
from mhcourse.pins import hash_pin, verify_pin
from mhcourse.progress.learner import Learner
from mhcourse.progress.pins import PIN_LOCK_SECONDS, PIN_TRIES
from mhcourse.progress.store import Store


class Clock:
    """Wall-clock seconds that a test moves by hand."""

    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def folder(make_store):
    """Where the record is, on each engine: a StoreMaker (tests/unit/conftest.py) opening the same record
    each time, as a restart would. The commands' tests below give a data folder (SQLite) instead."""
    return make_store


def open_store(folder, clock) -> Store:
    if isinstance(folder, Path):
        return Store.open(folder, now_seconds=clock)
    return folder(now_seconds=clock)


def protected(folder, clock, pin: str = "4321") -> int:
    store = open_store(folder, clock)
    profile = store.create_profile("Robin")
    store.set_pin(profile.id, pin)
    store.close()
    return profile.id


def test_the_pin_is_kept_only_as_a_salted_scrypt_hash(folder, clock):
    pid = protected(folder, clock, "correct horse")
    store = open_store(folder, clock)
    stored = store.db.execute("SELECT pin_hash FROM profiles WHERE id = ?", (pid,)).fetchone()[0]
    store.close()
    kind, n, r, p, salt, key = stored.split("$")
    assert (kind, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(key)) == 32
    if not folder.postgres:
        assert b"correct horse" not in (folder.tmp_path / "data" / "progress.db").read_bytes()
    assert hash_pin(pin="correct horse") != stored  # a fresh salt every time


def test_a_profile_with_a_pin_opens_only_with_it(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    assert store.profile_by_id(pid).has_pin
    wrong = store.check_pin(pid, "1234")
    assert wrong.status == "wrong" and not wrong.ok and wrong.tries_left == PIN_TRIES - 1
    assert store.check_pin(pid, "4321").ok
    assert store.check_pin(pid, "1111").tries_left == PIN_TRIES - 1  # a right PIN starts the count again
    store.close()


def test_five_wrong_tries_lock_the_profile_also_after_a_restart(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    results = [store.check_pin(pid, f"000{n}") for n in range(PIN_TRIES)]
    assert [r.status for r in results] == ["wrong"] * (PIN_TRIES - 1) + ["locked"]
    assert [r.tries_left for r in results[:-1]] == [4, 3, 2, 1]
    assert results[-1].locked_until == clock.now + PIN_LOCK_SECONDS
    assert store.check_pin(pid, "4321").status == "locked"  # even the right PIN waits
    store.close()

    clock.now += 30
    store = open_store(folder, clock)  # the app was quit and started again
    try:
        locked = store.check_pin(pid, "4321")
        assert locked.status == "locked" and locked.seconds_left(clock.now) == 30
        assert store.pin_locked_until(pid) == locked.locked_until
    finally:
        store.close()

    clock.now += 31
    store = open_store(folder, clock)
    try:
        assert store.pin_locked_until(pid) is None
        assert store.check_pin(pid, "4321").ok
    finally:
        store.close()


def test_after_a_lock_runs_out_there_are_five_fresh_tries(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(PIN_TRIES):
        store.check_pin(pid, "9999")
    clock.now += PIN_LOCK_SECONDS + 1
    assert store.check_pin(pid, "9999").tries_left == PIN_TRIES - 1
    store.close()


def test_tries_while_locked_do_not_make_the_lock_longer(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(PIN_TRIES):
        store.check_pin(pid, "9999")
    until = store.pin_locked_until(pid)
    clock.now += 20
    for _ in range(10):
        assert store.check_pin(pid, "9999").locked_until == until
    store.close()


def test_a_clock_put_back_does_not_lock_for_longer_than_a_minute(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(PIN_TRIES):
        store.check_pin(pid, "9999")
    clock.now -= 3600  # the computer's clock went back an hour
    assert store.check_pin(pid, "4321").locked_until <= clock.now + PIN_LOCK_SECONDS
    clock.now += PIN_LOCK_SECONDS + 1
    assert store.check_pin(pid, "4321").ok
    store.close()


def test_setting_or_removing_a_pin_lifts_a_lock(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(PIN_TRIES):
        store.check_pin(pid, "9999")
    store.set_pin(pid, "2468")
    assert store.check_pin(pid, "2468").ok
    store.set_pin(pid, None)
    assert not store.profile_by_id(pid).has_pin
    assert store.check_pin(pid, "anything").ok
    store.close()


@pytest.mark.parametrize("pin", ["", "123", "   4", "x" * 129, "12\n34"])
def test_bad_pins_are_refused_in_plain_words(folder, clock, pin):
    store = open_store(folder, clock)
    p = store.create_profile("Sam")
    with pytest.raises(ProfileError):
        store.set_pin(p.id, pin)
    assert not store.profile_by_id(p.id).has_pin
    store.close()


def test_unknown_profile(folder, clock):
    store = open_store(folder, clock)
    with pytest.raises(ProfileError):
        store.set_pin(999, "1234")
    with pytest.raises(ProfileError):
        store.check_pin(999, "1234")
    store.close()


def test_the_same_characters_typed_another_way_match():
    stored = hash_pin(pin="Zoe\u0308 1")  # e + combining diaeresis
    assert verify_pin(pin="Zo\u00eb 1", stored=stored)  # the precomposed letter
    assert not verify_pin(pin="Zoe 1", stored=stored)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$1$8$1$00$00", "scrypt$16384$8$1$zz$zz",
                                    "scrypt$1073741824$8$1$00112233445566778899aabbccddeeff$" + "00" * 32,
                                    "pbkdf2$1$2$3$4$5"])
def test_a_hash_that_cannot_be_read_matches_nothing(stored):
    assert not verify_pin(pin="1234", stored=stored)


def test_learner_can_set_a_pin(folder, clock):
    store = open_store(folder, clock)
    profile = store.create_profile("Ari")
    Learner(store, profile, []).set_pin("a long passphrase")
    assert store.check_pin(profile.id, "a long passphrase").ok
    store.close()


# -- mhcourse profile reset-pin ------------------------------------------------------------------------


def run(*args: str) -> int:
    return cli.main(list(args))


@pytest.fixture
def typed(monkeypatch):
    """Pretend a terminal, and answer getpass prompts from a list."""
    answers: list[str] = []
    monkeypatch.setattr(profile_commands, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))
    return answers


def test_reset_pin_sets_a_new_one_and_lifts_the_lock(tmp_path, typed, capsys):
    folder = tmp_path / "data"
    clock = Clock()
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(PIN_TRIES):
        store.check_pin(pid, "9999")
    store.close()
    typed += ["new pin 1", "new pin 1"]
    assert run("profile", "reset-pin", "robin", "--data-dir", str(folder)) == 0
    assert "Set a new PIN for 'Robin'" in capsys.readouterr().out
    store = open_store(folder, clock)
    assert store.check_pin(pid, "new pin 1").ok
    store.close()


def test_reset_pin_that_does_not_match_changes_nothing(tmp_path, typed, capsys):
    folder = tmp_path / "data"
    pid = protected(folder, Clock())
    typed += ["5555", "5556"]
    assert run("profile", "reset-pin", "Robin", "--data-dir", str(folder)) == 1
    assert "not the same" in capsys.readouterr().err
    typed += ["12", "12"]
    assert run("profile", "reset-pin", "Robin", "--data-dir", str(folder)) == 1
    assert "at least 4 characters" in capsys.readouterr().err
    store = Store.open(folder)
    assert store.check_pin(pid, "4321").ok
    store.close()


def test_reset_pin_clear_and_no_terminal(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    pid = protected(folder, Clock())
    monkeypatch.setattr(profile_commands, "_stdin_is_terminal", lambda: False)
    assert run("profile", "reset-pin", "Robin", "--data-dir", str(folder)) == 2
    assert "--clear" in capsys.readouterr().err
    assert run("profile", "reset-pin", "Nobody", "--clear", "--data-dir", str(folder)) == 1
    assert run("profile", "reset-pin", "Robin", "--clear", "--data-dir", str(folder)) == 0
    store = Store.open(folder)
    assert not store.profile_by_id(pid).has_pin
    store.close()


def test_the_lock_is_kept_in_the_file(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(PIN_TRIES):
        store.check_pin(pid, "9999")
    store.close()
    if folder.postgres:  # another connection, as another machine would read it
        import psycopg

        with psycopg.connect(folder.url()) as db:
            locked_until = db.execute("SELECT locked_until FROM profiles WHERE id = %s", (pid,)).fetchone()[0]
    else:
        db = sqlite3.connect(folder.tmp_path / "data" / "progress.db")
        locked_until = db.execute("SELECT locked_until FROM profiles WHERE id = ?", (pid,)).fetchone()[0]
        db.close()
    assert locked_until == clock.now + PIN_LOCK_SECONDS


# -- lockouts that grow, and PINs of no profile (schema 4) ----------------------------------------------

def lock_out(store: Store, pid: int) -> float:
    results = [store.check_pin(pid, "9999") for _ in range(PIN_TRIES)]
    assert results[-1].status == "locked"
    return results[-1].locked_until - store.now_seconds()


@pytest.mark.slow
def test_each_lockout_in_a_row_lasts_longer_and_the_count_outlives_a_restart(folder, clock):
    pid = protected(folder, clock)
    lengths = []
    for _ in range(6):
        store = open_store(folder, clock)  # a restart between lockouts lifts nothing
        lengths.append(lock_out(store, pid))
        clock.now += lengths[-1] + 1
        store.close()
    assert lengths == [60, 300, 900, 3600, 3600, 3600]
    store = open_store(folder, clock)
    assert store.check_pin(pid, "4321").ok  # a right PIN starts the count again
    assert lock_out(store, pid) == 60
    store.close()


def test_a_new_pin_from_reset_pin_starts_the_lockouts_again(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    for _ in range(2):
        lock_out(store, pid)
        clock.now += 3601
    store.set_pin(pid, "2468")
    assert lock_out(store, pid) == 60
    store.close()


def test_a_clock_put_back_keeps_the_current_locks_own_length(folder, clock):
    pid = protected(folder, clock)
    store = open_store(folder, clock)
    lock_out(store, pid)
    clock.now += 61
    lock_out(store, pid)  # the second lock: five minutes
    clock.now -= 86_400  # the clock went back a day
    assert store.pin_locked_until(pid) == clock.now + 300
    assert store.check_pin(pid, "4321").locked_until == clock.now + 300
    store.close()


def test_pins_of_no_profile_lock_and_grow_alike_and_outlive_a_restart(folder, clock):
    store = open_store(folder, clock)
    right = "2580".__eq__
    results = [store.check_other_pin("facilitator", right, "0000") for _ in range(PIN_TRIES)]
    assert [r.status for r in results] == ["wrong"] * 4 + ["locked"]
    store.close()
    store = open_store(folder, clock)
    assert store.check_other_pin("facilitator", right, "2580").status == "locked"
    clock.now += 61
    assert store.check_other_pin("facilitator", right, "2580").ok
    assert store.other_pin_locked_until("facilitator") is None
    store.close()


def test_opening_by_a_typed_name_that_is_no_profile_answers_like_a_wrong_pin(folder, clock):
    from mhcourse.progress.access import Access, Kiosk
    from mhcourse.progress.desk import Desk

    pid = protected(folder, clock)
    store = open_store(folder, clock)
    desk = Desk(store, Access(kiosk=Kiosk(hide_names=True)))
    assert desk.open("Robin").status == desk.open("Robyn").status == "pin"
    wrong, unknown = desk.open("Robin", "1111"), desk.open("Robyn", "1111")
    assert (wrong.status, wrong.tries_left, wrong.profile) == (unknown.status, unknown.tries_left, None)
    for _ in range(PIN_TRIES - 1):
        unknown = desk.open("ROBYN", "1111")  # the same name in any case: one count
    assert unknown.status == "locked" and unknown.locked_until == clock.now + 60
    assert store.profile("Robyn") is None and [p.id for p in store.profiles()] == [pid]
    opened = desk.open("robin", "4321")
    assert opened.ok and opened.profile.name == "Robin"
    store.close()


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202e",
                                       "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u00ad",
                                       "\u034f", "\ufe00", "\ufe0f", "\u115f", "\u1160", "\u3164", "\uffa0",
                                       "\u2800", "\U000e0100", "\U000e01ef"])
def test_names_with_invisible_characters_are_refused(invisible):
    store = Store.in_memory()  # names are checked in Python, before either engine sees them
    sam = store.create_profile("Sam")
    with pytest.raises(ProfileError, match="invisible character"):
        store.create_profile(f"Sa{invisible}m")
    with pytest.raises(ProfileError, match="invisible character"):
        store.rename_profile(sam.id, f"Sa{invisible}m2")
    store.close()


def test_profile_rename_refuses_an_invisible_character(tmp_path, capsys):
    data = tmp_path / "data"
    store = Store.open(data)
    store.create_profile("Sam")
    store.close()
    status = cli.main(["profile", "rename", "Sam", "Sa\ufe0fm", "--data-dir", str(data)])
    assert status != 0
    assert "invisible character" in capsys.readouterr().err
    assert Store.open(data).profile("Sam") is not None


@pytest.mark.slow
def test_no_character_a_name_may_hold_is_left_out_of_its_key():
    """The name key compares every character kept: none is dropped quietly, so a name that differs
    from another only by a character that shows as nothing is refused, never merged or doubled."""
    import sys
    import unicodedata

    from mhcourse.progress.names import invisible
    from mhcourse.progress.store.profiles import name_key

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cc", "Cs") or char.isspace() or invisible(char):
            continue  # unassigned ones are kept as they are; the others are refused (or divide words)
        assert name_key(f"a{char}") != "a", hex(code)


def test_a_profile_is_made_with_its_pin_in_one_step_where_pins_are_required(folder, clock):
    from mhcourse.progress.access import Access
    from mhcourse.progress.desk import Desk

    store = open_store(folder, clock)
    desk = Desk(store, Access(require_pin=True))
    assert desk.free_name("  Kai ") == "Kai" and store.profiles() == []  # asked first, makes nothing
    with pytest.raises(ProfileError, match="asks every profile for a PIN"):
        desk.create("Kai")
    assert store.profiles() == []
    made = desk.create("Kai", "1357")
    assert made.ok and made.profile.has_pin and not made.set_pin
    assert store.check_pin(made.profile.id, "1357").ok
    with pytest.raises(ProfileError, match="already a profile called 'KAI'"):
        desk.free_name("KAI")
    store.close()


def test_import_on_a_site_that_requires_pins_says_the_profile_has_none_and_how_to_set_it(tmp_path, capsys):
    data, site, record = tmp_path / "data", tmp_path / "site.toml", tmp_path / "robin.toml"
    Store.open(data).create_profile("Robin")
    assert cli.main(["export", "--profile", "Robin", "-o", str(record), "--data-dir", str(data)]) == 0
    assert cli.main(["import", str(record), "--as", "Ann Lee", "--data-dir", str(data)]) == 0
    assert "reset-pin" not in capsys.readouterr().err  # PINs are not required here: nothing to say
    site.write_text("[privacy]\nrequire_pin = true\n")
    assert cli.main(["import", str(record), "--as", "Alice", "--data-dir", str(data), "--config", str(site)]) == 0
    err = capsys.readouterr().err
    assert "'Alice' has none yet" in err and "mhcourse profile reset-pin Alice" in err


def test_reset_pin_signs_out_the_profiles_web_sessions(tmp_path, typed):
    """A facilitator's reset ends every browser signed in as the profile: a copied cookie opens nothing."""
    folder = tmp_path / "data"
    pid = protected(folder, Clock())
    store = Store.open(folder)
    key, _ = store.start_web_session(pid)
    store.close()
    typed += ["new pin 1", "new pin 1"]
    assert run("profile", "reset-pin", "Robin", "--data-dir", str(folder)) == 0
    key_after_clear, _ = (store := Store.open(folder)).start_web_session(pid)
    store.close()
    assert run("profile", "reset-pin", "Robin", "--clear", "--data-dir", str(folder)) == 0
    store = Store.open(folder)
    assert store.web_session(key, 600) is None and store.web_session(key_after_clear, 600) is None
    store.close()
