"""No input at all raises out of the loader: arbitrary bytes, arbitrary TOML, and near-valid modules."""

from __future__ import annotations

from pathlib import Path

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import module_text
from mhcourse.content.loader import Loaded, load_bytes, load_text

P = Path("fuzz.toml")
FUZZ = settings(deadline=None, max_examples=200)

toml_scalars = st.one_of(
    st.text(max_size=20), st.integers(), st.booleans(), st.floats(allow_nan=False), st.none().map(lambda _: "x")
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4),
    max_leaves=20,
)
keys = st.sampled_from(
    ["format", "module", "lessons", "quiz", "scenarios", "id", "title", "type", "choices", "steps", "x"]
) | st.text(min_size=1, max_size=8)
documents = st.dictionaries(keys, toml_values, max_size=6)


def _check(result: Loaded) -> None:
    assert isinstance(result, Loaded)
    assert result.ok or result.problems
    for problem in result.problems:
        str(problem)  # every problem can be shown


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    _check(load_bytes(data, P))


@FUZZ
@given(documents)
def test_arbitrary_toml_documents(document):
    _check(load_text(tomli_w.dumps(document), P))


@FUZZ
@given(st.integers(min_value=0, max_value=len(module_text()) - 1), st.text(max_size=5))
def test_valid_module_with_a_random_edit(position, insert):
    text = module_text()
    _check(load_text(text[:position] + insert + text[position + 1 :], P))


@FUZZ
@given(st.sampled_from(["lessons", "quiz", "scenarios", "module"]), toml_values)
def test_valid_module_with_a_part_replaced(part, value):
    import tomllib

    document = tomllib.loads(module_text())
    document[part] = value if isinstance(value, (dict, list)) else {"v": value}
    _check(load_text(tomli_w.dumps(document), P))


def test_deep_nesting_is_a_problem_not_a_crash():
    _check(load_text("a = " + "[" * 5000 + "]" * 5000, P))
