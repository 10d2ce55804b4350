"""One start-up, run in a fresh process by bench_start.py: start an app headless, exit at its first paint.

    python benchmarks/start_child.py mhcourse   # the course, exactly as `mhcourse` starts it
    python benchmarks/start_child.py baseline   # a minimal Textual app showing one Markdown widget

"First paint" is the first screen once it and its widgets have handled their start-up messages
and it has been laid out and painted, every frame rendered all the way to terminal output (the
headless driver writes nothing, so the escape sequences are built here and thrown away). Both
apps go through the same hooks, so the only difference is the app itself. The course starts
through `mhcourse.cli.main([])`, exactly as the `mhcourse` command does; only the check for a
terminal is skipped, since the run is headless. It loads its catalog a moment after its first
frame (tui/app.py on_ready); "ready" is once that is done, which the child asks for at once. With a warm
cache that is the course in outline; "loaded" is once the full modules are made too, which the course does at
the next idle moment after (the child asks for it at once after "ready").

The child writes its figures to BENCH_RESULT_FILE as JSON: the screen's name, and the seconds
since it was spawned and the peak memory at first paint and when ready.
"""

from __future__ import annotations

import json
import os
import sys
import time

BASELINE_TEXT = """\
# Mental health basics

Mental health is part of health. Most people who live with a mental health condition
recover or manage it well, especially with support.

- Talking helps.
- Listening helps too.
"""


def _exit_at_first_paint(app) -> None:
    """Make `app` run headless and leave once its first screen has settled and been painted."""
    from textual.pilot import Pilot

    display = app._display

    def display_and_encode(screen, update) -> None:
        display(screen, update)
        if update is not None:
            update.render_segments(app.console)  # what a terminal would be sent (headless sends nothing)

    app._display = display_and_encode

    async def auto_pilot(pilot: Pilot) -> None:
        await pilot._wait_for_screen()  # the first screen and its widgets have handled their messages
        screen = app.screen
        await screen.wait_for_refresh()  # ... and it has been laid out and painted
        figures = {"screen": type(screen).__name__, "painted": _now(), "painted_peak": _peak_memory()}
        if hasattr(app, "load_course"):  # the course loads its catalog a moment after the first frame
            app.load_course()
        figures.update(ready=_now(), ready_peak=_peak_memory())
        if hasattr(app, "load_modules"):  # ... and, at the next idle moment, the full modules (with pydantic)
            app.load_modules()
        figures.update(loaded=_now(), loaded_peak=_peak_memory())
        app.exit()
        if os.environ.get("BENCH_RESULT_FILE"):
            with open(os.environ["BENCH_RESULT_FILE"], "w", encoding="utf-8") as out:
                json.dump(figures, out)

    run = app.run

    def run_headless(*args, **kwargs):
        kwargs.update(headless=True, auto_pilot=auto_pilot, size=(80, 24))
        return run(*args, **kwargs)

    app.run = run_headless


def baseline() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Markdown

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Markdown(BASELINE_TEXT)

    app = Minimal()
    _exit_at_first_paint(app)
    app.run()
    return 0


def course() -> int:
    from textual.app import App

    from mhcourse import cli
    from mhcourse.commands import course

    course.has_terminal = lambda: True
    original_init = App.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        _exit_at_first_paint(self)

    App.__init__ = init
    return cli.main([])


def _now() -> float:
    """Seconds since bench_start.py spawned this process (BENCH_SPAWNED_AT, from time.time())."""
    return time.time() - float(os.environ.get("BENCH_SPAWNED_AT", time.time()))


def _peak_memory() -> float:
    """This process's peak resident memory so far, in KiB.

    VmHWM counts only this program: the rusage of a child also counts what it shared with the
    parent between fork and exec, which is the benchmark runner's memory, not the app's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    import resource  # no /proc (macOS): the rusage figure, in bytes there

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform == "darwin" else 1)


if __name__ == "__main__":
    sys.exit(baseline() if sys.argv[1:] == ["baseline"] else course())
