"""Interaction: a quiz of 100 single-choice questions driven by Pilot, as a learner would with keys,
three times over (the figure is the median of the three rounds' 95th percentiles), against a bare
Textual app timed the same way in the same run (the budget is a ratio of the two).

For each question the right choice is highlighted with the arrow keys (pilot.press), then the
clock starts, an Enter key event is sent through the driver (as a terminal's key would arrive),
and the clock stops at the first frame that shows the feedback: the first screen update after
the `.feedback` box is mounted and laid out, rendered to terminal output (the headless driver
writes nothing, so the frame is built and thrown away). "Next question" is not timed.

pilot.press() itself is not timed: it waits for the process to be idle (at least two 20 ms
sleeps per key), which would measure Pilot rather than the app. Run in process, headless, at
80x24, with the progress store on disk (each answer saved in its own transaction, as for a learner),
and the garbage collector set up as `mhcourse` sets it (tui/runtime.py tune_gc) before the app runs.

The baseline: a bare Textual app, an OptionList of four choices; Enter mounts a three-line Static
below it and moves focus to it, which is the least an answer does. It is timed exactly as the
course's answer: the right choice highlighted with pilot.press, then the clock from the Enter key
sent through the driver to the first frame that shows the Static, rendered to terminal output;
between keys (untimed) the Static is removed and focus goes back to the list. Rounds alternate,
bare app then course, each with a fresh app; the bare app runs with Python's own collector settings
(the course's tune_gc is undone after each course round). The ratio is the median, over the
rounds, of each course round's 95th percentile over that of the bare round just before it.

No stalls (issue 21): the slowest single answer of all the rounds is judged on its own, < 100 ms,
since a full garbage collection landing in one answer (0.7 s) hides above the 95th percentile. The
benchmark answers without pausing, so the collection the app runs while a learner is idle
(tui/runtime.py collect_if_idle) never gets its chance. The collections that run inside the course's
timed windows (gc.callbacks: their number, and their time from start to stop) are shown with it,
per round: the app holds them off from an answer until its feedback is drawn, so they should be none.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path

import tomli_w

from common import Figure, Row, module_document, ms

QUESTIONS = 100
ROUNDS = 3
"""The figure is the median, over the rounds, of each round's 95th percentile."""
BUDGET_RATIO = 1.5
"""The course's p95 at most this many times the bare app's (issue 21; there is no absolute budget)."""
BUDGET_SLOWEST = 0.1
"""The slowest single answer of all the rounds, in seconds (issue 21: no stalls)."""


class Collections:
    """Garbage collections that ran while an answer was being timed: how many, and their time in all."""

    def __init__(self) -> None:
        self.timing = False
        self.count = 0
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.timing:
            self.count += 1
            self.seconds += time.perf_counter() - self._started


async def _quiz_latencies(folder: Path, collections: Collections | None = None) -> list[float]:
    from textual import events
    from textual.widgets import OptionList

    from mhcourse.content.loader import load_module
    from mhcourse.learning.answers import correct_answer
    from mhcourse.progress.desk import Desk
    from mhcourse.progress.store import Store
    from mhcourse.tui.app import CourseApp
    from mhcourse.tui.runtime import tune_gc
    from mhcourse.tui.screens.quiz import QuizScreen
    from mhcourse.tui.widgets.question import QuestionView

    path = folder / "quiz-100.toml"
    path.write_text(tomli_w.dumps(module_document(1, lessons=1, questions=QUESTIONS, kinds=("single",)),
                                  multiline_strings=True), encoding="utf-8")
    loaded = load_module(path)
    assert loaded.ok, loaded.problems
    module = loaded.module
    store = Store.open(folder / "data")
    profile = store.create_profile("Bench")
    app = CourseApp([module], Desk(store), seed=7)
    tune_gc()  # as commands/course.py start_course does, just before the app runs
    latencies: list[float] = []
    watching: list[QuestionView] = []
    shown = asyncio.Event()
    shown_at = [0.0]
    display = app._display
    counted = collections if collections is not None else Collections()

    def display_and_watch(screen, update) -> None:
        display(screen, update)
        if update is None or not watching or shown.is_set():
            return
        boxes = watching[0].query(".feedback")
        if boxes and boxes.first().region:
            update.render_segments(app.console)  # what a terminal would be sent
            shown_at[0] = time.perf_counter()
            counted.timing = False  # the window ends with this frame, as the clock does
            shown.set()

    app._display = display_and_watch
    gc.callbacks.append(counted)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.start_learning(profile)
            await pilot.pause()
            await app.push_screen(QuizScreen(module))
            await pilot.pause()
            for _ in range(QUESTIONS):
                screen = app.screen
                assert isinstance(screen, QuizScreen), screen
                view = screen.query(QuestionView).first()  # query_one would cache (and keep) every view
                options = view.query_one(OptionList)
                options.focus()
                await pilot.pause()
                target = view.shown.index(correct_answer(view.question))
                if options.highlighted is None:
                    await pilot.press("down")
                while options.highlighted != target:
                    await pilot.press("down" if options.highlighted < target else "up")
                await pilot.pause()
                watching[:] = [view]
                shown.clear()
                key = events.Key("enter", "\r")
                key.set_sender(app)
                counted.timing = True
                start = time.perf_counter()
                app._driver.send_message(key)
                await asyncio.wait_for(shown.wait(), timeout=10)
                latencies.append(shown_at[0] - start)
                watching.clear()
                await pilot.pause()
                await pilot.press("enter")  # Next question / See your results
                await pilot.pause()
            assert len(latencies) == QUESTIONS
    finally:
        gc.callbacks.remove(counted)
        store.close()
    return latencies


