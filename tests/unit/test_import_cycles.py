"""No import cycles among the modules of src/mhcourse.

Imports are read with `ast`, not by importing: every import statement counts, those inside functions too,
because a cycle that works only through a late import still ties two modules into one (and breaks the
day someone moves the import to the top). Imports under `if TYPE_CHECKING:` never run and are left out, as
is a module's import of a package it lies in (that package's __init__ has run before it anyway).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "mhcourse"


def module_names(src: Path = SRC, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name, for its __init__.py)."""
    found = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The dotted name a relative import (`from ..x import y`: level 2, name 'x') means in `module`."""
    if level == 0:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that `module` imports anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for_types = {id(inner) for node in ast.walk(tree) if _type_checking_only(node) for inner in ast.walk(node)}
    wanted: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in for_types:
            continue
        if isinstance(node, ast.Import):
            wanted.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, is_package, node.level, node.module)
            wanted.add(source)
            wanted.update(f"{source}.{alias.name}" for alias in node.names)  # `from . import cli`: a module
    found = set()
    for name in wanted:
        while name and name not in known:  # `import a.b.c` where c is a class: the module a.b
            name = name.rpartition(".")[0]
        if name and name != module and not module.startswith(f"{name}."):
            found.add(name)
    return found


def _type_checking_only(node: ast.AST) -> bool:
    """`if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`): imports the type checker reads and Python never runs."""
    return isinstance(node, ast.If) and ast.unparse(node.test).rpartition(".")[2] == "TYPE_CHECKING"


def import_graph(src: Path = SRC, package: str = PACKAGE) -> dict[str, set[str]]:
    modules = module_names(src, package)
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (Tarjan's strongly
    connected components of more than one module), each sorted, largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups, key=lambda g: (-len(g), g))


def _loop(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One path round the loop through `group`'s first module, to show what to untie."""
    start, members = group[0], set(group)
    paths = [[start]]
    while paths:
        path = paths.pop(0)
        for target in sorted(graph[path[-1]] & members):
            if target == start:
                return [*path, start]
            if target not in path:
                paths.append([*path, target])
    return group


def test_no_module_of_mhcourse_imports_itself_round_a_loop() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles in src/mhcourse:\n" + "\n".join(
        " -> ".join(_loop(group, graph)) for group in found)


def test_the_cycle_finder_sees_a_late_import(tmp_path: Path) -> None:
    """A cycle that works only because one side imports inside a function is still found."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("def later():\n    from .. import a\n    return a\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import d\n")
    (package / "d.py").write_text("import pkg.c\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.sub", "pkg.sub.b"} and graph["pkg.sub.b"] == {"pkg.a"}
    assert graph["pkg.c"] == set() and graph["pkg.d"] == {"pkg.c"}  # for the type checker only: no cycle
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]
