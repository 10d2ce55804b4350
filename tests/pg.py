"""A throwaway PostgreSQL cluster for the tests: one per xdist worker, one fresh database per test.

The fixtures (`pg_cluster`, session-scoped, and `pg_url`, one database per test) are registered in
tests/conftest.py; this module does the work.

- initdb and pg_ctl come from the newest /usr/lib/postgresql/*/bin (Debian and Ubuntu), or from PATH
  (Homebrew, Fedora). Without them, or without psycopg, a test that asks for PostgreSQL is skipped with
  the reason, and fails under CI=true (tests/needs.py; .ci/run installs Debian's postgresql).
- PostgreSQL refuses to run as root, and CI runs as root: then every server command runs as the
  `postgres` OS user (runuser), in a folder under /tmp that user owns. Not under pytest's tmp_path (a
  0700 folder of root's), and short: the socket's path must stay under 100 bytes. As anyone else the
  commands run as ourselves.
- The server listens on a Unix socket in that folder alone (listen_addresses = ''), so the machine's own
  PostgreSQL (port 5432) is neither needed nor disturbed.
- fsync = off: the cluster is thrown away, and fsync only guards against the operating system crashing;
  measured here, CREATE DATABASE took 45-70 ms with it off and 140-220 ms with it on (DROP 6-16 ms
  against 30-120 ms).
  A commit still writes its WAL to the kernel before it returns (synchronous_commit stays on), so a
  test that kills the server (stop(mode="immediate")) loses nothing that was acknowledged.
- The cluster is stopped and its folder removed at the end of the session, at exit when the session
  crashes (atexit), and, should a run be killed outright, by the next run (a folder whose pytest process
  is gone: `sweep`).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from needs import missing, need_module

PREFIX = "mhpg-"
TMP = Path("/tmp")
PORT = 5432  # only the socket file's name (.s.PGSQL.5432): the cluster listens on no TCP port
SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",  # see the module's docstring
    "log_min_messages": "warning",
}


def binaries() -> Path | None:
    """The folder of the newest PostgreSQL's initdb and pg_ctl, or None when there is none."""
    def version(initdb: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", initdb.parent.parent.name)) or (0,)

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=version)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path and (Path(on_path).parent / "pg_ctl").exists():
        return Path(on_path).parent
    return None


def _server_env() -> dict[str, str]:
    """The environment of initdb and pg_ctl: the developer's PG* settings left out, messages in English."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    return env


class PgCluster:
    """One worker's PostgreSQL cluster: a data folder and a server on a Unix socket in `folder`.

    `url(db)` is a libpq URL for a database; `create_database()`/`drop_database()` make and remove one;
    `stop()` and `start()` stop the server and start it again on the same socket (the same URLs work).
    """

    def __init__(self, bindir: Path, worker: str) -> None:
        self.bindir = bindir
        self.as_postgres = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{worker}-{os.getpid()}-", dir=TMP))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.running = False
        self._names = itertools.count(1)
        self.timings: dict[str, float] = {}
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")

    # The server

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.folder, env=_server_env(), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=180)
        if check and done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed ({done.returncode}):\n"
                               f"{done.stdout}{done.stderr}\n{log}")
        return done

    def init(self) -> None:
        """initdb (trust authentication for the one superuser, postgres), then the settings above."""
        began = time.perf_counter()
        # -N: initdb does not fsync what it wrote (the cluster is thrown away); --locale=C sorts by bytes,
        # as SQLite's BINARY collation does, and needs -E UTF8 (C alone would mean SQL_ASCII).
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "-N")
        settings = {**SETTINGS, "unix_socket_directories": f"'{self.folder}'", "port": str(PORT)}
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/pg.py\n" + "".join(f"{key} = {value}\n" for key, value in settings.items()))
        self.timings["initdb"] = time.perf_counter() - began

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        began = time.perf_counter()
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120", "start")
        self.running = True
        self.timings["start"] = time.perf_counter() - began

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" (the usual shutdown: sessions are ended, a checkpoint is written),
        "smart" (waits for sessions to end) or "immediate" (as if the server had crashed)."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "120", "-m", mode, "stop")
        self.running = False

    def destroy(self) -> None:
        """Stop the server if it runs and remove the folder. Safe to call more than once."""
        if not self.folder.exists():
            return
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop", check=False)
        self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    # Databases

    def url(self, db: str = "postgres") -> str:
        """A libpq URL for database `db` on this cluster's socket, as the postgres superuser."""
        return f"postgresql://postgres@/{db}?host={self.folder}"

    def connect(self, db: str = "postgres", **options: Any) -> Any:
        """A psycopg connection to `db` (autocommit unless told otherwise)."""
        psycopg = need_module("psycopg", "psycopg is not installed: pip install -e '.[postgres]'")
        options.setdefault("autocommit", True)
        return psycopg.connect(self.url(db), port=PORT, connect_timeout=10, **options)

    def create_database(self, name: str | None = None) -> str:
        """A new, empty database (from template0), named t_<n> unless named; its name."""
        name = name or f"t_{next(self._names)}"
        if not self.running:
            self.start()
        with self.connect() as admin:
            # FILE_COPY copies the template's files (its checkpoints cost little with fsync off), about 20%
            # faster here than PostgreSQL 15's default, WAL_LOG, which writes the whole template to the WAL.
            strategy = " STRATEGY FILE_COPY" if admin.info.server_version >= 150000 else ""
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0{strategy}')
        return name

    def drop_database(self, name: str) -> None:
        """Drop the database, ending any session still connected to it; the server is started if a test
        left it stopped."""
        if not self.running:
            self.start()
        with self.connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sweep() -> None:
    """Stop and remove the clusters of test runs that were killed (their pytest process is gone)."""
    for folder in TMP.glob(f"{PREFIX}*"):
        found = re.match(rf"{PREFIX}[^-]+-(\d+)-", folder.name)
        if not found or _alive(int(found.group(1))):
            continue
        bindir = binaries()
        if bindir and (folder / "data" / "postmaster.pid").exists():
            command = [str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"]
            if os.geteuid() == 0:
                command = ["runuser", "-u", "postgres", "--", *command]
            subprocess.run(command, env=_server_env(), capture_output=True, stdin=subprocess.DEVNULL,
                           cwd=TMP, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def start_cluster() -> PgCluster:
    """This worker's cluster, initialised and started; skipped (failed under CI) without PostgreSQL."""
    need_module("psycopg", "psycopg is not installed: pip install -e '.[postgres]'")
    bindir = binaries()
    if bindir is None:
        missing("PostgreSQL's server programs are not installed (no /usr/lib/postgresql/*/bin/initdb, "
                "no initdb on PATH): apt-get install postgresql")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            missing("running as root, and there is no `postgres` user to run PostgreSQL as (it refuses root)")
        if shutil.which("runuser") is None:
            missing("running as root, and there is no runuser to run PostgreSQL as the `postgres` user")
    sweep()
    cluster = PgCluster(bindir, os.environ.get("PYTEST_XDIST_WORKER", "main"))
    atexit.register(cluster.destroy)
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        cluster.destroy()
        raise
    return cluster
