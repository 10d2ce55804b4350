"""Web: 50 simulated learners against one server, and the terminal page's memory per learner.

Load: one server process (`mhcourse serve --port P` on a temporary data folder) and one client
process (benchmarks/web_learners.py): 50 learners, each its own aiohttp session, sign in (a profile
each) and answer a question every 2 s for 60 s by
reading the page's forms. Figures: the 95th percentile and the slowest of every request's time
(budget: p95 < 100 ms), and the server's memory per added learner: its resident set (VmRSS) after
a one-learner warm-up, then once the 50 have finished (still signed in), (after - before) / 50
(budget < 2 MiB).

Terminal page: `mhcourse serve --terminal` with 3 websocket sessions opened as textual-serve's page
opens them (/ws with the size in the query, then a "resize" message); each starts a process of its
own. Figure: the resident sets of every process the server started, summed once they have settled,
per session. No budget.

Loopback only; every loop is bounded; every process started here is stopped by its id at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from common import Figure, Row, mib, ms

HERE = Path(__file__).resolve().parent
LEARNERS = 50
SECONDS = 60.0
EVERY = 2.0
BUDGET_P95 = 0.100
BUDGET_KIB_PER_LEARNER = 2048
TERMINAL_SESSIONS = 3
READY_TIMEOUT = 30.0
SETTLE_TIMEOUT = 30.0


# -- processes and their memory (from /proc: psutil is not a dependency) --------------------------


def rss_kib(pid: int) -> int:
    """The process's resident set (VmRSS), in KiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children, ...)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name in brackets may hold spaces
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far (user + system), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    """The machine's one-minute load average: other work on the 2 cores shows in the times."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(tmp: Path) -> dict[str, str]:
    """No site or user config, modules or data of this machine: a fresh data folder and cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MHCOURSE_", "TEXTUAL", "XDG_"))}
    env.update(
        MHCOURSE_DATA_DIR=str(tmp / "data"),
        MHCOURSE_CACHE_DIR=str(tmp / "cache"),
        XDG_DATA_DIRS=str(tmp / "site-data"),
        XDG_CONFIG_DIRS=str(tmp / "site-config"),
        XDG_CONFIG_HOME=str(tmp / "user-config"),
    )
    return env


