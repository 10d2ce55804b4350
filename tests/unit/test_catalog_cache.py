"""The validated-catalog cache: a change to a module file is always seen, a bad cache is never trusted."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from helpers import module_text, write_module
from mhcourse import paths
from mhcourse.cli import main
from mhcourse.content.cache import CatalogCache
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.site.settings import Settings, course_sources, load_catalog

AN_HOUR_AGO = time.time() - 3600


def backdate(path: Path, seconds_ago: float = 3600) -> None:
    """Files written a moment ago are not cached (a second edit could keep the same mtime): age them."""
    when = time.time() - seconds_ago
    os.utime(path, (when, when))


def written(folder: Path, module_id: str, **kw) -> Path:
    path = write_module(folder, module_id, **kw)
    backdate(path)
    return path


def load(folder: Path) -> tuple:
    """One start: the catalog through a fresh cache object, as site.settings.load_catalog does."""
    cache = CatalogCache(paths.cache_dir() / "catalog")
    catalog = build_catalog([Source("s", folder)], loader=cache.load)
    cache.save()
    return catalog, cache


def fresh(folder: Path):
    return build_catalog([Source("s", folder)])


def cache_files() -> list[Path]:
    return sorted((paths.cache_dir() / "catalog").glob("*.jsonl"))


def test_a_cached_load_gives_the_same_modules_as_a_fresh_load(tmp_path):
    folder = tmp_path / "modules"
    for name in ("one", "two", "three"):
        written(folder, name, title=f"Module {name}")
    first, cache = load(folder)
    assert cache.misses == 3 and cache.hits == 0
    second, cache = load(folder)
    assert cache.hits == 3 and cache.misses == 0
    expected = fresh(folder)
    assert second.modules == first.modules == expected.modules
    assert [(e.path, e.source) for e in second.entries] == [(e.path, e.source) for e in expected.entries]
    for cached, loaded in zip(second.modules, expected.modules, strict=True):
        assert cached.model_dump() == loaded.model_dump()
        assert cached.model_fields_set == loaded.model_fields_set


def test_the_bundled_course_through_load_catalog_equals_a_fresh_load():
    settings = Settings.resolve()
    first = load_catalog(settings)
    assert cache_files(), "the first start writes the cache"
    second = load_catalog(settings)
    expected = build_catalog(course_sources(settings))
    assert len(expected.modules) >= 10
    assert second.modules == first.modules == expected.modules
    assert second.notices == expected.notices and second.overrides == expected.overrides


def test_an_edited_module_is_seen_at_the_next_start(tmp_path):
    folder = tmp_path / "modules"
    path = written(folder, "small", title="Before")
    load(folder)
    path.write_text(module_text("small", title="After the edit"), encoding="utf-8")
    catalog, cache = load(folder)
    assert [m.title for m in catalog.modules] == ["After the edit"]
    assert cache.misses == 1


def test_an_edit_that_keeps_the_size_is_seen(tmp_path):
    folder = tmp_path / "modules"
    path = written(folder, "small", title="Title A")
    load(folder)
    path.write_text(module_text("small", title="Title B"), encoding="utf-8")  # same length
    backdate(path, 1800)  # a different mtime, still old enough to be cached again
    catalog, _ = load(folder)
    assert [m.title for m in catalog.modules] == ["Title B"]
    again, cache = load(folder)
    assert [m.title for m in again.modules] == ["Title B"] and cache.hits == 1


def test_added_and_removed_modules_are_seen(tmp_path):
    folder = tmp_path / "modules"
    written(folder, "one")
    gone = written(folder, "two")
    load(folder)
    written(folder, "three")
    gone.unlink()
    catalog, cache = load(folder)
    assert sorted(m.id for m in catalog.modules) == ["one", "three"]
    assert (cache.hits, cache.misses) == (1, 1)
    [file] = cache_files()
    assert b"two.toml" not in file.read_bytes(), "a removed file leaves the cache"


def test_a_file_with_problems_is_never_cached_and_its_notice_shows_at_every_start(tmp_path):
    folder = tmp_path / "modules"
    written(folder, "good")
    bad = written(folder, "bad", text=module_text("bad").replace("minutes = 10", "minutes = 'ten'"))
    for _ in range(2):
        catalog, cache = load(folder)
        assert [m.id for m in catalog.modules] == ["good"]
        [notice] = catalog.notices
        assert notice.file == bad and notice.line and "whole number" in notice.message
    assert cache.hits == 1 and cache.misses == 1
    bad.write_text(module_text("bad"), encoding="utf-8")
    catalog, _ = load(folder)
    assert sorted(m.id for m in catalog.modules) == ["bad", "good"] and not catalog.notices


def test_a_file_changed_a_moment_ago_is_not_cached(tmp_path):
    folder = tmp_path / "modules"
    write_module(folder, "new")  # mtime: now
    load(folder)
    catalog, cache = load(folder)
    assert [m.id for m in catalog.modules] == ["new"] and cache.hits == 0


@pytest.mark.parametrize("damage", [
    "truncated", "garbage", "empty", "not utf-8", "flipped byte in a module", "wrong size type", "header only",
])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(tmp_path, damage):
    folder = tmp_path / "modules"
    written(folder, "one", title="Module one")
    written(folder, "two", title="Module two")
    load(folder)
    [file] = cache_files()
    data = file.read_bytes()
    if damage == "truncated":
        data = data[: len(data) * 2 // 3]
    elif damage == "garbage":
        data = os.urandom(len(data))
    elif damage == "empty":
        data = b""
    elif damage == "not utf-8":
        data = b"\xff\xfe" + data
    elif damage == "flipped byte in a module":
        at = data.index(b"Module one")
        data = data[:at] + b"Modulo one" + data[at + 10:]
    elif damage == "wrong size type":
        data = data.replace(b'"size": ', b'"size": "x', 1)
    elif damage == "header only":
        data = data.split(b"\n")[0]
    file.write_bytes(data)
    catalog, cache = load(folder)
    assert catalog.modules == fresh(folder).modules
    assert [m.title for m in catalog.modules] == ["Module one", "Module two"]
    assert cache.misses >= 1
    _, again = load(folder)
    assert (again.hits, again.misses) == (2, 0), "the cache was rebuilt"


def test_a_foreign_cache_file_is_ignored_and_never_unpickled(tmp_path):
    folder = tmp_path / "modules"
    written(folder, "one")
    load(folder)
    [file] = cache_files()
    marker = tmp_path / "unpickled"

    class Trap:
        def __reduce__(self):
            return (Path.touch, (marker,))

    file.write_bytes(pickle.dumps(Trap()))
    catalog, cache = load(folder)
    assert [m.id for m in catalog.modules] == ["one"] and cache.misses == 1
    assert not marker.exists()
    file.write_text('{"cache": "someone else", "version": 9}\n{"path": 1}\n[]\n', encoding="utf-8")
    catalog, cache = load(folder)
    assert [m.id for m in catalog.modules] == ["one"] and cache.misses == 1


def test_a_cache_of_another_mhcourse_version_is_ignored(tmp_path, monkeypatch):
    folder = tmp_path / "modules"
    written(folder, "one")
    load(folder)
    from mhcourse.content import cache as cache_module

    monkeypatch.setattr(cache_module, "header", lambda: {"cache": cache_module.MAGIC, "mhcourse": "99.0"})
    _, cache = load(folder)
    assert cache.hits == 0 and cache.misses == 1


def test_a_cached_module_that_no_longer_validates_is_loaded_afresh(tmp_path):
    """A valid sha256 over an invalid module (say, a hand-edited cache): the shape check still runs (revive.py)."""
    import hashlib

    folder = tmp_path / "modules"
    written(folder, "one", title="Module one")
    load(folder)
    [file] = cache_files()
    header, meta, body, *rest = file.read_bytes().split(b"\n")
    body = body.replace(b'"minutes":10', b'"minutes":"ten"')
    old_sum = meta.split(b'"sha256": "')[1][:64]
    meta = meta.replace(old_sum, hashlib.sha256(body).hexdigest().encode())
    file.write_bytes(b"\n".join([header, meta, body, *rest]))
    catalog, cache = load(folder)
    assert cache.misses == 1 and catalog.modules == fresh(folder).modules


def test_no_cache_is_written_into_the_module_folders(tmp_path):
    folder = tmp_path / "modules"
    written(folder, "one")
    before = sorted(p.name for p in folder.iterdir())
    load(folder)
    load(folder)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert cache_files() and all(folder not in f.parents for f in cache_files())


@pytest.mark.parametrize("where", ["the module folder", "below the module folder"])
def test_a_cache_folder_inside_a_module_folder_is_never_written(tmp_path, monkeypatch, where):
    folder = tmp_path / "modules"
    written(folder, "one")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    target = folder if where == "the module folder" else folder / "sub"
    monkeypatch.setenv("MHCOURSE_CACHE_DIR", str(target))
    for _ in range(2):
        catalog, _ = load(folder)
        assert [m.id for m in catalog.modules] == ["one"]
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_a_cache_folder_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "modules"
    written(folder, "one")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MHCOURSE_CACHE_DIR", str(blocker / "cache"))
    catalog, cache = load(folder)
    assert [m.id for m in catalog.modules] == ["one"] and cache.misses == 1
    assert not list(tmp_path.rglob("*.jsonl")) and not list(tmp_path.rglob("*.partial"))


def test_load_catalog_uses_the_cache_folder_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("MHCOURSE_CACHE_DIR", str(tmp_path / "guest-cache"))
    load_catalog(Settings.resolve())
    assert list((tmp_path / "guest-cache" / "catalog").glob("*.jsonl"))


def test_validate_never_uses_the_cache(tmp_path, capsys):
    """Even a cache entry that matches size and mtime is not trusted by `mhcourse validate`."""
    folder = tmp_path / "modules"
    path = written(folder, "small")
    load(folder)
    text = path.read_text(encoding="utf-8")
    broken = text.replace("minutes = 10", "minutes = 0x")  # same length, now a problem
    assert len(broken) == len(text)
    stat = path.stat()
    path.write_text(broken, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and mtime as cached
    catalog, cache = load(folder)
    assert cache.hits == 1, "the cache trusts size and mtime, as designed"
    assert main(["validate", str(path)]) == 1
    assert "small.toml" in capsys.readouterr().out
