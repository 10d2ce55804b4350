"""A certificate says when its refresher is due ([course] refresher_months, issue 18): the earliest date one of
its passed modules falls due, counted from that module's LAST pass; nothing when the site sets no refresher."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from helpers import bundled_course
from mhcourse import cli
from mhcourse.learning.quiz import QuizPlan
from mhcourse.learning.track import Track
from mhcourse.progress.certificate import render_html, render_text
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)

    def __call__(self) -> str:
        return self.at.isoformat(timespec="seconds")


def passed_everything(data) -> None:
    """Every bundled module passed on 10 January 2026 at noon, but: the first on 1 December 2025 and again on
    1 February 2026 (its last pass counts), the second on 5 January 2026 (the earliest last pass)."""
    clock = Clock()
    store = Store.open(data, clock=clock)
    p = store.create_profile("Sam")
    modules = bundled_course()

    def pass_at(module, when: datetime) -> None:
        clock.at = when
        for lesson in module.lessons:
            store.lesson_completed(p.id, module.id, lesson.id)
        total = len(module.quiz.questions)
        attempt = store.start_attempt(p.id, module.id, QuizPlan(()), module.quiz.pass_mark)
        store.finish_attempt(attempt.id, total, total, True)

    pass_at(modules[0], datetime(2025, 12, 1, 12, tzinfo=UTC))
    pass_at(modules[1], datetime(2026, 1, 5, 12, tzinfo=UTC))
    for module in modules[2:]:
        pass_at(module, datetime(2026, 1, 10, 12, tzinfo=UTC))
    pass_at(modules[0], datetime(2026, 2, 1, 12, tzinfo=UTC))
    store.close()


def test_the_certificate_says_when_its_refresher_is_due(tmp_path, capsys):
    data = tmp_path / "data"
    passed_everything(data)
    config = tmp_path / "site.toml"
    config.write_text("[course]\nrefresher_months = 12\n", encoding="utf-8")
    for suffix in ("txt", "html"):
        target = tmp_path / f"sam.{suffix}"
        assert cli.main(["certificate", "--profile", "Sam", "-o", str(target), "--data-dir", str(data),
                         "--config", str(config)]) == 0
        assert "Refresher due by 5 January 2027" in target.read_text(encoding="utf-8")  # 12 months after 5 Jan 2026
    capsys.readouterr()


def test_no_refresher_line_when_the_site_sets_none(tmp_path, capsys):
    data = tmp_path / "data"
    passed_everything(data)
    target = tmp_path / "sam.txt"
    assert cli.main(["certificate", "--profile", "Sam", "-o", str(target), "--data-dir", str(data)]) == 0
    assert "Refresher" not in target.read_text(encoding="utf-8")
    capsys.readouterr()


def test_every_face_gets_the_line_through_the_learner(tmp_path):
    data = tmp_path / "data"
    passed_everything(data)
    store = Store.open(data)
    try:
        sam = store.profile("Sam")
        for months, line in ((12, "Refresher due by 5 January 2027"), (None, None)):
            learner = Learner(store, sam, bundled_course(), random.Random(1), refresher_months=months)
            cert = learner.issue_certificate(Track(), "Riverside")
            for page in (render_text(cert), render_html(cert)):
                assert (line in page) if line else "Refresher" not in page
    finally:
        store.close()