@contextmanager
def server(argv: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The server, once it accepts connections on `port`; stopped (and what it started) at the end."""
    with log.open("ab") as out:
        process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {process.returncode}): {log.read_text()[-2000:]}")
            with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start in {READY_TIMEOUT:.0f} s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl+C, as a facilitator stops it; then, by id, whatever of it and its children is left."""
    left = descendants(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
    for pid in left:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# -- the load -------------------------------------------------------------------------------------------


def learners(port: int, env: dict[str, str], count: int, seconds: float, names: str) -> dict:
    argv = [sys.executable, str(HERE / "web_learners.py"), "--url", f"http://127.0.0.1:{port}",
            "--learners", str(count), "--seconds", str(seconds), "--every", str(EVERY), "--names", names]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 120)
    if done.returncode != 0:
        raise RuntimeError(f"the simulated learners failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout)


def load(tmp: Path, env: dict[str, str]) -> list[Row]:
    port = free_port()
    argv = [sys.executable, "-m", "mhcourse", "serve", "--port", str(port)]
    with server(argv, env, port, tmp / "web-server.log") as process:
        fresh = rss_kib(process.pid)
        learners(port, env, 1, 4 * EVERY, "Warm-up")  # templates compiled, catalog and pages loaded
        time.sleep(1)
        before, cpu, began = rss_kib(process.pid), cpu_seconds(process.pid), time.monotonic()
        result = learners(port, env, LEARNERS, SECONDS, "Learner")
        busy = (cpu_seconds(process.pid) - cpu) / (time.monotonic() - began)
        machine_load = load_average()
        time.sleep(1)
        after = rss_kib(process.pid)
    times = Figure(result["times"])
    errors = sum(result["errors"].values())
    print(f"  web learners did: {result['did']}; errors: {result['errors'] or 'none'}; "
          f"server busy {busy:.0%} of a core "
          f"(learners signed in and all); load average {machine_load:.1f} at the end; RSS {mib(fresh)} started, "
          f"{mib(before)} after the warm-up, {mib(after)} with {LEARNERS} more", file=sys.stderr)
    for kind, (count, p95) in sorted(result["kinds"].items()):
        print(f"    {kind}: {count} requests, p95 {ms(p95)}", file=sys.stderr)
    per_learner = (after - before) / LEARNERS
    return [
        Row(f"Web: page response, {LEARNERS} learners answering every {EVERY:.0f} s for {SECONDS:.0f} s",
            f"p95 {ms(times.percentile(95))} (median {ms(times.median)})",
            f"slowest {ms(times.high)}; {len(times.samples)} requests, {errors} errors; load {machine_load:.1f}",
            budget=f"p95 < {BUDGET_P95 * 1000:.0f} ms, no errors",
            ok=times.percentile(95) < BUDGET_P95 and errors == 0),
        Row(f"Web: server memory per added learner ({LEARNERS} signed in)", f"{per_learner / 1024:.2f} MiB",
            f"RSS {mib(before)} → {mib(after)}", budget=f"< {BUDGET_KIB_PER_LEARNER / 1024:.0f} MiB",
            ok=per_learner < BUDGET_KIB_PER_LEARNER),
    ]


# -- the terminal page ----------------------------------------------------------------------------------


async def _terminal_sessions(port: int, process: subprocess.Popen[bytes]) -> tuple[int, int]:
    """Open the sessions, wait until their processes' memory settles; (KiB in all, processes)."""
    import aiohttp

    async with aiohttp.ClientSession() as http:
        sockets = []
        for _ in range(TERMINAL_SESSIONS):
            ws = await http.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
            await ws.send_json(["resize", {"width": 80, "height": 24}])  # what the page sends on opening
            sockets.append(ws)
        drains = [asyncio.create_task(_drain(ws)) for ws in sockets]  # read the screens, as a page does
        try:
            total, count = await _settled(process.pid)
        finally:
            for ws in sockets:
                await ws.close()
            for task in drains:
                task.cancel()
            await asyncio.gather(*drains, return_exceptions=True)
    return total, count


async def _drain(ws) -> None:  # type: ignore[no-untyped-def]
    async for _ in ws:
        pass


async def _settled(pid: int) -> tuple[int, int]:
    """The children's summed RSS once it has stopped growing (under 1% over 3 s), or at the timeout."""
    samples: list[int] = []
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        children = descendants(pid)
        samples.append(sum(rss_kib(child) for child in children))
        if len(samples) > 6 and samples[-1] > 0 and samples[-1] <= samples[-7] * 1.01:
            break
    return samples[-1], len(children)


def terminal(tmp: Path, env: dict[str, str]) -> list[Row]:
    port = free_port()
    argv = [sys.executable, "-m", "mhcourse", "serve", "--terminal", "--port", str(port)]
    with server(argv, env, port, tmp / "terminal-server.log") as process:
        total, count = asyncio.run(_terminal_sessions(port, process))
    print(f"  terminal page: {count} processes for {TERMINAL_SESSIONS} sessions, {mib(total)} in all",
          file=sys.stderr)
    return [Row(f"Terminal page: memory per learner ({TERMINAL_SESSIONS} sessions, a process each)",
                mib(total / TERMINAL_SESSIONS), f"{mib(total)} for {TERMINAL_SESSIONS}", budget="none")]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-web-") as name:
        tmp = Path(name)
        rows = load(tmp, environment(tmp))
        return rows + terminal(tmp, environment(tmp / "terminal"))


if __name__ == "__main__":
    for row in run():
        print(row)
