"""`mhcourse schema` is a JSON Schema editors' validators understand: draft-07 and 2020-12 validators (the
jsonschema package) and taplo (Even Better TOML's engine) accept every bundled module, and a slip gets
one error at its key, not one per question type."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from helpers import line_of, module_text
from mhcourse.content.schema import SCHEMA_ID, module_schema, schema_json
from mhcourse.paths import bundled_modules_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "coping-with-stress.toml"
VALIDATORS = [Draft7Validator, Draft202012Validator]
TAPLO = Path(sys.executable).parent / "taplo"

BUNDLED = sorted(bundled_modules_dir().glob("*.toml"))

BAD = [
    # (id, valid text in helpers.VALID, the slip, its JSON path, the line to report, words of the error)
    ("wrong type in a question", "answer = true", 'answer = "yes"',
     ["lessons", 0, "checks", 0, "answer"], 'answer = "yes"', "is not of type"),
    ("wrong type in a choice", "correct = true", 'correct = "yes"',
     ["quiz", "questions", 0, "choices", 0, "correct"], 'correct = "yes"', "is not of type"),
    ("wrong type in the module", "minutes = 10", 'minutes = "20"', ["module", "minutes"], 'minutes = "20"',
     "is not of type"),
    ("missing key in a question", 'explanation = "Listening helps."\n', "", ["quiz", "questions", 0],
     "[[quiz.questions]]", "'explanation' is a required property"),
    ("unknown key in a question", 'type = "order"', 'type = "order"\nshufle = true', ["quiz", "questions", 1],
     "[[quiz.questions]]", "'shufle' was unexpected"),
    ("unknown question type", 'type = "order"', 'type = "ordr"', ["quiz", "questions", 1, "type"],
     'type = "ordr"', "is not one of"),
    ("question without a type", 'type = "order"\n', "", ["quiz", "questions", 1], "[[quiz.questions]]",
     "'type' is a required property"),
    ("unknown key in the module", "minutes = 10", "minutes = 10\nminuts = 10", ["module"], "[module]",
     "'minuts' was unexpected"),
]
"""The line to report: taplo points at a key's value, or at the table that misses or has an extra key."""


def _nth(slip_line: str, path: list[Any]) -> int:
    """Which occurrence of the line to report: [[quiz.questions]] of question 1 is the second."""
    return path[2] + 1 if slip_line == "[[quiz.questions]]" else 1


def _bad(slip: tuple[Any, ...]) -> str:
    _, valid, written, *_rest = slip
    assert valid in module_text()
    return module_text().replace(valid, written, 1)


