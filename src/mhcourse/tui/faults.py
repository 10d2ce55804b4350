"""Faults in the TUI: a storage error is told in plain words, never as a traceback; a kiosk never exits.

Textual 8.2 ends a message pump's loop (message_pump.py, `_process_messages_loop`) when one of
its handlers raises: the screen stops answering keys, and the app exits with a traceback. So the
app and every screen dispatch their messages through `Guarded`, which hands an error to the app's
`fault` first; `CourseApp._handle_exception` does the same for what runs outside a pump's loop
(timers, workers, callbacks).

A fault worth retrying (the core says which: the shared database cannot be reached) is not a notice but a
dialog, Retry or Leave (screens/retry.py). The message whose handler failed is the unsaved step: it is kept
here, in memory, and Retry posts it again to the same target, so the same handler runs again in its own
loop; a failure then comes back here and the dialog is shown again with the new reason. Leave drops it and
goes back to the learner's home (or to the profiles).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import WorkerFailed

from ..errors import StoreError
from ..i18n import N_, _
from ..progress.faults import STORAGE_FAULTS, in_plain_words, worth_retrying

if TYPE_CHECKING:
    from .app import CourseApp

STORAGE_EXIT = 3
"""The exit code when the store cannot be used (as the commands use)."""

UNEXPECTED = N_("Something went wrong, so the course went back to the start. Everything saved before is kept. "
                "If it happens again, please tell a facilitator.")
UNREADABLE = N_("The progress file cannot be read any more, so the course must stop. Please tell a facilitator.")


class Guarded:
    """Mixed into the app and the screens: an exception in a handler goes to `CourseApp.fault`,
    and only one it cannot handle goes on to Textual (which ends the app with a traceback)."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:
            # A screen whose mounting failed (opening a lesson was not saved) is half made: leave it.
            unfinished = self if isinstance(message, events.Mount) and isinstance(self, Screen) else None
            step = Unsaved(self, message) if isinstance(self, MessagePump) else None
            if not self.app.fault(error, unfinished, step):  # type: ignore[attr-defined]
                raise


@dataclass(frozen=True)
class Unsaved:
    """The step that was not saved: the message whose handler failed, and where it went."""

    target: MessagePump
    message: Message

    def again(self) -> bool:
        """Post the message again to its target (False when that screen or widget is gone)."""
        message = self.message
        message._stop_propagation = False  # as it was when first posted: the handler decides again
        message._no_default_action = False
        return self.target.is_running and self.target.post_message(message)


def unwrap(error: BaseException) -> BaseException:
    """A worker's own error rather than Textual's wrapper around it."""
    return error.error if isinstance(error, WorkerFailed) else error


def is_storage(error: BaseException) -> bool:
    return isinstance(error, STORAGE_FAULTS)


def can_still_read(app: CourseApp) -> bool:
    """Whether the store still answers a read: then the learner can carry on."""
    return app.desk.still_reads()


def handle(app: CourseApp, error: BaseException, unfinished: Screen | None = None,
           step: Unsaved | None = None) -> bool:
    """Tell the learner about `error` and carry on, offer Retry (a fault worth retrying), go back to the
    profiles (kiosk) or stop with exit 3.

    `unfinished` is a screen whose mounting failed: it is left, back to the screen before it (unless Retry).
    `step` is the message whose handler failed: Retry posts it again.
    Returns False for an error that is neither a storage fault nor in kiosk mode: Textual reports it.
    """
    error = unwrap(error)
    if worth_retrying(error):
        offer_retry(app, in_plain_words(error), step, unfinished)
        return True
    storage = is_storage(error)
    if not storage and app.kiosk is None:
        return False
    if app.kiosk is not None:
        # A kiosk never drops to the desktop: back to the profile screen, with what was saved kept.
        message = in_plain_words(error) if storage else _(UNEXPECTED)
        app.call_later(app.back_to_profiles, message)
        return True
    if can_still_read(app):
        app.notify(in_plain_words(error), title=_("Not saved"), severity="error", timeout=20)
        if unfinished is not None and len(app.screen_stack) > 2:
            app.call_later(_leave, app, unfinished)
        return True
    said = f"{error}\n" if isinstance(error, StoreError) else ""  # what was not saved, when a save failed
    app.exit(return_code=STORAGE_EXIT, message=Text(f"{said}{_(UNREADABLE)}"))
    return True


async def _leave(app: CourseApp, screen: Screen) -> None:
    if app.screen is screen:
        await app.pop_screen()


def offer_retry(app: CourseApp, why: str, step: Unsaved | None, unfinished: Screen | None) -> None:
    """The Retry dialog, once: a step that fails while it is up or on its way (a screen's mounting and a read of
    the screen below it) is kept with the others, and Retry posts them all again, in the order they failed.
    The steps are kept as long as the dialog is there: a kiosk's idle lock that closes it drops them."""
    if app.unsaved is not None:
        if step is not None:
            app.unsaved.append(step)
        return
    kept: list[Unsaved] = [] if step is None else [step]
    app.unsaved = kept

    def gone() -> None:
        if app.unsaved is kept:
            app.unsaved = None

    def answered(retry: bool | None) -> None:
        gone()
        if not retry:
            app.call_later(_leave_unsaved, app, unfinished)
        elif not kept and not can_still_read(app):  # nothing to post again, and the store is still away
            offer_retry(app, why, None, unfinished)
        elif kept and not any([step.again() for step in kept]):  # every screen with a step is gone
            app.call_later(_leave_unsaved, app, unfinished)

    app.call_later(app.push_screen, app.retry_screen(why, gone), answered)


async def _leave_unsaved(app: CourseApp, unfinished: Screen | None) -> None:
    """Leave without the unsaved step: a kiosk's learner back to the profiles, else back to the learner's home."""
    if app.kiosk is not None:
        await app.back_to_profiles(_("Your last step was not saved. Everything saved before is kept."))
        return
    if unfinished is not None and app.screen is unfinished and len(app.screen_stack) > 2:
        await app.pop_screen()
    while len(app.screen_stack) > 2 and not getattr(app.screen, "is_home", False):
        await app.pop_screen()
