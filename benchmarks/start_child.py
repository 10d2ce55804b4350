"""One start-up, run in a fresh process by bench_start.py: start an app headless, exit at its first paint.

    python benchmarks/start_child.py mhcourse   # the course, exactly as `mhcourse` starts it
    python benchmarks/start_child.py baseline   # a minimal Textual app showing one Markdown widget

"First paint" is the first frame of the first screen, after that screen and its widgets have
handled their start-up messages, rendered all the way to terminal output (the headless driver
writes nothing, so the frame's escape sequences are built here and thrown away). Both apps
are measured by the same hook, so the only difference is the app itself.
"""

from __future__ import annotations

import sys

BASELINE_TEXT = """\
# Mental health basics

Mental health is part of health. Most people who live with a mental health condition
recover or manage it well, especially with support.

- Talking helps.
- Listening helps too.
"""


def _exit_at_first_paint(app) -> None:
    """Make `app` leave as soon as its first screen has been painted once it is settled."""
    from textual.pilot import Pilot

    async def auto_pilot(pilot: Pilot) -> None:
        await pilot._wait_for_screen()
        screen = app.screen
        update = screen._compositor.render_update(full=True)
        update.render_segments(app.console)  # what a terminal would be sent
        app.exit()

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
    from mhcourse import cli
    from textual.app import App

    cli._has_terminal = lambda: True
    original_init = App.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        _exit_at_first_paint(self)

    App.__init__ = init
    return cli.main([])


if __name__ == "__main__":
    sys.exit(baseline() if sys.argv[1:] == ["baseline"] else course())