def _walk(node: Any, where: str = "#"):
    """Every schema object in the schema, with where it is."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


# -- the schema itself ------------------------------------------------------------------------------------


@pytest.mark.parametrize("validator", VALIDATORS, ids=["draft-07", "2020-12"])
def test_the_schema_is_valid_under_both_drafts(validator):
    validator.check_schema(module_schema())


def test_the_schema_uses_only_what_both_drafts_understand():
    schema = module_schema()
    assert schema["$id"] == SCHEMA_ID and not SCHEMA_ID.startswith("file:")
    for where, node in _walk(schema):
        assert not {"discriminator", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "$defs",
                    "$dynamicRef", "dependentRequired", "dependentSchemas"} & set(node), where
        assert {"type": "null"} not in node.get("anyOf", []), f"{where}: a nullable wrapper"
        if "$ref" in node:
            assert set(node) == {"$ref"}, f"{where}: draft-07 ignores keywords beside a $ref"


def test_every_property_has_a_description():
    schema = module_schema()
    for where, node in _walk(schema):
        if "/if" in where:  # the test of a question's type, not a property an author writes
            continue
        for name, prop in node.get("properties", {}).items():
            target = prop
            if "$ref" in prop:
                target = schema["definitions"][prop["$ref"].rsplit("/", 1)[-1]]
            assert target.get("description"), f"{where}/properties/{name} has no description"


def test_the_published_schema_is_the_generated_one():
    assert (ROOT / "docs" / "module.schema.json").read_text(encoding="utf-8") == schema_json()


# -- jsonschema: the bundled course and bad modules -------------------------------------------------------


@pytest.mark.parametrize("validator", VALIDATORS, ids=["draft-07", "2020-12"])
def test_every_bundled_module_is_valid(validator):
    check = validator(module_schema())
    assert BUNDLED
    for path in [*BUNDLED, EXAMPLE]:
        errors = [f"{path.name}: {list(e.absolute_path)}: {e.message}"
                  for e in check.iter_errors(tomllib.loads(path.read_text(encoding="utf-8")))]
        assert errors == []


@pytest.mark.parametrize("validator", VALIDATORS, ids=["draft-07", "2020-12"])
@pytest.mark.parametrize("slip", BAD, ids=[b[0] for b in BAD])
def test_a_slip_gets_one_error_at_its_key(validator, slip):
    _, _, _, path, _, words = slip
    [error] = validator(module_schema()).iter_errors(tomllib.loads(_bad(slip)))
    assert list(error.absolute_path) == path
    assert words in error.message


# -- taplo, the engine of Even Better TOML ----------------------------------------------------------------

needs_taplo = pytest.mark.skipif(not TAPLO.exists(), reason="the taplo command (pip install taplo) is not installed")
_DIAGNOSTIC = re.compile(r"^error: (?P<message>.*)\n\s*┌─ (?P<file>.*?):(?P<line>\d+):\d+$", re.M)


def taplo(folder: Path, *files: Path, schema: Path | None = None) -> tuple[int, list[tuple[str, int]]]:
    """`taplo check` on `files`: its exit status and its errors (message, line), in order."""
    command = [str(TAPLO), "check", "--colors", "never", "--no-auto-config"]
    if schema is not None:
        command += ["--schema", schema.resolve().as_uri()]
    done = subprocess.run([*command, *map(str, files)], cwd=folder, capture_output=True, text=True, timeout=120,
                          check=False)
    output = done.stdout + done.stderr
    return done.returncode, [(m.group("message"), int(m.group("line"))) for m in _DIAGNOSTIC.finditer(output)]


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "module.schema.json"
    path.write_text(schema_json(), encoding="utf-8")
    return path


@needs_taplo
def test_taplo_finds_no_error_in_the_bundled_course(schema_file, tmp_path):
    status, errors = taplo(tmp_path, *BUNDLED, schema=schema_file)
    assert (status, errors) == (0, [])


@needs_taplo
def test_taplo_reads_the_example_modules_schema_line():
    """docs/examples/coping-with-stress.toml starts with `#:schema ../module.schema.json`, as authoring.md says."""
    assert EXAMPLE.read_text(encoding="utf-8").startswith("#:schema ../module.schema.json\n")
    status, errors = taplo(EXAMPLE.parent, EXAMPLE)
    assert (status, errors) == (0, [])


@needs_taplo
@pytest.mark.parametrize("slip", BAD, ids=[b[0] for b in BAD])
def test_taplo_gives_a_slip_one_error_at_its_key(slip, schema_file, tmp_path):
    _, _, _, path, at, words = slip
    text = "#:schema ./module.schema.json\n" + _bad(slip)
    module = tmp_path / "m.toml"
    module.write_text(text, encoding="utf-8")
    status, errors = taplo(tmp_path, module)
    assert status == 1 and errors
    # taplo shows an error of a table at each of the table's keys: one message, first at the table
    assert len({message for message, _ in errors}) == 1, errors
    message, line = errors[0]
    assert words in message.replace('"', "'")
    assert line == line_of(text, at, _nth(at, path))


def test_the_bad_modules_are_refused_by_validate_too():
    from mhcourse.content.loader import load_text

    for slip in BAD:
        assert load_text(_bad(slip), Path("m.toml")).problems, slip[0]


def test_schema_json_is_json():
    assert json.loads(schema_json())["$schema"] == "http://json-schema.org/draft-07/schema#"
