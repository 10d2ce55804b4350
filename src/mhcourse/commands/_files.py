"""The files commands write for a person (exports, backups, certificates, report CSVs, module skeletons):
which names are refused before anything is written, and writing one whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import replacing
from ..i18n import _
from ._common import UsageError, fail

if TYPE_CHECKING:
    from ..site.settings import Settings

MAX_OUTPUT_NAME = 200
"""The longest file name (in bytes) a command writes: a temporary copy with a longer name goes beside it first,
and most file systems allow 255 bytes."""


def refuse_all_but_a_file(target: Path) -> None:
    """Only a regular file is ever replaced: --force must not rename a copy over a device (/dev/full, as root),
    a folder or a symbolic link. Raises UsageError (exit 2)."""
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return  # not there (or not reachable): writing it says what is wrong
    if stat.S_ISDIR(mode):
        raise UsageError(_("{target} is a folder; give a file name (nothing was written)").format(target=target))
    if stat.S_ISLNK(mode):
        raise UsageError(_("{target} is a symbolic link; give the file itself, not a link to it "
                           "(nothing was written)").format(target=target))
    if not stat.S_ISREG(mode):
        raise UsageError(_("{target} is not a regular file (it is a device, a pipe or a socket); "
                           "give the name of a file (nothing was written)").format(target=target))


def refuse_output(target: Path, settings: Settings) -> None:
    """Refuse, before anything is written (UsageError, exit 2), a name too long for the file system and the
    store's own files however the path is spelt: no command writes over progress.db or the files beside it."""
    from ..progress.store.core import is_store_file

    if len(os.fsencode(target.name)) > MAX_OUTPUT_NAME:
        raise UsageError(_("the file name {start}... is too long: choose a name of at most {most} letters, "
                           "fewer with accented letters (nothing was written)")
                         .format(start=target.name[:40], most=MAX_OUTPUT_NAME))
    try:
        os.lstat(target)
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:  # the whole path, folders and all, is more than the system allows
            raise UsageError(_("the path {start}... is too long; choose a shorter one (nothing was written)")
                             .format(start=str(target)[:40])) from None
    if is_store_file(target, settings.data_dir):
        raise UsageError(_("{target} is one of this computer's progress files; writing there would destroy "
                           "everyone's progress. Choose another file (nothing was written)").format(target=target))


def refuse_existing(target: Path) -> int:
    """Say that `target` is there already and --force would replace it (exit 1)."""
    return fail(_("{target} already exists; use --force to replace it (nothing was written)").format(target=target))


def write_new(target: Path, write: Callable[[Path], object], force: bool) -> int | None:
    """Write through a private partial file renamed into place; refuses to replace without --force.
    None when written, else the exit code after saying why not."""
    refuse_all_but_a_file(target)
    if target.exists() and not force:
        return refuse_existing(target)
    try:
        with replacing(target) as partial:
            write(partial)
    except OSError as err:
        return not_written(target, err)
    return None


def not_written(target: Path, err: OSError) -> int:
    """Say that `target` could not be written, and why (exit 1)."""
    return fail(_("cannot write {target}: {why} (nothing was written)")
                .format(target=target, why=why_not_written(target, err)))


def why_not_written(target: Path, err: OSError) -> str:
    """What is really wrong when a file cannot be written beside `target` (the copy is made there first)."""
    folder = target.parent
    if err.errno == errno.ENOENT:
        if not folder.is_dir():
            return _("the folder {folder} does not exist").format(folder=folder)
        return _("the folder {folder} does not take new files (it belongs to the system); "
                 "choose a folder of your own").format(folder=folder)
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("this account may not make files in the folder {folder}; choose a folder of your own").format(
            folder=folder)
    return str(err.strerror or err)
