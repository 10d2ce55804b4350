"""A missing tool skips its test here and fails it under CI=true (tests/needs.py)."""

from __future__ import annotations

import pytest

from needs import missing, need_module


@pytest.mark.parametrize("ci", ["", "false", "0"])
def test_a_missing_tool_skips_the_test_outside_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="chromium not installed"):
        missing("chromium not installed")


@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_a_missing_tool_fails_the_test_under_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="no_such_module_here not installed"):
        need_module("no_such_module_here", "no_such_module_here not installed")


def test_an_installed_module_is_returned(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert need_module("json", "json not installed").dumps([]) == "[]"
