"""Keeping a learner's session responsive: garbage collection, and a Textual leak worked around.

Answering a question should show its feedback within 50 ms (docs/performance.md). Three things
got in the way, all found with benchmarks/bench_interaction.py:

- Python's full garbage collections. Textual makes many short-lived objects, so with the default
  thresholds a full collection ran every few questions and walked every object the process
  holds, start-up included (pydantic, Textual, the catalog): 50 to 300 ms on a 2-core machine,
  often right when a key was pressed. tune_gc() freezes what start-up made (it lives as long as
  the process) so collections skip it, lets the youngest generation grow a little so fewer
  short-lived objects are promoted, and makes automatic full collections rare; the app runs
  them instead while the learner is reading (collect_if_idle), where a pause goes unnoticed.
- Collections inside an answer. A learner who answers without stopping never gives
  collect_if_idle its idle second, and the collector then ran wherever its counts came due:
  about 4 young and 0.4 middle collections in every answer (3 - 4 ms of an answer's 30 - 40 ms,
  a middle one up to 12 ms), and now and then the full one (0.7 s, the slowest answer of a
  benchmark round). hold_collections() switches automatic collections off from the moment a
  question is answered (QuestionView._give) until the frame that shows the feedback has been
  drawn (release_collections, after that refresh); the collections that came due run straight
  after it, while the learner reads the feedback, so there are as many as before, none inside
  the answer. A hold that nothing releases (a step that failed on its way to the feedback) is let
  go by the app's idle check within IDLE_CHECK_SECONDS plus a second.
  Not done, measured instead: freezing what a step leaves behind once it is drawn, so that later
  collections skip it. What is alive then is mostly the screen the next step replaces (the
  question's widgets, their rendered lines): 8,000 - 15,000 objects a question went to the
  permanent generation as garbage that only an unfreeze and full collection could free, and the
  answers themselves grew 2.5 - 8 times slower, the more so the more was frozen (not profiled; most
  likely the dead widgets, never collected, are still found through Textual's weak references).
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
import time
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
_held_since: float | None = None
"""When hold_collections switched automatic collections off (time.monotonic), or None."""


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
    collections since the last). Returns whether it collected. Also lets go of a hold that has
    lasted more than IDLE_SECONDS (hold_collections): the app calls this every IDLE_CHECK_SECONDS.
    """
    if _held_since is not None and time.monotonic() - _held_since > IDLE_SECONDS:
        release_collections()
    if not _tuned or idle_for < IDLE_SECONDS or gc.get_count()[2] < 10:
        return False
    gc.collect()
    return True


def hold_collections() -> None:
    """After tune_gc: no automatic collections from now until release_collections (an answer being shown)."""
    global _held_since
    if not _tuned or _held_since is not None or not gc.isenabled():
        return  # tests run many apps in one process: the collector is theirs unless tune_gc ran
    _held_since = time.monotonic()
    gc.disable()


def release_collections() -> None:
    """Automatic collections on again after hold_collections; those that came due meanwhile run at once."""
    global _held_since
    if _held_since is None:
        return
    _held_since = None
    gc.enable()


def release_footer_keys(footer: Footer) -> None:
    """Forget the removed FooterKeys that `footer` still holds (Textualize/textual#6666)."""
    for watchers in getattr(footer, "__watchers", {}).values():
        watchers[:] = [(node, callback) for node, callback in watchers if not getattr(node, "_closing", False)]
