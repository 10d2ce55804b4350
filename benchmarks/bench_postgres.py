"""PostgreSQL beside SQLite: recording an answer, and the facilitator report over 10,000 learners.

PostgreSQL: a throwaway cluster started with tests/pg.py (initdb and pg_ctl of the newest
/usr/lib/postgresql/*/bin, as the `postgres` user when run as root), listening on a Unix socket
only, with fsync ON (the tests turn it off; a figure for a commit must include the flush). Without
PostgreSQL or psycopg the group prints one line saying why and gives no PostgreSQL figures.

Recording: Store.record_answer ANSWERS times, each its own transaction as in the course: on the
PostgreSQL database over the Unix socket (SERIALIZABLE, synchronous_commit on), and on a SQLite
progress file beside it (WAL, synchronous=FULL). Budget: p95 < 5 ms on PostgreSQL.

Report: LEARNERS learners x the 14 bundled modules, generated as rows (the same rows on both
engines: 5% of modules skipped, 5% not started, the rest with lessons opened and completed, finished
quiz attempts with every answer, confidence answers) and written with executemany (PostgreSQL: COPY,
triggers off, the question tally and the lesson sets filled as the schema's migrations do). Timed:
progress.report.build_report and render_text, as `mhcourse report` does once the catalog is loaded.
Budgets: < 1 s on PostgreSQL, < 0.5 s on SQLite.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import Figure, Row, ms, ms_spread

HERE = Path(__file__).resolve().parent
ANSWERS = 2_000
ANSWER_BUDGET = 0.005
LEARNERS = 10_000
REPORT_RUNS = 7
REPORT_BUDGETS = {"PostgreSQL": 1.0, "SQLite": 0.5}
T0 = "2026-11-02T09:00:00+00:00"
T1 = "2026-11-02T09:30:00+00:00"


def start_postgres() -> tuple[Any, str | None]:
    """A started cluster with fsync on, or (None, why not)."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (pip install -e '.[postgres]')"
    import pg

    bindir = pg.binaries()
    if bindir is None:
        return None, "PostgreSQL's server programs are not installed (apt-get install postgresql)"
    pg.sweep()
    cluster = pg.PgCluster(bindir, "bench")
    try:
        cluster.init()
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.write("# benchmarks/bench_postgres.py: honest commits\nfsync = on\n")
        cluster.start()
    except Exception as err:  # noqa: BLE001 - a bench that cannot start PostgreSQL says why and goes on
        cluster.destroy()
        return None, f"could not start PostgreSQL: {str(err).splitlines()[0]}"
    return cluster, None


def record_answers(store: Any) -> Figure:
    from mhcourse.learning.quiz import QuizPlan, ShownQuestion

    profile = store.create_profile("Robin")
    plan = QuizPlan(tuple(ShownQuestion(f"q{i}", ("Listening", "Ignoring")) for i in range(10)))
    per_answer: list[float] = []
    while len(per_answer) < ANSWERS + 100:
        attempt = store.start_attempt(profile.id, "bench", plan, 0.7)
        for shown in plan.questions:
            start = time.perf_counter()
            store.record_answer(attempt.id, shown.id, "Listening", True, "Which helps?")
            per_answer.append(time.perf_counter() - start)
        store.finish_attempt(attempt.id, 10, 10, True)
    return Figure(per_answer[100:])  # the first 100 warm up


def bundled_modules() -> list[Any]:
    from mhcourse import paths
    from mhcourse.content.catalog import Source, build_catalog

    catalog = build_catalog([Source("bundled", paths.bundled_modules_dir())])
    if len(catalog.modules) < 14 or catalog.notices:
        raise RuntimeError(f"expected 14 bundled modules or more, found {len(catalog.modules)}: {catalog.notices[:3]}")
    return list(catalog.modules)[:14]  # the figure: the first 14, in course order


