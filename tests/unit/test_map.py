"""`mhcourse map FILE [SCENARIO]`: what an author sees of a scenario's branches, endings and tones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import module_text, write_module
from mhcourse.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BRANCHING = str(FIXTURES / "branching.toml")

DOT_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def run(*args: str) -> int:
    return main(list(args))


def dangling(tmp_path: Path) -> Path:
    """The small test module with its scenario's option leading to a step that is not there."""
    return write_module(tmp_path, "small", module_text().replace('next = "end"', 'next = "nowhere"'))


def test_mermaid_is_the_default_and_shows_branches_tones_and_endings(capsys):
    assert run("map", BRANCHING) == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart TD\n")
    assert 'subgraph sc0["friend-withdraws: A friend stops showing up"]' in out
    assert 'subgraph sc1["second: A second, short one"]' in out  # every scenario of the file
    assert '-->|"helpful: That sounds hard. Do you want to tell me more?"|' in out
    assert '-->|"unhelpful: Everyone feels like that sometimes."|' in out
    assert '(["ending: opens-up<br/>Sam tells you about the last few weeks."]):::ending' in out
    assert '(["ending: closes-down<br/>Sam changes the subject."]):::ending' in out
    assert "linkStyle" in out and "#cf222e" in out  # unhelpful edges drawn red


def test_mermaid_escapes_author_text(capsys):
    assert run("map", BRANCHING, "friend-withdraws") == 0
    out = capsys.readouterr().out
    opening = next(line for line in out.splitlines() if "opening<br/>" in line)
    assert "#quot;I just haven't felt like seeing anyone.#quot;" in opening
    # inside the label: no raw quote, bracket, angle bracket or hash that Mermaid would read as syntax
    label = opening.split('["', 1)[1].rsplit('"]', 1)[0].replace("<br/>", " ")
    assert not set(label) & set('"[]<>{}|`'), label


def test_dot_is_a_graph_with_clusters_and_escaped_labels(capsys):
    assert run("map", BRANCHING, "--format", "dot") == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph scenarios {") and out.rstrip().endswith("}")
    assert out.count("subgraph cluster_") == 2
    assert '[label="helpful: That sounds hard. Do you want to tell me more?", color="#1a7f37"]' in out
    assert "peripheries=2" in out  # endings get a double border
    assert '\\"I just haven\'t felt like seeing anyone.\\"' in out
    # every quote is inside a well-formed DOT string, and the braces balance outside them
    rest = DOT_STRING.sub("", out)
    assert '"' not in rest
    assert rest.count("{") == rest.count("}")


def test_dot_escapes_a_backslash_so_it_is_not_read_as_a_line_break(tmp_path, capsys):
    path = write_module(tmp_path, "small", module_text().replace("Sam: 'I'm fine.'", "C:\\\\new folder"))
    assert run("map", str(path), "--format", "dot") == 0
    assert "C:\\\\new folder" in capsys.readouterr().out


def test_text_is_an_indented_outline(capsys):
    assert run("map", BRANCHING, "friend-withdraws", "--format", "text") == 0
    assert capsys.readouterr().out.splitlines() == [
        "friend-withdraws: A friend stops showing up",
        '  opening: "Sam: "I just haven\'t felt like seeing anyone." <quietly> [s…"',
        '    helpful: "That sounds hard. Do you want to tell me more?" ->',
        '      opens-up [ending]: "Sam tells you about the last few weeks."',
        '    unhelpful: "Everyone feels like that sometimes." ->',
        '      closes-down [ending]: "Sam changes the subject."',
        '    neutral: "Hm. Anyway, how was work?" -> opening (above)',
    ]


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "text"])
def test_a_missing_next_step_is_flagged_and_the_problem_told(tmp_path, capsys, fmt):
    path = dangling(tmp_path)
    assert run("map", str(path), "--format", fmt) == 1
    out, err = capsys.readouterr()
    assert "missing step 'nowhere'" in out
    assert f"{path}:" in err and "nowhere" in err


def test_an_option_without_next_is_flagged(tmp_path, capsys):
    path = write_module(tmp_path, "small", module_text().replace('next = "end"\n', ""))
    assert run("map", str(path), "--format", "text") == 1
    out, err = capsys.readouterr()
    assert '-> !! no next step given' in out
    assert "next" in err


def test_an_unreachable_step_is_flagged(tmp_path, capsys):
    text = module_text() + '\n[[scenarios.steps]]\nid = "lost"\ntext = "Nobody gets here."\n'
    path = write_module(tmp_path, "small", text)
    assert run("map", str(path), "--format", "text") == 1
    assert '!! unreachable: lost [ending]: "Nobody gets here."' in capsys.readouterr().out


def test_an_unknown_scenario_lists_the_ids(capsys):
    assert run("map", BRANCHING, "friend-withdrew") == 2
    err = capsys.readouterr().err
    assert "no scenario 'friend-withdrew'" in err
    assert "friend-withdraws, second" in err


def test_a_file_that_is_not_toml_gives_its_problem(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text('format = 1\n[module]\nid = "x\n', encoding="utf-8")
    assert run("map", str(path)) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}:3: TOML syntax error" in err


def test_a_module_without_scenarios_says_so(tmp_path, capsys):
    text = module_text().split("[[scenarios]]")[0]
    path = write_module(tmp_path, "small", text)
    assert run("map", str(path)) == 0
    assert "has no scenarios" in capsys.readouterr().err
    assert run("map", str(path), "talk") == 2


def test_a_missing_file_is_a_usage_error(tmp_path, capsys):
    assert run("map", str(tmp_path / "nope.toml")) == 2
    assert "no such file" in capsys.readouterr().err


def test_long_and_multiline_text_is_cut_to_one_line(tmp_path, capsys):
    long = "word " * 40
    path = write_module(tmp_path, "small", module_text().replace("Sam: 'I'm fine.'", f"line one\\n{long}"))
    assert run("map", str(path), "--format", "text") == 0
    opening = capsys.readouterr().out.splitlines()[1]
    assert opening.startswith('  open: "line one word word') and opening.endswith('…"')


def test_the_outline_in_the_authoring_guide_is_what_map_prints(capsys):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    marker = "<!-- output: mhcourse map --format text docs/examples/coping-with-stress.toml -->\n```text\n"
    shown = guide.split(marker, 1)[1].split("```", 1)[0]
    assert run("map", str(ROOT / "docs" / "examples" / "coping-with-stress.toml"), "--format", "text") == 0
    assert capsys.readouterr().out == shown
