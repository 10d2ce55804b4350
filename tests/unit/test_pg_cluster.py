"""The throwaway PostgreSQL cluster the store's tests run on (tests/pg.py) works, and goes away."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import pg


def test_a_database_of_its_own_keeps_what_is_written(pg_url):
    psycopg = pytest.importorskip("psycopg")
    assert pg_url.startswith("postgresql://postgres@/t_") and "?host=/tmp/mhpg-" in pg_url
    with psycopg.connect(pg_url) as conn:  # one transaction, committed when the block ends
        conn.execute("CREATE TABLE answers (learner text PRIMARY KEY, score integer NOT NULL)")
        conn.execute("INSERT INTO answers VALUES (%s, %s), (%s, %s)", ("ada", 3, "bo", 5))
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT learner, score FROM answers ORDER BY learner").fetchall() == [
            ("ada", 3), ("bo", 5)]
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)


def test_the_server_stopped_and_started_again_keeps_the_data_and_the_url(pg_cluster, pg_url):
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE t (n integer)")
        conn.execute("INSERT INTO t VALUES (1)")
    held = psycopg.connect(pg_url)
    pg_cluster.stop()
    with pytest.raises(psycopg.OperationalError):
        held.execute("SELECT 1")  # the session the server ended is broken, as a learner's would be
    held.close()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(pg_url, connect_timeout=2)
    pg_cluster.start()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO t VALUES (2)")  # acknowledged, then the server "crashes"
    pg_cluster.stop(mode="immediate")
    pg_cluster.start()
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,)]


def test_two_databases_are_separate(pg_cluster, pg_url):
    psycopg = pytest.importorskip("psycopg")
    other = pg_cluster.create_database()
    try:
        with psycopg.connect(pg_url) as conn:
            conn.execute("CREATE TABLE only_here (n integer)")
        with psycopg.connect(pg_cluster.url(other)) as conn:
            assert conn.execute("SELECT to_regclass('only_here')").fetchone() == (None,)
    finally:
        pg_cluster.drop_database(other)
    with pg_cluster.connect() as admin:
        assert admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (other,)).fetchone() is None


def test_the_cluster_listens_on_its_own_short_socket_alone(pg_cluster):
    socket = pg_cluster.folder / ".s.PGSQL.5432"
    assert socket.is_socket() and len(str(socket).encode()) < 100
    assert str(pg_cluster.folder).startswith("/tmp/mhpg-")
    with pg_cluster.connect() as admin:
        assert admin.execute("SHOW listen_addresses").fetchone() == ("",)
        assert admin.execute("SELECT current_user").fetchone() == ("postgres",)


def test_a_cluster_is_removed_with_its_server():
    """What the session's end (and atexit) does: the server stops and the folder goes."""
    cluster = pg.start_cluster()
    folder, pid = cluster.folder, int((cluster.data / "postmaster.pid").read_text().split()[0])
    cluster.destroy()
    cluster.destroy()  # the session's end and atexit may both call it
    assert not folder.exists()
    assert not Path(f"/proc/{pid}").exists() or not _is_postgres(pid)


def _is_postgres(pid: int) -> bool:
    try:
        return "postgres" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def test_a_killed_runs_cluster_is_swept_away():
    """A run killed outright leaves its folder (and server) behind: the next run removes it."""
    ended = subprocess.Popen(["true"])
    dead = ended.pid
    ended.wait()
    stale = pg.TMP / f"{pg.PREFIX}gw9-{dead}-stale"
    (stale / "data").mkdir(parents=True)
    pg.sweep()
    assert not stale.exists()
