"""Where an imported record goes: a new profile by default, never a silent merge; --as NEW or --into NAME on
purpose, the PIN of a profile merged into asked at a terminal; and no PIN ever travels in an export."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_progress import dump, passed_small, run

from mhcourse.commands import records
from mhcourse.progress.pins import PIN_TRIES
from mhcourse.progress.store import Store


@pytest.fixture
def exported(data, tmp_path, capsys) -> Path:
    """Robin's record exported to a file; Robin is still on this computer too."""
    passed_small(data)
    target = tmp_path / "robin.toml"
    assert run("export", "--profile", "Robin", "-o", str(target)) == 0
    capsys.readouterr()
    return target


def names(data: Path) -> list[str]:
    store = Store.open(data)
    try:
        return sorted(p.name for p in store.profiles())
    finally:
        store.close()


def typed(monkeypatch, *answers: str) -> list[str]:
    """A terminal where the facilitator types these PINs; the prompts asked are collected."""
    prompts: list[str] = []
    queue = list(answers)
    monkeypatch.setattr(records, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": (prompts.append(prompt), queue.pop(0))[1])
    return prompts


def with_pin(data: Path, name: str, pin: str = "4321") -> None:
    store = Store.open(data)
    try:
        store.set_pin(store.profile(name).id, pin)
    finally:
        store.close()


def test_a_name_already_here_is_refused_never_merged(data, exported, capsys):
    before = dump(data)
    assert run("import", str(exported)) == 1
    err = capsys.readouterr().err
    assert "There is already a profile called 'Robin'" in err and "nothing was imported" in err
    assert f"mhcourse import {exported} --as NEW_NAME" in err
    assert f"mhcourse import {exported} --into Robin" in err
    assert dump(data) == before


def test_as_makes_a_new_profile_and_refuses_a_taken_name(data, exported, capsys):
    run("profile", "rename", "Robin", "Sam")
    passed_small(data, "Robin")
    before = dump(data)
    assert run("import", str(exported), "--as", "sam") == 1
    assert "There is already a profile called 'Sam'; choose another name for --as" in capsys.readouterr().err
    assert dump(data) == before

    assert run("import", str(exported), "--as", "Robin at home") == 0
    assert "the new profile 'Robin at home'" in capsys.readouterr().out
    assert names(data) == ["Robin", "Robin at home", "Sam"]


def test_into_merges_on_purpose_and_refuses_a_profile_that_is_not_here(data, exported, capsys):
    assert run("import", str(exported), "--into", "Robyn") == 1
    err = capsys.readouterr().err
    assert "There is no profile called 'Robyn' to add this record to. Profiles here: Robin." in err
    assert f"mhcourse import {exported} --as Robyn" in err

    assert run("import", str(exported), "--into", "robin") == 0  # names match regardless of case
    assert "Nothing new to import: 'Robin'" in capsys.readouterr().out
    assert names(data) == ["Robin"]


def test_as_and_into_together_is_a_usage_error(data, exported, capsys):
    assert run("import", str(exported), "--as", "A", "--into", "Robin") == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_into_a_profile_with_a_pin_asks_for_it_and_a_right_pin_merges(data, exported, tmp_path, capsys, monkeypatch):
    passed_small(data, "Sam")
    with_pin(data, "Sam")
    prompts = typed(monkeypatch, "4321")
    assert run("import", str(exported), "--into", "Sam") == 0
    assert prompts == ["PIN or passphrase of 'Sam' (to add this record to it): "]
    assert "Imported into 'Sam'" in capsys.readouterr().out
    store = Store.open(data)
    assert store.check_pin(store.profile("Sam").id, "4321").ok  # the PIN stays as it was
    store.close()


def test_a_wrong_pin_imports_nothing_and_counts_toward_the_lockout(data, exported, capsys, monkeypatch):
    passed_small(data, "Sam")
    with_pin(data, "Sam")
    before = dump(data)
    typed(monkeypatch, *["0000"] * PIN_TRIES, "4321")
    for left in range(PIN_TRIES - 1, 0, -1):
        assert run("import", str(exported), "--into", "Sam") == 1
        err = capsys.readouterr().err
        assert "That PIN is not right for 'Sam'; nothing was imported." in err
        assert f"{left} more wrong PIN{'' if left == 1 else 's'} will lock" in err
    assert run("import", str(exported), "--into", "Sam") == 1
    assert "'Sam' is locked after too many wrong PINs, until " in capsys.readouterr().err
    assert run("import", str(exported), "--into", "Sam") == 1  # even the right PIN, while locked
    err = capsys.readouterr().err
    assert "is locked" in err and "mhcourse profile reset-pin Sam" in err
    after = [line for line in dump(data) if "profiles" not in line]  # only the lock itself changed
    assert after == [line for line in before if "profiles" not in line]


def test_without_a_terminal_the_pin_cannot_be_asked_so_nothing_is_imported(data, exported, tmp_path):
    passed_small(data, "Sam")
    with_pin(data, "Sam")
    before = dump(data)
    done = subprocess.run([sys.executable, "-m", "mhcourse", "import", str(exported), "--into", "Sam"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, env=os.environ, timeout=120)
    assert done.returncode == 2
    assert "'Sam' has a PIN, which is needed to add a record to it; run this command at a terminal" in done.stderr
    assert "Traceback" not in done.stderr
    assert dump(data) == before


def test_an_export_carries_no_pin_and_an_import_never_sets_one(data, tmp_path, capsys):
    passed_small(data)
    with_pin(data, "Robin")
    target = tmp_path / "robin.toml"
    assert run("export", "--profile", "Robin", "-o", str(target)) == 0
    text = target.read_text(encoding="utf-8")
    assert "pin" not in text.lower() and "scrypt" not in text

    assert run("import", str(target), "--as", "Robin two") == 0
    assert run("profile", "list") == 0
    out = capsys.readouterr().out
    assert [line.split()[-6] for line in out.splitlines() if line.startswith("Robin")] == ["yes", "-"]

    smuggled = tmp_path / "smuggled.toml"
    smuggled.write_text(text.replace("[profile]\n", '[profile]\npin_hash = "scrypt$1$2$3$aa$bb"\n'), encoding="utf-8")
    before = dump(data)
    assert run("import", str(smuggled), "--as", "Robin three") == 1
    assert "profile.pin_hash: unknown key 'pin_hash'" in capsys.readouterr().err
    assert dump(data) == before


def test_the_core_rule_refuses_a_silent_merge_whoever_calls_it(data, exported):
    from mhcourse.progress.arrival import ArrivalRefused
    from mhcourse.progress.transfer import import_profile, read_export

    with_pin(data, "Robin")
    store = Store.open(data)
    try:
        document = read_export(exported.read_bytes(), exported)
        with pytest.raises(ArrivalRefused) as taken:
            import_profile(store, document)
        assert taken.value.kind == "taken"
        with pytest.raises(ArrivalRefused) as no_pin:
            import_profile(store, document, into="Robin")  # a caller that forgot to ask for the PIN
        assert no_pin.value.kind == "pin"
        assert import_profile(store, document, into="Robin", pin="4321").profile == "Robin"
    finally:
        store.close()


def test_ending_the_pin_prompt_imports_nothing(data, exported, capsys, monkeypatch):
    with_pin(data, "Robin")
    before = dump(data)
    monkeypatch.setattr(records, "_stdin_is_terminal", lambda: True)

    def end_of_input(prompt=""):
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", end_of_input)
    assert run("import", str(exported), "--into", "Robin") == 2
    assert "No PIN was typed for 'Robin'; nothing was imported." in capsys.readouterr().err
    assert dump(data) == before


def test_a_locked_profile_is_said_to_be_locked_before_any_pin_is_asked(data, exported, capsys, monkeypatch):
    passed_small(data, "Sam")
    with_pin(data, "Sam")
    store = Store.open(data)
    for _ in range(PIN_TRIES):
        store.check_pin(store.profile("Sam").id, "0000")
    store.close()
    before = dump(data)
    prompts = typed(monkeypatch, "4321")
    assert run("import", str(exported), "--into", "Sam") == 1
    assert prompts == []  # nothing asked
    err = capsys.readouterr().err
    assert "'Sam' is locked after too many wrong PINs, until " in err
    assert "a facilitator can lift the lock: mhcourse profile reset-pin Sam" in err
    assert dump(data) == before
    monkeypatch.setattr(records, "_stdin_is_terminal", lambda: False)  # no terminal: still the lock first
    assert run("import", str(exported), "--into", "Sam") == 1
    assert "is locked" in capsys.readouterr().err
