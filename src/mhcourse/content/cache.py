"""A cache of the validated catalog, so a start does not parse every module file again.

Parsing TOML is the slow part of loading a module: tomllib is pure Python, about 2 ms for a
20 KB file, where pydantic validates the result in about 0.1 ms. So each module that loaded
without problems is kept, validated, in the cache folder (paths.cache_dir(): MHCOURSE_CACHE_DIR,
else the user cache folder; never a module folder), one cache file per module folder.

An entry is used only when all of these match, else the file is loaded afresh with load_module:
- the module file's absolute path, size and st_mtime_ns;
- the cache file's header: the mhcourse and pydantic versions and a hash of the schema (the
  source of the models, and of the rules and the loader that checked the module);
- a SHA-256 of the entry, so a damaged entry is never used.
The module is then made from its JSON without validating it again (content/revive.py): the entry is
the JSON dump of a Module that passed every check of load_module, its SHA-256 says it is unchanged,
and the header's schema hash says the models are the ones that dumped it, so validating would only
say so a third time, and building the validators for it cost some 50 ms of every start (the models
build them at their first validation: `defer_build`). An entry whose JSON does not fit the models
(a hand-edited file with a matching hash) is not used. Only a module that passed every check of
load_module is stored, so a file with problems is loaded, and its notice shown, at every start.

JSON only, never pickle: a cache file cannot run code. A damaged, foreign or outdated cache
file is ignored and rewritten. Writes go to a temporary file renamed over the old one; a cache
folder that cannot be written is silently skipped, and start-up goes on without the cache.
A file changed less than two seconds before it was read is not cached: a second edit within
the file system's timestamp granularity (2 s on FAT) could keep both its size and its mtime.

A cached module has no `Loaded.text`: only the lint reads it, and `mhcourse validate` never
uses the cache (authors always get a full check of every file).

The file format, one JSON document per line (JSON text never holds a raw newline):

    {"cache": "mhcourse catalog cache", "cache_format": 3, "mhcourse": ..., "pydantic": ...,
     "schema": ..., "folder": "/abs/module/folder"}
    {"path": "/abs/module/folder/a.toml", "size": 20480, "mtime_ns": ..., "sha256": ...}
    {"format": 1, "module": {...}, ...}                  <- Module.model_dump_json(exclude_unset=True)
    ... one pair of lines for each module

Beside them, `outline.json`: the whole catalog in outline (content/summary.py), for a start that is ready for
its first key before pydantic is imported (tui/app.py load_course). Its first line is the header above with
the catalog's `sources` (each source, whether a named folder is there, each module file's path, size and
st_mtime_ns: `fingerprint`) and a SHA-256 of the second line, the outlines of the originals in catalog order
with their translations. It is used only when all of that matches now, so any file added, removed or changed
since, a new version or other rules make a full load, which writes it again; a catalog with notices keeps
none (its problems are shown at every start). The header's schema hash covers the catalog's rules too.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..files import write_whole
from .loaded import Loaded
from .reading import read_limited
from .summary import ModuleSummary, catalog_outline, from_json, to_json

if TYPE_CHECKING:
    from .catalog import Catalog, Source
    from .models import Module

CACHE_FORMAT = 3
"""3: the course's outline kept beside the modules (content/summary.py); 2's files are read afresh."""
MAGIC = "mhcourse catalog cache"
RACY_NS = 2_000_000_000
MAX_CACHE_BYTES = 256 * 1024 * 1024
"""A folder's cache file larger than this is not read (the modules are loaded afresh instead)."""
"""Files modified this recently are not cached (2 s: the coarsest common timestamp granularity)."""


def cached_catalog(sources: Iterable[Source], folder: Path, *, outline: bool = False) -> Catalog:
    """The catalog of `sources`, through a CatalogCache kept in `folder` (site.settings.load_catalog uses this).

    `outline`: keep the course's outline beside it too, for the TUI's next start (only the TUI reads it, so only
    its load pays for writing it: some 70 ms at 1,000 modules, 2 ms for the bundled course)."""
    from .catalog import build_catalog

    sources = list(sources)
    # before any file is read: an edit meanwhile makes a miss next time, never a stale hit
    seen = fingerprint(sources) if outline else None
    cache = CatalogCache(folder)
    with _collector_paused():
        catalog = build_catalog(sources, loader=cache.load)
        cache.save()
    if seen is not None:
        save_outline(folder, seen, catalog)
    return catalog


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while the catalog loads, and its objects filed as old ones after.

    Loading makes a great many objects that stay alive (the modules) and no reference cycles,
    so every collection of the young generations would only walk them again, and each full
    one walks all of them: at 1,000 modules that was a third of a cached load, growing faster
    than the catalog. Afterwards they are moved straight to the oldest generation (freeze then
    unfreeze does that without walking them), where only a full collection looks at them, as
    it would have after a few young ones. Skipped when something is already frozen: unfreeze
    would thaw it too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


