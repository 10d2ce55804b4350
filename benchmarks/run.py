"""Run the benchmarks, print one table, and exit 1 when a budget is missed (`make bench`).

    python benchmarks/run.py                     # all of them (a few minutes on 2 cores)
    python benchmarks/run.py --only start,store  # some of them

Each figure is the median of several runs, with its spread (fastest – slowest); a budget that
is a ratio compares with a baseline measured in the same run, so it holds on a noisy machine.
Each group runs in a fresh interpreter of its own, as a learner's `mhcourse` does, so no group
measures what another left in memory. The method and the latest results are in
docs/performance.md. `make test` never runs these.
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
    began = time.perf_counter()
    for group in GROUPS:
        if group not in chosen:
            continue
        print(f"running {group} ...", file=sys.stderr, flush=True)
        rows.extend(run_apart(group))
    print(table(rows))
    missed = [r.name for r in rows if r.missed]
    print(f"\n{len(rows)} figures in {time.perf_counter() - began:.0f} s; "
          + (f"{len(missed)} budget(s) missed." if missed else "every budget met."))
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
