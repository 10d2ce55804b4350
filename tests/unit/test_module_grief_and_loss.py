"""The grief-and-loss module (issue 17): bereavement by suicide and postvention, and its scenario's tones."""

from __future__ import annotations

from mhcourse.content.loader import load_module
from mhcourse.paths import bundled_modules_dir


def module():
    loaded = load_module(bundled_modules_dir() / "grief-and-loss.toml")
    assert loaded.ok, "; ".join(map(str, loaded.problems))
    return loaded.module


def test_place_in_the_course_and_content_note():
    m = module()
    assert m.module.order == 108
    assert m.module.requires == ["mental-health-basics"]
    assert "suicide" in m.module.content_note and "Get help now" in m.module.content_note


def test_bereavement_by_suicide_and_postvention_are_taught():
    last = module().lessons[-1].body
    assert "postvention" in last.lower()
    assert "never the bereaved person's fault" in last
    assert "higher risk of suicide themselves" in last
    assert "Get help now" in last


def test_replies_that_drop_someone_after_a_disclosure_are_unhelpful():
    tones = {o.text: o.tone for s in module().scenarios for step in s.steps for o in step.options}
    assert tones['"OK. Well, let me know if it gets worse."'] == "unhelpful"
    assert tones['"OK, if you\'re sure."'] == "unhelpful"
    assert tones['"You\'ll feel better in time. You don\'t really need help."'] == "unhelpful"
    assert tones["Put the phone down: she'll call if she needs you."] == "unhelpful"
