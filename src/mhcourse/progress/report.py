"""The facilitator report: how each module is going across every learner on this machine.

Per module: learners who started it (opened a lesson or began the quiz), completed it (every
current lesson), passed it (the rules of learning.progress: the best finished attempt reaches
the module's pass mark now, or all lessons done when there is no quiz), skipped it at the
content note, the median best score, the questions most often answered wrongly in finished
attempts, and the confidence check before and after (averages only). Then the outcomes (progress/outcomes.py):
knowledge before and after, and retention at about 1, 3 and 6 months.

The report reads the store and never writes: it opens progress.db read-only
(Store.open_read_only), so even a database of an older schema is read as it is rather than
migrated. Its queries are the store's (progress/store/reading.py); what they mean is decided here.

Privacy: no learner's name is read unless names=True. Confidence is never shown per learner.
Any figure that describes fewer learners than the site's `[privacy] min_group` (at least
MIN_GROUP) is left out, since it would be one or two people's result: a count of 1 or 2, the median
of 1 or 2 scores, a question's "1 of 1", an average of 1 or 2 answers. The rule lives here alone
(`_suppressed`): a suppressed figure is None in the Report, and each rendering shows "fewer than N
learners" (or "<N" in the text table), never the number. A count of 0 is shown, unless the module's
learners are themselves too few ("passed: 0" of one learner is that learner's result), and no
per-module figure at all is shown when the whole report is about too few learners: there, each
module's "0" tells which modules the one or two learners never touched.

--since keeps the learners, and each learner's modules, with activity on or after that time;
their state in a module is judged on their whole record. Question shares and confidence use
the attempts finished and the answers given on or after that time.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.models import Module
from ..learning.progress import ModuleRecord, ModuleState, Status, module_state
from ..tables import table_lines
from .figures import _percent, _shown, _small, fewer_than
from .store import Store
from .store.core import utc_now

if TYPE_CHECKING:
    from .outcomes import Outcomes

NOTHING: frozenset[str] = frozenset()
TOP_WRONG = 3
MIN_GROUP = 3
"""The fewest learners a figure may describe; a site may raise it ([privacy] min_group), never lower it."""


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
    """Average of the 'before' answers (1-5); None when fewer than min_group."""
    before_answers: int | None = 0
    """None when there were some, but fewer than min_group (so for after_answers and pairs)."""
    after: float | None = None
    after_answers: int | None = 0
    change: float | None = None
    """Average of (after - before) over learners who answered both; None when fewer than min_group did."""
    pairs: int | None = 0


@dataclass(frozen=True)
class ModuleReport:
    id: str
    title: str
    started: int | None = 0
    """None (here and in every count) when some, but fewer than min_group, learners: not shown."""
    completed: int | None = 0
    passed: int | None = 0
    skipped: int | None = 0
    scored: int | None = 0
    """Learners with a finished quiz attempt (the median is over them)."""
    median_best: float | None = None
    """Median of each learner's best finished attempt (0-1); None without attempts, without a quiz, or
    when scored is None (too few learners)."""
    wrong: tuple[WrongQuestion, ...] | None = ()
    """None when fewer than min_group learners finished an attempt: not shown."""
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
    min_group: int = MIN_GROUP
    """Figures describing fewer learners than this are not shown."""
    outcomes: Outcomes | None = None
    """Knowledge before and after, and retention (progress/outcomes.py); None when the report is too_few."""

    @property
    def too_few(self) -> bool:
        """Some learners, but fewer than min_group: every per-module figure is left out, zeros too."""
        return _small(self.learners, self.min_group)


# -- reading --------------------------------------------------------------------------------------


def report_from(path: Path, modules: list[Module], since: datetime | None = None, names: bool = False,
                now: str | None = None, min_group: int = MIN_GROUP) -> Report:
    """The report over the progress file at `path` (or in the data folder `path`), read-only."""
    store = Store.open_read_only(path)
    if store is None:
        return Report(now or utc_now(), since, 0, tuple(ModuleReport(m.id, m.title) for m in modules),
                      () if names else None, max(min_group, MIN_GROUP))
    try:
        return build_report(store, modules, since, names, now, min_group)
    finally:
        store.close()


Key = tuple[int, str]
"""(profile id, module id): one learner's record in one module."""


