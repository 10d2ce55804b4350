"""Whether the confidence question is asked now: one rule in the core (Learner.asks_confidence), every face asks it."""

from __future__ import annotations

from helpers import pass_module, write_module
from mhcourse.content.loader import load_module
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store


def small(tmp_path):
    return load_module(write_module(tmp_path / "mods", "small")).module


def test_before_the_first_lesson_and_after_a_pass_once_each(tmp_path):
    module = small(tmp_path)
    desk = Desk(Store.in_memory())
    learner = desk.start(desk.store.create_profile("Robin"), [module])
    assert learner.asks_confidence(module, "before")
    assert not learner.asks_confidence(module, "after", passed=False)
    assert learner.asks_confidence(module, "after", passed=True)
    learner.open_lesson(module, module.lessons[0].id)
    assert not learner.asks_confidence(module, "before")  # a lesson is open: too late for "before"
    pass_module(learner, module)
    learner.confidence(module, "after", None)  # skipped is answered: not asked again
    assert not learner.asks_confidence(module, "after", passed=True)


def test_never_when_the_site_turns_it_off_nor_of_a_guest_nor_in_a_preview(tmp_path):
    module = small(tmp_path)
    off = Desk(Store.in_memory(), Access(confidence=False))
    assert not off.start(off.store.create_profile("Robin"), [module]).asks_confidence(module, "before")
    desk = Desk(Store.in_memory())
    assert not desk.guest([module]).asks_confidence(module, "before")
    assert not desk.preview(module).asks_confidence(module, "before")


def test_the_site_setting_reaches_the_learner():
    from mhcourse.site.config import SiteConfig
    from mhcourse.site.schema import CourseSettings

    assert not Access.from_site(SiteConfig(course=CourseSettings(confidence_check=False))).confidence
    assert Access.from_site(SiteConfig()).confidence


def test_the_pre_test_is_never_offered_to_a_guest_nor_in_a_preview(tmp_path):
    module = small(tmp_path)
    desk = Desk(Store.in_memory(), Access(pretest=True))
    assert desk.start(desk.store.create_profile("Robin"), [module]).pretest_offered(module)
    assert not desk.guest([module]).pretest_offered(module)
    assert not desk.preview(module).pretest_offered(module)
