"""A module whose every text is long: one quiz question of each type, for layout at 80x24."""

from __future__ import annotations

from pathlib import Path

from mhcourse.content.loader import load_module

LONG = " and this choice goes on for a while so that it cannot fit on one line at eighty columns"
FEEDBACK = "This feedback is long on purpose: it takes two lines or more at eighty columns, like real feedback does."


def choices(label: str, rights: tuple[bool, ...]) -> str:
    """One long choice with long feedback for each of `rights` (whether that choice is correct)."""
    return "".join(f'''
[[quiz.questions.choices]]
text = "{label} {i}{LONG}"
correct = {str(right).lower()}
feedback = "{FEEDBACK}"
''' for i, right in enumerate(rights))


TEXT = '''\
format = 1

[module]
id = "long"
title = "A module with long texts"
summary = "Every text in this module is long, to test how screens wrap and scroll."
minutes = 10

[[lessons]]
id = "first"
title = "First lesson"
body = """
## Hello

Mental health is part of health. People recover.
"""
key_points = ["A key point that is long enough to wrap onto a second line at eighty columns, on purpose.",
              "Another key point."]

[[lessons]]
id = "second"
title = "Second lesson"
body = "Talking helps."

[quiz]
pass_mark = 0.5

[[quiz.questions]]
id = "single"
type = "single"
prompt = "Which helps?"
explanation = "Listening helps: the Why line."
'''
TEXT += choices("Single", (True, False, False, False, False, False))
TEXT += '''
[[quiz.questions]]
id = "multiple"
type = "multiple"
prompt = "Which help? Choose all that apply."
explanation = "Both help: the Why line."
'''
TEXT += choices("Multiple", (True, True, False, False, False, False))
TEXT += f'''
[[quiz.questions]]
id = "order"
type = "order"
prompt = "Put these in order."
items = ["First{LONG}", "Second{LONG}", "Third{LONG}"]
explanation = "First, second, third: the Why line."

[[quiz.questions]]
id = "match"
type = "match"
prompt = "Match each term to its meaning."
pairs = [
  {{ term = "Tolerance", meaning = "Needing more of a substance to get the same effect{LONG}" }},
  {{ term = "Withdrawal", meaning = "Feeling ill, shaky or anxious when cutting down" }},
  {{ term = "Relapse", meaning = "Using again after a time of not using" }},
]
explanation = "Words that help: the Why line."

[[quiz.questions]]
id = "true-false"
type = "true_false"
prompt = "People can recover."
answer = true
explanation = "Most people do: the Why line."

[[scenarios]]
id = "talk"
title = "A talk"
start = "open"

[[scenarios.steps]]
id = "open"
text = "Sam: 'I'm fine.'"

[[scenarios.steps.options]]
text = "You seem quiet lately. How are you really?{LONG}"
next = "end"
tone = "helpful"
feedback = "Gentle and open."

[[scenarios.steps.options]]
text = "Cheer up!{LONG}"
next = "end"
tone = "unhelpful"
feedback = "It can feel dismissive."

[[scenarios.steps]]
id = "end"
text = "Sam opens up."
'''


def long_module(tmp_path: Path):
    folder = tmp_path / "long-modules"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "long.toml"
    path.write_text(TEXT, encoding="utf-8")
    loaded = load_module(path)
    assert loaded.ok, loaded.problems
    return loaded.module