@dataclass
class _Read:
    """What build_report reads from the file, before any module's rules are applied."""

    opened: dict[Key, frozenset[str]] = field(default_factory=dict)
    completed: dict[Key, frozenset[str]] = field(default_factory=dict)
    best: dict[Key, float | None] = field(default_factory=dict)
    """Each learner's best finished attempt (0-1) at a module; None when they only have unfinished ones."""
    skipped: set[Key] = field(default_factory=set)
    active: set[Key] = field(default_factory=set)
    """With --since: the learners' modules with activity in the window."""
    confidence: dict[str, Confidence] = field(default_factory=dict)
    wrong: dict[str, list[WrongQuestion]] = field(default_factory=dict)
    answering: dict[str, int] = field(default_factory=dict)
    """Per module: the learners whose finished attempts the wrong answers count."""
    learners: int = 0
    named: list[tuple[int, str, str]] | None = None
    shapes: list[tuple[str, ModuleRecord, int]] = field(default_factory=list)
    """Over all time and without names: (module id, a record, the learners with that record) instead of
    each learner's record (then opened, completed, best and skipped stay empty)."""


def build_report(store: Store, modules: list[Module], since: datetime | None = None,
                 names: bool = False, now: str | None = None, min_group: int = MIN_GROUP) -> Report:
    """The report over the modules given (in that order) from an open store; nothing is written.

    All of it is read in one read transaction, so a learner saving meanwhile cannot make the
    counts disagree with each other.
    """
    from .outcomes import read_outcomes

    wanted = {m.id: m for m in modules}
    min_group = max(min_group, MIN_GROUP)  # a site may raise the floor, never lower it
    shapes = since is None and not names  # no learner needed one by one: count each shape of record in SQL
    with store.reading():
        store.for_the_report()
        read = _read(store, wanted, since, names, shapes)
        outcomes = read_outcomes(store, modules, since, min_group)

    in_scope = read.active if since is not None else set(read.opened) | set(read.best) | read.skipped
    records = _records(read, in_scope)
    judged: dict[tuple[str, ModuleRecord | None], ModuleState] = {}

    def state(module: Module, record: ModuleRecord | None) -> ModuleState:
        # Many learners have the same record (every lesson done, the same best score): judge each once.
        found = judged.get((module.id, record))
        if found is None:
            found = judged[(module.id, record)] = module_state(module, record)
        return found

    per_module: dict[str, Counter[ModuleRecord]] = {m.id: Counter() for m in modules}
    for (_, module_id), record in records.items():
        per_module[module_id][record] += 1
    for module_id, record, learners in read.shapes:
        per_module[module_id][record] += learners
    too_few = _small(read.learners, min_group)  # then every module's group is the report's few learners
    reports = [_suppressed(_module_report(module, per_module[module.id], state, read), read, min_group,
                           group=read.learners if too_few else sum(per_module[module.id].values()))
               for module in modules]

    people = None
    if read.named is not None:
        people = tuple(
            LearnerLine(name, last_used, {module.id: state(module, records.get((profile_id, module.id)))
                                          for module in modules})
            for profile_id, name, last_used in read.named
        )
    return Report(now or utc_now(), since, read.learners, tuple(reports), people, min_group,
                  None if too_few else outcomes)


def _read(store: Store, wanted: dict[str, Module], since: datetime | None, names: bool, shapes: bool) -> _Read:
    read = _Read()
    if shapes:
        same: dict[tuple, ModuleRecord] = {}
        for module_id, opened, completed, fraction, attempted, skipped, learners in store.record_shapes(wanted):
            read.shapes.append((module_id, _record(same, (opened, completed, fraction, attempted, skipped)), learners))
            if fraction is not None:  # a best finished attempt: these learners finished one
                read.answering[module_id] = read.answering.get(module_id, 0) + learners
    else:
        _read_learners(store, wanted, since, read)
    _read_confidence(store, wanted, since, read)
    for module_id, question_id, answered, missed in store.question_tally(since):
        module = wanted.get(module_id)
        if module is None or module.quiz is None or not missed:
            continue
        if question_id in {q.id for q in module.quiz.questions}:
            read.wrong.setdefault(module_id, []).append(WrongQuestion(question_id, missed, answered))
    if not shapes:  # the shapes counted them already
        read.answering = dict(store.learners_finishing(since))
    people_active = None
    if since is None:
        read.learners = store.profile_count()
    else:
        people_active = {p for p, _ in read.active} | store.profiles_used_since(since)
        read.learners = len(people_active)
    if names:
        rows = store.names_and_last_used()
        read.named = rows if people_active is None else [r for r in rows if r[0] in people_active]
    return read


