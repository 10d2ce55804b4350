"""Every test runs isolated from the developer's own progress, config, caches and modules."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg
from helpers import bundled_course
from mhcourse import i18n

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
    monkeypatch.delenv("MHCOURSE_STORE_URL", raising=False)  # a developer's shared database is never a test's
    monkeypatch.delenv("NO_COLOR", raising=False)
    if os.environ.get("TERM", "").lower() == "dumb":  # `mhcourse` offers the plain face there (commands/course.py)
        monkeypatch.setenv("TERM", "xterm")
    # Get help now lists the learner's country first, from the locale: fix it so screens are stable.
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("MHCOURSE_LANG", raising=False)
    monkeypatch.delenv("MHCOURSE_SEED", raising=False)
    # libpq reads PGHOST, PGPORT, PGPASSWORD, PGSERVICE...: a test's database is the one its URL names.
    for name in [name for name in os.environ if name.startswith("PG")]:
        monkeypatch.delenv(name)
    yield home
    # A test that spoke another language (or started with --lang) leaves the next one in English.
    i18n.remember_command_line(None)
    i18n.use_language(i18n.ENGLISH)


@pytest.fixture
def course() -> list:
    """The bundled course (loaded once per test process, see helpers.bundled_course)."""
    return bundled_course()


@pytest.fixture(scope="session")
def pg_cluster():
    """This worker's throwaway PostgreSQL cluster (tests/pg.py: PgCluster), started once per session:
    .url(db), .connect(db), .create_database(), .drop_database(name), .stop(mode), .start().
    Skipped without PostgreSQL or psycopg (failed under CI=true)."""
    cluster = pg.start_cluster()
    yield cluster
    cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster) -> Iterator[str]:
    """A libpq URL to a new, empty database of its own, dropped after the test (the cluster is started
    again first if the test left it stopped): "postgresql://postgres@/t_<n>?host=/tmp/mhpg-..."."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)
