"""The facilitator report: how each module is going across every learner on this machine.

Per module: learners who started it (opened a lesson or began the quiz), completed it (every
current lesson), passed it (the rules of learning.progress: the best finished attempt reaches
the module's pass mark now, or all lessons done when there is no quiz), skipped it at the
content note, the median best score, the questions most often answered wrongly in finished
attempts, and the confidence check before and after (averages only).

The report reads the store and never writes: it opens progress.db read-only (`mode=ro`), so
even a database of an older schema is read as it is rather than migrated.

Privacy: no learner's name is read unless names=True. Confidence is never shown per learner,
and an average of fewer than MIN_GROUP answers is left out, since it would be one person's answer.

--since keeps the learners, and each learner's modules, with activity on or after that time;
their state in a module is judged on their whole record. Question shares and confidence use
the attempts finished and the answers given on or after that time.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..content.models import Module
from ..learning.progress import ModuleRecord, ModuleState, Status, module_state
from .schema import SCHEMA_VERSION
from .store import BUSY_TIMEOUT_MS, DB_NAME, StoreError, utc_now

NOTHING: frozenset[str] = frozenset()
TOP_WRONG = 3
MIN_GROUP = 3
"""Fewest confidence answers an average is shown for."""


@dataclass(frozen=True)
class WrongQuestion:
    id: str
    wrong: int
    answered: int

    @property
    def share(self) -> float:
        return self.wrong / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Confidence:
    before: float | None = None
    """Average of the 'before' answers (1-5); None when fewer than MIN_GROUP."""
    before_answers: int = 0
    after: float | None = None
    after_answers: int = 0
    change: float | None = None
    """Average of (after - before) over learners who answered both; None when fewer than MIN_GROUP did."""
    pairs: int = 0


@dataclass(frozen=True)
class ModuleReport:
    id: str
    title: str
    started: int = 0
    completed: int = 0
    passed: int = 0
    skipped: int = 0
    scored: int = 0
    """Learners with a finished quiz attempt (the median is over them)."""
    median_best: float | None = None
    """Median of each learner's best finished attempt (0-1); None without attempts or without a quiz."""
    wrong: tuple[WrongQuestion, ...] = ()
    confidence: Confidence = field(default_factory=Confidence)


@dataclass(frozen=True)
class LearnerLine:
    """Only in a report made with names=True."""

    name: str
    last_used: str
    states: dict[str, ModuleState]
    """module id -> the module's state for this learner."""


@dataclass(frozen=True)
class Report:
    generated: str
    since: datetime | None
    learners: int
    modules: tuple[ModuleReport, ...]
    people: tuple[LearnerLine, ...] | None = None


# -- reading --------------------------------------------------------------------------------------


