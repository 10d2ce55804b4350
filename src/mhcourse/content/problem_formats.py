"""Problems as editors and CI read them: `mhcourse validate --format json|github`.

json: JSON Lines, one object per problem on its own line (a good file prints nothing), with the keys
file, line, column, key, key_path, severity, rule and message (file, line, column and key are null
where not known). github: GitHub Actions workflow commands, `::error file=F,line=L,col=C,title=T::MESSAGE`
(`::warning` for a lint warning), escaped as GitHub's runner unescapes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .problems import Problem, format_key

FORMATS = ("text", "json", "github")


def as_text(problem: Problem) -> str:
    """`FILE:LINE: key.path: message`, as an author reads it."""
    return str(problem)


def as_json(problem: Problem) -> str:
    """One problem as one line of JSON."""
    return json.dumps({
        "file": str(problem.file) if problem.file is not None else None,
        "line": problem.line or None,
        "column": problem.column,
        "key": format_key(problem.key) or None,
        "key_path": list(problem.key),
        "severity": "warning" if problem.warning else "error",
        "rule": problem.rule_id,
        "message": problem.message,
    }, ensure_ascii=False)


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: as a message, and ':' and ',' escaped too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problem: Problem) -> str:
    """One problem as a GitHub Actions annotation, shown on the file's line in a pull request."""
    props: list[tuple[str, str]] = []
    if problem.file is not None:
        props.append(("file", str(problem.file)))
    if problem.line:
        props.append(("line", str(problem.line)))
        if problem.column:
            props.append(("col", str(problem.column)))
    key = format_key(problem.key)
    props.append(("title", f"mhcourse {problem.rule_id}" + (f" ({key})" if key else "")))
    command = "warning" if problem.warning else "error"
    shown = ",".join(f"{name}={_property(value)}" for name, value in props)
    message = f"{key}: {problem.message}" if key else problem.message
    return f"::{command} {shown}::{_data(message)}"


FORMATTERS: dict[str, Callable[[Problem], str]] = {"text": as_text, "json": as_json, "github": as_github}
