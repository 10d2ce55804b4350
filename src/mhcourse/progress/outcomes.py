"""The report's outcomes: knowledge before and after, and retention (what lasts). Confidence before and after is
the report's own column (progress/report.py); the three figures are read together in docs/facilitators.md.

Knowledge, per module: the average share right in the optional pre-test against the average share right in
the learner's FIRST finished quiz attempt, over the learners who have both (a skipped pre-test is not counted).

Retention: the share of review answers that were right at about 1, 3 and 6 months after the learner passed
the module: an answer counts in a window (RETENTION_WINDOWS) by the whole days between the day of the learner's
last pass of the module's quiz on or before it (at the module's pass mark now) and the day of the answer, in
UTC. Course-wide and per module. Modules without a quiz have no pass to count from, so their review answers
are not counted here.

--since: knowledge counts the learners whose pre-test and first finished attempt are both on or after that
time; retention counts the review answers given on or after it (the pass may be older).

Privacy: the report's rule (figures._small, report.min_group): a figure over fewer learners is None and shown
as "fewer than N learners"; nothing at all when the whole report is about too few learners.
"""

from __future__ import annotations

import bisect
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..content.models import Module
from ..i18n import _
from ..learning.quiz import passed
from ..tables import table_lines
from .figures import _percent, _shown, _small, fewer_than
from .store import Store

if TYPE_CHECKING:
    from .report import Report


@dataclass(frozen=True)
class Window:
    months: int
    first_day: int
    last_day: int
    """Days after the pass, both ends counted."""

    @property
    def key(self) -> str:
        return f"{self.months}m"


RETENTION_WINDOWS = (Window(1, 15, 59), Window(3, 60, 134), Window(6, 135, 269))
"""About 1, 3 and 6 months after the pass; a review answer outside them (sooner, between, later) is not counted."""


@dataclass(frozen=True)
class Knowledge:
    before: float | None = None
    """Average pre-test share right (0-1); None when there are fewer than min_group learners (or none)."""
    after: float | None = None
    """Average share right in the first finished quiz attempt (0-1)."""
    learners: int | None = 0
    """Learners with both; None when some, but fewer than min_group."""


@dataclass(frozen=True)
class Retained:
    share: float | None = None
    """Share of the window's review answers that were right (0-1); None when not shown."""
    answers: int | None = 0
    learners: int | None = 0
    """None (with answers) when some, but fewer than min_group, learners answered."""


@dataclass(frozen=True)
class Outcomes:
    knowledge: dict[str, Knowledge] = field(default_factory=dict)
    """Module id -> knowledge before and after (modules with a quiz)."""
    course: tuple[Retained, ...] = ()
    """Retention over every module, one per RETENTION_WINDOWS."""
    retention: dict[str, tuple[Retained, ...]] = field(default_factory=dict)
    """Module id -> retention per window (modules with a quiz)."""


# -- reading --------------------------------------------------------------------------------------------


def read_outcomes(store: Store, modules: list[Module], since: datetime | None, min_group: int) -> Outcomes:
    """The outcome figures from the store (call inside Store.reading(), with the report's other reads), each
    with the privacy rule applied. A report about too few learners altogether keeps none (Report.outcomes None)."""
    quizzed = {m.id: m for m in modules if m.quiz is not None}
    knowledge = {module_id: Knowledge() for module_id in quizzed}
    for module_id, before, after, learners in store.knowledge_means(since):
        if module_id in quizzed:
            knowledge[module_id] = _knowledge(before, after, learners, min_group)
    passes: dict[tuple[int, str], list[date]] = {}
    for profile_id, module_id, day, right, total in store.finished_by_day():
        module = quizzed.get(module_id)
        if module is not None and module.quiz is not None and passed(right, total, module.quiz.pass_mark):
            passes.setdefault((profile_id, module_id), []).append(date.fromisoformat(day))
    for days in passes.values():
        days.sort()
    tallies = {key: tuple(_Tally() for _ in RETENTION_WINDOWS) for key in (None, *quizzed)}
    for profile_id, module_id, day, answers, right in store.review_days(since):
        window = _window(passes.get((profile_id, module_id)), date.fromisoformat(day))
        if window is None:
            continue
        for key in (None, module_id):
            tallies[key][window].add(profile_id, answers, right)
    retained = {key: tuple(t.retained(min_group) for t in windows) for key, windows in tallies.items()}
    course = retained.pop(None)
    return Outcomes(knowledge, course, {k: v for k, v in retained.items() if k is not None})


def _window(passes: list[date] | None, answered: date) -> int | None:
    """Which retention window an answer on `answered` falls in, counted from the last pass on or before it."""
    if not passes:
        return None
    at = bisect.bisect_right(passes, answered)
    if at == 0:
        return None  # answered before the module was ever passed
    days = (answered - passes[at - 1]).days
    for n, window in enumerate(RETENTION_WINDOWS):
        if window.first_day <= days <= window.last_day:
            return n
    return None


def _knowledge(before: float, after: float, learners: int, min_group: int) -> Knowledge:
    if _small(learners, min_group):
        return Knowledge(None, None, None)
    return Knowledge(before, after, learners)


