"""Storage faults in the TUI, driven with keys: a held lock, a full disk, a read-only store, a store
that stops answering. A plain notice, no traceback, the right exit code; a kiosk goes back to the
profiles and never exits; nothing saved is lost."""

from __future__ import annotations

import sqlite3

import pytest

from mhcourse import cli
from mhcourse.progress import store as store_module
from mhcourse.tui.kiosk import Kiosk
from mhcourse.tui.screens.home import HomeScreen
from mhcourse.tui.screens.module import ModuleScreen
from mhcourse.tui.screens.profiles import ProfileScreen
from mounts import fill, read_only, small_disk

from .driving import choose, make_app, small_module

FAST_LOCK_MS = 100


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def a_kiosk() -> Kiosk:
    return Kiosk(facilitator_pin_ok=lambda pin: False)


class HeldLock:
    """Another program holding the store's write lock past the busy timeout."""

    def __init__(self, data) -> None:
        self.db = sqlite3.connect(data / "progress.db", isolation_level=None)
        self.db.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.db.execute("ROLLBACK")
        self.db.close()


@pytest.fixture
def fast_lock(monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", FAST_LOCK_MS)


async def test_a_held_lock_is_told_plainly_and_the_learner_carries_on(tmp_path, fast_lock):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lock = HeldLock(tmp_path / "data")
        await pilot.press("enter")  # choose Robin: saving "last used" waits, then gives up
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert any("Your last step was not saved: another program kept the progress file busy" in n
                   for n in notices(app))
        lock.release()
        await pilot.press("enter")  # the same step again, now that the lock is gone
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.return_code is None  # still running


async def test_a_full_disk_leaves_the_lesson_unopened_and_keeps_what_was_saved(tmp_path):
    module = small_module(tmp_path)
    with small_disk(tmp_path / "disk") as disk:
        app = make_app(disk / "data", [module])
        robin = app.desk.store.create_profile("Robin")
        app.desk.store.lesson_opened(robin.id, "small", "second")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await choose(pilot, "#modules", "module:small")
            fill(disk)
            await choose(pilot, "#items", "lesson:first")
            await pilot.pause()
            assert any("Your last step was not saved: the disk is full." in n for n in notices(app))
            assert isinstance(app.screen, ModuleScreen)  # back where the learner was
            assert app.return_code is None
            (disk / "filler").unlink()
            assert app.learner.record(module).lessons_opened == {"second"}  # kept; the failed one not half-saved


@pytest.mark.parametrize("fault", ["lock", "full disk"])
async def test_in_kiosk_mode_a_fault_goes_back_to_the_profiles_and_never_exits(tmp_path, fast_lock, fault):
    module = small_module(tmp_path)
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        app = make_app(data, [module], kiosk=a_kiosk())
        app.desk.create("Robin")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await choose(pilot, "#modules", "module:small")
            lock = HeldLock(data) if fault == "lock" else fill(disk)
            await choose(pilot, "#items", "lesson:first")
            await pilot.pause()
            assert isinstance(app.screen, ProfileScreen) and app.learner is None
            assert any("Your last step was not saved" in n for n in notices(app))
            assert app.return_code is None  # the kiosk is still there for the next person
            if lock is not None:
                lock.release()


async def test_in_kiosk_mode_an_unexpected_error_goes_back_to_the_profiles(tmp_path, monkeypatch):
    app = make_app(tmp_path / "data", [small_module(tmp_path)], kiosk=a_kiosk())
    app.desk.create("Robin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)

        def broken(*args, **kwargs):
            raise RuntimeError("a bug")

        monkeypatch.setattr(ModuleScreen, "on_mount", broken)
        await choose(pilot, "#modules", "module:small")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and app.learner is None
        assert any("Something went wrong, so the course went back to the start" in n for n in notices(app))
        assert app.return_code is None


async def test_a_store_that_cannot_be_read_any_more_ends_the_course_with_exit_3(tmp_path):
    app = make_app(tmp_path / "data", [small_module(tmp_path)])
    app.desk.create("Robin")
    said, exit = [], app.exit
    app.exit = lambda *args, **kwargs: (said.append(kwargs), exit(*args, **kwargs))[1]  # what is printed after
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.desk.store.db.close()  # the store stops answering (as when its disk goes away)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 3
    assert "The progress file cannot be read any more, so the course must stop." in str(said[-1]["message"])


def test_the_course_on_a_read_only_folder_exits_3_before_it_starts(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    store = store_module.Store.open(data)
    store.create_profile("Robin")
    store.close()
    monkeypatch.setattr(cli, "_has_terminal", lambda: True)
    with read_only(data):
        assert cli.main(["--data-dir", str(data)]) == 3
    err = capsys.readouterr().err
    assert "is not writable, so progress cannot be saved" in err and "Traceback" not in err