def generate(modules: list[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows for every table the report reads: LEARNERS learners with a record in each module."""
    rng = random.Random(2026)
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in ("profiles", "lessons", "waivers", "attempts",
                                                              "answers", "confidence")}
    attempt_id = 0
    for p in range(1, LEARNERS + 1):
        rows["profiles"].append((p, f"Learner {p:05d}", f"learner {p:05d}", T0, T1))
        for module in modules:
            roll = rng.random()
            if roll < 0.05:
                rows["waivers"].append((p, module.id, T0))
                continue
            if roll < 0.10:
                continue
            rows["confidence"].append((p, module.id, "before", rng.randint(1, 5), T0))
            lessons = module.lessons
            done = len(lessons) if roll > 0.3 else rng.randrange(len(lessons))
            for i, lesson in enumerate(lessons):
                rows["lessons"].append((p, module.id, lesson.id, T0, T0 if i < done else None))
            if done < len(lessons) or module.quiz is None:
                continue
            questions = module.quiz.questions
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                attempt_id += 1
                right = 0
                for position, question in enumerate(questions):
                    ok = rng.random() < 0.75
                    right += ok
                    rows["answers"].append((attempt_id, question.id, position, '"x"', int(ok), "", T1))
                total = len(questions)
                passed = int(right / total >= module.quiz.pass_mark)
                rows["attempts"].append((attempt_id, f"a{attempt_id}", p, module.id, T0, T1, "[]",
                                         module.quiz.pass_mark, right, total, passed))
            rows["confidence"].append((p, module.id, "after", rng.randint(1, 5), T1))
    return rows


COLUMNS = {
    "profiles": "id, name, name_key, created, last_used",
    "lessons": "profile_id, module_id, lesson_id, opened, completed",
    "waivers": "profile_id, module_id, waived",
    "attempts": "id, uid, profile_id, module_id, started, finished, plan, pass_mark, right_count, total, passed",
    "answers": "attempt_id, question_id, position, given, correct, shown, answered",
    "confidence": "profile_id, module_id, stage, value, answered",
}
TALLY = ("INSERT INTO question_tally (module_id, question_id, answered, wrong) "
         "SELECT a.module_id, q.question_id, COUNT(*), SUM(CASE WHEN q.correct = 0 THEN 1 ELSE 0 END) "
         "FROM attempts a JOIN answers q ON q.attempt_id = a.id WHERE a.finished IS NOT NULL "
         "GROUP BY a.module_id, q.question_id")


def fill_sqlite(store: Any, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    for table, columns in COLUMNS.items():  # attempts before answers: the tally triggers count them
        marks = ", ".join("?" * len(columns.split(",")))
        db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[table])
    db.execute("COMMIT")
    db.execute("ANALYZE")


def fill_postgres(store: Any, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    from mhcourse.progress.store.pg_schema import LESSON_SETS
    from mhcourse.progress.store.schema import CONFIDENCE_TALLY_FILL

    connection = store.db.connection()
    with connection.transaction():
        connection.execute("SET LOCAL session_replication_role = replica")  # no triggers: the tally below
        with connection.cursor() as cursor:
            for table, columns in COLUMNS.items():
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
            cursor.execute(TALLY)
            cursor.execute(f"INSERT INTO lesson_sets {LESSON_SETS} GROUP BY profile_id, module_id")
            cursor.execute(CONFIDENCE_TALLY_FILL)
    connection.execute("VACUUM ANALYZE")


def time_report(store: Any, modules: list[Any]) -> Figure:
    from mhcourse.progress.report import build_report, render_text

    samples = []
    for run in range(REPORT_RUNS + 1):
        start = time.perf_counter()
        report = build_report(store, modules)
        text = render_text(report)
        if run:
            samples.append(time.perf_counter() - start)
    if report.learners != LEARNERS or not text:
        raise RuntimeError(f"the report counted {report.learners} learners, not {LEARNERS}")
    return Figure(samples)


def run() -> list[Row]:
    from mhcourse.progress.store import Store

    cluster, why = start_postgres()
    if cluster is None:
        print(f"PostgreSQL figures skipped: {why}", file=sys.stderr, flush=True)
    rows: list[Row] = []
    try:
        modules = bundled_modules()
        data = generate(modules)
        with tempfile.TemporaryDirectory(prefix="mhcourse-bench-pg-") as name:
            tmp = Path(name)
            engines: list[tuple[str, Any, Any]] = []
            if cluster is not None:
                engines.append(("PostgreSQL", lambda db: Store.connect(cluster.url(cluster.create_database(db))),
                                fill_postgres))
            engines.append(("SQLite", lambda db: Store.open(tmp / db), fill_sqlite))
            for engine, open_store, fill in engines:
                store = open_store("answers")
                try:
                    answers = record_answers(store)
                finally:
                    store.close()
                p95 = answers.percentile(95)
                where = "over a Unix socket" if engine == "PostgreSQL" else "file, WAL, synchronous=FULL"
                rows.append(Row(f"{engine}: record an answer ({where})", f"p95 {ms(p95)} (median {ms(answers.median)})",
                                f"max {ms(answers.high)} of {ANSWERS:,}",
                                budget=f"p95 < {ms(ANSWER_BUDGET)}" if engine == "PostgreSQL" else "",
                                ok=p95 < ANSWER_BUDGET if engine == "PostgreSQL" else None, note="no budget"))
                store = open_store("report")
                try:
                    began = time.perf_counter()
                    fill(store, data)
                    print(f"{engine}: {LEARNERS:,} learners written in {time.perf_counter() - began:.0f} s "
                          f"({len(data['answers']):,} answers)", file=sys.stderr, flush=True)
                    report = time_report(store, modules)
                finally:
                    store.close()
                budget = REPORT_BUDGETS[engine]
                rows.append(Row(f"{engine}: facilitator report, {LEARNERS:,} learners × {len(modules)} modules",
                                ms(report.median), ms_spread(report), budget=f"< {budget} s",
                                ok=report.median < budget))
    finally:
        if cluster is not None:
            cluster.destroy()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
