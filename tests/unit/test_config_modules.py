"""A module added through the site config, and typos in a config file (tests/fixtures/config/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import line_of, module_text
from mhcourse.cli import main
from mhcourse.errors import ConfigError
from mhcourse.site.loading import load_config

CONFIG = Path(__file__).resolve().parents[1] / "fixtures" / "config"


def site_with_extra_folder(tmp_path: Path, track: str = "") -> Path:
    site = tmp_path / "site.toml"
    shutil.copy(CONFIG / "extra-folder.toml", site)
    if track:
        site.write_text(site.read_text(encoding="utf-8") + track, encoding="utf-8")
    (tmp_path / "extra-modules").mkdir()
    (tmp_path / "extra-modules" / "local-services.toml").write_text(module_text("local-services"), encoding="utf-8")
    return site


def test_a_module_from_a_config_folder_is_offered_but_not_required_and_config_check_says_so(tmp_path, capsys):
    site = site_with_extra_folder(tmp_path)
    assert main(["config", "check", "--config", str(site)]) == 0
    out = capsys.readouterr().out
    text = site.read_text(encoding="utf-8")
    from mhcourse.site.track import bundled_ids

    count = len(bundled_ids())
    assert f"required for the certificate: every offered module of the bundled course ({count} modules)" in out
    assert (f"{site}:{line_of(text, 'folders =')}: modules.folders: note: the module(s) added from other folders "
            "(local-services) are offered but not required for the certificate") in out
    assert "list the modules a certificate needs in [track] required" in out
    assert "warning" not in out


def test_the_certificate_never_requires_a_module_from_a_config_folder_unless_listed(tmp_path):
    from mhcourse.site.settings import Settings, load_catalog

    settings = Settings.resolve(data_dir=str(tmp_path / "data"), config=site_with_extra_folder(tmp_path))
    catalog = load_catalog(settings).modules
    track = settings.site.track
    assert "local-services" in [m.id for m in track.modules(catalog)]
    assert "local-services" not in [m.id for m in track.required_modules(catalog)]
    assert "local-services" not in track.required_ids(catalog)
    assert "mental-health-basics" in track.required_ids(catalog)


def test_no_such_note_when_the_track_lists_what_is_required(tmp_path, capsys):
    site = site_with_extra_folder(tmp_path, '\n[track]\nrequired = ["mental-health-basics", "local-services"]\n')
    assert main(["config", "check", "--config", str(site)]) == 0
    out = capsys.readouterr().out
    assert "added from other folders" not in out
    assert "required for the certificate: 2 modules" in out


def test_config_typos_get_did_you_mean_like_module_files():
    path = CONFIG / "typos.toml"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:{line_of(text, '[organisation]')}: organisation: unknown key 'organisation'; "
        "did you mean 'organization'?",
        f"{path}:{line_of(text, 'folder =')}: modules.folder: unknown key 'folder'; did you mean 'folders'?",
        f"{path}:{line_of(text, 'phon =')}: helplines.line[0].phon: unknown key 'phon'; did you mean 'phone'?",
    ]
