"""The catalog: sources in order, overrides, catalog rules, and bad modules left out with a notice."""

from __future__ import annotations

from helpers import line_of, module_text, write_module
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.content.problems import format_key


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


def test_requires_on_a_module_left_out_leaves_that_module_out_too(tmp_path):
    """A requires B, B requires a module that is not there: both go, however long the chain."""
    write_module(tmp_path, "alpha", requires='["beta"]')
    write_module(tmp_path, "beta", requires='["gamma"]')
    write_module(tmp_path, "gamma", requires='["nowhere"]')
    write_module(tmp_path, "fine")
    catalog = build_catalog([Source("s", tmp_path)])
    assert [m.id for m in catalog.modules] == ["fine"]
    notices = {n.file.name: n.message for n in catalog.notices}
    assert sorted(notices) == ["alpha.toml", "beta.toml", "gamma.toml"]
    assert "'nowhere', which is not a module in the catalog" in notices["gamma.toml"]
    assert notices["alpha.toml"] == (
        "requires 'beta', which was left out because of its own problems; fix that module first"
    )


def test_did_you_mean_never_names_the_module_itself(tmp_path):
    write_module(tmp_path, "stress-basics", requires='["stress-basic"]')
    [notice] = build_catalog([Source("s", tmp_path)]).notices
    assert "did you mean" not in notice.message
    write_module(tmp_path, "stress-basic-two")
    [notice] = build_catalog([Source("s", tmp_path)]).notices
    assert notice.message.endswith("did you mean 'stress-basic-two'?")


def test_missing_folder_is_simply_empty(tmp_path):
    """The default folders (site, user) usually do not exist: no notice."""
    catalog = build_catalog([Source("s", tmp_path / "nope")])
    assert catalog.modules == [] and catalog.notices == []


def test_a_named_folder_that_is_missing_or_a_file_gets_a_notice(tmp_path):
    """A folder someone named (--modules, MHCOURSE_MODULES, config): a typo must not make modules vanish silently."""
    write_module(tmp_path / "real", "small")
    a_file = tmp_path / "small.toml"
    a_file.write_text(module_text())
    catalog = build_catalog([Source("--modules", tmp_path / "real", named=True),
                             Source("--modules", tmp_path / "typo", named=True),
                             Source("MHCOURSE_MODULES", a_file, named=True)])
    assert [m.id for m in catalog.modules] == ["small"]
    missing, not_a_folder = catalog.notices
    assert str(missing) == (
        f"{tmp_path / 'typo'}: there is no such folder (from --modules), so no modules came from it; check the path"
    )
    assert str(not_a_folder).startswith(f"{a_file}: this is a file, not a folder of modules (from MHCOURSE_MODULES)")
