"""The one checked-TOML reader: what module files, the site config and exports share is written once, so each
kind of file gets it alike (the per-kind words are tested with each kind: test_loader, test_config,
test_transfer, test_input_files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from mhcourse.content.checked_toml import FileKind, check_document, read_bytes, read_file, read_text
from mhcourse.content.loader import MODULE_FILE
from mhcourse.progress.transfer import EXPORT_FILE
from mhcourse.site.loading import CONFIG_FILE

FILE = Path("file.toml")


class Pair(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    low: int = 0
    high: int = 0


def _pair_rules(document: Any, pair: Pair | None) -> list[tuple[tuple[str, ...], str]]:
    return [] if pair is None or pair.low <= pair.high else [(("low",), "low is above high")]


PAIR = FileKind(
    model=Pair,
    limit=64,
    too_big=lambda size: f"{size} bytes is too big",
    not_a_file=lambda kind: f"this is {kind}",
    not_utf8=lambda: "save it as UTF-8",
    message=lambda error: f"bad {error['loc'][-1]}",
    rules=_pair_rules,
)


@pytest.mark.parametrize("kind", [MODULE_FILE, CONFIG_FILE, EXPORT_FILE], ids=["module", "config", "export"])
def test_every_kind_says_the_same_toml_problems_at_the_same_line(kind):
    nested = "x = " + "[" * 2000 + "]" * 2000 + "\n"
    [deep] = read_text(nested, FILE, kind).problems
    assert (deep.line, deep.message) == (1, "TOML syntax error: values are nested too deeply")
    [broken] = read_text('a = 1\nb = "unclosed\n', FILE, kind).problems
    assert broken.line == 2 and broken.message.startswith("TOML syntax error")
    [utf16] = read_bytes("a = 1\n".encode("utf-16"), FILE, kind).problems
    assert "UTF-16" in utf16.message


def test_a_byte_order_mark_and_windows_line_ends_are_read():
    checked = read_bytes(b"\xef\xbb\xbflow = 1\r\nhigh = 2\r\n", FILE, PAIR)
    assert checked.problems == [] and checked.model == Pair(low=1, high=2)


def test_the_limit_is_the_most_a_file_may_hold(tmp_path):
    at_limit = b"high = 1" + b" " * (64 - len("high = 1\n")) + b"\n"
    assert len(at_limit) == 64 and read_bytes(at_limit, FILE, PAIR).model == Pair(high=1)
    [over] = read_bytes(at_limit + b"\n", FILE, PAIR).problems
    assert over.message == "65 bytes is too big" and over.line is None
    big = tmp_path / "big.toml"
    big.write_bytes(at_limit + b"\n")
    assert [str(p) for p in read_file(big, PAIR).problems] == [f"{big}: 65 bytes is too big"]


def test_a_folder_is_named_in_the_kinds_words(tmp_path):
    [problem] = read_file(tmp_path, PAIR).problems
    assert problem.message == "this is a folder"


def test_shape_and_rule_problems_come_together_sorted_by_line():
    text = "high = 1\nlow = 5\nextra = 1\n"
    problems = read_text(text, FILE, PAIR).problems
    assert [(p.line, p.message) for p in problems] == [(3, "bad extra")]  # the rules need a model: not run
    problems = read_text("high = 1\n\nlow = 5\n", FILE, PAIR).problems
    assert [(p.line, p.key, p.message) for p in problems] == [(3, ("low",), "low is above high")]


def test_an_empty_file_is_an_empty_table_unless_the_kind_says_otherwise():
    assert read_text("", FILE, PAIR).model == Pair()
    [empty] = read_text(" \n", FILE, MODULE_FILE).problems
    assert empty.line == 1 and empty.message.startswith("the file is empty")


def test_a_first_check_stops_before_the_model():
    kind = FileKind(model=Pair, limit=64, too_big=str, not_a_file=str, not_utf8=str, message=str,
                    first_check=lambda document: (("version",), "a newer file") if "version" in document else None)
    [problem] = read_text("x = 1\nversion = 2\nlow = 'no'\n", FILE, kind).problems
    assert (problem.line, problem.key, problem.message) == (2, ("version",), "a newer file")


def test_a_document_given_without_its_text_has_problems_without_lines():
    checked = check_document({"low": "one"}, PAIR)
    assert checked.model is None
    assert [(p.file, p.line, p.message) for p in checked.problems] == [(None, None, "bad low")]
    assert check_document({"high": 1}, PAIR).model == Pair(high=1)
