"""The report's outcomes (issue 18): knowledge before and after, and retention at about 1, 3 and 6 months.

Learners are generated with a seeded random generator and written through the store's own methods under a
fixed clock (Store(clock=...)): pre-tests, quiz attempts, passes (some retaken later, as a refresher) and
review answers at known offsets from the pass. The expected figures are worked out in this file from the
generated data, never by calling the report's code.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from helpers import bundled_course
from mhcourse import cli
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.outcomes import OUTCOME_COLUMNS, RETENTION_WINDOWS
from mhcourse.progress.report import build_report, render_csv, render_text
from mhcourse.progress.store import Store

SEED = 18
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
MODULES = ("anxiety", "depression", "getting-help")
WINDOWS = ((15, 59), (60, 134), (135, 269))  # the documented windows, written out again here
OFFSETS = (3, 14, 15, 30, 59, 60, 100, 134, 135, 200, 269, 270, 330)


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> str:
        return self.at.isoformat(timespec="seconds")


@dataclass
class Pair:
    """One learner's generated record in one module."""

    pretest: tuple[int | None, int, datetime] | None = None
    attempts: list[tuple[int, int, datetime]] = field(default_factory=list)
    """(right, total, finished)."""
    reviews: list[tuple[bool, datetime]] = field(default_factory=list)


def modules():
    found = {m.id: m for m in bundled_course()}
    return [found[m] for m in MODULES]


def generate(rng: random.Random, learners: int) -> dict[int, dict[str, Pair]]:
    data: dict[int, dict[str, Pair]] = {}
    for pid in range(learners):
        mine: dict[str, Pair] = {}
        for n, module in enumerate(modules()):
            if n == 2 and pid >= 2:  # getting-help: two learners only, too few to show
                continue
            total = len(module.quiz.questions)
            pair = Pair()
            day = START + timedelta(days=rng.randrange(30), hours=n)
            if rng.random() < 0.8:
                pair.pretest = (None, 0, day) if rng.random() < 0.2 else (rng.randint(0, 3), 3, day)
            right = rng.randint(0, total)
            pair.attempts.append((right, total, day + timedelta(days=1)))
            if right / total < module.quiz.pass_mark - 1e-9:  # failed first: pass a week later
                pair.attempts.append((total, total, day + timedelta(days=8)))
            passed = pair.attempts[-1][2]
            for offset in rng.sample(OFFSETS, 5):
                pair.reviews.append((rng.random() < 0.7, passed + timedelta(days=offset, hours=2)))
            if rng.random() < 0.3:  # a refresher: passed again 200 days on, then reviewed 20 days after that
                again = passed + timedelta(days=200, hours=1)
                pair.attempts.append((total, total, again))
                pair.reviews.append((rng.random() < 0.5, again + timedelta(days=20)))
            mine[module.id] = pair
        data[pid] = mine
    return data


def write(store: Store, clock: Clock, data) -> dict[int, int]:
    """Through the store's methods, each at its own time; returns the generated id -> the store's profile id."""
    by_id = {m.id: m for m in modules()}
    ids = {}
    events = []
    for pid, mine in data.items():
        clock.at = START - timedelta(days=1)
        ids[pid] = store.create_profile(f"Learner {pid}").id
        for module_id, pair in mine.items():
            if pair.pretest:
                events.append((pair.pretest[2], "pretest", pid, module_id, pair.pretest))
            for attempt in pair.attempts:
                events.append((attempt[2], "attempt", pid, module_id, attempt))
            for review in pair.reviews:
                events.append((review[1], "review", pid, module_id, review))
    for when, kind, pid, module_id, what in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        clock.at = when
        module = by_id[module_id]
        if kind == "pretest":
            store.record_pretest(ids[pid], module_id, what[0], what[1])
        elif kind == "attempt":
            plan = QuizPlan(tuple(ShownQuestion(q.id, ()) for q in module.quiz.questions))
            clock.at = when - timedelta(minutes=10)
            attempt = store.start_attempt(ids[pid], module_id, plan, module.quiz.pass_mark)
            clock.at = when
            store.finish_attempt(attempt.id, what[0], what[1], what[0] / what[1] >= module.quiz.pass_mark)
        else:
            store.record_review(ids[pid], module_id, module.quiz.questions[0].id, "x", what[0])
    return ids


# -- the expected figures, from the generated data ----------------------------------------------------------


