"""Start: from process start to the first screen painted, and the peak memory of that process.

Each run is a fresh `python benchmarks/start_child.py KIND` process, timed from just before it
is spawned until it has exited (start_child.py exits at the first frame of the first screen),
with its peak resident memory as the child reports it (VmHWM: the peak of the program itself;
a child's rusage would also count the runner's memory it shared between fork and exec). Runs
of the course and of the baseline (a minimal Textual app with one Markdown widget) alternate,
so both see the same machine; the ratio is the median of each course run over the baseline
run next to it. The course runs against a temporary data folder holding one profile (so the
first screen is "Who is learning?") and its own cache folder; the first, untimed run warms
that catalog cache (and the OS file cache), as any start after the first finds it warm.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Figure, Row, mib, ms, ms_spread

HERE = Path(__file__).resolve().parent
CHILD = HERE / "start_child.py"
RUNS = 20
WARM_UP = 2
TIME_BUDGET = 1.35
MEMORY_BUDGET = 1.30


def _environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MHCOURSE_", "TEXTUAL", "XDG_"))}
    env.update(
        MHCOURSE_DATA_DIR=str(tmp / "data"),
        MHCOURSE_CACHE_DIR=str(tmp / "cache"),
        MHCOURSE_CONFIG=str(tmp / "no-config.toml"),  # no site or user config from this machine
        XDG_DATA_DIRS=str(tmp / "site-data"),  # no site-wide modules from this machine
        XDG_CONFIG_DIRS=str(tmp / "site-config"),
        BENCH_SCREEN_FILE=str(tmp / "screen.txt"),
        BENCH_MEMORY_FILE=str(tmp / "memory.txt"),
    )
    env.pop("NO_COLOR", None)
    return env


def _one_profile(data: Path) -> None:
    from mhcourse.progress.store import Store

    store = Store.open(data)
    try:
        store.create_profile("Robin")
    finally:
        store.close()


def _run(kind: str, env: dict[str, str], log: Path) -> tuple[float, float]:
    """Seconds from spawn to exit, and peak RSS in KiB (as the child measured it), of one start."""
    memory = Path(env["BENCH_MEMORY_FILE"])
    memory.unlink(missing_ok=True)
    with open(log, "wb") as err:
        start = time.perf_counter()
        child = subprocess.run([sys.executable, str(CHILD), kind], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=err)
        seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"start_child.py {kind} exited {child.returncode}:\n{log.read_text(errors='replace')}")
    return seconds, float(memory.read_text())


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-start-") as name:
        tmp = Path(name)
        _one_profile(tmp / "data")
        env = _environment(tmp)
        log = tmp / "stderr.txt"
        screen = Path(env["BENCH_SCREEN_FILE"])
        for _ in range(WARM_UP):
            _run("baseline", env, log)
            _run("mhcourse", env, log)
        shown = screen.read_text().strip()
        if shown != "ProfileScreen":
            raise RuntimeError(f"the course's first screen was {shown}, not the profile chooser")
        if not list((tmp / "cache" / "catalog").glob("*.jsonl")):
            raise RuntimeError("the warm-up run left no catalog cache")
        times: dict[str, list[float]] = {"baseline": [], "mhcourse": []}
        peaks: dict[str, list[float]] = {"baseline": [], "mhcourse": []}
        for i in range(RUNS):
            for kind in (("baseline", "mhcourse") if i % 2 == 0 else ("mhcourse", "baseline")):
                seconds, peak = _run(kind, env, log)
                times[kind].append(seconds)
                peaks[kind].append(peak)
    course, base = Figure(times["mhcourse"]), Figure(times["baseline"])
    course_mem, base_mem = Figure(peaks["mhcourse"]), Figure(peaks["baseline"])
    # Each run over the baseline run next to it, then the median: robust to a machine that slows down a while.
    time_ratio = Figure([c / b for c, b in zip(times["mhcourse"], times["baseline"])]).median
    mem_ratio = Figure([c / b for c, b in zip(peaks["mhcourse"], peaks["baseline"])]).median
    return [
        Row("Start: process start → first screen painted", ms(course.median), ms_spread(course),
            ms(base.median), f"{time_ratio:.2f}×", f"≤ {TIME_BUDGET}×", time_ratio <= TIME_BUDGET),
        Row("Start: peak memory (RSS)", mib(course_mem.median), f"{mib(course_mem.low)} – {mib(course_mem.high)}",
            mib(base_mem.median), f"{mem_ratio:.2f}×", f"≤ {MEMORY_BUDGET}×", mem_ratio <= MEMORY_BUDGET),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