@dataclass
class _Tally:
    """One window's review answers, before the privacy rule."""

    answers: int = 0
    right: int = 0
    learners: set[int] = field(default_factory=set)

    def add(self, profile_id: int, answers: int, right: int) -> None:
        self.answers += answers
        self.right += right
        self.learners.add(profile_id)

    def retained(self, min_group: int) -> Retained:
        if _small(len(self.learners), min_group):
            return Retained(None, None, None)
        return Retained(self.right / self.answers if self.answers else None, self.answers, len(self.learners))


# -- writing ------------------------------------------------------------------------------------------------


def _learners(n: int) -> str:
    from ..i18n import ngettext

    return ngettext("{count} learner", "{count} learners", n).format(count=n)


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, width=100, break_long_words=False, break_on_hyphens=False)


def window_words() -> str:
    """The windows as the report and the docs say them."""
    return _("about 1 month: days {a}-{b} after the last pass; about 3 months: days {c}-{d}; "
             "about 6 months: days {e}-{f}").format(
        a=RETENTION_WINDOWS[0].first_day, b=RETENTION_WINDOWS[0].last_day, c=RETENTION_WINDOWS[1].first_day,
        d=RETENTION_WINDOWS[1].last_day, e=RETENTION_WINDOWS[2].first_day, f=RETENTION_WINDOWS[2].last_day)


def outcome_lines(report: Report) -> list[str]:
    """The report's outcomes section, as text lines (after the module table)."""
    outcomes = report.outcomes or Outcomes()
    few = f"<{report.min_group}"
    out = ["", _("Outcomes: before and after, and what lasts"), "",
           *_wrapped(_("Knowledge before and after: the average share right in the optional pre-test, then in the "
                       "first finished quiz attempt, over the learners who took both:"))]
    if report.too_few:
        return [*out, "  " + _("{few}, not shown").format(few=fewer_than(report.min_group)), "",
                _("Confidence before and after: the module table's last column."), "",
                *_wrapped(_("Retention: the share of review answers right at about 1, 3 and 6 months after "
                            "passing:")),
                "  " + _("{few}, not shown").format(few=fewer_than(report.min_group))]
    rows: list[tuple[str, ...]] = [(_("MODULE"), _("PRE-TEST"), _("FIRST QUIZ"), _("LEARNERS"))]
    for module_id, k in outcomes.knowledge.items():
        if k.learners == 0:
            continue
        hidden = k.learners is None
        rows.append((module_id, str(_shown(_percent(k.before), hidden, few)),
                     str(_shown(_percent(k.after), hidden, few)), str(_shown(k.learners, hidden, few))))
    out += ["  " + line for line in table_lines(rows, right=(1, 2, 3))] if len(rows) > 1 else ["  " + _("none yet")]
    out += ["", _("Confidence before and after: the module table's last column."), "",
            *_wrapped(_("Retention: the share of review answers right, by the time since the learner last passed "
                        "the module ({windows}); in brackets, the learners whose answers count:")
                      .format(windows=window_words()))]
    rows = [(_("MODULE"), _("ABOUT 1 MONTH"), _("ABOUT 3 MONTHS"), _("ABOUT 6 MONTHS"))]

    def cells(windows: tuple[Retained, ...]) -> tuple[str, ...]:
        return tuple(few if r.learners is None else "-" if not r.learners else f"{_percent(r.share)} ({r.learners})"
                     for r in windows)

    if any(r.learners != 0 for r in outcomes.course):
        rows.append((_("all modules"), *cells(outcomes.course)))
        for module_id, windows in outcomes.retention.items():
            if any(r.learners != 0 for r in windows):
                rows.append((module_id, *cells(windows)))
    out += ["  " + line for line in table_lines(rows, right=(1, 2, 3))] if len(rows) > 1 else ["  " + _("none yet")]
    if report.since is not None:
        out += ["", *_wrapped(_("Since {day}: knowledge counts the learners whose pre-test and first finished quiz "
                                "attempt are both on or after that day; retention counts the review answers given "
                                "on or after it (the pass may be older).").format(day=f"{report.since:%Y-%m-%d}"))]
    return out


OUTCOME_COLUMNS = ["knowledge_pretest", "knowledge_first_quiz", "knowledge_learners",
                   *(f"retention_{w.key}{part}" for w in RETENTION_WINDOWS for part in ("", "_answers", "_learners")),
                   *(f"course_retention_{w.key}{part}" for w in RETENTION_WINDOWS
                     for part in ("", "_answers", "_learners"))]
"""Appended to each module's CSV row: shares 0-1; the course_ columns are the same on every row (as `learners`)."""


def outcome_cells(report: Report, module_id: str) -> list[object]:
    """The module's outcome cells in OUTCOME_COLUMNS order (the marker for a figure about too few learners)."""
    few = fewer_than(report.min_group)
    outcomes = report.outcomes or Outcomes()
    if report.too_few:
        return [few] * len(OUTCOME_COLUMNS)
    k = outcomes.knowledge.get(module_id, Knowledge())
    hidden = k.learners is None
    cells: list[object] = [_shown(k.before, hidden, few), _shown(k.after, hidden, few), _shown(k.learners, hidden, few)]
    blank = tuple(Retained() for _ in RETENTION_WINDOWS)
    for windows in (outcomes.retention.get(module_id, blank), outcomes.course or blank):
        for r in windows:
            hidden = r.learners is None
            cells += [_shown(r.share, hidden, few), _shown(r.answers, hidden, few), _shown(r.learners, hidden, few)]
    return cells
