"""Fixtures several unit test files share (a fixture imported from another test file shadows itself)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import write_module


@pytest.fixture
def data(isolated) -> Path:
    """The data folder every command uses here (MHCOURSE_DATA_DIR, set by the isolated fixture)."""
    return Path(os.environ["MHCOURSE_DATA_DIR"])


@pytest.fixture
def modules(tmp_path) -> Path:
    """A folder of two small modules: small and other-one."""
    folder = tmp_path / "extra"
    write_module(folder, "small", title="Small module")
    write_module(folder, "other-one", title="Other module")
    return folder


# -- the store on both engines ------------------------------------------------------------------------

ENGINES = ["sqlite", "postgresql"]
"""The store's two engines: every test that takes `engine` (or `make_store`, `store_on`) runs on each.
A test that needs SQLite's file itself (a damaged file moved aside, WAL, modes, PRAGMA) takes neither and
says `# SQLite only: ...` above it."""


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """"sqlite" or "postgresql": the engine this run of the test uses."""
    return request.param


class StoreMaker:
    """Opens stores on the test's engine: `make_store("data")` is Store.open(tmp_path / "data") on SQLite,
    Store.connect(url) on PostgreSQL, where each name is a database of its own (the first is `pg_url`'s,
    made on first use). The same name opens the same record again, as a restart would. Every store it
    opened is closed, and every database it made dropped, when the test ends."""

    def __init__(self, engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.engine = engine
        self.tmp_path = tmp_path
        self._request = request
        self._urls: dict[str, str] = {}
        self._made: list[str] = []
        self._opened: list[Any] = []

    @property
    def postgres(self) -> bool:
        return self.engine == "postgresql"

    def url(self, name: str = "data") -> str:
        """The URL of the database `name` stands for (PostgreSQL only)."""
        if name not in self._urls:
            if not self._urls:
                self._urls[name] = self._request.getfixturevalue("pg_url")
            else:
                cluster = self._request.getfixturevalue("pg_cluster")
                made = cluster.create_database()
                self._made.append(made)
                self._urls[name] = cluster.url(made)
        return self._urls[name]

    def __call__(self, name: str = "data", **options: Any) -> Any:
        from mhcourse.progress.store import Store

        if self.postgres:
            store = Store.connect(self.url(name), **options)
        else:
            store = Store.open(self.tmp_path / name, **options)
        self._opened.append(store)
        return store

    def finish(self) -> None:
        for store in self._opened:
            with contextlib.suppress(Exception):
                store.close()
        if self._made:
            cluster = self._request.getfixturevalue("pg_cluster")
            for name in self._made:
                cluster.drop_database(name)


@pytest.fixture
def make_store(engine, tmp_path, request) -> Iterator[StoreMaker]:
    """A StoreMaker for this test's engine (see there)."""
    maker = StoreMaker(engine, tmp_path, request)
    yield maker
    maker.finish()
