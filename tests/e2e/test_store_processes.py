"""The store under real processes: two writers at once lose nothing, and a kill at any moment loses no commit.

Each child (store_child.py) prints an answer's question id only after its commit returned,
and the parent reads those ids through the pipe.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mhcourse.learning.quiz import QuizPlan
from mhcourse.progress.store import Store

CHILD = Path(__file__).with_name("store_child.py")
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start_attempt(data: Path, name: str = "Robin") -> int:
    store = Store.open(data)
    try:
        profile = store.profile(name) or store.create_profile(name)
        return store.start_attempt(profile.id, "small", QuizPlan(()), 0.5).id
    finally:
        store.close()


def spawn(data: Path, attempt_id: int, prefix: str, count: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data), str(attempt_id), prefix, str(count)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdout.readline() == "ready\n", child.stderr.read()
    return child


def answered(data: Path, attempt_id: int) -> dict[str, int]:
    db = sqlite3.connect(data / "progress.db")
    try:
        return dict(db.execute("SELECT question_id, position FROM answers WHERE attempt_id = ?", (attempt_id,)))
    finally:
        db.close()


def test_two_processes_recording_at_once_lose_nothing(tmp_path):
    data = tmp_path / "data"
    attempt_id = start_attempt(data)
    children = [spawn(data, attempt_id, prefix, 500) for prefix in ("first", "second")]
    for child in children:  # both are open and waiting: let them go together
        child.stdin.write("go\n")
        child.stdin.flush()
    reported = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        reported.append(out.split())

    assert [len(r) for r in reported] == [500, 500]
    rows = answered(data, attempt_id)
    assert set(rows) == set(reported[0]) | set(reported[1])
    assert len(rows) == 1000
    assert sorted(rows.values()) == list(range(1000))  # each answer its own place in the attempt


@pytest.mark.slow
def test_a_process_killed_at_any_moment_loses_no_commit(tmp_path):
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    data = tmp_path / "data"
    for round_ in range(20):
        attempt_id = start_attempt(data)  # also proves the store opens after the last kill
        child = spawn(data, attempt_id, f"round{round_}", -1)
        child.stdin.write("go\n")
        child.stdin.flush()
        reported = [child.stdout.readline() for _ in range(rng.randrange(0, 60))]
        time.sleep(rng.uniform(0, 0.02))  # anywhere in the next commit, or between two
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL
        reported += rest.splitlines(keepends=True)
        committed = [line.strip() for line in reported if line.endswith("\n")]

        store = Store.open(data)
        try:
            assert store.notice is None, f"seed {seed}, round {round_}: {store.notice}"
            assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",), f"seed {seed}, round {round_}"
        finally:
            store.close()
        missing = set(committed) - set(answered(data, attempt_id))
        assert not missing, f"seed {seed}, round {round_}: reported but not stored: {sorted(missing)[:5]}"
