"""The catalog: sources in order, overrides, catalog rules, and bad modules left out with a notice."""

from __future__ import annotations

from mhcourse.content.catalog import Source, build_catalog
from mhcourse.content.problems import format_key

from helpers import line_of, module_text, write_module


def test_later_source_overrides_earlier(tmp_path):
    write_module(tmp_path / "a", "small", title="From A")
    write_module(tmp_path / "b", "small", title="From B")
    catalog = build_catalog([Source("first", tmp_path / "a"), Source("second", tmp_path / "b")])
    assert [m.title for m in catalog.modules] == ["From B"]
    [note] = catalog.overrides
    assert "small" in note and "second" in note and "first" in note


def test_same_id_twice_in_one_source_is_an_error(tmp_path):
    write_module(tmp_path, "one", text=module_text("same"))
    write_module(tmp_path, "two", text=module_text("same"))
    catalog = build_catalog([Source("s", tmp_path)])
    assert len(catalog.modules) == 1
    [notice] = catalog.notices
    assert notice.file.name == "two.toml" and "same source" in notice.message


def test_requires_unknown_module(tmp_path):
    path = write_module(tmp_path, "needs", requires='["missing-one"]')
    write_module(tmp_path, "fine")
    catalog = build_catalog([Source("s", tmp_path)])
    assert [m.id for m in catalog.modules] == ["fine"]
    [notice] = catalog.notices
    assert notice.file == path and format_key(notice.key) == "module.requires"
    assert notice.line == line_of(path.read_text(), "requires =")


def test_requires_cycle_leaves_out_the_cycle_only(tmp_path):
    write_module(tmp_path, "alpha", requires='["beta"]')
    write_module(tmp_path, "beta", requires='["alpha"]')
    write_module(tmp_path, "gamma", requires='["alpha"]')
    catalog = build_catalog([Source("s", tmp_path)])
    left_out = sorted(n.file.name for n in catalog.notices)
    assert left_out == ["alpha.toml", "beta.toml"]
    assert all("cycle" in n.message for n in catalog.notices)
    assert [m.id for m in catalog.modules] == ["gamma"]


def test_missing_folder_is_simply_empty(tmp_path):
    assert build_catalog([Source("s", tmp_path / "nope")]).modules == []
