"""A module from the catalog cache is made without validating it again (content/revive.py): it must be exactly
the module a fresh load makes, an entry not shaped like a dump is never used, and a start whose catalog comes
from the cache builds none of the format's validators (what makes it quick: models.py defer_build)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from pydantic import BaseModel
from test_catalog_cache import cache_files, fresh, load, written

from mhcourse.content.catalog import build_catalog
from mhcourse.site.settings import Settings, course_sources, load_catalog


def same(cached: object, loaded: object, where: str = "module") -> None:
    """Equal values of the same types, the same fields set, in the same order: more than == says (1 == 1.0)."""
    assert type(cached) is type(loaded), where
    if isinstance(loaded, BaseModel):
        assert isinstance(cached, BaseModel)
        assert cached.model_fields_set == loaded.model_fields_set, where
        assert list(cached.__dict__) == list(loaded.__dict__), where
        assert cached.__pydantic_extra__ == loaded.__pydantic_extra__, where
        for name, value in loaded.__dict__.items():
            same(cached.__dict__[name], value, f"{where}.{name}")
    elif isinstance(loaded, list):
        assert isinstance(cached, list) and len(cached) == len(loaded), where
        for i, (a, b) in enumerate(zip(cached, loaded, strict=True)):
            same(a, b, f"{where}[{i}]")
    else:
        assert cached == loaded, where


def test_every_bundled_module_from_the_cache_is_exactly_the_fresh_one():
    settings = Settings.resolve()
    load_catalog(settings)  # fills the cache
    cached = load_catalog(settings)
    expected = build_catalog(course_sources(settings))
    assert len(cached.entries) == len(expected.entries) >= 20  # originals and translations
    for c, e in zip(cached.entries, expected.entries, strict=True):
        assert c.path == e.path
        same(c.module, e.module, c.path.name)
        assert c.module.model_dump_json(exclude_unset=True) == e.module.model_dump_json(exclude_unset=True)
        assert repr(c.module) == repr(e.module)
        # The translations the catalog linked, by language (they link back to their original: not compared deeply).
        assert c.module._translations.keys() == e.module._translations.keys()
        assert (c.module._original is None) == (e.module._original is None)


@pytest.mark.parametrize("edit", [
    (b'"minutes":10', b'"minutes":"ten"'),  # a string for a number
    (b'"minutes":10', b'"minutes":true'),  # a bool for a number (JSON true is no whole number)
    (b'"format":1', b'"format":2'),  # a literal the format does not have
    (b'"format":1', b'"format":1,"colour":"red"'),  # a key the format does not have
    (b'"title":"Module one",', b''),  # a required key missing
    (b'"type":"single"', b'"type":"essay"'),  # a kind of question that does not exist
    (b'"lessons":[', b'"lessons":[7,'),  # a number where a table belongs
])
def test_a_cache_entry_not_shaped_like_a_module_is_loaded_afresh(tmp_path, edit):
    """A valid sha256 over a body that is not a module's dump (a cache edited by hand): the file is loaded again."""
    folder = tmp_path / "modules"
    written(folder, "one", title="Module one")
    load(folder)
    [file] = cache_files()
    header, meta, body, *rest = file.read_bytes().split(b"\n")
    assert edit[0] in body
    body = body.replace(edit[0], edit[1], 1)
    old_sum = meta.split(b'"sha256": "')[1][:64]
    meta = meta.replace(old_sum, hashlib.sha256(body).hexdigest().encode())
    file.write_bytes(b"\n".join([header, meta, body, *rest]))
    catalog, cache = load(folder)
    assert cache.misses == 1 and catalog.modules == fresh(folder).modules
    _, again = load(folder)
    assert (again.hits, again.misses) == (1, 0), "the entry was written again"


def test_a_whole_number_in_a_float_field_becomes_a_float_as_validation_makes_it(tmp_path):
    folder = tmp_path / "modules"
    written(folder, "one")
    expected = fresh(folder).modules[0]
    load(folder)
    [file] = cache_files()
    header, meta, body, *rest = file.read_bytes().split(b"\n")
    body = body.replace(b'"pass_mark":0.5', b'"pass_mark":1', 1).replace(b'"pass_mark":0.7', b'"pass_mark":1', 1)
    meta = meta.replace(meta.split(b'"sha256": "')[1][:64], hashlib.sha256(body).hexdigest().encode())
    file.write_bytes(b"\n".join([header, meta, body, *rest]))
    catalog, cache = load(folder)
    assert cache.hits == 1
    [module] = catalog.modules
    assert module.quiz is not None and type(module.quiz.pass_mark) is float and module.quiz.pass_mark == 1.0
    assert module.model_copy(update={"quiz": expected.quiz}) == expected


CHECK = """
from mhcourse.content import models
from mhcourse.site.settings import Settings, load_catalog
catalog = load_catalog(Settings.resolve())
assert len(catalog.modules) >= 10
built = [name for name, model in vars(models).items()
         if isinstance(model, type) and issubclass(model, models.BaseModel) and model.__pydantic_complete__]
import sys
print(",".join(built) or "none", "mhcourse.content.loader" in sys.modules)
"""


def built_in_a_start(env: dict[str, str]) -> str:
    """The format's models whose validators a new process built while loading the bundled catalog, and
    whether it imported the module loader (TOML reading and checking)."""
    return subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env,
                          check=True).stdout.strip()


def test_a_start_with_a_warm_cache_builds_no_validator_of_the_format(tmp_path):
    """What makes the cached load quick (not timed here): no validator of the format is built for it."""
    built, read_toml = built_in_a_start({**os.environ, "MHCOURSE_CACHE_DIR": str(tmp_path / "empty")}).split()
    assert "Module" in built.split(",") and read_toml == "True", "a load without the cache checks every file"
    load_catalog(Settings.resolve())  # fills the cache, in this process
    assert cache_files()
    assert built_in_a_start(dict(os.environ)) == "none False", "nor is the TOML reader imported"
