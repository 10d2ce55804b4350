"""Review: building the due list for a learner with 1,000 review cards (50 generated modules of 20 questions:
16 in the quiz and a knowledge check in each of 4 lessons), half of them due now.

Timed: what home asks (learner.due(): how many are due, and when the next one is) and what a review session
asks (learner.review_cards(): the first cards due), each from a progress file on disk with the catalog loaded,
as a face asks them. The cards are scheduled by progress/review.py's own rate(), written in one transaction.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import Figure, Row, ms, ms_spread, write_modules

MODULES = 50
CARDS = 1_000
RUNS = 21
BUDGET = 0.020


def _modules(folder: Path):
    from mhcourse.content.catalog import Source, build_catalog

    write_modules(folder, MODULES, questions=16, lessons=4)
    catalog = build_catalog([Source("bench", folder)])
    questions = sum(len(m.questions) + sum(len(lesson.checks) for lesson in m.lessons) for m in catalog.modules)
    if len(catalog.modules) != MODULES or questions != CARDS:
        raise RuntimeError(f"expected {MODULES} modules of {CARDS} questions: {len(catalog.modules)}, {questions}")
    return catalog.modules


def _learner(folder: Path, modules):
    from mhcourse.progress.learner import Learner
    from mhcourse.progress.review import rate
    from mhcourse.progress.store import Store

    store = Store.open(folder)
    profile = store.create_profile("Robin")
    now = datetime.now(UTC)
    rows = []
    n = 0
    for module in modules:
        ids = [q.id for q in module.questions] + [q.id for lesson in module.lessons for q in lesson.checks]
        for qid in ids:
            # Answered in the last four days, right or wrong: some are due now, some later.
            card, due = rate(None, module.id, qid, n % 3 != 0, now - timedelta(hours=n % 96))
            rows.append((profile.id, module.id, qid, card, due))
            n += 1
    with store.transaction() as db:
        db.executemany("INSERT INTO review_cards (profile_id, module_id, question_id, card, due) "
                       "VALUES (?, ?, ?, ?, ?)", rows)
    return Learner(store, profile, list(modules))


def _timed(call) -> Figure:
    samples = []
    for run in range(RUNS + 1):
        start = time.perf_counter()
        call()
        if run:  # the first run warms up
            samples.append(time.perf_counter() - start)
    return Figure(samples)


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-review-") as name:
        tmp = Path(name)
        modules = _modules(tmp / "modules")
        learner = _learner(tmp / "data", modules)
        try:
            due = learner.due()
            if not 0 < due.count < CARDS or due.next_due is None:
                raise RuntimeError(f"expected some cards due and some later: {due}")
            home = _timed(learner.due)
            session = _timed(learner.review_cards)
        finally:
            learner.store.close()
    return [
        Row(f"Review: due count and next due, {CARDS:,} cards ({due.count} due)", ms(home.median),
            ms_spread(home), budget=f"< {BUDGET * 1000:.0f} ms", ok=home.median < BUDGET),
        Row(f"Review: a session's cards, {CARDS:,} cards", ms(session.median), ms_spread(session),
            budget=f"< {BUDGET * 1000:.0f} ms", ok=session.median < BUDGET),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
