"""The data folder's disk: refuse a network share, and keep a folder several accounts share usable by all.

SQLite's write-ahead log keeps an index in shared memory, which only works when every process
using the database runs on the same computer against a local disk: on NFS, SMB and the like
progress can be damaged or lost. So a data folder on a network filesystem is refused (exit 3).

Detection: on Linux the folder's mount is looked up in /proc/self/mounts; on macOS and the BSDs in
the output of `mount`; on Windows a UNC path (\\\\server\\share) or a mapped network drive is
recognised. Elsewhere, or when the mount table cannot be read, nothing is refused.

A folder is shared when the config says `[data] shared = true`, or when it is group-writable with
the setgid bit (chmod 2770), so new files keep the folder's group. Then files are created with
umask 002 and the progress files already there are made group-writable.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import StoreError
from .store.core import DB_NAME

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "davfs", "webdav", "afpfs", "vboxsf", "vmhgfs", "prl_fs",
    "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.glusterfs",
    "fuse.vmhgfs-fuse", "fuse.cephfs", "fuse.davfs2", "macfuse", "osxfuse",
})
"""Filesystem types whose files live on another computer (or the host of a virtual machine)."""

PROGRESS_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm")

_OCTAL = re.compile(r"\\([0-7]{3})")
_BSD_LINE = re.compile(r"^(?P<device>.+?) on (?P<point>/.*?) \((?P<type>[^,)]+)")


def linux_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) for each line of /proc/mounts, in order."""
    out = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            out.append((_OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[1]), fields[2]))
    return out


def bsd_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) from the output of `mount` on macOS and the BSDs."""
    out = []
    for line in text.splitlines():
        found = _BSD_LINE.match(line)
        if found:
            out.append((found.group("point"), found.group("type").strip()))
    return out


def mount_of(folder: str, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount holding `folder` (an absolute, resolved path): the longest mount point above it,
    the later of two at the same point (a mount on top of another hides it)."""
    best: tuple[str, str] | None = None
    for point, kind in mounts:
        prefix = point.rstrip("/") + "/"
        if (folder == point or folder.startswith(prefix)) and (best is None or len(point) >= len(best[0])):
            best = (point, kind)
    return best


def network_filesystem(folder: Path, mounts_text: str | None = None, platform: str | None = None) -> str | None:
    """The network filesystem type holding `folder`, or None for a local disk (or when it cannot be told).

    `mounts_text` is the mount table as /proc/mounts (Linux) or `mount` (macOS, BSD) prints it;
    left out, it is read from the system.
    """
    platform = platform or sys.platform
    resolved = os.path.realpath(os.path.abspath(os.path.expanduser(folder)))
    if platform == "win32":
        return _windows_network(resolved)
    if mounts_text is None:
        mounts_text = _read_mounts(platform)
        if mounts_text is None:
            return None
    mounts = linux_mounts(mounts_text) if platform.startswith("linux") else bsd_mounts(mounts_text)
    found = mount_of(resolved, mounts)
    if found is None:
        return None
    kind = found[1].lower()
    return kind if kind in NETWORK_FILESYSTEMS else None


def _read_mounts(platform: str) -> str | None:
    try:
        if platform.startswith("linux"):
            for name in ("/proc/self/mounts", "/proc/mounts"):
                try:
                    return Path(name).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
            return None
        if platform == "darwin" or "bsd" in platform:
            result = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False)
            return result.stdout if result.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None
    return None


def _windows_network(resolved: str) -> str | None:
    if resolved.startswith(("\\\\", "//")):
        return "a network share"
    try:
        import ctypes

        drive = os.path.splitdrive(resolved)[0]
        windll = ctypes.windll  # type: ignore[attr-defined]  # Windows only; elsewhere AttributeError, caught
        if drive and windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return "a network drive"
    except (AttributeError, OSError):
        pass
    return None


def refuse_network_folder(folder: Path, mounts_text: str | None = None, platform: str | None = None) -> None:
    """Raise StoreError (exit 3) when the data folder is on a network filesystem."""
    kind = network_filesystem(folder, mounts_text, platform)
    if kind:
        raise StoreError(
            f"The data folder {folder} is on a network drive ({kind}). mhcourse keeps progress in an SQLite "
            "database, which can be damaged on a network drive, so it will not use it. Choose a folder on this "
            "computer's own disk with --data-dir, MHCOURSE_DATA_DIR or `folder` in the [data] table of the config; "
            "to share progress between accounts on one computer, see docs/facilitators.md."
        )


def is_group_shared(folder: Path) -> bool:
    """A folder set up for a group: group-writable with the setgid bit (chmod 2770 or 2775)."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID and mode & stat.S_IWGRP)


@contextmanager
def shared_folder(folder: Path, configured: bool = False) -> Iterator[bool]:
    """Around opening the store: in a shared folder, create files group-writable.

    Yields whether the folder is treated as shared. Outside a shared folder (or on Windows,
    where permissions work differently) nothing changes.
    """
    if os.name != "posix" or not (configured or is_group_shared(folder)):
        yield False
        return
    _prepare(folder)
    old = os.umask(0o002)
    try:
        yield True
    finally:
        os.umask(old)
    # SQLite creates a database as 0644 whatever the umask; its -wal and -shm files then copy the
    # database's mode, so making ours group-writable once is enough for every account after.
    _group_writable(folder, check_others=False)


def _prepare(folder: Path) -> None:
    """Make the folder (setgid, group-writable) if missing; make our progress files group-writable."""
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
            folder.chmod(0o2770)
        except OSError as err:
            raise StoreError(f"The shared data folder {folder} cannot be created: {err.strerror or err}.") from None
    _group_writable(folder)


def _group_writable(folder: Path, check_others: bool = True) -> None:
    """Our progress files get g+rw; another account's that we cannot write to are a plain-words StoreError."""
    me = os.geteuid()
    for name in PROGRESS_FILES:
        path = folder / name
        try:
            info = path.stat()
        except OSError:
            continue
        if info.st_uid == me:
            if info.st_mode & 0o060 != 0o060:
                with suppress(OSError):
                    path.chmod(stat.S_IMODE(info.st_mode) | 0o060)
        elif check_others and not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(
                f"{path} in the shared data folder belongs to another account and this account cannot write to it. "
                f"Whoever set up the computer can fix it with: chmod g+rw {path} (and make sure both accounts are in "
                "the folder's group)."
            )
