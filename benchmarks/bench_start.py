"""Start: from process start to the first screen painted, and the peak memory of that process.

Each run is a fresh `python benchmarks/start_child.py KIND` process. The child reports the
seconds since it was spawned (the runner passes the time just before spawning) and its peak
resident memory so far (VmHWM: the peak of the program itself; a child's rusage would also
count the runner's memory it shared between fork and exec), at three moments: its first screen
painted, ready for the first key (for the course, its catalog loaded, which it does a moment
after the first frame: from a warm cache, in outline; for the baseline, the same moment as painted), and
its full modules loaded (the course does this at the next idle moment after ready; shown, not budgeted, so
nothing is hidden by the deferral). Runs of the course and of
the baseline (a minimal Textual app with one Markdown widget) alternate, so both see the same
machine; a ratio is the median of each course run over the baseline run next to it, against the
baseline's first paint. The course runs against a temporary data folder holding one profile (so
the first screen is "Who is learning?") and its own cache folder; the first, untimed run warms
that catalog cache, the compiled bytecode of every module (PYTHONDONTWRITEBYTECODE is dropped) and the OS
file cache, as any start after the first finds them warm.

The course is measured twice: in English, and with a translation loaded (MHCOURSE_LANG=es: the Spanish
catalog read at start-up, the Spanish modules in the course). Both are held to the same budgets, each run
against the baseline run next to it; the three kinds take turns.
"""

from __future__ import annotations

import json
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
TIME_BUDGET = 1.15
READY_BUDGET = 1.25
MEMORY_BUDGET = 1.30


def _environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MHCOURSE_", "TEXTUAL", "XDG_"))}
    env.update(
        MHCOURSE_DATA_DIR=str(tmp / "data"),
        MHCOURSE_CACHE_DIR=str(tmp / "cache"),
        XDG_DATA_DIRS=str(tmp / "site-data"),  # no site-wide modules from this machine
        XDG_CONFIG_DIRS=str(tmp / "site-config"),  # no site or user config from this machine
        XDG_CONFIG_HOME=str(tmp / "user-config"),
        BENCH_RESULT_FILE=str(tmp / "result.json"),
    )
    env.pop("NO_COLOR", None)
    # An installed course starts from compiled bytecode (pip compiles a wheel as it installs it): a shell that
    # forbids writing it would make every start compile the course's modules again, and measure that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _one_profile(data: Path) -> None:
    from mhcourse.progress.store import Store

    store = Store.open(data)
    try:
        store.create_profile("Robin")
    finally:
        store.close()


LANGUAGES = {"baseline": None, "mhcourse": None, "mhcourse-es": "es"}
"""Each kind of run and the MHCOURSE_LANG it starts with (the child starts "mhcourse" for both courses)."""


def _run(kind: str, env: dict[str, str], log: Path) -> dict:
    """One start: the child's figures (screen, seconds and peak KiB at first paint and when ready)."""
    result = Path(env["BENCH_RESULT_FILE"])
    result.unlink(missing_ok=True)
    language = LANGUAGES[kind]
    with open(log, "wb") as err:
        env = {**env, "BENCH_SPAWNED_AT": repr(time.time()), **({"MHCOURSE_LANG": language} if language else {})}
        child = subprocess.run([sys.executable, str(CHILD), kind.split("-")[0]], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=err)
    if child.returncode != 0 or not result.exists():
        raise RuntimeError(f"start_child.py {kind} exited {child.returncode}:\n{log.read_text(errors='replace')}")
    return json.loads(result.read_text())


def _paired_ratio(course: list[float], base: list[float]) -> float:
    """Each course run over the baseline run next to it, then the median: robust to a machine that slows a while."""
    return Figure([c / b for c, b in zip(course, base, strict=True)]).median


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-start-") as name:
        tmp = Path(name)
        _one_profile(tmp / "data")
        env = _environment(tmp)
        log = tmp / "stderr.txt"
        for _ in range(WARM_UP):
            _run("baseline", env, log)
            shown = {_run(kind, env, log)["screen"] for kind in ("mhcourse", "mhcourse-es")}
        if shown != {"ProfileScreen"}:
            raise RuntimeError(f"the course's first screen was {shown}, not the profile chooser")
        if not list((tmp / "cache" / "catalog").glob("*.jsonl")):
            raise RuntimeError("the warm-up run left no catalog cache")
        runs: dict[str, list[dict]] = {kind: [] for kind in LANGUAGES}
        kinds = list(LANGUAGES)
        for i in range(RUNS):
            for kind in kinds[i % 3:] + kinds[:i % 3]:  # each kind first, second and third in turn
                runs[kind].append(_run(kind, env, log))

    def figures(kind: str, key: str) -> list[float]:
        return [r[key] for r in runs[kind]]

    base_time, base_mem = figures("baseline", "painted"), figures("baseline", "painted_peak")
    rows = []
    for kind, language in (("mhcourse", ""), ("mhcourse-es", " (in Spanish: MHCOURSE_LANG=es)")):
        for key, label, budget in (("painted", "first screen painted", TIME_BUDGET),
                                   ("ready", "catalog loaded, ready for the first key", READY_BUDGET),
                                   ("loaded", "full modules loaded (the next idle moment after)", None)):
            times = figures(kind, key)
            ratio = _paired_ratio(times, base_time)
            rows.append(Row(f"Start: process start → {label}{language}", ms(Figure(times).median),
                            ms_spread(Figure(times)), ms(Figure(base_time).median), f"{ratio:.2f}×",
                            f"≤ {budget}×" if budget else "none", ratio <= budget if budget else None))
    for key, label, budget in (("painted_peak", "at first paint", MEMORY_BUDGET),
                               ("loaded_peak", "once the full modules are loaded", None)):
        peaks = Figure(figures("mhcourse", key))
        ratio = _paired_ratio(peaks.samples, base_mem)
        rows.append(Row(f"Start: peak memory (RSS) {label}", mib(peaks.median), f"{mib(peaks.low)} – {mib(peaks.high)}",
                        mib(Figure(base_mem).median), f"{ratio:.2f}×", f"≤ {budget}×" if budget else "none",
                        ratio <= budget if budget else None))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
