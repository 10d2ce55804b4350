"""Writing a file whole or not at all, in a leaf module every layer may use.

The new text goes to a private partial file beside the target and is renamed over it only when it is
complete, so a full disk or a crash never leaves half a certificate, export or cache behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


@contextmanager
def replacing(target: Path, mode: int = 0o600) -> Iterator[Path]:
    """A new empty partial file (`mode`, private by default) for the block to fill; renamed over `target`
    when the block ends, removed (with any SQLite companions) when it raises."""
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
        yield partial
        os.replace(partial, target)
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in _SQLITE_COMPANIONS)):
            leftover.unlink(missing_ok=True)


def write_whole(target: Path, data: bytes | str, mode: int = 0o600) -> None:
    """Write `data` (text as UTF-8 with \\n line ends) to `target` all at once; raises OSError."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(target, mode) as partial:
        partial.write_bytes(body)
