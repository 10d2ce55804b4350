"""The facilitator report: right against counts worked out here from the generated data, read-only, no names.

1,000 profiles over the 14 bundled modules (one of them stripped of its quiz, so "passed"
also means "completed" somewhere) are generated with a seeded random generator and written
straight into a store in one transaction. The expected numbers are computed in this file
from the generated Python data, never by calling the report's code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import sqlite3
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from helpers import bundled_course
from mhcourse import cli
from mhcourse.learning.progress import Status
from mhcourse.progress.report import build_report, render_csv, render_learners_csv, render_text, report_from
from mhcourse.progress.store import Store
from mhcourse.progress.store.pg_schema import LESSON_SETS
from mhcourse.progress.store.schema import CONFIDENCE_TALLY_FILL, VERSION_1

PROFILES = 1000
SEED = 20240601
START = datetime(2024, 1, 1, tzinfo=UTC)
SINCE = datetime(2024, 9, 1, tzinfo=UTC)
NO_QUIZ = 5  # index of the module whose quiz is taken away
MIN_GROUP = 3  # the report's documented privacy floor: no figure about fewer learners is shown


def bundled_modules():
    return bundled_course()


def modules_for_test():
    modules = bundled_modules()
    modules[NO_QUIZ] = modules[NO_QUIZ].model_copy(update={"quiz": None})
    return modules


@dataclass
class Attempt:
    started: datetime
    finished: datetime | None
    answers: dict[str, bool]
    """question id -> answered correctly (a retired question id now and then)."""


@dataclass
class Pair:
    opened: dict[str, datetime] = field(default_factory=dict)
    completed: dict[str, datetime] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    skipped: datetime | None = None
    confidence: dict[str, tuple[int | None, datetime]] = field(default_factory=dict)

    def times(self) -> list[datetime]:
        out = [*self.opened.values(), *self.completed.values(), *(t for t in [self.skipped] if t)]
        for a in self.attempts:
            out += [a.started] + ([a.finished] if a.finished else [])
        out += [t for _, t in self.confidence.values()]
        return out


def iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def generate(modules, rng: random.Random) -> dict[int, dict[str, Pair]]:
    data: dict[int, dict[str, Pair]] = {}
    for pid in range(1, PROFILES + 1):
        mine = {}
        for module in modules:
            if rng.random() < 0.3:
                continue
            pair = Pair()
            t = START + timedelta(seconds=rng.randrange(360 * 86400))
            tick = lambda t=t: t + timedelta(minutes=rng.randrange(1, 600))  # noqa: E731
            lessons = [lesson.id for lesson in module.lessons]
            if rng.random() < 0.15:
                pair.confidence["before"] = (rng.choice([None, 1, 2, 3, 4, 5]), t)
            if rng.random() < 0.9:
                for lid in lessons[: rng.randint(1, len(lessons))]:
                    pair.opened[lid] = tick()
                    if rng.random() < 0.8:
                        pair.completed[lid] = pair.opened[lid] + timedelta(minutes=5)
                if rng.random() < 0.1:  # progress in a lesson the module no longer has
                    pair.opened["retired-lesson"] = tick()
                    pair.completed["retired-lesson"] = pair.opened["retired-lesson"]
            if module.quiz is not None and rng.random() < 0.6:
                skill = rng.random()
                for _ in range(rng.randint(1, 3)):
                    started = tick()
                    finished = started + timedelta(minutes=10) if rng.random() < 0.85 else None
                    ids = [q.id for q in module.quiz.questions]
                    answered = ids if finished else ids[: rng.randrange(len(ids))]
                    answers = {qid: rng.random() < skill * (0.5 + 0.1 * (n % 5)) for n, qid in enumerate(answered)}
                    if rng.random() < 0.05:
                        answers["retired-question"] = False
                    pair.attempts.append(Attempt(started, finished, answers))
            if rng.random() < 0.08:
                pair.skipped = tick()
            if rng.random() < 0.15:
                pair.confidence["after"] = (rng.choice([None, 1, 2, 3, 4, 5]), tick())
            if pair.times():
                mine[module.id] = pair
        data[pid] = mine
    return data


def write(store: Store, modules, data) -> None:
    """Everything in one transaction, straight into the tables (the store's own methods would take minutes)."""
    quiz_ids = {m.id: [q.id for q in m.quiz.questions] if m.quiz else [] for m in modules}
    profiles, lessons, attempts, answers, waivers, confidence = [], [], [], [], [], []
    attempt_id = 0
    for pid, mine in data.items():
        times = [t for pair in mine.values() for t in pair.times()]
        last = max(times) if times else START
        profiles.append((pid, f"Person {pid:04d}", f"person {pid:04d}", iso(START), iso(last)))
        for module_id, pair in mine.items():
            for lid, opened in pair.opened.items():
                done = pair.completed.get(lid)
                lessons.append((pid, module_id, lid, iso(opened), iso(done) if done else None))
            for a in pair.attempts:
                attempt_id += 1
                current = [q for q in quiz_ids[module_id]]
                right = sum(1 for q in current if a.answers.get(q))
                total = len(current)
                attempts.append((attempt_id, f"uid-{attempt_id}", pid, module_id, iso(a.started),
                                 iso(a.finished) if a.finished else None, "[]", 0.7,
                                 right if a.finished else None, total if a.finished else None,
                                 int(right / total >= 0.7) if a.finished else None))
                for pos, (qid, ok) in enumerate(a.answers.items()):
                    answers.append((attempt_id, qid, pos, json.dumps("x"), int(ok), "", iso(a.finished or a.started)))
            if pair.skipped:
                waivers.append((pid, module_id, iso(pair.skipped)))
            for stage, (value, when) in pair.confidence.items():
                confidence.append((pid, module_id, stage, value, iso(when)))
    with store.transaction() as db:
        if store.sql.name == "postgresql":
            # The tally triggers make a bulk load of one transaction quadratic (each of the 130,000 answers
            # updates one of ~200 rows again: 43 s, not 8): load as pg_restore does, then count once below.
            db.execute("SET LOCAL session_replication_role = replica")
        db.executemany("INSERT INTO profiles (id, name, name_key, created, last_used) VALUES (?, ?, ?, ?, ?)", profiles)
        db.executemany("INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed) "
                       "VALUES (?, ?, ?, ?, ?)", lessons)
        db.executemany("INSERT INTO attempts (id, uid, profile_id, module_id, started, finished, plan, pass_mark, "
                       "right_count, total, passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", attempts)
        db.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)", answers)
        db.executemany("INSERT INTO waivers VALUES (?, ?, ?)", waivers)
        db.executemany("INSERT INTO confidence VALUES (?, ?, ?, ?, ?)", confidence)
        if store.sql.name == "postgresql":
            db.execute("INSERT INTO question_tally SELECT a.module_id, q.question_id, COUNT(*), "
                       "SUM(CASE WHEN q.correct = 0 THEN 1 ELSE 0 END) FROM attempts a JOIN answers q "
                       "ON q.attempt_id = a.id WHERE a.finished IS NOT NULL GROUP BY a.module_id, q.question_id")
            db.execute(f"INSERT INTO lesson_sets {LESSON_SETS} GROUP BY profile_id, module_id")  # as the migration
            db.execute(CONFIDENCE_TALLY_FILL)  # as the migration


