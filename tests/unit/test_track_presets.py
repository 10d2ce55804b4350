"""Track presets (issue 17): a site picks a bundled track by name; its own offered or required list replaces the
preset's; a preset's module that this course lacks is left out with a note, never an error; an unknown name is
a located error (exit 2); config check shows the preset, its modules and the suggested time."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import line_of
from mhcourse.cli import main
from mhcourse.learning.track import certificate_check
from mhcourse.site.presets import presets
from mhcourse.site.schema import TrackSettings
from mhcourse.site.settings import Settings, load_catalog
from mhcourse.site.track import bundled_ids, track_of

ROOT = Path(__file__).resolve().parents[2]
COURSE_IDS = {  # the bundled course, and the modules issue 17 adds
    "mental-health-basics", "myths-facts-stigma", "depression", "anxiety", "trauma-and-ptsd", "bipolar-disorder",
    "psychosis-and-schizophrenia", "eating-disorders", "alcohol-drugs-and-addiction", "suicide-awareness",
    "supporting-someone", "looking-after-yourself", "getting-help", "building-supportive-community",
    "self-harm", "grief-and-loss", "calming-a-tense-situation", "online-posts-and-messages",
    "young-people-and-schools", "mental-health-at-work", "older-adults", "perinatal-mental-health",
}
NAMES = ["everyone", "workplace", "school-staff", "young-people", "community-volunteers", "health-and-care"]


def site(tmp_path: Path, track: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(f"[track]\n{track}\n", encoding="utf-8")
    return path


def catalog_for(path: Path):
    settings = Settings.resolve(data_dir=str(path.parent / "data"), config=str(path))
    return settings.site.track, load_catalog(settings).modules


def test_the_bundled_presets_and_their_modules():
    assert list(presets()) == NAMES
    for preset in presets().values():
        assert set(preset.ids()) <= COURSE_IDS, preset.name
        assert len(preset.ids()) == len(set(preset.ids()))
        assert set(preset.required or ()) <= set(preset.offered or COURSE_IDS), preset.name
        if preset.required:
            assert {"suicide-awareness", "getting-help"} <= set(preset.required)  # a way to help, in every track
    assert presets()["everyone"].offered is None and presets()["everyone"].required is None


def test_each_bundled_module_file_is_named_after_its_id():
    from mhcourse.content.loader import load_module
    from mhcourse.paths import bundled_modules_dir

    files = sorted(bundled_modules_dir().glob("*.toml"))
    assert bundled_ids() == {f.stem for f in files}
    for path in files[:3]:  # the file name is the id (the format says so); a few are enough to show how it is read
        loaded = load_module(path).module
        assert loaded is not None and loaded.id == path.stem


def test_a_preset_sets_the_modules_offered_and_required_in_order(tmp_path):
    track, catalog = catalog_for(site(tmp_path, 'preset = "workplace"'))
    known = {m.id for m in catalog}
    want = presets()["workplace"]
    assert [m.id for m in track.modules(catalog)] == [i for i in want.offered or () if i in known]
    assert [m.id for m in track.required_modules(catalog)] == [i for i in want.required or () if i in known]


def test_a_preset_module_this_course_lacks_is_left_out_and_never_blocks_the_certificate(tmp_path, capsys):
    track = track_of(TrackSettings(preset="school-staff"))
    path = site(tmp_path, 'preset = "school-staff"')
    _track, catalog = catalog_for(path)
    known = {m.id for m in catalog}
    absent = [i for i in presets()["school-staff"].ids() if i not in known]
    check = certificate_check(track, catalog, {})
    assert check.reason == ""  # not "the track requires ..., which the course does not have"
    assert all(i in known for i in track.required_ids(catalog))
    assert main(["config", "check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    if absent:  # until the new modules are merged, the note names them
        assert (f"{path}:2: track.preset: note: the preset 'school-staff' names module(s) this course does not have, "
                f"left out until an update brings them: {', '.join(absent)}") in out


def test_config_check_shows_the_preset_its_modules_and_the_suggested_time(tmp_path, capsys):
    path = site(tmp_path, 'preset = "health-and-care"')
    track, catalog = catalog_for(path)
    assert main(["config", "check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Track:          preset 'health-and-care': Health and care partners" in out
    assert "People who work or volunteer in health and social care." in out
    required = track.required_modules(catalog)
    assert f"required for the certificate: {len(required)} modules" in out
    minutes = sum(m.module.minutes for m in required)
    assert f"suggested time: about {round(minutes / 30) / 2:g} hours ({minutes} minutes) for the required" in out
    assert "mental-health-basics, myths-facts-stigma" in out


def test_everyone_offers_every_module_and_requires_the_bundled_ones(tmp_path, capsys):
    track, catalog = catalog_for(site(tmp_path, 'preset = "everyone"'))
    assert track.modules(catalog) == catalog
    assert {m.id for m in track.required_modules(catalog)} == {m.id for m in catalog} & bundled_ids()


def test_the_sites_own_lists_replace_the_presets(tmp_path):
    track, catalog = catalog_for(site(tmp_path, 'preset = "workplace"\noffered = ["mental-health-basics", '
                                                '"depression", "getting-help"]'))
    assert [m.id for m in track.modules(catalog)] == ["mental-health-basics", "depression", "getting-help"]
    # the preset's required modules, as far as they are offered
    assert [m.id for m in track.required_modules(catalog)] == ["mental-health-basics", "getting-help"]

    track, catalog = catalog_for(site(tmp_path, 'preset = "workplace"\nrequired = ["depression"]'))
    assert [m.id for m in track.required_modules(catalog)] == ["depression"]
    assert [m.id for m in track.modules(catalog)][:2] == ["mental-health-basics", "myths-facts-stigma"]


def test_a_required_id_the_presets_offered_list_lacks_is_a_located_error(tmp_path, capsys):
    path = site(tmp_path, 'preset = "workplace"\nrequired = ["bipolar-disorder"]')
    assert main(["config", "check", "--config", str(path)]) == 2
    assert (f"{path}:3: track.required[0]: 'bipolar-disorder' is required but not offered: add it to track.offered"
            in capsys.readouterr().err)


@pytest.mark.parametrize("command", [["config", "check"], ["list"]])
def test_an_unknown_preset_is_a_located_error_naming_the_valid_ones(tmp_path, capsys, command):
    path = site(tmp_path, '\npreset = "workplaces"')
    text = path.read_text(encoding="utf-8")
    assert main([*command, "--config", str(path)]) == 2
    assert (f"{path}:{line_of(text, 'preset =')}: track.preset: there is no track preset 'workplaces': use one of "
            + ", ".join(NAMES)) in capsys.readouterr().err


def test_config_example_and_the_guide_name_every_preset(capsys):
    assert main(["config", "example"]) == 0
    example = capsys.readouterr().out
    assert '#preset = "workplace"' in example
    guide = (ROOT / "docs" / "facilitators.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"{name} (" in example, name
        assert f"`{name}`" in guide, name
