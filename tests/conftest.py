"""Every test runs isolated from the developer's own progress, config, caches and modules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import bundled_course

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/e2e is marked e2e, so `-m "not e2e"` runs the in-process tests alone."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("XDG_DATA_DIRS", str(home / "site-data"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(home / "site-config"))
    monkeypatch.setenv("MHCOURSE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("MHCOURSE_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("MHCOURSE_CONFIG", raising=False)  # the XDG folders above hold no config
    monkeypatch.delenv("MHCOURSE_MODULES", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    if os.environ.get("TERM", "").lower() == "dumb":  # `mhcourse` offers the plain face there (commands/course.py)
        monkeypatch.setenv("TERM", "xterm")
    # Get help now lists the learner's country first, from the locale: fix it so screens are stable.
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("MHCOURSE_SEED", raising=False)
    return home


@pytest.fixture
def course() -> list:
    """The bundled course (loaded once per test process, see helpers.bundled_course)."""
    return bundled_course()
