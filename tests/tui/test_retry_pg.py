"""A real PostgreSQL server stopped in the middle of a session and started again: the TUI shows the message (no
traceback), Retry saves the step once the server is back, and every answer acknowledged before is still there.
Also: a command given an address where no server listens exits 3 within seconds, naming the host, never the
password."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from mhcourse import cli
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.tui.app import CourseApp
from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.screens.retry import RetryScreen
from mhcourse.tui.widgets.question import QuestionView

from .driving import FIXED_TIME, QUIET_SITE, SEED, answer, choose, small_module


def _saved(pg_cluster, url: str) -> list[str]:
    with pg_cluster.connect(urlsplit(url).path.lstrip("/")) as db:
        return [row[0] for row in db.execute("SELECT question_id FROM answers ORDER BY question_id")]


async def test_the_server_stopped_and_started_again_loses_nothing_and_retry_saves_the_step(tmp_path, pg_cluster,
                                                                                             pg_url):
    module = small_module(tmp_path)
    store = Store.connect(pg_url, clock=lambda: FIXED_TIME)
    store.create_profile("Robin")
    app = CourseApp([module], Desk(store, Access(confidence=False)), seed=SEED, site=QUIET_SITE)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await choose(pilot, "#modules", "module:small")
            await choose(pilot, "#items", "quiz")
            first = app.screen.query_one(QuestionView)
            await answer(pilot, first)
            await pilot.press("enter")  # Next question
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)
            acknowledged = _saved(pg_cluster, pg_url)
            assert acknowledged == [first.question.id]
            second = app.screen.query_one(QuestionView)
            pg_cluster.stop("fast")
            await answer(pilot, second)
            await pilot.pause()
            assert isinstance(app.screen, RetryScreen), type(app.screen)
            assert "Your last step was not saved" in app.screen.why and "cannot be reached" in app.screen.why
            assert "Traceback" not in app.screen.why
            pg_cluster.start()
            await pilot.press("enter")  # Retry: the connection is made again by itself
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)
            assert app.screen.query(".feedback")
        assert app.return_code is None
        assert sorted(_saved(pg_cluster, pg_url)) == sorted([first.question.id, second.question.id])
    finally:
        store.close()


def test_a_command_on_an_address_with_no_server_exits_3_naming_the_host(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MHCOURSE_STORE_URL", "postgresql://learner:s3cret-pw@127.0.0.1:1/mhcourse")
    started = time.monotonic()
    assert cli.main(["--data-dir", str(tmp_path / "data"), "report"]) == 3
    assert time.monotonic() - started < 15
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and "cannot be reached" in err
    assert "s3cret-pw" not in err and "Traceback" not in err
