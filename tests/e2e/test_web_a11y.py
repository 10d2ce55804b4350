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

from browser import tour
from browser.axe import axe_source, describe, run_axe
from browser.chrome import LIGHT, LOOKS, Look, chromium
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

THEMED = Look("high-contrast setting", LIGHT.features)
"""The learner's own high-contrast theme (the settings page), in a light system look."""


@pytest.mark.parametrize("look", [*LOOKS, THEMED], ids=str)
def test_axe_finds_no_wcag_violation_on_any_page_type(look, served, driver, axe, tmp_path):
    look.apply(driver)
    violations: dict[str, list[dict[str, Any]]] = {}
    incomplete: dict[str, list[dict[str, Any]]] = {}
    seen: list[str] = []

    def check(name: str) -> None:
        if name in seen:
            return
        seen.append(name)
        found = run_axe(driver, axe)
        if found["violations"]:
            violations[name] = found["violations"]
        if found["incomplete"]:
            incomplete[name] = found["incomplete"]

    started = time.monotonic()
    tour.tour(driver, served.url, check, name=f"Learner {look.name.split()[0]}",
              theme="high-contrast" if look is THEMED else None)
    took = time.monotonic() - started

    # axe's "needs review" items: in the test's output (-rP shows it) and in a file; docs/accessibility.md
    # lists each with what it means.
    report = "\n".join(f"[{look}] {page}:\n{describe(items)}" for page, items in incomplete.items())
    (tmp_path / "axe-incomplete.json").write_text(json.dumps(incomplete, indent=1), encoding="utf-8")
    print(f"axe on {len(seen)} page types in the {look} look took {took:.1f} s")
    print(f"axe incomplete (needs review) items:\n{report or '(none)'}")

    found = "\n".join(f"[{look}] {page}:\n{describe(items)}" for page, items in violations.items())
    assert not violations, f"axe found WCAG violations:\n{found}"
    missing = [name for name in tour.PAGE_TYPES if name not in seen]
    assert not missing, f"the walk never reached these page types: {missing}; it saw {seen}"


def test_axe_reports_a_violation_it_is_shown(served, driver, axe):
    """The check can fail: an image without a text alternative, put in the page, is reported."""
    LIGHT.apply(driver)
    driver.get(f"{served.url}/")
    driver.execute_script("document.querySelector('main').appendChild(document.createElement('img')).src = '/x.png'")
    ids = [rule["id"] for rule in run_axe(driver, axe)["violations"]]
    assert "image-alt" in ids, ids



