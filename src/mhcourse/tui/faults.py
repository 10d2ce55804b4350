"""Faults in the TUI: a storage error is told in plain words, never as a traceback; a kiosk never exits.

Textual 8.2 ends a message pump's loop (message_pump.py, `_process_messages_loop`) when one of
its handlers raises: the screen stops answering keys, and the app exits with a traceback. So the
app and every screen dispatch their messages through `Guarded`, which hands an error to the app's
`fault` first; `CourseApp._handle_exception` does the same for what runs outside a pump's loop
(timers, workers, callbacks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message import Message
from textual.screen import Screen
from textual.worker import WorkerFailed

from ..errors import StoreError
from ..progress.faults import STORAGE_FAULTS, in_plain_words

if TYPE_CHECKING:
    from .app import CourseApp

STORAGE_EXIT = 3
"""The exit code when the store cannot be used (as the commands use)."""

UNEXPECTED = ("Something went wrong, so the course went back to the start. Everything saved before is kept. "
              "If it happens again, please tell a facilitator.")
UNREADABLE = "The progress file cannot be read any more, so the course must stop. Please tell a facilitator."


class Guarded:
    """Mixed into the app and the screens: an exception in a handler goes to `CourseApp.fault`,
    and only one it cannot handle goes on to Textual (which ends the app with a traceback)."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:
            # A screen whose mounting failed (opening a lesson was not saved) is half made: leave it.
            unfinished = self if isinstance(message, events.Mount) and isinstance(self, Screen) else None
            if not self.app.fault(error, unfinished):  # type: ignore[attr-defined]
                raise


def unwrap(error: BaseException) -> BaseException:
    """A worker's own error rather than Textual's wrapper around it."""
    return error.error if isinstance(error, WorkerFailed) else error


def is_storage(error: BaseException) -> bool:
    return isinstance(error, STORAGE_FAULTS)


def can_still_read(app: CourseApp) -> bool:
    """Whether the store still answers a read: then the learner can carry on."""
    return app.desk.still_reads()


def handle(app: CourseApp, error: BaseException, unfinished: Screen | None = None) -> bool:
    """Tell the learner about `error` and carry on, go back to the profiles (kiosk) or stop with exit 3.

    `unfinished` is a screen whose mounting failed: it is left, back to the screen before it.
    Returns False for an error that is neither a storage fault nor in kiosk mode: Textual reports it.
    """
    error = unwrap(error)
    storage = is_storage(error)
    if not storage and app.kiosk is None:
        return False
    if app.kiosk is not None:
        # A kiosk never drops to the desktop: back to the profile screen, with what was saved kept.
        message = in_plain_words(error) if storage else UNEXPECTED
        app.call_later(app.back_to_profiles, message)
        return True
    if can_still_read(app):
        app.notify(in_plain_words(error), title="Not saved", severity="error", timeout=20)
        if unfinished is not None and len(app.screen_stack) > 2:
            app.call_later(_leave, app, unfinished)
        return True
    said = f"{error}\n" if isinstance(error, StoreError) else ""  # what was not saved, when a save failed
    app.exit(return_code=STORAGE_EXIT, message=Text(f"{said}{UNREADABLE}"))
    return True


async def _leave(app: CourseApp, screen: Screen) -> None:
    if app.screen is screen:
        await app.pop_screen()