def open_readonly(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to a progress file, or None when there is none yet (nothing is created)."""
    path = Path(path)
    if path.is_dir():
        path = path / DB_NAME
    if not path.exists():
        return None
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                         isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA query_only = ON")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"The progress file {path} was written by a newer version of mhcourse. "
                             "Update mhcourse to report on it; the file was left as it is.")
    except BaseException:
        db.close()
        raise
    return db


def report_from(path: Path, modules: list[Module], since: datetime | None = None, names: bool = False,
                now: str | None = None) -> Report:
    """The report over the progress file at `path` (or in the data folder `path`), read-only."""
    db = open_readonly(path)
    if db is None:
        return Report(now or utc_now(), since, 0, tuple(ModuleReport(m.id, m.title) for m in modules),
                      () if names else None)
    try:
        return build_report(db, modules, since, names, now)
    finally:
        db.close()


def build_report(db: sqlite3.Connection, modules: list[Module], since: datetime | None = None,
                 names: bool = False, now: str | None = None) -> Report:
    """The report over the modules given (in that order) from an open connection; nothing is written.

    All of it is read in one read transaction, so a learner saving meanwhile cannot make the
    counts disagree with each other.
    """
    cut = _since_text(since)
    recent = "1" if cut is None else "(datetime({col}) >= :since)"
    params = {"since": cut}
    wanted = {m.id: m for m in modules}
    started_read = not db.in_transaction
    if started_read:
        db.execute("BEGIN")
    try:
        tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        opened: dict[tuple[int, str], frozenset[str]] = {}
        completed: dict[tuple[int, str], frozenset[str]] = {}
        active: set[tuple[int, str]] = set()
        lesson_recent = "1" if cut is None else "(datetime(opened) >= :since OR datetime(completed) >= :since)"
        # One row per learner and module (lesson ids are slugs, so the unit separator cannot occur in them).
        for profile_id, module_id, seen, done, fresh in db.execute(
            "SELECT profile_id, module_id, group_concat(lesson_id, char(31)), "
            "group_concat(CASE WHEN completed IS NOT NULL THEN lesson_id END, char(31)), "
            f"MAX({lesson_recent}) FROM lessons GROUP BY profile_id, module_id", params
        ):
            if module_id not in wanted:
                continue
            key = (profile_id, module_id)
            opened[key] = frozenset(seen.split("\x1f"))
            if done:
                completed[key] = frozenset(done.split("\x1f"))
            if fresh:
                active.add(key)
        best: dict[tuple[int, str], float | None] = {}
        attempt_recent = "1" if cut is None else "(datetime(started) >= :since OR datetime(finished) >= :since)"
        for profile_id, module_id, fraction, fresh in db.execute(
            "SELECT profile_id, module_id, MAX(CASE WHEN finished IS NULL THEN NULL WHEN total > 0 "
            f"THEN CAST(right_count AS REAL) / total ELSE 0.0 END), MAX({attempt_recent}) "
            "FROM attempts GROUP BY profile_id, module_id", params
        ):
            if module_id not in wanted:
                continue
            best[(profile_id, module_id)] = fraction
            if fresh:
                active.add((profile_id, module_id))
        waived: set[tuple[int, str]] = set()
        for profile_id, module_id, fresh in db.execute(
            f"SELECT profile_id, module_id, {recent.format(col='waived')} FROM waivers", params
        ):
            if module_id in wanted:
                waived.add((profile_id, module_id))
                if fresh:
                    active.add((profile_id, module_id))
        feelings: dict[str, dict[int, dict[str, int]]] = {}
        if "confidence" in tables:
            for profile_id, module_id, stage, value, fresh in db.execute(
                f"SELECT profile_id, module_id, stage, value, {recent.format(col='answered')} FROM confidence", params
            ):
                if module_id not in wanted:
                    continue
                if fresh:
                    active.add((profile_id, module_id))
                    if value is not None:
                        feelings.setdefault(module_id, {}).setdefault(profile_id, {})[stage] = value
        wrong: dict[str, list[WrongQuestion]] = {}
        for module_id, question_id, answered, missed in db.execute(_tally_query(cut, tables), params):
            module = wanted.get(module_id)
            if module is None or module.quiz is None or not missed:
                continue
            if question_id in {q.id for q in module.quiz.questions}:
                wrong.setdefault(module_id, []).append(WrongQuestion(question_id, missed, answered))
        if cut is None:
            learners = db.execute("SELECT COUNT(*) FROM profiles").fetchone()[0]
            in_scope = set(opened) | set(best) | waived
        else:
            in_scope = active
            people_active = {p for p, _ in active} | {p for (p,) in db.execute(
                "SELECT id FROM profiles WHERE datetime(last_used) >= :since", params)}
            learners = len(people_active)
        named = None
        if names:
            rows = db.execute("SELECT id, name, last_used FROM profiles ORDER BY name_key").fetchall()
            if cut is not None:
                rows = [r for r in rows if r[0] in people_active]
            named = rows
    finally:
        if started_read:
            db.execute("COMMIT")

    per_module: dict[str, list[ModuleRecord]] = {m.id: [] for m in modules}
    records: dict[int, dict[str, ModuleRecord]] = {}
    for key in in_scope:
        profile_id, module_id = key
        fraction = best.get(key)
        record = ModuleRecord(
            lessons_opened=opened.get(key, NOTHING),
            lessons_completed=completed.get(key, NOTHING),
            best_fraction=fraction,
            best_score=None,
            attempts=1 if key in best else 0,
            waived=key in waived,
        )
        per_module[module_id].append(record)
        if names:
            records.setdefault(profile_id, {})[module_id] = record

    reports = []
    for module in modules:
        started = done = passed = skipped = 0
        bests = []
        for record in per_module[module.id]:
            state = module_state(module, record)
            status = state.status
            started += bool(record.lessons_opened or record.attempts)
            done += state.lessons_done == state.lessons_total
            passed += status is Status.PASSED
            skipped += status is Status.WAIVED
            if module.quiz is not None and record.best_fraction is not None:
                bests.append(record.best_fraction)
        top = sorted(wrong.get(module.id, ()), key=lambda q: (-q.wrong, -q.share, q.id))[:TOP_WRONG]
        reports.append(ModuleReport(
            module.id, module.title, started, done, passed, skipped, len(bests),
            statistics.median(bests) if bests else None, tuple(top), _confidence(feelings.get(module.id, {})),
        ))

    people = None
    if named is not None:
        people = []
        for profile_id, name, last_used in named:
            mine = records.get(profile_id, {})
            states = {module.id: module_state(module, mine.get(module.id)) for module in modules}
            people.append(LearnerLine(name, last_used, states))
        people = tuple(people)
    return Report(now or utc_now(), since, learners, tuple(reports), people)


def _tally_query(cut: str | None, tables: set[str]) -> str:
    """Answers and wrong answers in finished attempts, per module and question.

    Over all time the store keeps the counts (schema.VERSION_3); a window of time, or a file of
    an older schema read as it is, counts the answers themselves.
    """
    if cut is None and "question_tally" in tables:
        return "SELECT module_id, question_id, answered, wrong FROM question_tally"
    finished_recent = "" if cut is None else "AND datetime(a.finished) >= :since"
    return ("SELECT a.module_id, q.question_id, COUNT(*), SUM(q.correct = 0) FROM attempts a "
            f"JOIN answers q ON q.attempt_id = a.id WHERE a.finished IS NOT NULL {finished_recent} "
            "GROUP BY a.module_id, q.question_id")


def _since_text(since: datetime | None) -> str | None:
    """The cut-off as SQLite's datetime() writes UTC times, to compare with datetime(column)."""
    if since is None:
        return None
    if since.tzinfo is None:
        since = since.astimezone()  # a naive time is this computer's local time
    return since.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _confidence(answers: dict[int, dict[str, int]]) -> Confidence:
    before = [a["before"] for a in answers.values() if "before" in a]
    after = [a["after"] for a in answers.values() if "after" in a]
    pairs = [a["after"] - a["before"] for a in answers.values() if "before" in a and "after" in a]

    def mean(values: list[int]) -> float | None:
        return statistics.fmean(values) if len(values) >= MIN_GROUP else None

    return Confidence(mean(before), len(before), mean(after), len(after), mean(pairs), len(pairs))


# -- writing ----------------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _confidence_words(c: Confidence) -> str:
    if c.before is None and c.after is None:
        return "-"
    change = f" ({c.change:+.1f}, {c.pairs} both)" if c.change is not None else ""
    return f"{_score(c.before)} > {_score(c.after)}{change}"


def _table(rows: list[tuple[str, ...]], right: Iterable[int] = ()) -> list[str]:
    right = set(right)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(report: Report) -> str:
    scope = f"activity since {report.since:%Y-%m-%d}" if report.since else "all activity"
    out = [f"mhcourse facilitator report, {report.generated[:16].replace('T', ' ')} UTC ({scope})",
           f"Learners: {report.learners}", ""]
    rows = [("MODULE", "STARTED", "COMPLETED", "PASSED", "SKIPPED", "MEDIAN BEST", "CONFIDENCE BEFORE > AFTER")]
    for m in report.modules:
        rows.append((m.id, str(m.started), str(m.completed), str(m.passed), str(m.skipped), _percent(m.median_best),
                     _confidence_words(m.confidence)))
    out += _table(rows, right=(1, 2, 3, 4, 5))
    out += ["", "Confidence: average on a scale of 1 to 5, before the first lesson and after the quiz;",
            f"the change is over learners who answered both. Fewer than {MIN_GROUP} answers are not shown.",
            "", "Questions most often answered wrongly (share of answers in finished attempts):"]
    any_wrong = False
    for m in report.modules:
        if m.wrong:
            any_wrong = True
            listed = ", ".join(f"{q.id} {_percent(q.share)} ({q.wrong} of {q.answered})" for q in m.wrong)
            out.append(f"  {m.id}: {listed}")
    if not any_wrong:
        out.append("  none yet")
    if report.people is not None:
        out += ["", f"Learners by name ({len(report.people)}):"]
        for person in report.people:
            passed = sum(s.status is Status.PASSED for s in person.states.values())
            out.append(f"  {person.name}: {passed} of {len(person.states)} passed, last used {person.last_used[:10]}")
            groups: dict[Status, list[str]] = {}
            for module_id, state in person.states.items():
                if state.status is not Status.NOT_STARTED:
                    best = f" {_percent(state.best_fraction)}" if state.best_fraction is not None else ""
                    groups.setdefault(state.status, []).append(module_id + best)
            for status in (Status.PASSED, Status.COMPLETED, Status.IN_PROGRESS, Status.WAIVED):
                if status in groups:
                    out.append(f"    {status.value}: {', '.join(groups[status])}")
    return "\n".join(out) + "\n"


CSV_COLUMNS = ["module_id", "module_title", "learners", "started", "completed", "passed", "skipped",
               "learners_with_score", "median_best_score",
               *(f"wrong_{i}_{part}" for i in range(1, TOP_WRONG + 1) for part in ("id", "share")),
               "confidence_before", "confidence_before_answers", "confidence_after", "confidence_after_answers",
               "confidence_change", "confidence_pairs"]
LEARNER_COLUMNS = ["name", "last_used", "module_id", "status", "best_score"]


def _cell(value: object) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: Report) -> str:
    """One row per module (shares and scores as fractions 0-1; confidence on 1-5)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for m in report.modules:
        top = list(m.wrong) + [None] * (TOP_WRONG - len(m.wrong))
        c = m.confidence
        writer.writerow([_cell(v) for v in (
            m.id, m.title, report.learners, m.started, m.completed, m.passed, m.skipped, m.scored, m.median_best,
            *(x for q in top for x in ((q.id, q.share) if q else (None, None))),
            c.before, c.before_answers, c.after, c.after_answers, c.change, c.pairs,
        )])
    return out.getvalue()


def render_learners_csv(report: Report) -> str:
    """One row per learner and module (only for a report made with names=True)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEARNER_COLUMNS)
    for person in report.people or ():
        for module_id, state in person.states.items():
            writer.writerow([_cell(v) for v in (person.name, person.last_used, module_id, state.status.value,
                                                state.best_fraction)])
    return out.getvalue()
