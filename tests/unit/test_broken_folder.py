"""The foundation issue's folder of broken modules: one located line per problem, the good ones still listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import line_of, module_text, write_module
from mhcourse.cli import main


@pytest.fixture
def broken(tmp_path) -> Path:
    folder = tmp_path / "broken"
    base = module_text
    cases = {
        "syntax": base("syntax").replace("minutes = 10", "minutes = = 10"),
        "missing": base("missing").replace('summary = "A small module for tests."\n', ""),
        "misspelt": base("misspelt").replace('feedback = "Yes."', 'feedbak = "Yes."'),
        "two-correct": base("two-correct").replace('text = "Ignoring"', 'text = "Ignoring"\ncorrect = true'),
        "bad-next": base("bad-next").replace('next = "end"', 'next = "nowhere"'),
        "unreachable": base("unreachable") + '\n[[scenarios.steps]]\nid = "lost"\ntext = "Nobody gets here."\n',
        "dup-ids": base("dup-ids").replace('id = "q2"', 'id = "q1"'),
        "cycle-a": base("cycle-a", requires='["cycle-b"]'),
        "cycle-b": base("cycle-b", requires='["cycle-a"]'),
        "empty": "",
        "markup": base("markup", title="[bold red]Shout[/]"),
        "good": base("good"),
    }
    for name, text in cases.items():
        write_module(folder, name, text=text)
    (folder / "latin1.toml").write_bytes(base("latin1").encode().replace(b"Second lesson", b"Second \xe9 lesson"))
    (folder / "huge.toml").write_text(base("huge") + "# " + "x" * (2 * 1024 * 1024) + "\n")
    return folder


EXPECTED = {  # file -> (line text to find, or a line number; key path; words in the message)
    "syntax.toml": ("minutes = = 10", None, "TOML syntax error"),
    "missing.toml": ("[module]", "module.summary", "required key 'summary' is missing"),
    "misspelt.toml": ("feedbak", "quiz.questions[0].choices[0].feedbak", "did you mean 'feedback'"),
    "two-correct.toml": ("[[quiz.questions.choices]]", "quiz.questions[0].choices", "exactly one correct choice"),
    "bad-next.toml": ('next = "nowhere"', "scenarios[0].steps[0].options[0].next", "'nowhere'"),
    "unreachable.toml": ('id = "lost"', "scenarios[0].steps[2].id", "cannot be reached"),
    "cycle-a.toml": ("requires =", "module.requires", "cycle"),
    "cycle-b.toml": ("requires =", "module.requires", "cycle"),
    "empty.toml": (1, None, "empty"),
    "latin1.toml": ("Second", None, "UTF-8"),
    "huge.toml": (None, None, "(1 MiB)"),
}


def test_validate_reports_one_located_line_per_problem(broken, capsys):
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    lines = out.strip().splitlines()
    by_file = {}
    for line in lines:
        by_file.setdefault(Path(line.split(":", 1)[0]).name, []).append(line)
    assert "good.toml" not in by_file and "markup.toml" not in by_file
    # dup-ids: the second q1 is the one named
    dup = by_file.pop("dup-ids.toml")
    assert len(dup) == 1 and "quiz.questions[1].id" in dup[0]
    for name, (where, key, words) in EXPECTED.items():
        assert len(by_file[name]) == 1, by_file[name]
        [line] = by_file[name]
        if isinstance(where, str):
            text = (broken / name).read_bytes().decode("utf-8", "replace")
            assert line.startswith(f"{broken / name}:{line_of(text, where)}: "), line
        elif isinstance(where, int):
            assert line.startswith(f"{broken / name}:{where}: "), line
        if key:
            assert f": {key}: " in line, line
        assert words in line, line


def test_list_still_shows_the_good_modules(broken, capsys):
    assert main(["list", "--modules", str(broken)]) == 0
    captured = capsys.readouterr()
    listed = [line.split()[0] for line in captured.out.splitlines()[1:]]
    assert "good" in listed and "markup" in listed
    assert "[bold red]Shout[/]" in captured.out
    assert "syntax" not in listed and "cycle-a" not in listed
    assert "left out:" in captured.err and "syntax.toml" in captured.err