def _read_learners(store: Store, wanted: dict[str, Module], since: datetime | None, read: _Read) -> None:
    """Each learner's lessons, best attempt and skips per module (and, with --since, what was active)."""
    for profile_id, module_id, opened, completed, fresh in store.lessons_by_learner(wanted, since):
        key = (profile_id, module_id)
        read.opened[key] = opened
        if completed:
            read.completed[key] = completed
        if fresh:
            read.active.add(key)
    for profile_id, module_id, fraction, fresh in store.best_by_learner(since):
        if module_id in wanted:
            read.best[(profile_id, module_id)] = fraction
            if fresh:
                read.active.add((profile_id, module_id))
    for profile_id, module_id, fresh in store.skipped_by_learner(since):
        if module_id in wanted:
            read.skipped.add((profile_id, module_id))
            if fresh:
                read.active.add((profile_id, module_id))


def _read_confidence(store: Store, wanted: dict[str, Module], since: datetime | None, read: _Read) -> None:
    """Averages per module, worked out by the store (only averages are ever shown, never one learner's answer).

    A skipped question (no value) still counts as activity; with --since, only answers in the window count.
    """
    if since is not None:
        for profile_id, module_id in store.confidence_answered(since):
            if module_id in wanted:
                read.active.add((profile_id, module_id))
    for module_id, before, befores, after, afters, change, pairs in store.confidence_summary(since):
        if module_id in wanted:
            read.confidence[module_id] = _confidence((before, befores), (after, afters), (change, pairs))
    for module_id in wanted:
        read.confidence.setdefault(module_id, _confidence(None, None, None))


def _records(read: _Read, in_scope: Iterable[Key]) -> dict[Key, ModuleRecord]:
    """A record per learner and module in scope; equal records are one object."""
    records: dict[Key, ModuleRecord] = {}
    same: dict[tuple, ModuleRecord] = {}
    for key in in_scope:
        records[key] = _record(same, (read.opened.get(key, NOTHING), read.completed.get(key, NOTHING),
                                      read.best.get(key), key in read.best, key in read.skipped))
    return records


def _record(same: dict[tuple, ModuleRecord], fields: tuple[frozenset[str], frozenset[str], float | None, bool, bool]
            ) -> ModuleRecord:
    """The record of (lessons opened, completed, best fraction, any attempt, skipped), one object per distinct one."""
    record = same.get(fields)
    if record is None:
        opened, completed, fraction, attempted, skipped = fields
        record = same[fields] = ModuleRecord(
            lessons_opened=opened, lessons_completed=completed, best_fraction=fraction, best_score=None,
            attempts=1 if attempted else 0, skipped=skipped,
        )
    return record


def _module_report(module: Module, records: Counter[ModuleRecord],
                   state: Callable[[Module, ModuleRecord | None], ModuleState], read: _Read) -> ModuleReport:
    started = done = passed = skipped = 0
    bests: list[float] = []
    for record, learners in records.items():
        judged = state(module, record)
        started += learners * bool(record.lessons_opened or record.attempts)
        done += learners * (judged.lessons_done == judged.lessons_total)
        passed += learners * (judged.status is Status.PASSED)
        skipped += learners * (judged.status is Status.SKIPPED)
        if module.quiz is not None and record.best_fraction is not None:
            bests += [record.best_fraction] * learners
    top = sorted(read.wrong.get(module.id, ()), key=lambda q: (-q.wrong, -q.share, q.id))[:TOP_WRONG]
    return ModuleReport(module.id, module.title, started, done, passed, skipped, len(bests),
                        statistics.median(bests) if bests else None, tuple(top),
                        read.confidence.get(module.id, Confidence()))


def _suppressed(m: ModuleReport, read: _Read, min_group: int, group: int) -> ModuleReport:
    """`m` with every figure that describes fewer than min_group learners taken out (None).

    `group` is the learners with any record in the module: when they are too few, even a count of 0
    says something about them ("passed: 0" of one learner), so every count goes.
    """

    def count(n: int | None) -> int | None:
        return None if _small(n, min_group) or (n == 0 and _small(group, min_group)) else n

    wrong: tuple[WrongQuestion, ...] | None
    if _small(group, min_group):  # even "none yet" tells whether these few finished a quiz
        wrong = None
    elif not read.wrong.get(m.id):
        wrong = ()
    elif _small(read.answering.get(m.id, 0), min_group):
        wrong = None
    else:  # fewer answers than min_group means fewer learners too (one answer each per attempt)
        shown = [q for q in read.wrong.get(m.id, ()) if not _small(q.answered, min_group)]
        wrong = tuple(sorted(shown, key=lambda q: (-q.wrong, -q.share, q.id))[:TOP_WRONG])
    c = m.confidence

    def mean(value: float | None, n: int | None) -> float | None:
        return value if n is not None and n >= min_group else None

    confidence = Confidence(mean(c.before, c.before_answers), count(c.before_answers), mean(c.after, c.after_answers),
                            count(c.after_answers), mean(c.change, c.pairs), count(c.pairs))
    return replace(m, started=count(m.started), completed=count(m.completed), passed=count(m.passed),
                   skipped=count(m.skipped), scored=count(m.scored),
                   median_best=None if count(m.scored) is None else m.median_best, wrong=wrong,
                   confidence=confidence)


