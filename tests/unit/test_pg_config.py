"""The shared store as a facilitator sets it up: [store] url or MHCOURSE_STORE_URL switches every command to
PostgreSQL, a wrong address or a password in the file is told in plain words, and the password never shows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mhcourse.cli import main
from mhcourse.progress.store import Store


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def shared(pg_url, monkeypatch, tmp_path):
    """A computer of the site: its own data folder, the site's one database."""
    monkeypatch.setenv("MHCOURSE_STORE_URL", pg_url)
    monkeypatch.setenv("MHCOURSE_DATA_DIR", str(tmp_path / "pc1"))
    return pg_url


def make_profile(url: str, name: str) -> None:
    store = Store.connect(url)
    store.create_profile(name)
    store.close()


def test_profiles_made_on_one_computer_are_there_on_another(shared, monkeypatch, tmp_path, capsys):
    make_profile(shared, "Robin")
    monkeypatch.setenv("MHCOURSE_DATA_DIR", str(tmp_path / "pc2"))  # another computer, the same record
    assert main(["profile", "list"]) == 0
    assert "Robin" in capsys.readouterr().out
    assert not (tmp_path / "pc1" / "progress.db").exists() and not (tmp_path / "pc2" / "progress.db").exists()


def test_the_report_covers_the_whole_site(shared, monkeypatch, tmp_path, capsys):
    for n, pc in enumerate(("pc1", "pc2", "pc3")):
        monkeypatch.setenv("MHCOURSE_DATA_DIR", str(tmp_path / pc))
        make_profile(shared, f"Learner {n}")
    capsys.readouterr()
    assert main(["report"]) == 0
    assert "Learners: 3" in capsys.readouterr().out


def test_config_check_says_which_database_and_that_it_answers(shared, capsys):
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    assert "Progress:       the shared database t_" in out and "(from MHCOURSE_STORE_URL)" in out
    assert "answers" in out


def test_a_server_that_cannot_be_reached_is_named_without_the_password(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("MHCOURSE_STORE_URL", "postgresql://mhcourse:s3cret-word@127.0.0.1:1/mhcourse")
    monkeypatch.setenv("MHCOURSE_DATA_DIR", str(tmp_path / "data"))
    assert main(["profile", "list"]) == 3
    err = capsys.readouterr().err
    assert "mhcourse on 127.0.0.1:1" in err and "cannot be reached" in err
    assert "s3cret" not in err and "Traceback" not in err
    assert main(["config", "check"]) != 0
    captured = capsys.readouterr()
    assert "cannot be reached" in captured.out + captured.err and "s3cret" not in captured.out + captured.err


def test_a_url_that_is_not_postgresql_is_refused_in_plain_words(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("MHCOURSE_STORE_URL", "mysql://db/mhcourse")
    monkeypatch.setenv("MHCOURSE_DATA_DIR", str(tmp_path / "data"))
    assert main(["profile", "list"]) == 3
    assert "starts with postgresql://" in capsys.readouterr().err


def test_a_password_in_the_config_file_is_a_located_problem(tmp_path, capsys):
    config = write(tmp_path / "site.toml", '[store]\nurl = "postgresql://mhcourse:s3cret@db.example.org/mhcourse"\n')
    assert main(["config", "check", "--config", str(config)]) == 2
    out = capsys.readouterr()
    words = out.out + out.err
    assert "site.toml:2" in words and "store.url" in words and "~/.pgpass" in words
    assert "s3cret" not in words


def test_a_learners_own_config_cannot_move_the_record(tmp_path, capsys):
    user = Path(os.environ["XDG_CONFIG_HOME"]) / "mhcourse"
    user.mkdir(parents=True)
    write(user / "config.toml", '[store]\nurl = "postgresql://me@my.laptop/elsewhere"\n')
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    assert "[store] is read from the site config only" in out and "shared database" not in out
