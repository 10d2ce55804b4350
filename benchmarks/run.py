"""Run the benchmarks, print one table, and exit 1 when a budget is missed (`make bench`).

    python benchmarks/run.py                     # all of them (a few minutes on 2 cores)
    python benchmarks/run.py --only start,store  # some of them
    python benchmarks/run.py --wait-for-quiet 300  # wait up to 300 s before each group for a quiet machine

Each figure is the median of several runs, with its spread (fastest – slowest); a budget that
is a ratio compares with a baseline measured in the same run, so it holds on a noisy machine.
Each group runs in a fresh interpreter of its own, as a learner's `mhcourse` does, so no group
measures what another left in memory. The method and the latest results are in
docs/performance.md. `make test` never runs these.

The 1-minute load average is printed before and after each group. When it was above the threshold
(1.0, `--load-threshold`) before a group, that group's figures are printed marked "not judged" and
the run exits 2, saying which group and why: a busy machine gives false misses and false passes
alike. `--wait-for-quiet SECONDS` polls the load before each group until it is at or under the
threshold, giving up (and then refusing to judge) after that long.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Row  # noqa: E402

LOAD_THRESHOLD = 1.0
"""The highest 1-minute load average before a group at which its figures are judged (docs/performance.md)."""
POLL_SECONDS = 5.0
GROUPS = ("start", "catalog", "store", "postgres", "review", "interaction", "web")


def machine() -> str:
    import textual

    from mhcourse import __version__

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}){memory}; "
            f"Python {platform.python_version()}, Textual {textual.__version__}, mhcourse {__version__}")


def load_average() -> float | None:
    """The 1-minute load average, or None where the system has none (Windows)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def wait_for_quiet(group: str, threshold: float, patience: float) -> float | None:
    """Poll the load until it is at or under `threshold` or `patience` seconds have passed; the last reading."""
    load = load_average()
    deadline = time.monotonic() + patience
    if load is not None and load > threshold and patience > 0:
        print(f"waiting up to {patience:.0f} s for the load ({load:.2f}) to fall to {threshold:.2f} before {group} ...",
              file=sys.stderr, flush=True)
    while load is not None and load > threshold and time.monotonic() < deadline:
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))
        load = load_average()
    return load


def shown_load(load: float | None) -> str:
    return "unknown" if load is None else f"{load:.2f}"


def table(rows: list[Row]) -> str:
    head = ("Benchmark", "Median", "Spread", "Baseline", "Ratio", "Budget", "Result")
    cells = [head] + [(r.name, r.value, r.spread, r.baseline, r.ratio, r.budget, r.verdict) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(head))).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated, from: {', '.join(GROUPS)}")
    parser.add_argument("--load-threshold", type=float, default=LOAD_THRESHOLD, metavar="LOAD",
                        help=f"judge a group only if the 1-minute load average before it is at most this "
                             f"(default {LOAD_THRESHOLD})")
    parser.add_argument("--wait-for-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="before each group, wait up to this long for the load to fall to the threshold")
    parser.add_argument("--rows-to", type=Path, help=argparse.SUPPRESS)  # a child running one group
    args = parser.parse_args(argv)
    if args.rows_to:
        return run_here(args.only, args.rows_to)
    chosen = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    print(machine(), flush=True)
    rows: list[Row] = []
    loads: list[str] = []
    refused: list[str] = []
    began = time.perf_counter()
    for group in GROUPS:
        if group not in chosen:
            continue
        before = wait_for_quiet(group, args.load_threshold, args.wait_for_quiet)
        print(f"running {group} (load average, 1 minute: {shown_load(before)}) ...", file=sys.stderr, flush=True)
        group_rows = run_apart(group)
        after = load_average()
        print(f"{group} done (load average, 1 minute: {shown_load(after)})", file=sys.stderr, flush=True)
        loads.append(f"{group} {shown_load(before)} → {shown_load(after)}")
        if before is not None and before > args.load_threshold:
            refused.append(f"{group} (load {before:.2f} before it)")
            for row in group_rows:
                if row.ok is not None:
                    row.ok, row.note = None, "not judged"
        rows.extend(group_rows)
    print(table(rows))
    print(f"\nLoad average (1 minute) before → after each group: {'; '.join(loads)}.")
    missed = [r.name for r in rows if r.missed]
    judged = sum(r.ok is not None for r in rows)
    print(f"{len(rows)} figures in {time.perf_counter() - began:.0f} s; {judged} budget(s) judged, "
          + (f"{len(missed)} missed." if missed else "none missed."))
    if refused:
        print(f"NOT JUDGED: the 1-minute load average was above {args.load_threshold:.2f} before "
              f"{', '.join(refused)}, so the machine was busy and its figures are neither a miss nor a pass. "
              "Run again on a quiet machine, or with --wait-for-quiet SECONDS.", flush=True)
        return 2
    return 1 if missed else 0


def run_apart(group: str) -> list[Row]:
    """One group's rows, measured in a fresh interpreter."""
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-") as tmp:
        rows_file = Path(tmp) / "rows.json"
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--only", group, "--rows-to", str(rows_file)],
                       check=True)
        return [Row(**fields) for fields in json.loads(rows_file.read_text(encoding="utf-8"))]


def run_here(group: str, rows_file: Path) -> int:
    module = __import__(f"bench_{group}")
    rows = [dataclasses.asdict(row) for row in module.run()]
    rows_file.write_text(json.dumps(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
