"""Every SQL statement is the store's (a PostgreSQL engine comes later, and must find them all in one
place): no module under src/mhcourse outside progress/store/ runs SQL or imports sqlite3, except those
listed here, each with its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "mhcourse"
STORE = SRC / "progress" / "store"

ALLOWED = {
    "progress/faults.py": "turns SQLite's errors into SaveFailed in plain words, and names them (ENGINE_ERRORS) "
                          "for the faces and commands to catch",
    "progress/pins.py": "PinLocks is a part of Store (mixed into it, on the store's connection); it moves into "
                        "progress/store/ once its PIN hashing has its own leaf module (mhcourse/pins.py)",
}
RUNS_SQL = re.compile(r"\.execute(many|script)?\(")


def imports_sqlite3(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "sqlite3" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
            return True
    return False


def outside_the_store() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if STORE in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        why = []
        if imports_sqlite3(ast.parse(text)):
            why.append("imports sqlite3")
        if RUNS_SQL.search(text):
            why.append("runs SQL")
        if why:
            found[path.relative_to(SRC).as_posix()] = why
    return found


def test_only_the_store_runs_sql():
    unexpected = {name: why for name, why in outside_the_store().items() if name not in ALLOWED}
    assert unexpected == {}, "SQL belongs in progress/store/: " + repr(unexpected)


def test_every_exception_is_still_needed():
    found = outside_the_store()
    assert [name for name in ALLOWED if name not in found] == [], "drop it from ALLOWED"
    assert all((SRC / name).exists() for name in ALLOWED)
