"""Without a config file every section of the site configuration is its defaults: made without validation
(site/config.py, so a start builds none of the sections' validators), they must be what validating no keys gives."""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel

from mhcourse.site.config import SiteConfig


def test_each_default_section_is_what_validating_an_empty_table_gives():
    site = SiteConfig()
    sections = [f.name for f in dataclasses.fields(SiteConfig) if isinstance(getattr(site, f.name), BaseModel)]
    assert len(sections) == 9
    for name in sections:
        made = getattr(site, name)
        validated = type(made).model_validate({})
        assert made == validated, name
        assert made.model_fields_set == validated.model_fields_set == set(), name
        assert made.model_dump() == validated.model_dump(), name
        assert getattr(SiteConfig(), name) is not made, "each configuration has sections of its own"


def test_the_defaults_are_the_sections_a_config_file_without_them_gives(tmp_path):
    from mhcourse.site.loading import load_config

    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    loaded, default = load_config(path), SiteConfig()
    for field in ("organization", "course", "helplines_settings", "track_settings", "store", "kiosk", "support",
                  "privacy", "serve"):
        assert getattr(loaded, field) == getattr(default, field), field
    assert default.helplines.country and default.track.modules is not None