def _confidence(before: tuple[float | None, int] | None, after: tuple[float | None, int] | None,
                change: tuple[float | None, int] | None) -> Confidence:
    """Each (average, answers) shown only when at least MIN_GROUP learners gave one."""

    def shown(found: tuple[float | None, int] | None) -> tuple[float | None, int]:
        mean, count = found or (None, 0)
        return (mean if count >= MIN_GROUP else None), count

    return Confidence(*shown(before), *shown(after), *shown(change))


# -- writing ----------------------------------------------------------------------------------------


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _confidence_words(c: Confidence, few: str) -> str:
    before = _shown(_score(c.before), c.before_answers is None, few)
    after = _shown(_score(c.after), c.after_answers is None, few)
    if before == after == "-":
        return "-"
    # round() first, and -0.0 to 0.0: a change of -0.02 reads "+0.0", not "-0.0"
    change = f" ({round(c.change, 1) or 0.0:+.1f}, {c.pairs} both)" if c.change is not None else ""
    return f"{before} > {after}{change}"


def render_text(report: Report) -> str:
    from .outcomes import outcome_lines

    scope = f"activity since {report.since:%Y-%m-%d}" if report.since else "all activity"
    out = [f"mhcourse facilitator report, {report.generated[:16].replace('T', ' ')} UTC ({scope})",
           f"Learners: {report.learners}", ""]
    if report.too_few:
        out[-1:] = [f"{fewer_than(report.min_group).capitalize()}: no figures shown, to keep each learner's results "
                    "private.", ""]
    few = f"<{report.min_group}"  # the table's narrow columns; explained in words below it
    rows: list[tuple[str, ...]] = [
        ("MODULE", "STARTED", "COMPLETED", "PASSED", "SKIPPED", "MEDIAN BEST", "CONFIDENCE BEFORE > AFTER")]
    for m in report.modules:
        counts = (str(_shown(n, n is None, few)) for n in (m.started, m.completed, m.passed, m.skipped))
        rows.append((m.id, *counts, str(_shown(_percent(m.median_best), m.scored is None, few)),
                     _confidence_words(m.confidence, few)))
    out += table_lines(rows, right=(1, 2, 3, 4, 5))
    out += ["", "Confidence: average on a scale of 1 to 5, before the first lesson and after the quiz;",
            "the change is over learners who answered both.",
            f'"{few}" means {fewer_than(report.min_group)}: a figure about so few is not shown, to keep each '
            "learner's results private.",
            "", "Questions most often answered wrongly (share of answers in finished attempts):"]
    any_wrong = False
    for m in () if report.too_few else report.modules:
        if m.wrong is None:
            any_wrong = True
            out.append(f"  {m.id}: {fewer_than(report.min_group)}, not shown")
        elif m.wrong:
            any_wrong = True
            listed = ", ".join(f"{q.id} {_percent(q.share)} ({q.wrong} of {q.answered})" for q in m.wrong)
            out.append(f"  {m.id}: {listed}")
    if report.too_few:
        out.append(f"  {fewer_than(report.min_group)}, not shown")
    elif not any_wrong:
        out.append("  none yet")
    out += outcome_lines(report)
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
            for status in (Status.PASSED, Status.COMPLETED, Status.IN_PROGRESS, Status.SKIPPED):
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
    """One row per module (shares and scores as fractions 0-1; confidence on 1-5), then the outcome columns."""
    from .outcomes import OUTCOME_COLUMNS, outcome_cells

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + OUTCOME_COLUMNS)
    few = fewer_than(report.min_group)
    for m in report.modules:
        top = list(m.wrong or ()) + [None] * (TOP_WRONG - len(m.wrong or ()))
        wrong = [x for q in top for x in ((q.id, q.share) if q else (None, None))]
        if m.wrong is None:
            wrong[0] = few
        c = m.confidence
        counts = (_shown(n, n is None, few) for n in (m.started, m.completed, m.passed, m.skipped, m.scored))
        writer.writerow([_cell(v) for v in (
            m.id, m.title, report.learners, *counts, _shown(m.median_best, m.scored is None, few), *wrong,
            *(_shown(x, n is None, few) for x, n in ((c.before, c.before_answers), (c.before_answers, c.before_answers),
                                                    (c.after, c.after_answers), (c.after_answers, c.after_answers),
                                                    (c.change, c.pairs), (c.pairs, c.pairs))),
            *outcome_cells(report, m.id),
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
