"""Keeping a learner's session responsive: garbage collection, and a Textual leak worked around.

Answering a question should show its feedback within 50 ms (docs/performance.md). Two things
got in the way, both found with benchmarks/bench_interaction.py:

- Python's full garbage collections. Textual makes many short-lived objects, so with the default
  thresholds a full collection ran every few questions and walked every object the process
  holds, start-up included (pydantic, Textual, the catalog): 50 to 300 ms on a 2-core machine,
  often right when a key was pressed. tune_gc() freezes what start-up made (it lives as long as
  the process) so collections skip it, lets the youngest generation grow a little so fewer
  short-lived objects are promoted, and makes automatic full collections rare; the app runs
  them instead while the learner is reading (collect_if_idle), where a pause goes unnoticed.
- Textual 8.2's Footer keeps every FooterKey it has ever drawn (Textualize/textual#6666): each
  redraw, after any change of focus, binds the new keys to Footer.compact and the old keys are
  never unbound. A quiz of 100 questions kept 2,400 dead widgets, and every full collection had
  to walk them. CourseFooter calls release_footer_keys() at the end of each redraw, once the old
  keys are removed: released any earlier (say, when focus moves), a redraw still pending would
  leave its old keys bound until the next change of focus, so on a busy machine a quiz could keep
  two screens' worth of dead keys (tests/tui/test_runtime.py).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widgets import Footer

YOUNG_THRESHOLD = 2000
"""Allocations between collections of the youngest generation (Python's default is 700)."""
OLD_THRESHOLD = 100
"""Collections of the middle generation before a full one may run by itself (Python's default is 10)."""
IDLE_SECONDS = 1.0
"""No key or mouse for this long: a good moment for a full collection."""
IDLE_CHECK_SECONDS = 2.0
"""How often the app asks collect_if_idle."""
_tuned = False


def tune_gc() -> None:
    """Call once, when start-up is done and just before the app runs (commands/course.py start_course does).

    Only the learner's process calls it, not tests, which run many apps in one process.
    """
    global _tuned
    gc.freeze()
    fewer_collections()
    _tuned = True


def fewer_collections() -> None:
    """The thresholds of tune_gc, without the freeze: start_course sets them first, so the imports and the
    first screen that follow are not held up by collections of objects that live as long as the process."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), middle, max(old, OLD_THRESHOLD))


def collect_if_idle(idle_for: float) -> bool:
    """After tune_gc: a full collection when the learner has been idle `idle_for` seconds and one is due.

    Due means as often as Python's default thresholds would run one (10 middle-generation
    collections since the last). Returns whether it collected.
    """
    if not _tuned or idle_for < IDLE_SECONDS or gc.get_count()[2] < 10:
        return False
    gc.collect()
    return True


def release_footer_keys(footer: Footer) -> None:
    """Forget the removed FooterKeys that `footer` still holds (Textualize/textual#6666)."""
    for watchers in getattr(footer, "__watchers", {}).values():
        watchers[:] = [(node, callback) for node, callback in watchers if not getattr(node, "_closing", False)]
