"""Interaction: a quiz of 100 single-choice questions driven by Pilot, as a learner would with keys,
three times over (the figure is the median of the three rounds' 95th percentiles).

For each question the right choice is highlighted with the arrow keys (pilot.press), then the
clock starts, an Enter key event is sent through the driver (as a terminal's key would arrive),
and the clock stops at the first frame that shows the feedback: the first screen update after
the `.feedback` box is mounted and laid out, rendered to terminal output (the headless driver
writes nothing, so the frame is built and thrown away). "Next question" is not timed.

pilot.press() itself is not timed: it waits for the process to be idle (at least two 20 ms
sleeps per key), which would measure Pilot rather than the app. Run in process, headless, at
80x24, with the progress store on disk (each answer saved in its own transaction, as for a learner),
and the garbage collector set up as `mhcourse` sets it (tui/runtime.py tune_gc) before the app runs.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import tomli_w

from common import Figure, Row, module_document, ms

QUESTIONS = 100
ROUNDS = 3
"""The figure is the median, over the rounds, of each round's 95th percentile."""
BUDGET_P95 = 0.050


async def _quiz_latencies(folder: Path) -> list[float]:
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
    tune_gc()  # as cli._start_course does, just before the app runs
    latencies: list[float] = []
    watching: list[QuestionView] = []
    shown = asyncio.Event()
    shown_at = [0.0]
    display = app._display

    def display_and_watch(screen, update) -> None:
        display(screen, update)
        if update is None or not watching or shown.is_set():
            return
        boxes = watching[0].query(".feedback")
        if boxes and boxes.first().region:
            update.render_segments(app.console)  # what a terminal would be sent
            shown_at[0] = time.perf_counter()
            shown.set()

    app._display = display_and_watch
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
        store.close()
    return latencies


def run() -> list[Row]:
    rounds = []
    for _ in range(ROUNDS):  # each round a fresh app and data folder
        with tempfile.TemporaryDirectory(prefix="mhcourse-bench-quiz-") as tmp:
            rounds.append(Figure(asyncio.run(_quiz_latencies(Path(tmp)))))
    p95s = Figure([r.percentile(95) for r in rounds])
    every = Figure([latency for r in rounds for latency in r.samples])
    return [Row(
        f"Interaction: answer key → feedback shown ({QUESTIONS} questions, {ROUNDS} rounds)",
        f"p95 {ms(p95s.median)} (median {ms(every.median)})",
        f"p95 of each round {ms(p95s.low)} – {ms(p95s.high)}; slowest {ms(every.high)}",
        budget="p95 < 50 ms",
        ok=p95s.median < BUDGET_P95,
    )]


if __name__ == "__main__":
    for row in run():
        print(row)
