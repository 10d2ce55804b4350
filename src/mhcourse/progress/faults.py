"""Storage faults in plain words: a write that failed, and a file that is not what it should be.

Every face shows these messages as they are and keeps going where it can; commands exit 3.
SQLite reports a full disk, a read-only file, a lock held too long and an I/O error as
sqlite3.OperationalError; the store turns each into SaveFailed, so a face has one kind to catch.
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from ..errors import SaveFailed, StoreError
from ..i18n import _

KEPT = "everything saved before is kept"

_REASONS = {
    "SQLITE_FULL": ("the disk is full",
                    "Ask a facilitator to free some space on this computer, then carry on"),
    "SQLITE_READONLY": ("the progress file can only be read here, not changed",
                        "Ask a facilitator to check the data folder's permissions, then carry on"),
    "SQLITE_BUSY": ("another program kept the progress file busy for too long",
                    "Wait a moment and try that step again; if it keeps happening, ask a facilitator"),
    "SQLITE_LOCKED": ("another program kept the progress file busy for too long",
                      "Wait a moment and try that step again; if it keeps happening, ask a facilitator"),
    "SQLITE_IOERR": ("the computer could not write to its disk",
                     "Ask a facilitator to check the disk, then carry on"),
    "SQLITE_CANTOPEN": ("the progress file could not be opened",
                        "Ask a facilitator to check the data folder, then carry on"),
}
_OTHER = ("the progress file could not be changed", "Ask a facilitator to check the data folder")


def save_failed(err: sqlite3.Error) -> SaveFailed:
    """The plain-words SaveFailed for an SQLite error met while saving."""
    name = getattr(err, "sqlite_errorname", None) or ""
    known = _REASONS.get("_".join(name.split("_")[:2]))  # SQLITE_IOERR_WRITE -> SQLITE_IOERR
    if known is None:
        return SaveFailed(f"{_OTHER[0]} ({err})", _OTHER[1], KEPT)
    return SaveFailed(*known, KEPT)


class Conflict(StoreError):
    """Two machines changed the same rows at once (PostgreSQL's SQLSTATE 40001 or 40P01): tried again."""


P = ParamSpec("P")
R = TypeVar("R")
TRIES = 8
"""How often a change that met another machine's change at the same rows is tried (PostgreSQL only)."""


def change(method: Callable[P, R]) -> Callable[P, R]:
    """A store method that makes one change: tried again, after a short random wait, when another machine
    changed the same rows at the same moment (a serialization failure or a deadlock on PostgreSQL), so a
    learner never sees one. A method so marked has no effect outside its one transaction."""

    @functools.wraps(method)
    def tried(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(TRIES):
            try:
                return method(*args, **kwargs)
            except Conflict:
                time.sleep(random.uniform(0, 0.01 * 2 ** attempt))  # noqa: S311 (spreading retries, not secrets)
        raise SaveFailed(_("other computers were saving to the same record at the same moment"),
                         _("Wait a moment and try that step again"), _("everything saved before is kept"),
                         passing=True)

    return tried


ENGINE_ERRORS = (sqlite3.Error,)
"""The database engine's own errors (SQLite's now): what a command catches around a store call to say the
store could not be used, without importing the engine itself."""
STORAGE_FAULTS = (StoreError, *ENGINE_ERRORS)
"""What a face catches around the store: a StoreError (its words are plain), or a raw engine error."""


def in_plain_words(error: BaseException) -> str:
    """What to tell the learner about a storage fault: a StoreError says it itself; a read that failed gets this."""
    if isinstance(error, StoreError):
        return str(error)
    return ("The progress file could not be read just now. Everything saved before is kept; "
            "please try again, or tell a facilitator if it keeps happening.")


def worth_retrying(error: BaseException) -> bool:
    """Whether the step that failed with `error` is worth trying again as it is: the fault passes by itself (the
    shared database is back, another machine is done). Every face asks this, then offers Retry and keeps the
    unsaved step in memory until it is saved or the learner leaves; no face keeps a journal of its own."""
    return isinstance(error, SaveFailed) and error.passing


def retried(step: Callable[[], R], again: Callable[[BaseException], bool]) -> R:
    """`step()`, tried again for as long as it fails with a fault worth retrying and `again(error)` (the learner,
    told why) says so; otherwise its error goes on. The step is kept here, in memory, until then."""
    while True:
        try:
            return step()
        except STORAGE_FAULTS as error:
            if not worth_retrying(error) or not again(error):
                raise


def refuse_special_file(path: Path, what: str) -> str | None:
    """A message when `path` exists but is not a regular file (a FIFO, a device, a folder), else None.

    Opening a FIFO to read it waits for a writer that never comes, so this looks with stat only.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing (or unreadable): whoever opens it reports that
    if stat.S_ISREG(mode):
        return None
    kind = "a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a special file"
    return f"{what} {path} is not a regular file (it is {kind}). Move it away, or choose another place"


def report_folder_problem(folder: Path) -> str | None:
    """Why the data folder `folder` holds no progress to read, or None. The report and every command that only
    reads progress (backup, export, progress, profile ...) ask this first: they make no folder and no file."""
    if not folder.exists():
        return f"The data folder {folder} does not exist, so there is no progress there to read"
    if not folder.is_dir():
        return f"The data folder {folder} is a file, not a folder"
    if not os.access(folder, os.R_OK | os.X_OK):
        return f"The data folder {folder} cannot be read by this account"
    db = folder / "progress.db"
    if not db.exists():
        return f"The data folder {folder} has no progress file (progress.db): nobody has learned with it yet"
    return refuse_special_file(db, "The progress file")
