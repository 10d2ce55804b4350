"""Who may read the record: the data folder is 0700 and the store's files 0600, this account's alone.

A folder several accounts share (progress/shared.py: setgid, 2770) keeps 2770 and 0660 instead.
SQLite creates its -wal and -shm files with the mode of the database file, so creating
progress.db 0600 ourselves (before SQLite would make it 0644) keeps all three private.
An older store (0755 and 0644, as mhcourse made them before) is tightened when this account owns it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import StoreError
from .faults import refuse_special_file

FOLDER_MODE, FILE_MODE, SHARED_FILE_MODE = 0o700, 0o600, 0o660
COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(folder: Path, created: bool) -> None:
    """Make the data folder 0700: always when it was just made, and an existing store folder of ours.

    A folder with no progress.db in it yet, or the sticky /tmp, is someone's own choice and left alone.
    """
    if os.name != "posix":
        return
    try:
        info = folder.stat()
        ours = created or (_ours(info) and not info.st_mode & stat.S_ISVTX and (folder / "progress.db").exists())
        if ours and stat.S_IMODE(info.st_mode) != FOLDER_MODE:
            folder.chmod(FOLDER_MODE)
    except OSError:
        pass  # not ours to change: the store still works, as before


def private_store_file(path: Path, shared: bool) -> None:
    """Create progress.db with the right mode, or tighten ours; refuse one that is not a usable file."""
    problem = refuse_special_file(path, "The progress file")
    if problem:
        raise StoreError(f"{problem}; nothing was read or changed.")
    mode = SHARED_FILE_MODE if shared else FILE_MODE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        _check_writable(path)
        if not shared:
            for each in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
                _tighten(each)
        return
    except OSError:
        return  # SQLite reports what is wrong, in Store.open's words
    try:
        if os.name == "posix":
            os.fchmod(fd, mode)  # whatever the umask
    finally:
        os.close(fd)


def _check_writable(path: Path) -> None:
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"The progress file {path} can only be read here, not changed, so progress cannot be saved. "
                         "Ask whoever runs this computer to make it writable, or choose another folder with "
                         "--data-dir or MHCOURSE_DATA_DIR; the file was left as it is.")


def _tighten(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        info = path.stat()
        if _ours(info) and stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
            path.chmod(FILE_MODE)
    except OSError:
        pass


def _ours(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid()
