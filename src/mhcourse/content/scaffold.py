"""`mhcourse new`: a module skeleton that validates, with a comment header that explains each part."""

from __future__ import annotations

import re

import tomli_w

from .models import FORMAT_VERSION, SLUG_PATTERN

HEADER = """\
# An mhcourse lesson module, format {format}. Reference: docs/authoring.md
# Check it with:  mhcourse validate --strict {id}.toml
#
# format       the version of the module format this file is written for; keep it as it is.
# [module]     what the catalog shows: id (the file name without .toml), title, summary,
#              minutes to complete, order (sort key; smaller comes first), requires (ids of
#              modules to recommend first), and content_note (shown before the module starts;
#              needed when the module mentions suicide, self-harm or other distressing topics).
# [[module.sources]]  where the facts come from: title, publisher, year and url. Two or more.
# [[lessons]]  one table per lesson, in reading order: id, title, body (Markdown), key_points.
# [[lessons.checks]]  ungraded knowledge checks inside the lesson; same shape as quiz questions.
# [quiz]       the graded end-of-module quiz: pass_mark (0..1) and shuffle.
# [[quiz.questions]]  type is single, multiple, true_false, order or match; every question
#              has a prompt and an explanation; give every choice its own feedback.
# [[scenarios]]  optional branching practice conversations: see docs/authoring.md.
#
# Text is shown exactly as written: [square brackets] are never treated as markup.

"""


def is_slug(text: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, text) is not None


def skeleton(module_id: str, title: str) -> str:
    """The text of a new module that passes `mhcourse validate`."""
    document = {
        "format": FORMAT_VERSION,
        "module": {
            "id": module_id,
            "title": title,
            "summary": f"What a learner will take away from {title}.",
            "minutes": 15,
            "language": "en",
            "version": "1.0.0",
            "order": 1000,
            "requires": [],
            "tags": [],
            "authors": ["Your name"],
            "license": "CC-BY-4.0",
            "sources": [
                {"title": "Title of the first source", "publisher": "Publisher", "year": 2024, "url": "https://example.org/first"},
                {"title": "Title of the second source", "publisher": "Publisher", "year": 2024, "url": "https://example.org/second"},
            ],
        },
        "lessons": [
            {
                "id": "first-lesson",
                "title": "First lesson",
                "body": "## A heading\n\nWrite the lesson here in plain words. Short sentences help.\n\n"
                "- A list item\n- Another list item\n",
                "key_points": ["The first thing to remember.", "The second thing to remember."],
                "checks": [
                    {
                        "id": "first-check",
                        "type": "true_false",
                        "prompt": "A statement the learner decides is true or false.",
                        "answer": True,
                        "explanation": "Why the statement is true.",
                    }
                ],
            }
        ],
        "quiz": {
            "pass_mark": 0.7,
            "shuffle": True,
            "questions": [
                {
                    "id": "q1",
                    "type": "single",
                    "prompt": "A question with one right answer?",
                    "explanation": "Shown after the answer, right or wrong.",
                    "choices": [
                        {"text": "The right answer", "correct": True, "feedback": "Why this is right."},
                        {"text": "A wrong answer", "correct": False, "feedback": "Why this is not right."},
                    ],
                }
            ],
        },
    }
    return HEADER.format(format=FORMAT_VERSION, id=module_id) + tomli_w.dumps(document, multiline_strings=True)
