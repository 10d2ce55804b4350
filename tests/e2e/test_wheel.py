"""The built wheel, installed in a fresh venv, finds its bundled course from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(ROOT)],
        check=True,
    )
    [wheel] = (work / "dist").glob("mhcourse-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)  # this pip installs into it: ensurepip would take seconds
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True)
    # The dependencies come from the test environment, so the test needs no network.
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.check_output([python, "-c", purelib], text=True).strip())
    (site / "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin" / "mhcourse"


def run(command: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(command), *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_wheel_carries_the_course(installed, tmp_path):
    bundled = sorted(p.stem for p in (ROOT / "modules").glob("*.toml"))
    assert bundled, "the repository has no modules"
    version = run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("mhcourse ")
    listed = run(installed, "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "site-packages" in listed.stdout  # read from the wheel, not the checkout
    for module_id in bundled:
        assert module_id in listed.stdout
    checked = run(installed, "validate", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.slow
def test_wheel_carries_the_compiled_catalogs(installed, tmp_path):
    """The .mo files ship in the wheel (committed beside their .po): the installed command speaks Spanish
    and French, with no Babel step at install time."""
    for language, words in (("es", "Un curso autoguiado"), ("fr", "Un cours autonome")):
        told = run(installed, "--lang", language, "--help", cwd=tmp_path)
        assert told.returncode == 0, told.stderr
        assert words in " ".join(told.stdout.split())
