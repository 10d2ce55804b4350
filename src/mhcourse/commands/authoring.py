"""The author's tools beside `validate`: `map` (a scenario's branches as a graph) and `fmt` (canonical layout)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ._common import ExitCode, UsageError

if TYPE_CHECKING:
    from ..content.loader import Loaded
    from ..site.settings import Settings


def add_map(parser: argparse.ArgumentParser) -> None:
    from ..content.scenario_map import FORMATS

    parser.add_argument("file", metavar="FILE", help=_("a module file"))
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO",
                        help=_("the id of one scenario (default: every scenario in the file)"))
    parser.add_argument("--format", choices=FORMATS, default="mermaid",
                        help=_("mermaid (default), dot (Graphviz) or text (an indented outline)"))
    parser.set_defaults(handler=cmd_map)


def add_fmt(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("module files to rewrite"))
    parser.add_argument("--check", action="store_true",
                        help=_("change nothing; exit 1 and name each file that is not formatted (for CI)"))
    parser.set_defaults(handler=cmd_fmt)


def _read(path: Path) -> Loaded:
    """The module file read and checked; a missing file is a usage error (exit 2)."""
    from ..content.loader import load_module

    if not path.exists():
        raise UsageError(_("{path}: no such file").format(path=path))
    return load_module(path)


def _print_problems(loaded: Loaded) -> None:
    for problem in loaded.problems:
        print(problem, file=sys.stderr)


# -- map ----------------------------------------------------------------------------------------------------


def cmd_map(args: argparse.Namespace, settings: Settings) -> int:
    import tomllib

    from ..content.scenario_map import render, scenarios_of

    path = Path(args.file)
    loaded = _read(path)
    if not loaded.text:  # not TOML (or not even text): there is nothing to draw
        _print_problems(loaded)
        return ExitCode.PROBLEMS
    scenarios = scenarios_of(tomllib.loads(loaded.text))
    if args.scenario is not None:
        chosen = [s for s in scenarios if s.id == args.scenario]
        if not chosen:
            ids = ", ".join(s.id for s in scenarios)
            if not ids:
                raise UsageError(_("{path} has no scenarios").format(path=path))
            raise UsageError(_("{path} has no scenario '{id}'; its scenarios are: {ids}")
                             .format(path=path, id=args.scenario, ids=ids))
        scenarios = chosen
    if scenarios:
        sys.stdout.write(render(scenarios, args.format))
    else:
        print(_("{path} has no scenarios: nothing to map").format(path=path), file=sys.stderr)
    if loaded.problems:  # a draft is drawn as far as it goes (a missing step is marked), then its problems told
        _print_problems(loaded)
        return ExitCode.PROBLEMS
    return ExitCode.OK


# -- fmt ----------------------------------------------------------------------------------------------------


def cmd_fmt(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.fmt import CannotFormat, format_text
    from ..files import write_whole
    from ._files import not_written, refuse_output

    status = ExitCode.OK
    for name in args.files:
        path = Path(name)
        refuse_output(path, settings)
        loaded = _read(path)
        if not loaded.text:  # not TOML: refused, with the problem
            _print_problems(loaded)
            status = ExitCode.PROBLEMS
            continue
        try:
            formatted = format_text(loaded.text)
        except CannotFormat as err:
            print(f"{path}: {err}", file=sys.stderr)
            status = ExitCode.PROBLEMS
            continue
        if formatted == _as_written(path):
            continue
        if args.check:
            print(_("{path}: not formatted; run: mhcourse fmt {path}").format(path=path))
            status = ExitCode.PROBLEMS
            continue
        target = path.resolve()  # through a symbolic link: the module file changes, the link stays a link
        try:
            write_whole(target, formatted, mode=target.stat().st_mode & 0o777)
        except OSError as err:
            not_written(target, err)
            status = ExitCode.PROBLEMS
            continue
        print(_("{path}: formatted").format(path=path), file=sys.stderr)
    return status


def _as_written(path: Path) -> str | None:
    """The file's text exactly as on disk (a byte-order mark or CRLF line ends count as not formatted)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