@cache
def header() -> dict[str, Any]:
    """What every entry of a cache file depends on besides its own file: versions and the schema (and, for the
    outline, the catalog's rules and the outline's shape)."""
    digest = hashlib.sha256()
    # Their files, not imported: a cache hit needs no loader, and the outline no pydantic.
    for name in ("models", "rules", "loader", "summary", "catalog", "translations", "translation_rules"):
        try:
            digest.update(Path(__file__).with_name(f"{name}.py").read_bytes())
        except OSError:  # no source to read (a frozen build): the schema itself
            from .models import Module

            digest.update(json.dumps(Module.model_json_schema(), sort_keys=True).encode())
    return {
        "cache": MAGIC,
        "cache_format": CACHE_FORMAT,
        "mhcourse": __version__,
        "pydantic": _pydantic_version(),
        "schema": digest.hexdigest(),
    }


def _pydantic_version() -> str | None:
    """pydantic's version, read from its version.py without importing pydantic (some 40 ms that a start whose
    outline is cached does without); the imported module's when that file cannot be read."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    if origin:
        try:
            found = re.search(r"^VERSION = ['\"]([^'\"]+)['\"]$", Path(origin).with_name("version.py").read_text(
                encoding="utf-8"), re.MULTILINE)
        except (OSError, UnicodeDecodeError):
            found = None
        if found:
            return found.group(1)
    import pydantic

    return pydantic.VERSION


class _Entry:
    __slots__ = ("size", "mtime_ns", "sha256", "body")

    def __init__(self, size: int, mtime_ns: int, sha256: str, body: bytes) -> None:
        self.size = size
        self.mtime_ns = mtime_ns
        self.sha256 = sha256
        self.body = body


class CatalogCache:
    """A loader for build_catalog that keeps validated modules between runs (see cached_catalog).

        cache = CatalogCache(paths.cache_dir() / "catalog")
        catalog = build_catalog(sources, loader=cache.load)
        cache.save()

    Meant for whole-folder sources: save() keeps, for each module folder read, only the files
    read in this run, so a file removed from its folder leaves the cache with it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._old: dict[str, dict[str, _Entry]] = {}
        """Module folder -> {file path: entry}, as read from its cache file."""
        self._new: dict[str, dict[str, _Entry]] = {}
        """Module folder -> {file path: entry} to keep: the entries used or made in this run."""
        self.hits = 0
        self.misses = 0

    # -- loading ---------------------------------------------------------------------------

    def load(self, path: Path) -> Loaded:
        """The same result as load_module(path), from the cache when the file is unchanged."""
        key = os.path.abspath(path)
        try:
            # Before the file is read: an edit during the read makes a miss next time, never a stale hit.
            st = os.stat(key)
        except OSError:
            return _load_module(path)
        folder = os.path.dirname(key)
        if folder not in self._old:
            self._old[folder] = self._read(folder)
            self._new[folder] = {}
        entry = self._old[folder].get(key)
        if entry is not None and entry.size == st.st_size and entry.mtime_ns == st.st_mtime_ns:
            module = _revive(entry)
            if module is not None:
                self.hits += 1
                self._new[folder][key] = entry
                return Loaded(path, module)
        self.misses += 1
        loaded = _load_module(path)
        from .models import MAX_FILE_BYTES  # imported with the loader already

        if loaded.ok and st.st_size <= MAX_FILE_BYTES and time.time_ns() - st.st_mtime_ns >= RACY_NS:
            body = loaded.module.model_dump_json(exclude_unset=True).encode()  # type: ignore[union-attr]
            self._new[folder][key] = _Entry(st.st_size, st.st_mtime_ns, hashlib.sha256(body).hexdigest(), body)
        return loaded

    def cache_file(self, module_folder: str | os.PathLike[str]) -> Path:
        """The cache file for one module folder."""
        name = hashlib.sha256(os.fsencode(os.path.abspath(module_folder))).hexdigest()[:24]
        return self.folder / f"{name}.jsonl"

    def _read(self, folder: str) -> dict[str, _Entry]:
        """The entries of a folder's cache file; {} when it is missing, damaged, foreign or outdated."""
        try:
            lines = read_limited(self.cache_file(folder), MAX_CACHE_BYTES).split(b"\n")  # never a FIFO, never huge
            if json.loads(lines[0]) != {**header(), "folder": folder}:
                return {}
            entries = {}
            for meta_line, body in zip(lines[1::2], lines[2::2], strict=False):  # a cut-off last entry is dropped
                meta = json.loads(meta_line)
                entries[meta["path"]] = _Entry(meta["size"], meta["mtime_ns"], meta["sha256"], body)
            return entries
        except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return {}  # ValueError covers bad JSON and bad UTF-8

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the cache files that changed in this run; a folder that cannot be written is skipped."""
        changed = [f for f in self._new if _changed(self._old[f], self._new[f])]
        if not changed:
            return
        try:
            home = os.path.realpath(self.folder)
            for folder in self._new:  # never write into a module folder, nor below one
                real = os.path.realpath(folder)
                if home == real or home.startswith(real.rstrip(os.sep) + os.sep):
                    return
            self.folder.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError):
            return
        for folder in changed:
            lines = [json.dumps({**header(), "folder": folder}, ensure_ascii=False).encode()]
            for path, e in self._new[folder].items():
                meta = {"path": path, "size": e.size, "mtime_ns": e.mtime_ns, "sha256": e.sha256}
                lines += [json.dumps(meta, ensure_ascii=False).encode(), e.body]
            if self._write(self.cache_file(folder), b"\n".join(lines) + b"\n"):
                self._old[folder] = dict(self._new[folder])

    def _write(self, target: Path, data: bytes) -> bool:
        try:
            write_whole(target, data)
            return True
        except OSError:
            return False


def _load_module(path: Path) -> Loaded:
    """load_module, imported on the first miss: a start whose every module is cached never reads TOML."""
    from .loader import load_module

    return load_module(path)


def _changed(old: dict[str, _Entry], new: dict[str, _Entry]) -> bool:
    return old.keys() != new.keys() or any(new[k] is not old[k] for k in new)


def _revive(entry: _Entry) -> Module | None:
    """The cached module, exactly as load_module made it; None when the entry is damaged."""
    if not isinstance(entry.sha256, str) or hashlib.sha256(entry.body).hexdigest() != entry.sha256:
        return None
    from .models import Module
    from .revive import revive

    try:
        return revive(Module, json.loads(entry.body))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):  # not the shape a dump has
        return None


# -- the outline: the course before any module is opened (content/summary.py) -------------------------------

OUTLINE_FILE = "outline.json"


def fingerprint(sources: Iterable[Source]) -> list[Any] | None:
    """What a catalog is made from, short of the files' contents: each source, whether a named folder is there,
    and each module file's path, size and st_mtime_ns. None when a file cannot be looked at, or was changed in
    the last two seconds (its next edit could keep both: see RACY_NS)."""
    seen: list[Any] = []
    now = time.time_ns()
    for source in sources:
        files = []
        for path in source.module_files():
            try:
                st = os.stat(path)
            except OSError:
                return None
            if now - st.st_mtime_ns < RACY_NS:
                return None
            files.append([os.path.abspath(path), st.st_size, st.st_mtime_ns])
        folder = None if source.folder is None else os.path.abspath(source.folder)
        seen.append([source.label, folder, source.named, source.drafts,
                     folder is not None and os.path.isdir(folder), files])
    return seen


def save_outline(folder: Path, seen: list[Any], catalog: Catalog) -> None:
    """Keep the outline of a catalog that left nothing out, for the next start with the same files (cached_outline).
    A catalog with notices keeps none: its files are loaded, and the notices shown, at every start."""
    if catalog.notices:
        _remove(Path(folder) / OUTLINE_FILE)
        return
    if _outline_kept(Path(folder) / OUTLINE_FILE, seen) is not None:
        return  # kept from these very files: a start with a site config loads in full every time, and writes nothing
    body = json.dumps([to_json(s) for s in catalog_outline(e.module for e in catalog.entries)],
                      ensure_ascii=False).encode()
    head = json.dumps({**header(), "sources": seen, "sha256": hashlib.sha256(body).hexdigest()},
                      ensure_ascii=False).encode()
    target = Path(folder) / OUTLINE_FILE
    try:
        if target.is_file() and read_limited(target, MAX_CACHE_BYTES) == head + b"\n" + body + b"\n":
            return  # unchanged: a start reads it, never writes it
        Path(folder).mkdir(parents=True, exist_ok=True)
        write_whole(target, head + b"\n" + body + b"\n")
    except (OSError, ValueError):
        pass  # a cache folder that cannot be written: the next start loads the catalog in full


def cached_outline(sources: Iterable[Source], folder: Path) -> list[ModuleSummary] | None:
    """The catalog's modules in outline, in catalog order with their translations, as the last full load of
    these same files made them (save_outline); None when any file, folder, version or rule differs, or the
    cache file is missing or damaged. Imports neither pydantic nor the format's models."""
    seen = fingerprint(sources)
    body = None if seen is None else _outline_kept(Path(folder) / OUTLINE_FILE, seen)
    if body is None:
        return None
    try:
        return [from_json(data) for data in json.loads(body)]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None


def _outline_kept(path: Path, seen: list[Any]) -> bytes | None:
    """The outline file's body when it was written from the files `seen` describes, under these versions and
    rules, and is whole (its SHA-256); None when missing, damaged or made from anything else."""
    try:
        head, body = read_limited(path, MAX_CACHE_BYTES).split(b"\n")[:2]
        meta = json.loads(head)
        if meta.pop("sha256", None) != hashlib.sha256(body).hexdigest() or meta != {**header(), "sources": seen}:
            return None
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    return body


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)
