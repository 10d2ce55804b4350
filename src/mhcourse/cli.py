"""The `mhcourse` command: turns arguments into calls on the core.

Exit codes (docs/architecture.md): 0 done; 1 the input has problems; 2 usage or configuration
error; 3 storage unusable; 130 interrupted. Heavy imports happen inside each command, so
`mhcourse --version` and the start of the course stay quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from pathlib import Path

from . import __version__

OK, PROBLEMS, USAGE, STORAGE, INTERRUPTED = 0, 1, 2, 3, 130

NO_TERMINAL = """\
mhcourse is an interactive course and needs a terminal to run in.
Open a terminal window and type: mhcourse

Other commands work anywhere:
  mhcourse list                  the modules in the course
  mhcourse validate [PATH ...]   check lesson module files
  mhcourse --help                every command
"""


class UsageError(Exception):
    """Bad arguments or configuration: exit 2 with this message."""


def _global_options(parser: argparse.ArgumentParser, *, in_command: bool) -> None:
    """--data-dir, --modules and --config work before or after the command."""
    default = argparse.SUPPRESS if in_command else None
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="keep progress in DIR (or set MHCOURSE_DATA_DIR)")
    parser.add_argument("--modules", metavar="DIR", action="append", default=default,
                        help="also load modules from DIR; repeatable; overrides earlier sources")
    parser.add_argument("--config", metavar="FILE", default=default, help="read settings from FILE (or set MHCOURSE_CONFIG)")


def _course_parser(**options) -> argparse.ArgumentParser:
    """The options of `mhcourse` with no command: the course's own and the global ones."""
    parser = argparse.ArgumentParser(
        prog="mhcourse",
        description="A self-guided mental health awareness course. Run with no command to start the course.",
        **options,
    )
    parser.add_argument("--kiosk", action="store_true",
                        help="start the course in kiosk mode for a shared computer (docs/facilitators.md)")
    _global_options(parser, in_command=False)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _course_parser()
    parser.add_argument("--version", action="version", version=f"mhcourse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        _global_options(sub, in_command=True)
        return sub

    validate = command("validate", "check lesson module files (default: the whole catalog)")
    validate.set_defaults(handler=cmd_validate)
    validate.add_argument("paths", nargs="*", metavar="PATH", help="module files or folders")
    validate.add_argument("--strict", action="store_true", help="also run the lint for safe, kind, readable content")

    command("schema", "print the JSON Schema of the module format").set_defaults(handler=cmd_schema)

    new = command("new", "write a new module skeleton that validates")
    new.set_defaults(handler=cmd_new)
    new.add_argument("id", metavar="ID", help="module id, e.g. coping-with-stress")
    new.add_argument("--title", required=True, help="the module's title")
    new.add_argument("--dir", default=".", metavar="DIR", help="folder to write ID.toml in (default: here)")

    command("list", "list the modules in the catalog").set_defaults(handler=cmd_list)

    preview = command("preview", "open one module in the course as a learner sees it; nothing is saved")
    preview.add_argument("file", metavar="FILE", help="a module file")
    preview.set_defaults(handler=cmd_preview)

    from . import cli_centre, cli_config, cli_plain, cli_progress, cli_serve

    cli_progress.register(command)
    cli_config.register(command)
    cli_plain.register(command)
    cli_centre.register(command, commands.choices.get("profile"))
    cli_serve.register(command)
    return parser


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments; raises SystemExit as argparse does (2 on bad usage, 0 for --help and --version).

    Plain `mhcourse` (global options at most) is read without building the parsers of every
    command: they take about 25 ms, a fifth of what the course adds to a bare Textual start.
    """
    try:
        args, rest = _course_parser(add_help=False, exit_on_error=False).parse_known_args(argv)
    except argparse.ArgumentError:
        rest = ["(let the full parser explain)"]
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = output = _Output(stdout)
    try:
        code = _main(argv)
        output.flush()  # here, not at exit, so a full disk is told in words
        if output.failed is not None:  # argparse says nothing when --help cannot be written
            raise output.failed
        return code
    except BrokenPipeError:
        # The reader went away (`mhcourse list | head`): stop quietly.
        _stdout_to_nowhere(stdout)
        return OK
    except OutputError as err:
        _stdout_to_nowhere(stdout)
        print(f"mhcourse: could not write the output ({err.strerror or err}); the rest of it was not written. "
              "Free some space, or send the output somewhere else.", file=sys.stderr)
        if err.done:
            print(f"mhcourse: {err.done}.", file=sys.stderr)
        return PROBLEMS
    finally:
        sys.stdout = stdout


class OutputError(OSError):
    """Standard output cannot be written (a full disk, /dev/full): told in words, exit 1, never a traceback.
    A command that had already done its work sets `done` to say so."""

    done: str | None = None


class _Output:
    """Standard output, telling a failure to write it apart from any other fault."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.failed: OutputError | None = None

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            raise self._failure(err) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise self._failure(err) from None

    def _failure(self, err: OSError) -> OSError:
        if isinstance(err, BrokenPipeError):
            return err
        self.failed = OutputError(err.errno, err.strerror)
        return self.failed

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _stdout_to_nowhere(stream) -> None:
    """What still waits for standard output goes nowhere, so leaving Python prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):
        pass


def _main(argv: list[str] | None) -> int:
    try:
        args = parse(argv)
    except SystemExit as exit:  # argparse exits 2 on bad usage and 0 for --help / --version
        return int(exit.code or 0)
    from .errors import ConfigError, StoreError

    try:
        return _run(args)
    except ConfigError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"mhcourse: {len(err.problems)} problem(s) in the configuration; nothing was done. "
              "Fix them, then check with: mhcourse config check", file=sys.stderr)
        return USAGE
    except StoreError as err:
        print(f"mhcourse: {err}", file=sys.stderr)
        return STORAGE
    except UsageError as err:
        print(f"mhcourse: {err}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        return INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    from .settings import Settings

    for option, value in (("--data-dir", args.data_dir), ("--config", args.config)):
        if value is not None and not value.strip():  # an empty name would quietly mean the default
            raise UsageError(f"{option} needs a name; it was given an empty one (nothing was done)")
    if any(not folder.strip() for folder in args.modules or ()):  # "" would load every TOML file here as a module
        raise UsageError("--modules needs a folder name; it was given an empty one (nothing was done)")
    settings = Settings.resolve(args.data_dir, args.modules, args.config,
                                writing_config=getattr(args, "writes_config", False))
    if settings.config is not None and not getattr(args, "shows_config_warnings", False):
        for warning in settings.config.warnings:
            print(warning, file=sys.stderr)
    if args.command is None:
        return _start_course(settings, kiosk=args.kiosk)
    return args.handler(args, settings)


def _has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _served() -> bool:
    """Started by textual-serve (`mhcourse serve`): its web driver talks over pipes, not a terminal."""
    return os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:")


def _seed() -> int | None:
    """MHCOURSE_SEED fixes the shuffles, for demos and tests."""
    raw = os.environ.get("MHCOURSE_SEED", "")
    return int(raw) if raw.strip().isdigit() else None


def _start_course(settings, kiosk: bool = False) -> int:
    if not _has_terminal() and not _served():
        sys.stderr.write(NO_TERMINAL)
        return USAGE
    from .settings import open_store

    # A site config's track is checked against the catalog before anything starts (a bad one exits 2).
    # Without one there is nothing to check, and the catalog (with pydantic) loads just after the
    # first frame: the first screen needs neither.
    course = partial(_course, settings)
    if settings.config is not None:
        checked = course()
        course = lambda: checked  # noqa: E731 (checked already, shown as the app loads it)
    store = open_store(settings)
    from .progress.desk import Desk
    from .tui.app import CourseApp
    from .tui.runtime import tune_gc

    try:
        app = CourseApp(course, Desk(store, access(settings, kiosk)), seed=_seed(), site=settings.config)
        tune_gc()
        app.run()
    finally:
        store.close()
    return app.return_code or OK  # 3 when the store stopped working (tui/faults.py)


def _course(settings):
    """The TUI's catalog (tui/app.py CatalogLoader): the track's modules, and a notice when some were left out."""
    from .settings import load_catalog

    catalog = load_catalog(settings)
    notices = [f"{len(catalog.notices)} problem(s) with module files or folders: some modules were left out; "
               "`mhcourse list` shows which."] if catalog.notices else []
    return settings.site.track.modules(catalog.modules), notices


def access(settings, forced_kiosk: bool = False):
    """The site's policy for opening profiles, for every face: kiosk mode from the site config or from
    --kiosk (a learner's own config cannot switch it off), hidden names, require_pin, a shared folder."""
    from .progress.access import Access

    if settings.config is None and not forced_kiosk:  # no config file: no pydantic before the first frame
        return Access(shared=settings.data_shared)
    return Access.from_site(settings.site, kiosk=forced_kiosk, data_shared=settings.data_shared)


def cmd_preview(args: argparse.Namespace, settings) -> int:
    from .content.loader import load_module
    from .progress.desk import Desk

    loaded = load_module(Path(args.file))
    if not loaded.ok:
        for problem in loaded.problems:
            print(problem)
        return PROBLEMS
    if not _has_terminal():
        sys.stderr.write(NO_TERMINAL)
        return USAGE
    from .tui.app import CourseApp

    CourseApp([loaded.module], Desk.in_memory(), preview=loaded.module, seed=_seed()).run()
    return OK


def cmd_validate(args: argparse.Namespace, settings) -> int:
    from .content.catalog import Source, build_catalog, module_files
    from .content.lint import lint_module
    from .content.loader import load_module
    from .content.problems import Problem
    from .settings import course_sources

    sources = course_sources(settings)
    problems: list[Problem] = []
    if args.paths:
        targets: list[Path] = []
        for raw in args.paths:
            path = Path(raw)
            if path.is_dir():
                found = module_files(path)
                if not found:  # a folder named to be checked that holds nothing is not "no problems"
                    problems.append(Problem(path, "no module files (*.toml) here"))
                targets.extend(found)
            elif path.exists():
                targets.append(path)
            else:
                raise UsageError(f"{raw}: no such file or folder")
        sources = [*sources, Source("checked", files=tuple(targets))]
    loaded = {}

    def recording_loader(path: Path):
        loaded[path] = load_module(path)
        return loaded[path]

    catalog = build_catalog(sources, loader=recording_loader)
    checked = set(targets) if args.paths else set(loaded)
    named = {s.folder for s in sources if s.named}  # a named module folder that is missing is a problem too
    problems.extend(p for p in catalog.notices if p.file in checked or p.file in named)
    if args.strict:
        for path in sorted(checked):
            result = loaded.get(path)
            if result and result.ok:
                problems.extend(lint_module(result.module, result.text, path))
    for problem in sorted(problems, key=lambda p: (str(p.file), p.line or 0)):
        print(problem)
    if problems:
        files = {p.file for p in problems} & checked
        where = f" in {len(files)} of {len(checked)} file(s)" if files else ""
        print(f"{len(problems)} problem(s){where}.", file=sys.stderr)
        return PROBLEMS
    print(f"{len(checked)} module file(s) checked{' (strict)' if args.strict else ''}: no problems.", file=sys.stderr)
    return OK


def cmd_schema(args: argparse.Namespace, settings) -> int:
    from .content.schema import schema_json

    sys.stdout.write(schema_json())
    return OK


def cmd_new(args: argparse.Namespace, settings) -> int:
    from .content.scaffold import clean_title, id_problem, skeleton, title_problem

    title = clean_title(args.title)
    problem = id_problem(args.id) or title_problem(title)
    if problem:
        raise UsageError(f"{problem} (nothing was written)")
    folder = Path(args.dir)
    from .cli_progress import _refuse_output

    _refuse_output(folder / f"{args.id}.toml", settings)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--dir {folder}: that is a file, not a folder; choose a folder for the new module")
    target = folder / f"{args.id}.toml"
    if target.exists():
        print(f"mhcourse: {target} already exists; choose another id or folder (nothing was changed)", file=sys.stderr)
        return PROBLEMS
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as out:
            out.write(skeleton(args.id, title))
    except OSError as err:
        print(f"mhcourse: cannot write {target}: {err.strerror or err}", file=sys.stderr)
        return PROBLEMS
    print(f"Wrote {target}. Check it with: mhcourse validate --strict {target}")
    return OK


def cmd_list(args: argparse.Namespace, settings) -> int:
    from .content.catalog import build_catalog
    from .settings import check_track, course_sources

    catalog = build_catalog(course_sources(settings))
    check_track(settings, catalog)
    rows = [("ID", "TITLE", "LANG", "LESSONS", "QUESTIONS", "MIN", "FROM")]
    for entry in catalog.entries:
        m = entry.module
        rows.append((m.id, m.title, m.module.language, str(len(m.lessons)), str(len(m.questions)),
                     str(m.module.minutes), f"{entry.source}: {entry.path}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
    if not catalog.entries:
        print("(no modules found)")
    for line in catalog.overrides:
        print(f"note: {line}", file=sys.stderr)
    for problem in catalog.notices:
        print(f"left out: {problem}", file=sys.stderr)
    return OK