async def _bare_latencies() -> list[float]:
    """The baseline: key → repaint in a bare Textual app (an OptionList; Enter mounts a Static and focuses it)."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import OptionList, Static

    class Shown(Static, can_focus=True):
        pass

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(*(f"{i + 1}. Choice number {i + 1}" for i in range(4)))

        async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
            shown = Shown(f"You chose {event.option_index + 1}.\nThat is the right answer.\nPress a key to go on.")
            await self.mount(shown)
            shown.focus()

    app = Bare()
    latencies: list[float] = []
    watching = [False]
    shown = asyncio.Event()
    shown_at = [0.0]
    display = app._display

    def display_and_watch(screen, update) -> None:
        display(screen, update)
        if update is None or not watching[0] or shown.is_set():
            return
        boxes = app.screen.query(Shown)
        if boxes and boxes.first().region:
            update.render_segments(app.console)  # what a terminal would be sent
            shown_at[0] = time.perf_counter()
            shown.set()

    app._display = display_and_watch
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i in range(QUESTIONS):
            options = app.query_one(OptionList)
            options.focus()
            await pilot.pause()
            target = i % 4
            if options.highlighted is None:
                await pilot.press("down")
            while options.highlighted != target:
                await pilot.press("down" if options.highlighted < target else "up")
            await pilot.pause()
            watching[0] = True
            shown.clear()
            key = events.Key("enter", "\r")
            key.set_sender(app)
            start = time.perf_counter()
            app._driver.send_message(key)
            await asyncio.wait_for(shown.wait(), timeout=10)
            latencies.append(shown_at[0] - start)
            watching[0] = False
            await pilot.pause()
            await app.query(Shown).remove()  # untimed, as the course's "Next question" is
            await pilot.pause()
    assert len(latencies) == QUESTIONS
    return latencies


def _untune_gc(thresholds: tuple[int, int, int]) -> None:
    """Undo tune_gc, so the next bare round runs with Python's own collector settings."""
    from mhcourse.tui import runtime

    runtime.release_collections()
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    runtime._tuned = False


def run() -> list[Row]:
    thresholds = gc.get_threshold()
    bare_rounds, rounds, collected = [], [], []
    for _ in range(ROUNDS):  # alternating; each round a fresh app (and, for the course, data folder)
        bare_rounds.append(Figure(asyncio.run(_bare_latencies())))
        with tempfile.TemporaryDirectory(prefix="mhcourse-bench-quiz-") as tmp:
            try:
                collected.append(Collections())
                rounds.append(Figure(asyncio.run(_quiz_latencies(Path(tmp), collected[-1]))))
            finally:
                _untune_gc(thresholds)
    p95s = Figure([r.percentile(95) for r in rounds])
    bare_p95s = Figure([r.percentile(95) for r in bare_rounds])
    every = Figure([latency for r in rounds for latency in r.samples])
    bare_every = Figure([latency for r in bare_rounds for latency in r.samples])
    ratio = Figure([c.percentile(95) / b.percentile(95) for c, b in zip(rounds, bare_rounds, strict=True)]).median
    inside = ", ".join(f"{c.count} ({ms(c.seconds)})" for c in collected)
    return [
        Row(f"Interaction: answer key → feedback shown ({QUESTIONS} questions, {ROUNDS} rounds)",
            f"p95 {ms(p95s.median)} (median {ms(every.median)})",
            f"p95 of each round {ms(p95s.low)} – {ms(p95s.high)}; slowest {ms(every.high)}",
            f"p95 {ms(bare_p95s.median)} (bare app)", f"{ratio:.2f}×", f"≤ {BUDGET_RATIO}×",
            ratio <= BUDGET_RATIO),
        Row(f"Interaction: slowest single answer ({QUESTIONS * ROUNDS} answers without a pause)",
            ms(every.high), f"collections inside the answers, each round: {inside}",
            budget=f"< {ms(BUDGET_SLOWEST)}", ok=every.high < BUDGET_SLOWEST),
        Row(f"Interaction baseline: bare Textual app, Enter → Static shown ({QUESTIONS} keys, {ROUNDS} rounds)",
            f"p95 {ms(bare_p95s.median)} (median {ms(bare_every.median)})",
            f"p95 of each round {ms(bare_p95s.low)} – {ms(bare_p95s.high)}; slowest {ms(bare_every.high)}",
            budget="none"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