def expected(data, since: datetime | None = None, min_group: int = 3) -> dict:
    pass_marks = {m.id: m.quiz.pass_mark for m in modules()}
    knowledge = {}
    windows = {key: [[0, 0, set()] for _ in WINDOWS] for key in (None, *MODULES)}
    for module_id in MODULES:
        before, after = [], []
        for pid, mine in data.items():
            pair = mine.get(module_id)
            if pair is None:
                continue
            first = min(pair.attempts, key=lambda a: a[2])
            if pair.pretest and pair.pretest[1] and (since is None or (pair.pretest[2] >= since and first[2] >= since)):
                before.append(pair.pretest[0] / pair.pretest[1])
                after.append(first[0] / first[1])
            passes = [a[2].date() for a in pair.attempts if a[0] / a[1] + 1e-9 >= pass_marks[module_id]]
            for right, when in pair.reviews:
                if since is not None and when < since:
                    continue
                last = max(d for d in passes if d <= when.date())
                days = (when.date() - last).days
                for n, (first_day, last_day) in enumerate(WINDOWS):
                    if first_day <= days <= last_day:
                        for key in (None, module_id):
                            windows[key][n][0] += 1
                            windows[key][n][1] += right
                            windows[key][n][2].add(pid)
        n = len(before)
        knowledge[module_id] = ((None, None, None) if 0 < n < min_group else
                                (statistics.fmean(before) if n else None, statistics.fmean(after) if n else None, n))
    retention = {key: tuple((None, None, None) if 0 < len(who) < min_group else
                            (right / answers if answers else None, answers, len(who))
                            for answers, right, who in found) for key, found in windows.items()}
    return {"knowledge": knowledge, "retention": retention}


def as_found(report) -> dict:
    o = report.outcomes
    return {"knowledge": {m: (k.before, k.after, k.learners) for m, k in o.knowledge.items()},
            "retention": {None: tuple((r.share, r.answers, r.learners) for r in o.course),
                          **{m: tuple((r.share, r.answers, r.learners) for r in w) for m, w in o.retention.items()}}}


