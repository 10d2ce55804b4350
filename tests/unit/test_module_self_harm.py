"""The self-harm module (issue 17): what the issue asks it to teach, and the tones of its scenario."""

from __future__ import annotations

from mhcourse.content.loader import load_module
from mhcourse.paths import bundled_modules_dir


def module():
    loaded = load_module(bundled_modules_dir() / "self-harm.toml")
    assert loaded.ok, "; ".join(map(str, loaded.problems))
    return loaded.module


def test_place_in_the_course_and_content_note():
    m = module()
    assert m.module.order == 105
    assert m.module.requires == ["mental-health-basics"]
    assert "self-harm" in m.module.content_note and "Get help now" in m.module.content_note


def test_lessons_cover_what_the_issue_lists():
    text = "\n".join(lesson.body for lesson in module().lessons).lower()
    for topic in ("what self-harm is not", "stay calm", "medical help straight away",
                  "are you having thoughts of suicide?", "do not demand that they stop", "encourage help"):
        assert topic in text, topic
    assert "not always a reason to call an ambulance" in text  # self-harm is not a crisis in every case


def test_dropping_or_demanding_replies_are_unhelpful():
    tones = {o.text: o.tone for s in module().scenarios for step in s.steps for o in step.options}
    assert tones['"OK, as long as you\'re handling it."'] == "unhelpful"
    assert tones['"You have to stop. Promise me you\'ll stop, right now."'] == "unhelpful"
    assert tones["Say nothing and hope it sorts itself out."] == "unhelpful"
    assert tones['"Well, if you\'re not suicidal, I don\'t need to worry."'] == "unhelpful"