# -- the expected numbers, worked out from the generated data ----------------------------------------


def expected(modules, data, since: datetime | None = None) -> dict:
    out = {"modules": {}}
    active_people = set()
    for module in modules:
        lesson_ids = {lesson.id for lesson in module.lessons}
        quiz_ids = {q.id for q in module.quiz.questions} if module.quiz else set()
        started = completed = passed = skipped = 0
        bests = []
        tally: dict[str, list[int]] = {}
        before, after, change = [], [], []
        answering = set()
        group = 0  # the module's learners in scope
        for pid, mine in data.items():
            pair = mine.get(module.id)
            if pair is None:
                continue
            in_scope = since is None or any(t >= since for t in pair.times())
            if in_scope:
                group += 1
                active_people.add(pid)
                finished = [a for a in pair.attempts if a.finished]
                scores = [sum(a.answers.get(q, False) for q in quiz_ids) / len(quiz_ids) for a in finished]
                best = max(scores) if scores else None
                is_completed = lesson_ids <= set(pair.completed)
                if module.quiz is None:
                    is_passed = is_completed
                else:
                    is_passed = best is not None and best + 1e-9 >= module.quiz.pass_mark
                started += bool(pair.opened or pair.attempts)
                completed += is_completed
                passed += is_passed
                skipped += pair.skipped is not None and not is_passed and not is_completed
                if best is not None and module.quiz is not None:
                    bests.append(best)
            for a in pair.attempts:
                if a.finished and (since is None or a.finished >= since):
                    answering.add(pid)
                    for qid, ok in a.answers.items():
                        if qid in quiz_ids:
                            counts = tally.setdefault(qid, [0, 0])
                            counts[0] += 1
                            counts[1] += not ok
            fresh = {stage: value for stage, (value, when) in pair.confidence.items()
                     if value is not None and (since is None or when >= since)}
            if "before" in fresh:
                before.append(fresh["before"])
            if "after" in fresh:
                after.append(fresh["after"])
            if "before" in fresh and "after" in fresh:
                change.append(fresh["after"] - fresh["before"])
        wrong = sorted(((q, w, n) for q, (n, w) in tally.items() if w and n >= MIN_GROUP),
                       key=lambda x: (-x[1], -x[1] / x[2], x[0]))[:3]
        mean = lambda xs: statistics.fmean(xs) if len(xs) >= MIN_GROUP else None  # noqa: E731
        few = lambda n, group=group: None if 0 < n < MIN_GROUP or (n == 0 and 0 < group < MIN_GROUP) else n  # noqa: E731
        out["modules"][module.id] = {
            "started": few(started), "completed": few(completed), "passed": few(passed), "skipped": few(skipped),
            "median": statistics.median(bests) if len(bests) >= MIN_GROUP else None, "scored": few(len(bests)),
            "wrong": None if 0 < len(answering) < MIN_GROUP and tally else [(q, w, n) for q, w, n in wrong],
            "confidence": (mean(before), few(len(before)), mean(after), few(len(after)), mean(change),
                           few(len(change))),
        }
    if since is None:
        out["learners"] = len(data)
    else:
        out["learners"] = len({pid for pid, mine in data.items()
                               if any(t >= since for pair in mine.values() for t in pair.times())})
    return out


