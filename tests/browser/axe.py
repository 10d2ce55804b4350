"""axe-core, pinned in package.json and package-lock.json, installed by the test set-up and run on a page.

`npm ci --prefix tests/browser` runs once per machine (again when the pinned version changes), under a
file lock so the xdist workers that start at once do not install over each other.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from needs import missing

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pinned() -> str:
    return str(json.loads((HERE / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"])


def installed() -> str | None:
    try:
        return str(json.loads((AXE / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def axe_source() -> str:
    """axe.min.js of the pinned version, installed with `npm ci` first when it is missing or another version."""
    with open(HERE / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker installs; the others wait, then find it there
        if installed() != pinned():
            npm = shutil.which("npm")
            if npm is None:
                missing("npm not installed (it installs axe-core for the browser tests): apt-get install nodejs npm")
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)],
                                  capture_output=True, text=True, timeout=300, check=False)
            if done.returncode != 0 or installed() != pinned():
                missing(f"npm ci --prefix tests/browser failed:\n{done.stdout}\n{done.stderr}")
    return (AXE / "axe.min.js").read_text(encoding="utf-8")


RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations', 'incomplete']})
  .then(r => done({violations: r.violations, incomplete: r.incomplete}))
  .catch(e => done({error: String(e)}));
"""


def run_axe(driver: Any, source: str) -> dict[str, Any]:
    """axe's violations and incomplete items for the page now shown, with the WCAG 2.0-2.2 A and AA tags."""
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(source)  # webdriver's own script: the page's CSP does not apply to it
        if not getattr(driver, "axe_on_every_page", False):
            # and from now on in every page as it loads: sending 500 kB a page took most of each run's time
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
            driver.axe_on_every_page = True
    driver.set_script_timeout(60)
    result = driver.execute_async_script(RUN, TAGS)
    assert "error" not in result, result["error"]
    return dict(result)


def describe(items: list[dict[str, Any]]) -> str:
    """Each rule in full: id, impact, what it asks, and every element it found with axe's summary."""
    lines = []
    for rule in items:
        lines.append(f"- {rule['id']} ({rule.get('impact')}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend("      " + line for line in (node.get("failureSummary") or "").splitlines())
    return "\n".join(lines)
