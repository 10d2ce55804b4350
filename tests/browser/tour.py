"""A walk through every page type of the web page with the five-type module, calling back on each new one.

The walk finds its way by the URL map and the form field names every page shares (issue 15's common
brief), not by any page's wording, so it holds while the pages' words change. It clicks (the keyboard
walk is tests/e2e/test_web_a11y.py's own); each page type is reported once, the first time it shows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from mhcourse.progress.moments import TODAY

MODULE = "/modules/five"
PIN = "4821"
ANSWERS: dict[str, Any] = {
    "check-1": "true",
    "q-single": "Listening",
    "q-multiple": ["Listening", "Asking how they are"],
    "q-true-false": "true",
    "q-order": ["Notice", "Ask", "Listen"],
    "q-match": {"Stigma": "Negative beliefs about a group", "Recovery": "Living well again",
                "Support": "Help from others"},
}
"""The right answer of each question of tests/browser/five.toml, by question id."""

# Every page type the walk must reach: tests/e2e/test_web_a11y.py fails naming any it did not.
PAGE_TYPES = (
    "welcome", "make a profile", "PIN", "home", "module", "content note", "confidence", "lesson",
    "lesson check feedback", "quiz question (single)", "quiz question (multiple)",
    "quiz question (true_false)", "quiz question (order)", "quiz question (match)", "quiz feedback",
    "results and review", "practice step", "practice feedback", "practice summary", "certificate",
    "Get help now", "Local support", "settings", "error (404)", "pre-test offer", "pre-test questions",
    "pre-test result", "review question", "review feedback", "review finished",
)
PLACES = ((r"/pretest$", "pre-test offer"), (r"/pretest/(questions|answers)$", "pre-test questions"),
          (r"/pretest/done$", "pre-test result"), (r"^/review$", "review question"),
          (r"^/review/feedback/", "review feedback"), (r"^/review/end$", "review finished"),
          (r"/note$", "content note"), (r"/confidence/", "confidence"), (r"/quiz/feedback/", "quiz feedback"),
          (r"/quiz/results$", "results and review"), (r"/lessons/", "lesson"), (r"/practice/", "practice step"))
"""The module's pages by the end of their path (the URL map)."""
Seen = Callable[[str], None]
LOAD = 10  # seconds for a page to load after a click
STEPS = 60  # more than the module's pages: a walk that goes round in circles stops


def path(driver: Any) -> str:
    return urlsplit(driver.current_url).path


def is_error(driver: Any) -> bool:
    return bool(re.match(r"(Problem|Form expired) - ", driver.title))


def in_main(driver: Any, css: str) -> list[Any]:
    return list(driver.find_elements(By.CSS_SELECTOR, f"main {css}"))


def has_feedback(driver: Any) -> bool:
    return bool(driver.find_elements(By.ID, "feedback"))


def question_type(driver: Any) -> str:
    """The type of the question on the page, from its fields (field names are fixed by the URL map)."""
    if in_main(driver, "select[name='order-1']"):
        return "order"
    if in_main(driver, "select[name='match-1']"):
        return "match"
    if in_main(driver, "input[type='checkbox'][name='answer']"):
        return "multiple"
    values = {box.get_attribute("value") for box in in_main(driver, "input[type='radio'][name='answer']")}
    return "true_false" if values == {"true", "false"} else "single"


def label_of(driver: Any, field: Any) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")
    return str(found[0].text).strip() if found else ""


def fill(driver: Any, form: Any) -> None:
    """Give the right answer of the question in `form` (its hidden `question` field names it)."""
    question = form.find_element(By.NAME, "question").get_attribute("value")
    answer_in(driver, form, ANSWERS[question])
    submit(form)


def fill_pretest(driver: Any, form: Any) -> None:
    """Give the right answer of each question of the pre-test's one form: each fieldset is q-<id>-group, and
    its fields' names begin with the question's prefix (q1-answer, q2-order-1)."""
    for fieldset in form.find_elements(By.TAG_NAME, "fieldset"):
        question = fieldset.get_attribute("id").removeprefix("q-").removesuffix("-group")
        field = fieldset.find_elements(By.CSS_SELECTOR, "input, select")[0]
        answer_in(driver, fieldset, ANSWERS[question], field.get_attribute("name").split("-")[0] + "-")
    submit(form)