def as_found(report) -> dict:
    out = {"learners": report.learners, "modules": {}}
    for m in report.modules:
        c = m.confidence
        out["modules"][m.id] = {
            "started": m.started, "completed": m.completed, "passed": m.passed, "skipped": m.skipped,
            "median": m.median_best, "scored": m.scored,
            "wrong": None if m.wrong is None else [(q.id, q.wrong, q.answered) for q in m.wrong],
            "confidence": (c.before, c.before_answers, c.after, c.after_answers, c.change, c.pairs),
        }
    return out


def approx(value):
    if isinstance(value, dict):
        return {k: approx(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(approx(v) for v in value)
    if isinstance(value, float):
        return pytest.approx(value)
    return value


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    modules = modules_for_test()
    data = generate(modules, random.Random(SEED))
    folder = tmp_path_factory.mktemp("centre") / "data"
    store = Store.open(folder)
    write(store, modules, data)
    store.close()
    return modules, data, folder


@pytest.fixture(scope="module")
def pg_world(pg_cluster):
    """The same 1,000 learners in a PostgreSQL database of this module's own: (modules, data, url)."""
    modules = modules_for_test()
    data = generate(modules, random.Random(SEED))
    name = pg_cluster.create_database()
    store = Store.connect(pg_cluster.url(name))
    write(store, modules, data)
    store.close()
    yield modules, data, pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def either_world(request):
    """(modules, data, report): the world on each engine; report(**options) is the report over it."""
    if request.param == "sqlite":
        modules, data, folder = request.getfixturevalue("world")
        return modules, data, lambda **options: report_from(folder, modules, **options)
    modules, data, url = request.getfixturevalue("pg_world")

    def report(**options):
        store = Store.connect(url)
        try:
            return build_report(store, modules, **options)
        finally:
            store.close()

    return modules, data, report


# -- right -----------------------------------------------------------------------------------------------


def test_the_generated_data_covers_every_case(world):
    modules, data, _ = world
    found = expected(modules, data)
    assert found["learners"] == PROFILES
    for module in modules:
        m = found["modules"][module.id]
        assert 0 < m["passed"] < m["started"], module.id
        assert m["skipped"] > 0 and m["completed"] > 0
        assert (m["median"] is None) == (module.quiz is None)
        if module.quiz is not None:
            assert len(m["wrong"]) == 3
        assert m["confidence"][0] is not None and m["confidence"][4] is not None


def test_report_over_1000_profiles_matches_counts_worked_out_independently(either_world):
    modules, data, report_of = either_world
    report = report_of()
    assert as_found(report) == approx(expected(modules, data))


def test_since_keeps_only_recent_activity(either_world):
    modules, data, report_of = either_world
    report = report_of(since=SINCE)
    want = expected(modules, data, since=SINCE)
    assert as_found(report) == approx(want)
    assert want["learners"] < PROFILES
    everything = expected(modules, data)
    started = sum(m["started"] for m in everything["modules"].values())
    assert sum(m["started"] for m in want["modules"].values()) < started


def test_retired_questions_and_lessons_do_not_count(either_world):
    modules, data, report_of = either_world
    report = report_of()
    for m in report.modules:
        assert "retired-question" not in {q.id for q in m.wrong}


# -- private and read-only -------------------------------------------------------------------------------


def test_no_names_without_names(world):
    modules, data, folder = world
    report = report_from(folder, modules)
    assert report.people is None
    outputs = render_text(report) + render_csv(report) + render_learners_csv(report)
    assert "Person" not in outputs
    named = report_from(folder, modules, names=True)
    text = render_text(named)
    assert "Person 0001" in text and f"Person {PROFILES:04d}" in text
    assert "Person 0001" in render_learners_csv(named)


def test_each_learner_line_agrees_with_the_module_counts(either_world):
    modules, _, report_of = either_world
    for since in (None, SINCE):
        named = report_of(since=since, names=True)
        for module in named.modules:
            states = [person.states[module.id] for person in named.people]
            assert sum(s.status is Status.PASSED for s in states) == module.passed, module.id
            assert sum(s.status is Status.SKIPPED for s in states) == module.skipped, module.id
            assert sum(s.lessons_done == s.lessons_total for s in states) == module.completed, module.id


def test_the_report_never_changes_the_file(world):
    modules, _, folder = world
    db = folder / "progress.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    mtime = db.stat().st_mtime_ns
    report_from(folder, modules, names=True)
    report_from(folder, modules, since=SINCE)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert db.stat().st_mtime_ns == mtime
    wal = folder / "progress.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_version_1_file_is_reported_on_without_being_migrated(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = sqlite3.connect(folder / "progress.db")
    db.executescript(VERSION_1)
    db.execute("PRAGMA user_version = 1")
    for n in (1, 2, 3):  # three learners: the fewest the report shows a count for
        db.execute(f"INSERT INTO profiles (id, name, name_key, created, last_used) VALUES ({n}, 'Old{n}', 'old{n}', "
                   "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')")
        db.execute(f"INSERT INTO lessons VALUES ({n}, 'anxiety', 'what-is-anxiety', '2024-01-01T00:00:00+00:00', NULL)")
    db.commit()
    db.close()
    before = (folder / "progress.db").read_bytes()
    report = report_from(folder, bundled_modules())
    assert report.learners == 3
    assert {m.id: m.started for m in report.modules}["anxiety"] == 3
    assert (folder / "progress.db").read_bytes() == before


def test_no_progress_file_is_an_empty_report_and_nothing_is_created(tmp_path):
    report = report_from(tmp_path / "nothing", bundled_modules())
    assert report.learners == 0 and all(m.started == 0 for m in report.modules)
    assert not (tmp_path / "nothing").exists()


def test_a_change_too_small_to_show_reads_plus_nothing(make_store):
    store = make_store()
    for n, (before, after) in enumerate([(4, 3), (2, 3), (3, 2)] + [(3, 3)] * 21):
        p = store.create_profile(f"P{n}")
        store.record_confidence(p.id, "anxiety", "before", before)
        store.record_confidence(p.id, "anxiety", "after", after)
    report = build_report(store, bundled_modules())
    anxiety = next(m for m in report.modules if m.id == "anxiety")
    assert -0.05 < anxiety.confidence.change < 0  # -1/24
    assert "3.0 > 3.0 (+0.0, 24 both)" in render_text(report)


def test_csv_cells_cannot_run_as_formulas(make_store):
    store = make_store()
    p = store.create_profile("=HYPERLINK(1)")
    store.lesson_opened(p.id, "anxiety", "what-is-anxiety")
    report = build_report(store, bundled_modules(), names=True)
    rows = list(csv.reader(io.StringIO(render_learners_csv(report))))
    assert {r[0] for r in rows[1:]} == {"'=HYPERLINK(1)"}


# -- the command ----------------------------------------------------------------------------------------------


def run(*args: str) -> int:
    return cli.main(list(args))


def test_command_prints_the_table_without_names(world, capsys):
    _, _, folder = world
    assert run("report", "--data-dir", str(folder)) == 0
    out = capsys.readouterr().out
    assert "Learners: 1000" in out and "mental-health-basics" in out
    assert "Person" not in out
    assert run("report", "--data-dir", str(folder), "--names") == 0
    assert "Person 0042" in capsys.readouterr().out


def test_command_writes_csv_and_a_learners_file_only_with_names(world, tmp_path, capsys):
    _, _, folder = world
    target = tmp_path / "out" / "report.csv"
    target.parent.mkdir()
    assert run("report", "--data-dir", str(folder), "--csv", str(target)) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == len(modules_for_test()) and rows[0]["learners"] == "1000"
    assert "Person" not in target.read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "report-learners.csv").exists()
    assert run("report", "--data-dir", str(folder), "--csv", str(target)) == 1  # no overwriting without --force
    assert run("report", "--data-dir", str(folder), "--csv", str(target), "--names", "--force") == 0
    learners = list(csv.DictReader((tmp_path / "out" / "report-learners.csv").open(encoding="utf-8")))
    assert len(learners) == PROFILES * len(modules_for_test())
    assert "keep it private" in capsys.readouterr().err


def test_command_since_and_bad_dates(world, capsys):
    _, _, folder = world
    assert run("report", "--data-dir", str(folder), "--since", "2024-09-01", "--csv", "-") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert 0 < int(rows[0]["learners"]) < PROFILES
    assert run("report", "--data-dir", str(folder), "--since", "1 September") == 2
    assert run("report", "--data-dir", str(folder), "--csv", "-", "--names") == 2


def test_command_in_a_folder_without_a_progress_file_creates_nothing(tmp_path, capsys):
    folder = tmp_path / "nonexistent"
    assert run("--data-dir", str(folder), "report") == 3  # not "0 learners": the folder is likely a typo
    captured = capsys.readouterr()
    assert "Learners: 0" not in captured.out and "does not exist" in captured.err
    assert not folder.exists()


def test_command_on_a_damaged_file_exits_3(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "progress.db").write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    assert run("report", "--data-dir", str(folder)) == 3
    assert "Traceback" not in capsys.readouterr().err


def test_build_report_works_on_an_open_store(world):
    modules, data, folder = world
    store = Store.open(folder)
    try:
        assert as_found(build_report(store, modules)) == approx(expected(modules, data))
    finally:
        store.close()


# -- the smallest group (issue 13: one learner's median and wrong answers read "1 of 1") -----------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_or_file(request, monkeypatch):
    """The command reads the data folder, or the shared record its MHCOURSE_STORE_URL names."""
    if request.param == "postgresql":
        monkeypatch.setenv("MHCOURSE_STORE_URL", request.getfixturevalue("pg_url"))


def finished_quizzes(folder: Path, learners: int, module_id: str = "anxiety", first: int = 0) -> None:
    """`learners` profiles, each with one finished attempt at the module's quiz, every answer wrong."""
    from mhcourse.learning.quiz import QuizPlan, ShownQuestion

    module = next(m for m in bundled_modules() if m.id == module_id)
    questions = [q.id for q in module.quiz.questions]
    plan = QuizPlan(tuple(ShownQuestion(q, ()) for q in questions))
    store = Store.connect(os.environ["MHCOURSE_STORE_URL"]) if os.environ.get("MHCOURSE_STORE_URL") else \
        Store.open(folder)
    for n in range(first, first + learners):
        p = store.create_profile(f"Learner {n}")
        store.lesson_opened(p.id, module_id, module.lessons[0].id)
        store.record_confidence(p.id, module_id, "before", 2)
        attempt = store.start_attempt(p.id, module_id, plan, module.quiz.pass_mark)
        for q in questions:
            store.record_answer(attempt.id, q, "x", False)
        store.finish_attempt(attempt.id, 0, len(questions), False)
        store.record_confidence(p.id, module_id, "after", 4)
    store.close()


def test_no_figure_about_fewer_than_three_learners_is_shown(tmp_path, shared_or_file, capsys):
    folder = tmp_path / "data"
    finished_quizzes(folder, 1)
    assert run("report", "--data-dir", str(folder)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:3] == ["Learners: 1",
                                     "Fewer than 3 learners: no figures shown, to keep each learner's results private."]
    table = [line for line in out.splitlines() if line.split()[:1] in ([m.id] for m in bundled_modules())]
    assert len(table) == len(bundled_modules())
    for line in table:  # the one learner's module, and every other: a "0" there would tell which they never touched
        assert line.split()[1:] == ["<3"] * 5 + ["<3", ">", "<3"], line
    assert "1 of 1" not in out and "100%" not in out and "none yet" not in out
    assert "Questions most often answered wrongly (share of answers in finished attempts):\n" \
           "  fewer than 3 learners, not shown\n" in out
    assert '"<3" means fewer than 3 learners' in out
    assert run("report", "--data-dir", str(folder), "--csv", "-") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    few = "fewer than 3 learners"
    assert len(rows) == len(bundled_modules())
    for row in rows:
        assert row["learners"] == "1"
        for column in ("started", "completed", "passed", "skipped", "learners_with_score", "median_best_score",
                       "wrong_1_id", "confidence_before", "confidence_before_answers", "confidence_pairs"):
            assert row[column] == few, (row["module_id"], column)
        assert row["wrong_1_share"] == ""
    assert run("report", "--data-dir", str(folder), "--csv", str(tmp_path / "r.csv")) == 0
    assert "Fewer than 3 learners: no figures shown." in capsys.readouterr().err


def test_a_module_nobody_touched_shows_zeros_once_the_report_has_enough_learners(tmp_path, shared_or_file, capsys):
    folder = tmp_path / "data"
    finished_quizzes(folder, 4)
    finished_quizzes(folder, 1, module_id="depression", first=4)  # a fifth learner: depression's figures are about one
    assert run("report", "--data-dir", str(folder)) == 0
    out = capsys.readouterr().out
    assert "no figures shown" not in out
    rows = {line.split()[0]: line.split()[1:6] for line in out.splitlines() if line.split()[:1] in
            ([m.id] for m in bundled_modules())}
    assert rows["anxiety"] == ["4", "0", "0", "0", "0%"]
    assert rows["depression"] == ["<3"] * 5
    assert rows["getting-help"] == ["0", "0", "0", "0", "-"]  # nobody, among five: nothing to hide
    assert "  depression: fewer than 3 learners, not shown" in out


def test_three_learners_are_shown_and_a_site_can_raise_the_smallest_group(tmp_path, shared_or_file, capsys):
    folder = tmp_path / "data"
    finished_quizzes(folder, 3)
    assert run("report", "--data-dir", str(folder)) == 0
    out = capsys.readouterr().out
    assert "(3 of 3)" in out and "2.0 > 4.0 (+2.0, 3 both)" in out
    anxiety = next(line for line in out.splitlines() if line.startswith("anxiety "))
    assert anxiety.split()[1:6] == ["3", "0", "0", "0", "0%"]
    config = tmp_path / "site.toml"
    config.write_text("[privacy]\nmin_group = 4\n", encoding="utf-8")
    assert run("report", "--data-dir", str(folder), "--config", str(config)) == 0
    out = capsys.readouterr().out
    assert "(3 of 3)" not in out and "3 both" not in out and '"<4" means fewer than 4 learners' in out
    config.write_text("[privacy]\nmin_group = 1\n", encoding="utf-8")  # never lower
    assert run("report", "--data-dir", str(folder), "--config", str(config)) == 2
    assert "min_group" in capsys.readouterr().err
