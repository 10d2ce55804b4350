"""Tests that need a tool this machine may lack (Chromium, textual-serve, root for mounts, PostgreSQL).

Here such a test is skipped with the reason; under CI=true it fails instead, because CI installs every
tool and a skip there would hide a test that never ran.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(reason: str) -> NoReturn:
    """Skip the test for want of a tool, or fail it under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(reason)


def need_module(name: str, reason: str) -> ModuleType:
    """The module `name`, imported; skipped (or failed under CI) with `reason` when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(reason)
