"""The plain face when the shared database cannot be reached: the step not saved is said, r tries it again (kept
in memory until then), q or the end of input stops the session with exit 3, as any storage fault does."""

from __future__ import annotations

import pytest

from helpers import write_module
from mhcourse.learning.progress import Status
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from plain_driver import journey, load, rich_text, run
from unreachable import WHERE, ServerDown

ASKED = "Type r to try again, or q to leave."


@pytest.fixture
def modules(tmp_path):
    write_module(tmp_path / "mods", "small", text=rich_text())
    return load(tmp_path / "mods")


def _answers(store) -> int:
    return store.db.inner.execute("SELECT count(*) FROM answers").fetchone()[0]


def test_an_answer_not_saved_is_tried_again_with_r_once_the_server_is_back(tmp_path, modules):
    store = Store.open(tmp_path / "data")
    server = ServerDown(store)
    learner = journey(modules[0])
    asked: list[str] = []

    def respond(screen: str) -> str | None:
        if ASKED in screen:
            asked.append(screen)
            if len(asked) == 2:
                server.down = False  # the first r met the server still away; it is back before the second
            return "r"
        if "Question 2 of" in screen and not asked:
            server.down = True
        return learner(screen)

    status, out = run(respond, store, modules, module_id="small")
    assert status == 0, out
    assert f"Your last step was not saved: the shared progress database ({WHERE}) cannot be reached" in out
    assert "Traceback" not in out
    assert len(asked) >= 2
    profile = store.profile("Robin")
    assert Learner(store, profile, modules).state(modules[0]).status is Status.PASSED
    assert _answers(store) == len(modules[0].questions)  # each answer once: the kept one saved, none doubled


def test_q_or_the_end_of_input_stops_with_exit_3_and_keeps_what_was_saved(tmp_path, modules):
    for last in ("q", None):
        store = Store.open(tmp_path / f"data-{last}")
        server = ServerDown(store)
        learner = journey(modules[0])

        helped: list[str] = []

        def respond(screen: str, server=server, learner=learner, last=last, helped=helped) -> str | None:
            if ASKED in screen and not helped:
                helped.append(screen)
                return "help"  # Get help now works at this prompt too, with the record out of reach
            if ASKED in screen:
                assert "Get help now" in screen
                return last
            if "Question 2 of" in screen:
                server.down = True
            return learner(screen)

        status, out = run(respond, store, modules, module_id="small")
        assert status == 3, out
        assert helped and out.count(ASKED) == 2  # after Get help now, the same question again
        assert "This session stops here." in out and "Traceback" not in out
        server.down = False
        assert _answers(store) == 1  # the first answer, saved before the server went away
        store.close()
