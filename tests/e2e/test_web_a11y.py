"""The web page in Debian's headless Chromium: axe-core on every page type in every look, a keyboard-only
walk through a module, and what a screen reader is given, read from Chromium's accessibility tree.

No test here uses a real screen reader: the accessibility tree is what Chromium hands one (the DevTools
protocol's Accessibility.getFullAXTree). The course runs in this process (tests/browser/served.py) with
tests/browser/five.toml, a small module with a content note, a lesson check, the five question types and
a scenario. axe-core is pinned in tests/browser/package.json and installed on first use (npm ci).
One browser serves every test of this file on a worker (a module-scoped fixture); each test walks as a
learner of its own, so the tests do not depend on each other's order.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from browser import keys, tour
from browser.axe import axe_source, describe, run_axe
from browser.chrome import LIGHT, LOOKS, ax_property, ax_text, ax_tree, ax_value, chromium
from browser.served import ServedCourse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    course = ServedCourse(tmp_path_factory.mktemp("web-a11y") / "data")
    yield course
    course.stop()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    browser = chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


# -- axe-core on every page type, in every look ---------------------------------------------------

WALKS = {
    "system looks": (None, LOOKS),
    # The learner's own high-contrast theme (the settings page). It is one palette whatever the system
    # asks (html.contrast in course.css), so one look covers it. This walk also reads what a screen reader
    # is given (it does not depend on the look), so the page types are walked twice in all, not three times.
    "high-contrast setting, accessibility tree": ("high-contrast", (LIGHT,)),
}
"""Each walk visits every page type once and runs axe in each of its looks there (the look changes in
place, through the DevTools protocol, so a page is not loaded again for each look)."""


def wider_than(driver, width: int) -> str:
    """The elements that reach past `width`: what makes the page scroll sideways."""
    return ", ".join(driver.execute_script(
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > arguments[0])"
        ".slice(0, 5).map(e => e.outerHTML.slice(0, 80))", width))


@pytest.mark.parametrize("walk", list(WALKS))
def test_every_page_type_in_every_look(walk, served, driver, axe, tmp_path):
    """axe finds no WCAG A or AA violation, no page scrolls sideways at 320 px, and (in the second walk)
    Chromium's accessibility tree gives a screen reader the title, headings, landmarks, each question's
    group name, each option's role and label, and the feedback as a status."""
    theme, looks = WALKS[walk]
    reader = Reader() if theme else None
    violations: dict[str, list[dict[str, Any]]] = {}
    incomplete: dict[str, list[dict[str, Any]]] = {}
    seen: list[str] = []
    too_wide: list[str] = []

    def check(page: str) -> None:
        if page in seen:
            return
        seen.append(page)
        for look in looks:
            look.apply(driver)
            found = run_axe(driver, axe)
            if found["violations"]:
                violations[f"[{look}] {page}"] = found["violations"]
            if found["incomplete"]:
                incomplete[f"[{look}] {page}"] = found["incomplete"]
            if look.width:
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                if wide > look.width:  # WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px
                    too_wide.append(f"{page}: {wide} px wide at {look.width} px ({wider_than(driver, look.width)})")
        LIGHT.apply(driver)  # the walk itself in the plain look (320 px wide would wrap its buttons off-screen)
        if reader:
            reader(driver, page)

    started = time.monotonic()
    tour.tour(driver, served.url, check, name=f"Learner {walk.split()[0]}", theme=theme)
    took = time.monotonic() - started

    # axe's "needs review" items: in the test's output (-rP shows it) and in a file; docs/accessibility.md
    # lists each with what it means.
    report = "\n".join(f"{where}:\n{describe(items)}" for where, items in incomplete.items())
    (tmp_path / "axe-incomplete.json").write_text(json.dumps(incomplete, indent=1), encoding="utf-8")
    print(f"axe on {len(seen)} page types in {len(looks)} looks ({walk}) took {took:.1f} s")
    print(f"axe incomplete (needs review) items:\n{report or '(none)'}")

    found = "\n".join(f"{where}:\n{describe(items)}" for where, items in violations.items())
    assert not violations, f"axe found WCAG violations:\n{found}"
    assert not too_wide, "pages scroll sideways:\n" + "\n".join(too_wide)
    if reader:
        reader.verify()
    missing = [name for name in tour.PAGE_TYPES if name not in seen]
    assert not missing, f"the walk never reached these page types: {missing}; it saw {seen}"


def test_axe_reports_a_violation_it_is_shown(served, driver, axe):
    """The check can fail: an image without a text alternative, put in the page, is reported."""
    LIGHT.apply(driver)
    driver.get(f"{served.url}/")
    driver.execute_script("document.querySelector('main').appendChild(document.createElement('img')).src = '/x.png'")
    ids = [rule["id"] for rule in run_axe(driver, axe)["violations"]]
    assert "image-alt" in ids, ids



