"""What the commands write is private, and what they say about a file is what is really wrong with it."""

from __future__ import annotations

import os
import stat

import pytest

from mhcourse import cli

from test_certificate import bundled, data, make  # noqa: F401 (fixtures)


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_certificate_is_written_readable_only_by_its_owner_whatever_the_umask(data, tmp_path, capsys, suffix):
    make(data, "Sam", bundled())
    target = tmp_path / f"sam{suffix}"
    old = os.umask(0)
    try:
        assert cli.main(["certificate", "-o", str(target), "--data-dir", str(data)]) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o644)
        assert cli.main(["certificate", "-o", str(target), "--force", "--data-dir", str(data)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a replaced certificate is private too
    assert "Sam" in target.read_text(encoding="utf-8")
