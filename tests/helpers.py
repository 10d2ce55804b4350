"""Module texts for tests: a small valid module to start from, and ways to break it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

VALID = '''\
format = 1

[module]
id = "{id}"
title = "{title}"
summary = "A small module for tests."
minutes = 10
requires = {requires}

[[module.sources]]
title = "Mental disorders"
publisher = "World Health Organization"
year = 2022

[[module.sources]]
title = "Depression"
publisher = "World Health Organization"
year = 2023

[[lessons]]
id = "first"
title = "First lesson"
body = """
## Hello

Mental health is part of health. People recover.
"""
key_points = ["People recover."]

[[lessons.checks]]
id = "check-1"
type = "true_false"
prompt = "People can recover."
answer = true
explanation = "Most people do."

[[lessons]]
id = "second"
title = "Second lesson"
body = "Talking helps. Listening helps too."

[quiz]
pass_mark = 0.5

[[quiz.questions]]
id = "q1"
type = "single"
prompt = "Which helps?"
explanation = "Listening helps."

[[quiz.questions.choices]]
text = "Listening"
correct = true
feedback = "Yes."

[[quiz.questions.choices]]
text = "Ignoring"
feedback = "No."

[[quiz.questions]]
id = "q2"
type = "order"
prompt = "Order these."
items = ["one", "two", "three"]
explanation = "One, two, three."

[[scenarios]]
id = "talk"
title = "A talk"
intro = "A friend seems low."
start = "open"

[[scenarios.steps]]
id = "open"
text = "Sam: 'I'm fine.'"

[[scenarios.steps.options]]
text = "You seem quiet lately. How are you really?"
next = "end"
tone = "helpful"
feedback = "Gentle and open."

[[scenarios.steps]]
id = "end"
text = "Sam opens up."
'''


def module_text(module_id: str = "small", title: str = "Small module", requires: str = "[]") -> str:
    return VALID.format(id=module_id, title=title, requires=requires)


def small_module(note: str | None = None):
    """The small test module, loaded through the core; with `note`, it has that content note."""
    from mhcourse.content.loader import load_text

    text = module_text("small")
    if note:
        text = text.replace("requires = []", f'requires = []\ncontent_note = "{note}"')
    loaded = load_text(text, Path("small.toml"))
    assert loaded.ok, loaded.problems
    return loaded.module


def write_module(folder: Path, module_id: str = "small", text: str | None = None, **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{module_id}.toml"
    path.write_text(text if text is not None else module_text(module_id, **kw), encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line that contains needle."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


def pass_module(learner, module) -> None:
    """Every lesson read and the quiz passed, through the core (the keys for that are tested elsewhere)."""
    from mhcourse.learning.answers import correct_answer

    for lesson in module.lessons:
        learner.open_lesson(module, lesson.id)
        learner.finish_lesson(module, lesson.id)
    attempt = learner.quiz_attempt(module)
    for question in module.questions:
        learner.answer(attempt, question, correct_answer(question))
    learner.finish_attempt(module, attempt)


def pbkdf2_hash(pin: str, iterations: int = 200_000) -> str:
    """A facilitator PIN hash as `config hash-pin` wrote them before there was one PIN scheme: still read, never
    written, so a site config made then keeps working."""
    import hashlib
    import os

    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2-sha256${iterations}${salt.hex()}${key.hex()}"


def bundled_course() -> list:
    """The course that ships with mhcourse, as a new list of the modules loaded once per test process (a
    module is frozen, so tests can share it; the list is theirs to change)."""
    return list(_bundled_modules())


@cache
def _bundled_modules() -> tuple:
    from mhcourse.content.catalog import Source, build_catalog
    from mhcourse.paths import bundled_modules_dir

    catalog = build_catalog([Source("bundled", bundled_modules_dir())])
    assert not catalog.notices, catalog.notices
    return tuple(catalog.modules)