def answer_in(driver: Any, scope: Any, answer: Any, prefix: str = "") -> None:
    if isinstance(answer, dict):  # match: one select per term, labelled with the term
        for select in scope.find_elements(By.CSS_SELECTOR, f"select[name^='{prefix}match-']"):
            Select(select).select_by_visible_text(answer[label_of(driver, select)])
    elif isinstance(answer, list) and scope.find_elements(By.CSS_SELECTOR, f"select[name='{prefix}order-1']"):
        for n, item in enumerate(answer, 1):
            Select(scope.find_element(By.NAME, f"{prefix}order-{n}")).select_by_visible_text(item)
    else:
        wanted = answer if isinstance(answer, list) else [answer]
        for box in scope.find_elements(By.CSS_SELECTOR, f"input[name='{prefix}answer']"):
            if (box.get_attribute("value") in wanted) != box.is_selected():
                box.click()


def submit(form: Any) -> None:
    go(form.parent, form.find_element(By.CSS_SELECTOR, "button[type='submit']"))


def go(driver: Any, element: Any) -> None:
    """Click a button or link that leads to another page, and wait until that page has loaded."""
    before = new_page_mark(driver)
    element.click()
    wait_for_page(driver, before)


def new_page_mark(driver: Any) -> float:
    """When the page now shown began (a new page has a later one): performance.timeOrigin."""
    return float(driver.execute_script("return performance.timeOrigin"))


def wait_for_page(driver: Any, before: float) -> None:
    """Wait until a page newer than `before` has loaded (polled often: a page here takes milliseconds)."""
    def loaded(d: Any) -> bool:
        try:
            return bool(d.execute_script(
                "return performance.timeOrigin > arguments[0] && document.readyState === 'complete'", before))
        except WebDriverException:  # the old page went while the script ran: ask the new one
            return False
    WebDriverWait(driver, LOAD, poll_frequency=0.02).until(loaded, f"no new page loaded from {driver.current_url}")


def forms_to(driver: Any, pattern: str) -> list[Any]:
    return [form for form in in_main(driver, "form")
            if re.search(pattern, urlsplit(form.get_attribute("action") or "").path)]


def onward(driver: Any) -> None:
    """Go on from a page that only leads on: its form into the module, else its first link into the module."""
    forms = forms_to(driver, r"^/modules/|^/certificate")
    if forms:
        submit(forms[-1])
        return
    links = [a for a in in_main(driver, "a") if urlsplit(a.get_attribute("href")).path.startswith(MODULE)]
    if not links:
        raise AssertionError(f"no way on from {driver.current_url} ({driver.title})")
    go(driver, links[0])


def kind(driver: Any) -> str:
    """The page type now shown, named as in PAGE_TYPES."""
    where = path(driver)
    if is_error(driver):
        return "error"
    if where == f"{MODULE}/quiz":
        return f"quiz question ({question_type(driver)})"
    name = next((name for pattern, name in PLACES if re.search(pattern, where)), None)
    if name is None:
        return {"/": "welcome", "/home": "home", MODULE: "module"}.get(where, where)
    if name == "lesson" and has_feedback(driver):
        return "lesson check feedback"
    if name == "practice step" and not forms_to(driver, r"/choose$"):
        return "practice summary"
    if name == "practice step" and has_feedback(driver):
        return "practice feedback"
    return name


def act(driver: Any, name: str) -> bool:
    """Do what a learner does on the page; False once the quiz's results show (the module walk ends)."""
    if name == "results and review":
        return False
    if name == "content note":
        go(driver, next(b for b in in_main(driver, "button[name='choice']") if b.get_attribute("value") == "go"))
    elif name == "confidence":
        chosen = in_main(driver, "input[name='value'][value='3']")
        if chosen:
            chosen[0].click()
            submit(forms_to(driver, r"/confidence/")[0])
        else:
            go(driver, next(b for b in in_main(driver, "button[name='value']") if b.get_attribute("value") == "3"))
    elif name == "pre-test offer":
        go(driver, next(b for b in in_main(driver, "button[name='choice']") if b.get_attribute("value") == "start"))
    elif name == "pre-test questions":
        fill_pretest(driver, forms_to(driver, r"/pretest/answers$")[0])
    elif name.startswith("quiz question") or (name == "lesson" and forms_to(driver, r"/checks/")):
        form = forms_to(driver, r"/checks/|/quiz/answer$")[0]
        fill(driver, form)
    elif name.startswith("lesson"):
        submit(forms_to(driver, r"/done$")[0])
    else:
        onward(driver)
    return True


def through_module(driver: Any, base: str, seen: Seen) -> None:
    """From home, Continue through the module: note, confidence, lessons and checks, the quiz, its results."""
    driver.get(f"{base}/home")
    for _ in range(STEPS):
        name = kind(driver)
        if name == "error":  # a page not built yet: the test names the page types never seen
            return
        seen(name)
        if not act(driver, name):
            return
    raise AssertionError(f"the walk went round in circles; it stopped at {driver.current_url}")


