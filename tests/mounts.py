"""Real storage faults for tests, in a mount namespace of this test process (as `unshare -m` does).

A chmod-based read-only folder means nothing to root, and CI runs as root; a small tmpfs (a full
disk) and a read-only bind mount do. The test process's main thread moves once into a private
mount namespace, so the mounts are seen by this process (and what it starts) and by nothing
else on the machine, and each is unmounted when its test ends. Where mounting is not permitted
(not root), the tests that need it are skipped with the reason (failed under CI=true: tests/needs.py).
"""

from __future__ import annotations

import ctypes
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from needs import missing

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18
MNT_DETACH = 2

_libc = ctypes.CDLL(None, use_errno=True)
_state: dict[str, bool] = {}


def _call(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _own_namespace() -> None:
    """Once per test process: a private copy of the mounts, so ours never reach the machine."""
    if _state.get("ready"):
        return
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        missing("needs root for a mount namespace (unshare -m); CI runs as root")
    try:
        _call(_libc.unshare(CLONE_NEWNS), "unshare")
        _call(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    except OSError as err:
        if err.errno in (errno.EPERM, errno.EINVAL, errno.ENOSYS):
            missing(f"mounting is not permitted here ({err})")
        raise
    _state["ready"] = True


def _unmount(path: Path) -> None:
    _libc.umount2(str(path).encode(), MNT_DETACH)


@contextmanager
def small_disk(path: Path, size: str = "512k") -> Iterator[Path]:
    """A tmpfs of `size` at `path` (made if missing): fill it to make the disk full."""
    _own_namespace()
    path.mkdir(parents=True, exist_ok=True)
    _call(_libc.mount(b"tmpfs", str(path).encode(), b"tmpfs", 0, f"size={size},mode=0755".encode()), "mount tmpfs")
    try:
        yield path
    finally:
        _unmount(path)


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """`path` (a folder or a file) seen read-only, as on a read-only disk: root cannot write there either."""
    _own_namespace()
    target = str(path).encode()
    _call(_libc.mount(target, target, None, MS_BIND, None), "mount --bind")
    try:
        _call(_libc.mount(b"none", target, None, MS_REMOUNT | MS_BIND | MS_RDONLY, None), "mount -o remount,bind,ro")
        yield path
    finally:
        _unmount(path)


@contextmanager
def unwritable(folder: Path) -> Iterator[Path]:
    """`folder` that this account cannot write to: chmod 0500 for a user, a read-only mount for root
    (who may write to any folder whatever its mode)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        with read_only(folder):
            yield folder
        return
    folder.chmod(0o500)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


def fill(disk: Path) -> None:
    """Take every free byte of `disk`, so the next write fails with ENOSPC."""
    with open(disk / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC, err
