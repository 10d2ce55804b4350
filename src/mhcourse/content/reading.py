"""Read a file someone names, with a bound: module files, export files, config files, standard input.

A named pipe would make reading wait for ever, /dev/zero would fill the memory and a huge (or sparse)
file would be read whole before its size was checked. So the file is opened without waiting, looked at
with fstat (a regular file, and its size), and at most `limit` + 1 bytes are ever read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_NO_WAIT = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO to read waits for a writer without it (not on Windows)
_CHUNK = 1024 * 1024


class NotARegularFile(OSError):
    """The path is a folder, a named pipe or a device: `kind` says which, in plain words."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"it is {kind}, not a regular file")
        self.path, self.kind = path, kind


class TooBig(OSError):
    """The file holds more than the limit; `size` is its size in bytes (at least limit + 1)."""

    def __init__(self, path: Path, size: int) -> None:
        super().__init__(f"the file is {size:,} bytes")
        self.path, self.size = path, size


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; raises NotARegularFile, TooBig, or OSError when it cannot be read."""
    path = Path(path)
    fd = os.open(path, os.O_RDONLY | _NO_WAIT)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(path, kind_of(info.st_mode))
        if info.st_size > limit:
            raise TooBig(path, info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = read_stream_limited(stream, limit, path)
    finally:
        os.close(fd)
    return data


def read_stream_limited(stream: BinaryIO, limit: int, path: Path) -> bytes:
    """At most `limit` bytes from `stream` (standard input); raises TooBig when more come."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = stream.read(min(_CHUNK, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > limit:
        raise TooBig(Path(path), size)
    return b"".join(parts)