def test_a_page_in_spanish_says_so_and_axe_finds_nothing(served, driver, axe):
    """The language form at the foot of the page turns it Spanish: <html lang="es">, each language's name marked
    with its own language, and no WCAG violation (axe's valid-lang and html-lang-valid among them)."""
    from selenium.webdriver.support.ui import Select

    LIGHT.apply(driver)
    driver.delete_all_cookies()
    driver.get(f"{served.url}/")
    Select(driver.find_element(By.ID, "language-choice")).select_by_value("es")
    tour.go(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/language'] button[type='submit']"))
    try:
        assert driver.execute_script("return document.documentElement.lang") == "es"
        langs = driver.execute_script(
            "return [...document.querySelectorAll('#language-choice option')].map(o => o.lang)")
        assert langs == ["en", "es", "fr"]
        found = run_axe(driver, axe)["violations"]
        assert not found, describe(found)
    finally:  # the next walk on this browser starts in English
        Select(driver.find_element(By.ID, "language-choice")).select_by_value("en")
        tour.go(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/language'] button[type='submit']"))


# -- the keyboard alone ----------------------------------------------------------------------------


def answer_by_keys(driver, form) -> None:
    """Answer the question in `form` rightly with Tab, arrows, Space; send it with Enter."""
    answer = tour.right_answer(driver, form)
    action = driver.execute_script("return new URL(arguments[0].action).pathname", form)
    if isinstance(answer, dict):
        for n, select in enumerate(form.find_elements(By.CSS_SELECTOR, "select[name^='match-']"), 1):
            keys.choose_option(driver, f"match-{n}", answer[tour.label_of(driver, select)])
    elif form.find_elements(By.CSS_SELECTOR, "select[name='order-1']"):
        for n, item in enumerate(answer, 1):
            keys.choose_option(driver, f"order-{n}", item)
    elif isinstance(answer, list):
        for box in form.find_elements(By.CSS_SELECTOR, "input[type='checkbox'][name='answer']"):
            keys.tab_to(driver, lambda e, box=box: e == box, f"checkbox {box.get_attribute('value')}")
            if box.get_attribute("value") in answer:
                keys.press(driver, Keys.SPACE)
                assert box.is_selected()
    else:
        keys.choose_radio(driver, "answer", answer)
    keys.enter_on(driver, keys.button_of(action), "the answer's send button")
    on_feedback = lambda d: d.switch_to.active_element.get_attribute("id") == "feedback"  # noqa: E731
    WebDriverWait(driver, keys.LOAD, poll_frequency=0.02).until(
        on_feedback, f"focus never moved to the feedback on {driver.current_url}")


def by_keyboard(driver, name: str) -> None:
    """What a learner does on the page, by keyboard."""
    module = tour.MODULE
    if name == "welcome":
        keys.enter_on(driver, keys.button_of("/guest"), "Start as a guest")
    elif name == "home":
        keys.enter_on(driver, keys.link_to(module), "Continue")
    elif name == "content note":
        keys.enter_on(driver, keys.button_of("/note", "go"), "Go on (content note)")
    elif name == "pre-test offer":
        keys.enter_on(driver, keys.button_of("/pretest", "skip"), "Skip the pre-test")
    elif name == "confidence":
        where = tour.path(driver)
        if tour.in_main(driver, "input[type='radio'][name='value']"):
            keys.choose_radio(driver, "value", "3")
            keys.enter_on(driver, keys.button_of(where), "the confidence's send button")
        else:
            keys.enter_on(driver, keys.button_of(where, "3"), "confidence 3")
    elif name.startswith("quiz question") or (name == "lesson" and tour.forms_to(driver, r"/checks/")):
        answer_by_keys(driver, tour.forms_to(driver, r"/checks/|/quiz/answer$")[0])
    elif name.startswith("lesson"):
        keys.enter_on(driver, keys.button_of("/done"), "the lesson's Next button")
    else:  # the module's page, the quiz feedback: on into the module
        keys.enter_on(driver, keys.either(keys.button_of(""), keys.link_to(module + "/")), "the way on")


def test_a_module_by_keyboard_alone(served, driver):
    LIGHT.apply(driver)
    driver.delete_all_cookies()
    driver.get(f"{served.url}/")
    walked = []
    for _ in range(tour.STEPS):
        name = tour.kind(driver)
        walked.append(name)
        assert name != "error", f"the walk met an error page at {driver.current_url} after {walked}"
        keys.help_is_near(driver)
        if name == "results and review":
            break
        by_keyboard(driver, name)
    else:
        raise AssertionError(f"the keyboard walk went round in circles: {walked}")
    for kind in ("content note", "lesson check feedback", "quiz feedback", "results and review"):
        assert kind in walked, walked
    assert sum(name.startswith("quiz question") for name in walked) == 5, walked


# -- what a screen reader is given: Chromium's accessibility tree ----------------------------------

LANDMARKS = {"banner", "navigation", "main", "contentinfo"}
QUESTION_PAGES = ("lesson", "quiz question", "pre-test questions", "review question")
FEEDBACK_PAGES = ("lesson check feedback", "quiz feedback", "practice feedback", "review feedback")


def roles(nodes) -> list[str]:
    return [ax_value(node, "role") for node in nodes]


def named(nodes, role_names, name: str) -> list[dict[str, Any]]:
    return [n for n in nodes if ax_value(n, "role") in role_names and " ".join(ax_value(n, "name").split()) == name]


COURSE_TITLE = " - Mental health awareness course"
PLACE_TITLES = {"lesson": "Lesson 1 of 2: First lesson - Five kinds of question"}
"""The start of the title of a page in the module: it names the place, then the module."""


def page_outline_is_given(driver, nodes, page: str) -> None:
    """The title naming the place, the language, one heading of level 1, and the landmarks: banner,
    navigation, main, contentinfo."""
    root = next(n for n in nodes if ax_value(n, "role") == "RootWebArea")
    title = ax_value(root, "name")
    assert title.endswith(COURSE_TITLE) and len(title) > len(COURSE_TITLE), f"{page}: the page is called {title!r}"
    assert title.startswith(PLACE_TITLES.get(page, "")), f"{page}: the page is called {title!r}"
    assert driver.execute_script("return document.documentElement.lang") == "en", f"{page}: no lang"
    level1 = [n for n in nodes if ax_value(n, "role") == "heading" and ax_property(n, "level") == 1]
    assert len(level1) == 1, f"{page}: {len(level1)} headings of level 1: {[ax_value(n, 'name') for n in level1]}"
    assert set(roles(nodes)) >= LANDMARKS, f"{page}: landmarks {LANDMARKS - set(roles(nodes))} are missing"


def questions_are_given(driver, nodes, page: str) -> int:
    """Each question: a group named by its legend; each option a radio, checkbox or combobox named by its label."""
    asked = 0
    for fieldset in driver.find_elements(By.CSS_SELECTOR, "main form fieldset"):
        legend = " ".join(fieldset.find_element(By.TAG_NAME, "legend").text.split())
        assert named(nodes, ("group", "radiogroup"), legend), f"{page}: no group named {legend!r} in {roles(nodes)}"
        for field in fieldset.find_elements(By.CSS_SELECTOR, "input[type='radio'], input[type='checkbox'], select"):
            role = {"radio": "radio", "checkbox": "checkbox"}.get(field.get_attribute("type"), "combobox")
            label = " ".join(tour.label_of(driver, field).split())
            assert label, f"{page}: a {role} without a label: {field.get_attribute('outerHTML')}"
            assert named(nodes, (role,), label), f"{page}: no {role} named {label!r}"
        asked += 1
    return asked


def feedback_is_given(driver, nodes, page: str) -> None:
    """The feedback: a status region whose text begins with the verdict the page shows."""
    verdict = " ".join(driver.find_element(By.CSS_SELECTOR, "#feedback p").text.split())
    status = [n for n in nodes if ax_value(n, "role") == "status"]
    assert status, f"{page}: no role status in the accessibility tree"
    assert any(verdict in ax_text(nodes, n) for n in status), f"{page}: no status reads {verdict!r}"


class Reader:
    """What a screen reader is given on each page type of a walk, checked as the walk shows it."""

    def __init__(self) -> None:
        self.checked: list[str] = []
        self.questions = 0

    def __call__(self, driver, page: str) -> None:
        self.checked.append(page)
        nodes = ax_tree(driver)
        page_outline_is_given(driver, nodes, page)
        if page.startswith(QUESTION_PAGES):
            self.questions += questions_are_given(driver, nodes, page)
        if page in FEEDBACK_PAGES:
            feedback_is_given(driver, nodes, page)

    def verify(self) -> None:
        assert self.questions >= 6, f"only {self.questions} questions were read (a check and five quiz types)"
        assert set(FEEDBACK_PAGES) <= set(self.checked), self.checked


# -- JavaScript off --------------------------------------------------------------------------------


def test_with_javascript_off_a_question_and_its_feedback_still_work(served, tmp_path):
    """No script runs (the page reports `scripting: none`), yet every form works through a module, and each
    answer's page opens at its feedback (#feedback)."""
    driver = chromium(tmp_path / "profile", javascript=False)
    seen: dict[str, str] = {}
    focus: dict[str, str] = {}

    def note(page: str) -> None:
        seen.setdefault(page, driver.current_url)
        assert driver.execute_script("return matchMedia('(scripting: none)').matches"), "JavaScript is on"
        if page in ("lesson check feedback", "quiz feedback"):
            focus[page] = driver.switch_to.active_element.get_attribute("id")

    try:
        tour.guest(driver, served.url)
        tour.through_module(driver, served.url, note)
    finally:
        driver.quit()
    assert list(seen)[-1] == "results and review", seen
    assert seen["lesson check feedback"].endswith("#feedback"), seen  # without a script, the URL leads to it
    assert seen["quiz feedback"].endswith("#feedback"), seen
    # No script moved it, yet the focus is on the feedback: Chromium focuses a focusable #fragment's target
    # (tabindex="-1"), so a screen reader reads the feedback first here too.
    assert set(focus.values()) == {"feedback"}, focus
