"""Store: recording 10,000 answers, and the facilitator report over 1,000 profiles with 14 modules each.

Recording: Store.record_answer 10,000 times on a progress file in a temporary folder (1,000
attempts of 10 questions), each answer its own transaction as in the course (WAL,
synchronous=FULL: every answer reaches the disk). No budget; the figure is per answer.

Report: 1,000 profiles, each with a record in each of the 14 bundled modules (lessons opened
and completed, quiz attempts with every answer, some modules skipped, confidence answers),
written through the Store's own methods (in one transaction, to be quick to set up). Timed:
what `mhcourse report` does once the catalog is loaded, progress/report.py report_from (a
read-only connection to progress.db) and render_text.
"""

from __future__ import annotations

import random
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from common import Figure, Row, ms, ms_spread

ANSWERS = 10_000
PROFILES = 1_000
REPORT_RUNS = 11
REPORT_BUDGET = 0.5


def _record_answers(folder: Path) -> Figure:
    from mhcourse.learning.quiz import QuizPlan, ShownQuestion
    from mhcourse.progress.store import Store

    store = Store.open(folder)
    try:
        profile = store.create_profile("Robin")
        plan = QuizPlan(tuple(ShownQuestion(f"q{i}", ("Listening", "Ignoring")) for i in range(10)))
        per_answer: list[float] = []
        while len(per_answer) < ANSWERS:
            attempt = store.start_attempt(profile.id, "bench", plan, 0.7)
            for shown in plan.questions:
                start = time.perf_counter()
                store.record_answer(attempt.id, shown.id, "Listening", True, "Which helps?")
                per_answer.append(time.perf_counter() - start)
        return Figure(per_answer)
    finally:
        store.close()


def _bundled_modules():
    from mhcourse import paths
    from mhcourse.content.catalog import Source, build_catalog

    catalog = build_catalog([Source("bundled", paths.bundled_modules_dir())])
    if len(catalog.modules) < 14 or catalog.notices:
        raise RuntimeError(f"expected 14 bundled modules or more, found {len(catalog.modules)}: {catalog.notices[:3]}")
    return list(catalog.modules)[:14]  # the figure: the first 14, in course order


def _fill(folder: Path, modules) -> None:
    """PROFILES learners with a record in every module, through the Store's methods."""
    from mhcourse.learning.answers import correct_answer, mark
    from mhcourse.learning.quiz import plan_quiz
    from mhcourse.progress.store import Store

    rng = random.Random(2026)
    store = Store.open(folder)

    @contextmanager
    def one_big_transaction():
        yield store.db

    store.transaction = one_big_transaction  # every method's change joins the transaction below
    store.db.execute("BEGIN IMMEDIATE")
    try:
        for p in range(PROFILES):
            profile = store.create_profile(f"Learner {p:04d}")
            for module in modules:
                roll = rng.random()
                if roll < 0.05:
                    store.set_skipped(profile.id, module.id, True)
                    continue
                if roll < 0.10:
                    continue  # not started
                store.record_confidence(profile.id, module.id, "before", rng.randint(1, 5))
                done = len(module.lessons) if roll > 0.3 else rng.randrange(len(module.lessons))
                for i, lesson in enumerate(module.lessons):
                    store.lesson_opened(profile.id, module.id, lesson.id)
                    if i < done:
                        store.lesson_completed(profile.id, module.id, lesson.id)
                if done < len(module.lessons) or module.quiz is None:
                    continue
                for _ in range(rng.choice((1, 1, 1, 2, 3))):
                    plan = plan_quiz(module, rng)
                    attempt = store.start_attempt(profile.id, module.id, plan, module.quiz.pass_mark)
                    right = 0
                    for shown in plan.questions:
                        question = module.question(shown.id)
                        answer = correct_answer(question) if rng.random() < 0.75 else None
                        if answer is None and shown.shown:
                            answer = shown.shown[-1]
                        ok = mark(question, answer).correct
                        right += ok
                        store.record_answer(attempt.id, shown.id, answer, ok)
                    total = len(plan.questions)
                    store.finish_attempt(attempt.id, right, total, right / total >= module.quiz.pass_mark)
                store.record_confidence(profile.id, module.id, "after", rng.randint(1, 5))
        store.db.execute("COMMIT")
    finally:
        store.close()


def _report(folder: Path, modules) -> Figure:
    from mhcourse.progress.report import render_text, report_from
    from mhcourse.progress.store.core import DB_NAME

    samples = []
    for run in range(REPORT_RUNS + 1):
        start = time.perf_counter()
        report = report_from(folder / DB_NAME, modules)
        text = render_text(report)
        if run:  # the first run warms up
            samples.append(time.perf_counter() - start)
    if report.learners != PROFILES or not text:
        raise RuntimeError(f"the report counted {report.learners} learners, not {PROFILES}")
    return Figure(samples)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-store-") as name:
        tmp = Path(name)
        answers = _record_answers(tmp / "answers")
        modules = _bundled_modules()
        _fill(tmp / "report", modules)
        report = _report(tmp / "report", modules)
    total = sum(answers.samples)
    return [
        Row(f"Store: record {ANSWERS:,} answers (each its own transaction)",
            f"{ms(total)} ({answers.median * 1000:.2f} ms each)",
            f"p95 {answers.percentile(95) * 1000:.2f} ms, max {ms(answers.high)} each", note="no budget"),
        Row(f"Store: facilitator report, {PROFILES:,} profiles × {len(modules)} modules",
            ms(report.median), ms_spread(report), budget=f"< {REPORT_BUDGET} s", ok=report.median < REPORT_BUDGET),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
