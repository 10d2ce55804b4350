"""Fixtures several unit test files share (a fixture imported from another test file shadows itself)."""

from __future__ import annotations

import os
from pathlib import Path

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