def through_review(driver: Any, base: str, seen: Seen) -> None:
    """Two months on (MHCOURSE_TODAY: the course runs in this process), review what the module asked: home's
    "Review: N due", each question and its feedback, the end."""
    os.environ[TODAY] = (date.today() + timedelta(days=60)).isoformat()
    try:
        driver.get(f"{base}/home")
        go(driver, next(a for a in in_main(driver, "a") if urlsplit(a.get_attribute("href")).path == "/review"))
        for _ in range(STEPS):
            name = kind(driver)
            if name == "error":
                return
            seen(name)
            if name == "review finished":
                return
            if name == "review question":
                fill(driver, forms_to(driver, r"^/review/answer$")[0])
            else:
                go(driver, next(a for a in in_main(driver, "a.button")))
    finally:
        del os.environ[TODAY]
    raise AssertionError(f"the review went round in circles; it stopped at {driver.current_url}")


def through_practice(driver: Any, base: str, seen: Seen) -> None:
    driver.get(f"{base}{MODULE}/practice/talk")
    for _ in range(STEPS):
        name = kind(driver)
        if name == "error":
            return
        seen(name)
        if name == "practice summary":
            return
        choose = forms_to(driver, r"/choose$")[0]
        choose.find_element(By.CSS_SELECTOR, "input[name='option']").click()  # any option: all lead on
        submit(choose)
    raise AssertionError(f"the practice went round in circles; it stopped at {driver.current_url}")


def sign_in(driver: Any, base: str, name: str, seen: Seen) -> None:
    """Make a profile with a PIN, sign out, open it again with its PIN; as a guest where those pages are not."""
    driver.delete_all_cookies()
    driver.get(f"{base}/")
    seen("welcome")
    driver.get(f"{base}/profiles/new")
    if is_error(driver):
        guest(driver, base)
        return
    seen("make a profile")
    for field, value in (("name", name), ("pin", PIN), ("pin_again", PIN)):
        driver.find_element(By.NAME, field).send_keys(value)
    submit(forms_to(driver, r"^/profiles/new$")[0])
    driver.get(f"{base}/home")
    go(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button"))
    driver.get(f"{base}/")
    opener = [b for form in forms_to(driver, r"^/profiles/open$")
              for b in form.find_elements(By.CSS_SELECTOR, "button") if name in b.text]
    go(driver, opener[0])
    seen("PIN")
    driver.find_element(By.NAME, "pin").send_keys(PIN)
    submit(forms_to(driver, r"^/profiles/pin$")[0])


def guest(driver: Any, base: str) -> None:
    driver.get(f"{base}/")
    submit(forms_to(driver, r"^/guest$")[0])


def set_theme(driver: Any, base: str, theme: str) -> None:
    """The learner's own look, chosen on the settings page."""
    driver.get(f"{base}/settings")
    if is_error(driver):  # no settings page yet: the test names it among the page types never seen
        return
    choice = in_main(driver, f"input[name='theme'][value='{theme}']")
    if choice:
        choice[0].click()
    else:
        Select(in_main(driver, "select[name='theme']")[0]).select_by_value(theme)
    submit(forms_to(driver, r"^/settings$")[0])


def the_rest(driver: Any, base: str, seen: Seen) -> None:
    """The pages outside the module's walk: the module's own page (once its content note is passed),
    certificate, Get help now, Local support, settings, a 404."""
    for where, name in ((MODULE, "module"), ("/certificate", "certificate"), ("/help", "Get help now"),
                        ("/support", "Local support"), ("/settings", "settings"), ("/no/such/page", "error (404)")):
        driver.get(f"{base}{where}")
        if name == "error (404)" or kind(driver) == name or (name != "module" and not is_error(driver)):
            seen(name)


def tour(driver: Any, base: str, seen: Seen, *, name: str, theme: str | None = None) -> None:
    """Every page type, each `seen` as it shows: `seen` runs the checks (axe) on the page now shown."""
    sign_in(driver, base, name, seen)
    if theme:
        set_theme(driver, base, theme)
    through_module(driver, base, seen)
    through_review(driver, base, seen)
    through_practice(driver, base, seen)
    the_rest(driver, base, seen)



def right_answer(driver: Any, form: Any) -> Any:
    """The right answer of the question in `form`, by its hidden `question` field."""
    return ANSWERS[form.find_element(By.NAME, "question").get_attribute("value")]
