"""A learner with a keyboard alone: Tab, Shift+Tab, Space, Enter and the arrow keys, sent to whatever has focus.

Nothing here clicks: every move is a key press, and the element a key acts on is the one focus is on,
so a control the keyboard cannot reach, or a place focus cannot leave, fails the walk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from .tour import new_page_mark, wait_for_page

TABS = 80  # more Tabs than any page has stops: a target not found by then is unreachable
LOAD = 10  # seconds for the feedback to take focus
HELP_TABS = 3  # Get help now is among the first Tabs: after "Skip to the page's content"

Wanted = Callable[[Any], bool]


def press(driver: Any, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def focused(driver: Any) -> Any:
    return driver.switch_to.active_element


def describe(element: Any) -> str:
    return str(element.get_attribute("outerHTML"))[:160]


def tab_to(driver: Any, wanted: Wanted, what: str, *, back: bool = False) -> Any:
    """Tab (or Shift+Tab) until focus is on an element `wanted` accepts; fail if focus sticks or never gets there."""
    key = "Shift+Tab" if back else "Tab"
    before = focused(driver)
    path = []
    for _ in range(TABS):
        if back:
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            press(driver, Keys.TAB)
        now = focused(driver)
        assert now != before, f"focus is trapped on {describe(now)} ({driver.current_url})"
        path.append(describe(now))
        if wanted(now):
            return now
        before = now
    raise AssertionError(f"{what} is not reachable by {key} on {driver.current_url}; focus went:\n"
                         + "\n".join(path))


def is_help(element: Any) -> bool:
    return element.tag_name == "a" and (element.get_attribute("href") or "").endswith("/help")


def help_is_near(driver: Any) -> None:
    """Get help now is among the first Tabs of the page, or, when focus was moved to the feedback, Shift+Tabs back."""
    if focused(driver).get_attribute("id") == "feedback":
        tab_to(driver, is_help, "Get help now", back=True)
        return
    for _ in range(HELP_TABS):
        press(driver, Keys.TAB)
        if is_help(focused(driver)):
            return
    raise AssertionError(f"Get help now is not in the first {HELP_TABS} Tabs of {driver.current_url}")


def choose_radio(driver: Any, name: str, value: str) -> None:
    """Tab into a radio group, then arrow keys (which also check) or Space to check the radio with `value`."""
    tab_to(driver, lambda e: e.get_attribute("type") == "radio" and e.get_attribute("name") == name, f"radio {name}")
    for _ in range(TABS):
        if focused(driver).get_attribute("value") == value:
            press(driver, Keys.SPACE)
            assert focused(driver).is_selected()
            return
        press(driver, Keys.ARROW_DOWN)
    raise AssertionError(f"no radio {name}={value} by the arrow keys")


def choose_option(driver: Any, name: str, text: str) -> None:
    """Tab to a select box and move its choice with the arrow keys until it shows `text`."""
    select = tab_to(driver, lambda e: e.tag_name == "select" and e.get_attribute("name") == name, f"select {name}")
    shown = "return arguments[0].options[arguments[0].selectedIndex]?.text.trim() ?? ''"
    for key in (Keys.ARROW_DOWN, Keys.ARROW_UP):
        for _ in range(TABS):
            if driver.execute_script(shown, select) == text:
                return
            before = driver.execute_script("return arguments[0].selectedIndex", select)
            press(driver, key)
            if driver.execute_script("return arguments[0].selectedIndex", select) == before:
                break  # at the end of the list: go the other way
    raise AssertionError(f"the arrow keys never chose {text!r} in {name}")


def enter_on(driver: Any, wanted: Wanted, what: str) -> None:
    """Tab to `what` and press Enter; return once the page it leads to has loaded."""
    tab_to(driver, wanted, what)
    before = new_page_mark(driver)
    press(driver, Keys.ENTER)
    wait_for_page(driver, before)


def either(*wanted: Wanted) -> Wanted:
    return lambda element: any(w(element) for w in wanted)


def button_of(form_path: str, value: str | None = None) -> Wanted:
    """A submit button in main (with `value`, if given) of a form whose action's path ends with `form_path`."""
    def wanted(element: Any) -> bool:
        action = element.parent.execute_script(
            "const e = arguments[0]; return e.type === 'submit' && e.form && e.closest('main')"
            " ? new URL(e.form.action).pathname : ''",
            element)
        return bool(action) and action.endswith(form_path) and value in (None, element.get_attribute("value"))
    return wanted


def link_to(path_start: str) -> Wanted:
    """A link in the page's main whose path starts with `path_start`."""
    def wanted(element: Any) -> bool:
        return element.tag_name == "a" and bool(element.parent.execute_script(
            "const e = arguments[0]; return !!e.closest('main') && new URL(e.href).pathname.startsWith(arguments[1])",
            element, path_start))
    return wanted
