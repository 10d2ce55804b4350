"""`mhcourse new`: a module skeleton that validates, with a comment header that explains each part."""

from __future__ import annotations

import tomli_w
from pydantic import TypeAdapter, ValidationError

from .models import FORMAT_VERSION, Slug, Text
from .schema import SCHEMA_FILE

SCHEMA_LINE = f"#:schema ./{SCHEMA_FILE}\n"
"""The first line of a new module: editors that use taplo (Even Better TOML) check the file against the schema
that `mhcourse new` writes beside it. A path, never a URL: the course works offline."""

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


_ID: TypeAdapter[str] = TypeAdapter(Slug)
_TITLE: TypeAdapter[str] = TypeAdapter(Text)
"""The module format's own rules for [module] id and title (models.ModuleInfo), so `new` never writes a
file that `validate` refuses."""


def clean_title(title: str) -> str:
    """A title as typed on the command line, without the spaces and line breaks a shell can leave around it."""
    return " ".join(title.split())


def id_problem(module_id: str) -> str | None:
    """What is wrong with ID for a new module, in words for the command line; None when it is fine."""
    try:
        _ID.validate_python(module_id)
    except ValidationError as err:
        error = err.errors()[0]
        if error["type"] == "string_too_long":
            return (f"the module id is {len(module_id):,} characters long; "
                    f"an id has at most {error['ctx']['max_length']:,}")
        return (f"'{module_id[:60]}' is not a valid module id: use lower-case letters, digits and single hyphens, "
                "like 'coping-with-stress'")
    return None


def title_problem(title: str) -> str | None:
    """What is wrong with --title (after clean_title) for a new module; None when it is fine."""
    try:
        _TITLE.validate_python(title)
        title.encode("utf-8")
    except UnicodeEncodeError:
        return "--title has characters that cannot be saved as UTF-8 text; type it again"
    except ValidationError as err:
        error = err.errors()[0]
        if error["type"] == "string_too_long":
            return f"--title is {len(title):,} characters long; a title has at most {error['ctx']['max_length']:,}"
        return "--title is empty; give the title learners will see, like --title \"Coping with stress\""
    return None


def skeleton(module_id: str, title: str) -> str:
    """The text of a new module that passes `mhcourse validate`."""
    document = {
        "format": FORMAT_VERSION,
        "module": {
            "id": module_id,
            "title": title,
            # not the title: it would pass the limit first
            "summary": "What a learner will take away from this module.",
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
    header = SCHEMA_LINE + HEADER.format(format=FORMAT_VERSION, id=module_id)
    return header + tomli_w.dumps(document, multiline_strings=True)
