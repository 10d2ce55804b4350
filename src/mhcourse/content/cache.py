"""A cache of the validated catalog, so a start does not parse every module file again.

Parsing TOML is the slow part of loading a module (tomllib is pure Python: a few ms for a
20 KB file, where pydantic needs a fraction of a millisecond to validate the result). So
each module that loaded without problems is kept, validated, in a JSON file in the cache
folder (paths.cache_dir(): MHCOURSE_CACHE_DIR, else the user cache folder), one cache file
per module folder. The cache is never written into a module folder.

An entry is used only when all of these still match, else the file is loaded afresh:
- the file's absolute path, size and st_mtime_ns;
- the mhcourse and pydantic versions, and a fingerprint of the format: the source of the
  models (the schema), the rules and the loader that checked the module.
Even then the cached module is validated again (Module.model_validate and the module rules:
every check load_text makes after the parse), so the cache can never hand out a module that
would fail its checks; an entry that fails is loaded afresh.

A file with problems is never cached: it is loaded, and its notice shown, at every start.
A damaged or foreign cache file is ignored and rewritten. JSON only, never pickle: a cache
file cannot run code. Writes go to a temporary file renamed over the old one; a cache folder
that cannot be written is silently skipped. A file changed less than two seconds before it
was read is not cached, since a second edit within the file system's timestamp granularity
could keep the same size and mtime.

A cached module has no `Loaded.text`: only the lint reads it, and `mhcourse validate` always
loads every file afresh (authors always get a full check).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from .loader import Loaded, load_module
from .models import MAX_FILE_BYTES, Module

CACHE_FORMAT = 1
MAGIC = "mhcourse catalog cache"
RACY_NS = 2_000_000_000
"""Files modified this recently (2 s: FAT's timestamp granularity) are not cached."""


@cache
def fingerprint() -> dict[str, Any]:
    """What every entry of a cache file depends on, besides its own file."""
    import pydantic

    from . import loader, models, rules

    digest = hashlib.sha256()
    for module in (models, rules, loader):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source to read (a frozen build): fall back to the schema itself
            digest.update(json.dumps(Module.model_json_schema(), sort_keys=True).encode())
    return {
        "cache": MAGIC,
        "cache_format": CACHE_FORMAT,
        "mhcourse": __version__,
        "pydantic": pydantic.VERSION,
        "schema": digest.hexdigest(),
    }


class CatalogCache:
    """A loader for build_catalog that keeps validated modules between runs.

        cache = CatalogCache(paths.cache_dir() / "catalog")
        catalog = build_catalog(sources, loader=cache.load)
        cache.save()

    Meant for whole-folder sources: save() keeps, for each module folder it read, only the
    files read in this run (a file removed from the folder leaves the cache with it).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._old: dict[str, dict[str, Any]] = {}
        """Module folder -> {file path: entry} as read from its cache file."""
        self._new: dict[str, dict[str, Any]] = {}
        """Module folder -> {file path: entry} to keep: the entries used or made in this run."""
        self.hits = 0
        self.misses = 0

    # -- loading ---------------------------------------------------------------------------

    def load(self, path: Path) -> Loaded:
        """The same result as load_module(path), from the cache when the file is unchanged."""
        key = os.path.abspath(path)
        try:
            st = os.stat(key)  # before the file is read: an edit during the read makes a miss next time, never a stale hit
        except OSError:
            return load_module(path)
        folder = os.path.dirname(key)
        old = self._entries(folder)
        new = self._new[folder]
        entry = old.get(key)
        if isinstance(entry, dict) and entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns:
            module = _revive(entry.get("module"))
            if module is not None:
                self.hits += 1
                new[key] = entry
                return Loaded(path, module)
        self.misses += 1
        loaded = load_module(path)
        if loaded.ok and st.st_size <= MAX_FILE_BYTES and time.time_ns() - st.st_mtime_ns >= RACY_NS:
            new[key] = {
                "size": st.st_size,
                "mtime_ns": st.st_mtime_ns,
                "module": loaded.module.model_dump(mode="json", exclude_unset=True),  # type: ignore[union-attr]
            }
        return loaded

    def _entries(self, folder: str) -> dict[str, Any]:
        if folder not in self._old:
            self._old[folder] = self._read(folder)
            self._new[folder] = {}
        return self._old[folder]

    def cache_file(self, module_folder: str | os.PathLike[str]) -> Path:
        """The cache file for one module folder."""
        name = hashlib.sha256(os.fsencode(os.path.abspath(module_folder))).hexdigest()[:24]
        return self.folder / f"{name}.json"

    def _read(self, folder: str) -> dict[str, Any]:
        """The entries of a folder's cache file; {} when it is missing, damaged, foreign or stale."""
        try:
            raw = self.cache_file(folder).read_bytes()
            document = json.loads(raw)
        except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return {}
        if not isinstance(document, dict) or document.get("folder") != folder:
            return {}
        if any(document.get(k) != v for k, v in fingerprint().items()):
            return {}
        files = document.get("files")
        return files if isinstance(files, dict) else {}

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the cache files that changed in this run; never raises for a folder that cannot be written."""
        changed = [f for f in self._new if _changed(self._old[f], self._new[f])]
        if not changed:
            return
        try:
            home = os.path.realpath(self.folder)
        except (OSError, ValueError):
            return
        for folder in self._new:  # never write into a module folder (or below one)
            real = os.path.realpath(folder)
            if home == real or home.startswith(real.rstrip(os.sep) + os.sep):
                return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        for folder in changed:
            document = {**fingerprint(), "folder": folder, "files": self._new[folder]}
            self._write(self.cache_file(folder), document)
            self._old[folder] = dict(self._new[folder])

    def _write(self, target: Path, document: dict[str, Any]) -> None:
        temp = None
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".partial", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temp, target)
            temp = None
        except OSError:
            pass
        finally:
            if temp is not None:
                try:
                    os.unlink(temp)
                except OSError:
                    pass


def _changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return old.keys() != new.keys() or any(new[k] is not old[k] for k in new)


def _revive(data: Any) -> Module | None:
    """A cached module checked again exactly as load_text checks a parsed document; None if it fails."""
    if not isinstance(data, dict):
        return None
    from pydantic import ValidationError

    from .rules import module_rules

    try:
        module = Module.model_validate(data)
        if module_rules(data):
            return None
    except (ValidationError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return module