def approx(value):
    if isinstance(value, dict):
        return {k: approx(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(approx(v) for v in value)
    return pytest.approx(value) if isinstance(value, float) else value


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    data = generate(random.Random(SEED), 40)
    folder = tmp_path_factory.mktemp("outcomes") / "data"
    clock = Clock()
    store = Store.open(folder, clock=clock)
    write(store, clock, data)
    store.close()
    return data, folder


def report_on(folder, since=None, min_group=3):
    store = Store.open(folder)
    try:
        return build_report(store, modules(), since, now="2026-01-01T00:00:00+00:00", min_group=min_group)
    finally:
        store.close()


# -- right --------------------------------------------------------------------------------------------------


def test_the_windows_are_the_documented_ones():
    assert tuple((w.first_day, w.last_day) for w in RETENTION_WINDOWS) == WINDOWS
    assert [w.months for w in RETENTION_WINDOWS] == [1, 3, 6]


def test_the_generated_data_covers_every_case(world):
    data, _ = world
    want = expected(data)
    assert want["knowledge"]["anxiety"][2] >= 3 and want["knowledge"]["depression"][2] >= 3
    for n in range(3):
        assert want["retention"][None][n][1] >= 3, n  # every window has answers course-wide
    assert all(r == (None, None, None) for r in want["retention"]["getting-help"] if r[1] != 0)
    firsts_failed = sum(len(p.attempts) > 1 and p.attempts[0][0] < p.attempts[0][1] for mine in data.values()
                        for p in mine.values())
    assert firsts_failed > 0  # the first attempt, not the best, is the "after"


def test_outcomes_match_figures_worked_out_from_the_generated_data(world):
    data, folder = world
    report = report_on(folder)
    assert as_found(report) == approx(expected(data))


def test_a_site_raising_min_group_hides_more(world):
    data, folder = world
    report = report_on(folder, min_group=30)
    assert as_found(report) == approx(expected(data, min_group=30))
    assert report.outcomes.knowledge["anxiety"].learners is None


def test_since_counts_recent_pretests_attempts_and_reviews(world):
    data, folder = world
    since = START + timedelta(days=15)
    report = report_on(folder, since=since)
    want = expected(data, since=since)
    assert as_found(report) == approx(want)
    assert want["knowledge"]["anxiety"] != expected(data)["knowledge"]["anxiety"]
    assert "Since 2025-01-21: knowledge counts" in render_text(report)
    assert max(len(line) for line in render_text(report).splitlines()) <= 110


def test_the_text_shows_the_three_figures_and_hides_small_groups(world):
    data, folder = world
    text = render_text(report_on(folder))
    want = expected(data)
    assert "Outcomes: before and after, and what lasts" in text
    assert "days 15-59 after the last pass" in " ".join(text.split()) and "days 135-269" in " ".join(text.split())
    anxiety = next(line for line in text.splitlines() if line.startswith("  anxiety "))
    before, after, n = want["knowledge"]["anxiety"]
    assert anxiety.split() == ["anxiety", f"{round(100 * before)}%", f"{round(100 * after)}%", str(n)]
    everyone = next(line for line in text.splitlines() if line.startswith("  all modules "))
    share, _, learners = want["retention"][None][0]
    assert everyone.split()[2:4] == [f"{round(100 * share)}%", f"({learners})"]
    helping = [line for line in text.splitlines() if line.startswith("  getting-help ")]
    assert helping and all(set(line.split()[1:]) <= {"<3", "-"} for line in helping)
    assert "Confidence before and after: the module table's last column." in text


def test_the_csv_carries_the_outcomes(world):
    data, folder = world
    rows = {r["module_id"]: r for r in csv.DictReader(io.StringIO(render_csv(report_on(folder))))}
    want = expected(data)
    assert list(rows["anxiety"])[-len(OUTCOME_COLUMNS):] == OUTCOME_COLUMNS
    before, after, n = want["knowledge"]["anxiety"]
    assert (float(rows["anxiety"]["knowledge_pretest"]), float(rows["anxiety"]["knowledge_first_quiz"])) == \
        (pytest.approx(before, abs=5e-4), pytest.approx(after, abs=5e-4))
    assert rows["anxiety"]["knowledge_learners"] == str(n)
    share, answers, learners = want["retention"][None][1]
    for row in rows.values():  # course-wide, the same on every row
        assert float(row["course_retention_3m"]) == pytest.approx(share, abs=5e-4)
        assert (row["course_retention_3m_answers"], row["course_retention_3m_learners"]) == (str(answers),
                                                                                              str(learners))
    assert rows["getting-help"]["knowledge_learners"] in ("fewer than 3 learners", "0")


def test_too_few_learners_show_no_outcome_at_all(tmp_path):
    data = generate(random.Random(SEED), 2)
    clock = Clock()
    store = Store.open(tmp_path / "data", clock=clock)
    write(store, clock, data)
    report = build_report(store, modules())
    store.close()
    assert report.too_few and report.outcomes is None
    text = render_text(report)
    outcomes = text[text.index("Outcomes:"):]
    assert "%" not in outcomes and outcomes.count("fewer than 3 learners, not shown") == 2
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert all(row[column] == "fewer than 3 learners" for row in rows for column in OUTCOME_COLUMNS)


def test_a_skipped_pretest_and_a_module_without_reviews_are_not_counted(tmp_path):
    clock = Clock()
    store = Store.open(tmp_path / "data", clock=clock)
    module = modules()[0]
    total = len(module.quiz.questions)
    plan = QuizPlan(tuple(ShownQuestion(q.id, ()) for q in module.quiz.questions))
    for n in range(4):
        p = store.create_profile(f"P{n}")
        store.record_pretest(p.id, module.id, None if n == 3 else 1, 0 if n == 3 else 3)
        attempt = store.start_attempt(p.id, module.id, plan, module.quiz.pass_mark)
        store.finish_attempt(attempt.id, total, total, True)
    report = build_report(store, modules())
    store.close()
    k = report.outcomes.knowledge[module.id]
    assert (k.before, k.after, k.learners) == (pytest.approx(1 / 3), 1.0, 3)
    assert all(r.learners == 0 for r in report.outcomes.course)
    text = render_text(report)
    assert "\n  none yet\n" in text[text.index("Retention:"):]


def test_an_empty_data_folder_reports_no_outcomes(tmp_path, capsys):
    Store.open(tmp_path / "data").close()
    assert cli.main(["report", "--data-dir", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    assert out.count("  none yet") == 3  # wrong answers, knowledge, retention


def test_the_outcomes_on_postgresql_are_the_same(world, pg_url):
    data, _ = world
    clock = Clock()
    store = Store.connect(pg_url, clock=clock)
    try:
        write(store, clock, data)
        report = build_report(store, modules())
    finally:
        store.close()
    assert as_found(report) == approx(expected(data))


def test_confidence_counts_the_same_from_every_face(tmp_path):
    """The TUI, the plain face and the web page all keep the answer through Learner.confidence: the report
    counts it wherever it was given."""
    from mhcourse.progress.learner import Learner

    store = Store.open(tmp_path / "data")
    module = modules()[0]
    for n, (before, after) in enumerate([(2, 4), (3, 4), (1, 5)]):
        learner = Learner(store, store.create_profile(f"P{n}"), modules(), random.Random(n))
        learner.confidence(module, "before", before)
        learner.confidence(module, "after", after)
    report = build_report(store, modules())
    store.close()
    c = next(m for m in report.modules if m.id == module.id).confidence
    assert (c.before, c.after, c.change, c.pairs) == (pytest.approx(2.0), pytest.approx(13 / 3),
                                                      pytest.approx(7 / 3), 3)
