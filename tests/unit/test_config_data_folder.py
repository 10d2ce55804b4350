"""The site configuration's data folder: where progress goes, shared folders' permissions, and a network
filesystem refused in plain words."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest
from test_config import write

from mhcourse.cli import main
from mhcourse.errors import StoreError
from mhcourse.progress.shared import (
    bsd_mounts,
    is_group_shared,
    linux_mounts,
    mount_of,
    network_filesystem,
    refuse_network_folder,
)
from mhcourse.site.settings import Settings

# -- the data folder -----------------------------------------------------------------------------------------


def test_the_data_folder_comes_from_the_config_when_no_option_or_environment_names_one(tmp_path, monkeypatch):
    path = write(tmp_path / "conf" / "site.toml", '[data]\nfolder = "shared-data"\n')
    monkeypatch.delenv("MHCOURSE_DATA_DIR")
    assert Settings.resolve(config=str(path)).data_dir == tmp_path / "conf" / "shared-data"
    monkeypatch.setenv("MHCOURSE_DATA_DIR", str(tmp_path / "env"))
    assert Settings.resolve(config=str(path)).data_dir == tmp_path / "env"
    assert Settings.resolve(str(tmp_path / "option"), config=str(path)).data_dir == tmp_path / "option"


def test_progress_goes_to_the_configured_folder(tmp_path, monkeypatch, capsys):
    path = write(tmp_path / "site.toml", f'[data]\nfolder = "{tmp_path / "centre"}"\n')
    monkeypatch.delenv("MHCOURSE_DATA_DIR")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # `read` makes the store, then nothing is typed
    assert main(["read", "--config", str(path)]) == 0
    assert (tmp_path / "centre" / "progress.db").is_file()


@pytest.mark.skipif(os.name != "posix", reason="group permissions are POSIX")
def test_a_shared_folder_gets_group_writable_files(tmp_path, monkeypatch):
    from mhcourse.commands._common import open_store

    folder = tmp_path / "shared"
    path = write(tmp_path / "site.toml", f'[data]\nfolder = "{folder}"\nshared = true\n')
    monkeypatch.delenv("MHCOURSE_DATA_DIR")
    before = os.umask(0o022)
    try:
        settings = Settings.resolve(config=str(path))
        assert settings.data_shared
        store = open_store(settings)
        store.create_profile("Robin")
        store.close()
        assert os.umask(0o022) == 0o022  # put back after opening
    finally:
        os.umask(before)
    assert is_group_shared(folder)
    assert stat.S_IMODE((folder / "progress.db").stat().st_mode) & 0o060 == 0o060


@pytest.mark.skipif(os.name != "posix", reason="group permissions are POSIX")
def test_a_setgid_group_writable_folder_counts_as_shared(tmp_path):
    folder = tmp_path / "group"
    folder.mkdir()
    folder.chmod(0o2770)
    assert is_group_shared(folder)
    folder.chmod(0o700)
    assert not is_group_shared(folder)


PROC_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec 0 0
server:/export/home /home nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /home/local ext4 rw 0 0
//nas/share /mnt/Shared\\040Drive cifs rw,vers=3.0 0 0
tmpfs /srv tmpfs rw 0 0
server:/srv /srv nfs rw 0 0
user@host:/data /mnt/ssh fuse.sshfs rw 0 0
C:\\134 /mnt/c 9p rw 0 0
"""


@pytest.mark.parametrize("folder, kind", [
    ("/home/robin/.local/share/mhcourse", "nfs4"),
    ("/home/local/mhcourse", None),          # a local disk mounted inside the network one
    ("/home", "nfs4"),
    ("/homework/mhcourse", None),            # not under /home
    ("/mnt/Shared Drive/mhcourse", "cifs"),  # \040 is a space
    ("/srv/mhcourse", "nfs"),                # the later mount on /srv hides the first
    ("/mnt/ssh/x", "fuse.sshfs"),
    ("/mnt/c/Users/robin", "9p"),
    ("/var/lib/mhcourse", None),
])
def test_a_network_filesystem_is_found_from_proc_mounts(folder, kind):
    assert network_filesystem(Path(folder), PROC_MOUNTS, platform="linux") == kind


def test_the_mount_table_is_parsed():
    assert ("/mnt/Shared Drive", "cifs") in linux_mounts(PROC_MOUNTS)
    assert mount_of("/tmp/x", linux_mounts(PROC_MOUNTS)) == ("/", "ext4")


def test_macos_mount_output_is_understood():
    text = ("/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
            "//robin@nas._smb._tcp.local/Courses on /Volumes/Courses (smbfs, nodev, nosuid, mounted by robin)\n"
            "server:/export on /Volumes/NFS Share (nfs, nodev, nosuid)\n")
    assert ("/Volumes/NFS Share", "nfs") in bsd_mounts(text)
    assert network_filesystem(Path("/Volumes/Courses/mhcourse"), text, platform="darwin") == "smbfs"
    assert network_filesystem(Path("/Volumes/NFS Share/x"), text, platform="darwin") == "nfs"
    assert network_filesystem(Path("/Users/robin/mhcourse"), text, platform="darwin") is None


def test_a_network_data_folder_is_refused_in_plain_words():
    with pytest.raises(StoreError, match=r"network drive \(nfs4\).*own disk"):
        refuse_network_folder(Path("/home/robin/data"), PROC_MOUNTS, platform="linux")
    refuse_network_folder(Path("/var/lib/mhcourse"), PROC_MOUNTS, platform="linux")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sample mount table is Linux's")
def test_commands_that_open_the_store_exit_3_on_a_network_folder(monkeypatch, capsys, isolated):
    from mhcourse.progress import shared

    mounts = f"/dev/sda1 / ext4 rw 0 0\nserver:/x {os.path.realpath(isolated)} nfs4 rw 0 0\n"
    monkeypatch.setattr(shared, "_read_mounts", lambda platform: mounts)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["read"]) == 3  # `profile list` and the like first say there is no progress there
    assert "network drive (nfs4)" in capsys.readouterr().err
    assert main(["list"]) == 0  # the catalog alone needs no store




@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sample mount table is Linux's")
def test_config_check_reports_a_network_data_folder_from_the_config(tmp_path, monkeypatch, capsys):
    from mhcourse.progress import shared

    text = f'[data]\nfolder = "{tmp_path / "net" / "mhcourse"}"\n'
    path = write(tmp_path / "site.toml", text)
    mounts = f"/dev/sda1 / ext4 rw 0 0\nserver:/x {os.path.realpath(tmp_path / 'net')} nfs rw 0 0\n"
    monkeypatch.setattr(shared, "_read_mounts", lambda platform: mounts)
    monkeypatch.delenv("MHCOURSE_DATA_DIR")
    assert main(["config", "check", "--config", str(path)]) == 2
    assert f"{path}:2: data.folder: the data folder" in capsys.readouterr().out
