"""The author's commands on module files: `validate`, `schema`, `new` and `list`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ._common import ExitCode, UsageError

if TYPE_CHECKING:
    from ..content.catalog import Catalog, Source
    from ..content.loader import Loaded
    from ..content.problems import Problem
    from ..site.settings import Settings


def add_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help=_("module files or folders"))
    parser.add_argument("--strict", action="store_true", help=_("also run the lint for safe, kind, readable content"))
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help=_("how problems are printed: text (FILE:LINE: key: message, the default), json (one "
                               "JSON object a line) or github (GitHub Actions annotations)"))
    parser.set_defaults(handler=cmd_validate)


def add_schema(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=cmd_schema)


def add_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help=_("module id, e.g. coping-with-stress"))
    parser.add_argument("--title", required=True, help=_("the module's title"))
    parser.add_argument("--dir", default=".", metavar="DIR", help=_("folder to write ID.toml in (default: here)"))
    parser.set_defaults(handler=cmd_new)


def add_list(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=cmd_list)


# -- validate -------------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.catalog import Source, build_catalog
    from ..content.lint import lint_module, placeholder_problems
    from ..content.loader import load_module
    from ..content.problem_formats import FORMATTERS
    from ..site.settings import course_sources

    sources = course_sources(settings)
    problems: list[Problem] = []
    targets: list[Path] = []
    if args.paths:
        targets = _named_files(args.paths, problems)
        sources = [*sources, Source("checked", files=(*_originals_beside(targets), *targets), drafts=True)]
    loaded: dict[Path, Loaded] = {}

    def recording_loader(path: Path) -> Loaded:
        loaded[path] = load_module(path)
        return loaded[path]

    catalog = build_catalog(sources, loader=recording_loader)
    checked = set(targets) if args.paths else set(loaded)
    named = {s.folder for s in sources if s.named}  # a named module folder that is missing is a problem too
    notes = _drafts(catalog, sources, loaded) if args.paths else []
    # Drafts of one module in one folder: checked each on its own, and the note says which the catalog uses.
    named_files = {p.resolve() for p in checked} if args.paths else set()
    drafts = {d.notice for d in catalog.duplicates
              if d.notice and d.kept.resolve() in named_files and d.left_out.resolve() in named_files}
    problems.extend(p for p in catalog.notices if (p.file in checked or p.file in named) and p not in drafts)
    problems.extend(p for p in catalog.warnings if p.file in checked)  # a stale translation, shown without --strict
    for path in sorted(checked):
        result = loaded.get(path)
        if result and result.ok and result.module is not None:
            if args.strict:
                problems.extend(lint_module(result.module, result.text, path))
            else:  # placeholders left from `mhcourse new` are worth a word even without --strict
                problems.extend(placeholder_problems(result.module, result.text, path, strict=False))
    shown = FORMATTERS[args.format]
    for problem in sorted(problems, key=lambda p: (str(p.file), p.line or 0)):
        print(shown(problem))
    for note in notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    failing = [p for p in problems if args.strict or not p.warning]
    if failing:
        _tell_problems(failing, checked)
        return ExitCode.PROBLEMS
    if problems:  # warnings only, without --strict
        done = _("{count} module file(s) checked: no errors, {warnings} warning(s) (--strict makes them errors).")
        print(done.format(count=len(checked), warnings=len(problems)), file=sys.stderr)
        return ExitCode.OK
    if args.strict:
        done = _("{count} module file(s) checked (strict): no problems.")
    else:
        done = _("{count} module file(s) checked: no problems.")
    print(done.format(count=len(checked)), file=sys.stderr)
    return ExitCode.OK


def _drafts(catalog: Catalog, sources: list[Source], loaded: dict[Path, Loaded]) -> list[str]:
    """Which of several drafts of one module the course's own catalog uses, and why."""
    from ..content.catalog import build_catalog, draft_notes
    from ..content.loader import load_module

    if not any(d.notice is None for d in catalog.duplicates):
        return []
    real_sources = [s for s in sources if not s.drafts]
    real = build_catalog(real_sources, loader=lambda path: loaded.get(path) or load_module(path))
    return draft_notes(catalog, real, real_sources)


def _named_files(paths: list[str], problems: list[Problem]) -> list[Path]:
    """The module files named on the command line, folders opened; an empty folder is a problem."""
    from ..content.catalog import module_files
    from ..content.problems import Problem

    targets: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = module_files(path)
            if not found:  # a folder named to be checked that holds nothing is not "no problems"
                problems.append(Problem(path, _("no module files (*.toml) here"), rule="catalog:folder"))
            targets.extend(found)
        elif path.exists():
            targets.append(path)
        else:
            raise UsageError(_("{path}: no such file or folder").format(path=raw))
    return targets


def _originals_beside(targets: list[Path]) -> list[Path]:
    """For a translation checked in a language folder (es/x.toml), its original beside that folder (x.toml), so
    it is compared with the original an author has at hand; not itself checked."""
    from ..content.catalog import LANGUAGE_FOLDER

    named = {p.resolve() for p in targets}
    found: list[Path] = []
    for path in targets:
        beside = path.parent.parent / path.name
        if (LANGUAGE_FOLDER.fullmatch(path.parent.name) and beside.is_file() and beside.resolve() not in named
                and beside not in found):
            found.append(beside)
    return found


def _tell_problems(problems: list[Problem], checked: set[Path]) -> None:
    files = {p.file for p in problems if p.file is not None} & checked
    if files:
        told = _("{count} problem(s) in {files} of {checked} file(s).").format(
            count=len(problems), files=len(files), checked=len(checked))
    else:
        told = _("{count} problem(s).").format(count=len(problems))
    print(told, file=sys.stderr)


# -- schema, new ----------------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.schema import schema_json

    sys.stdout.write(schema_json())
    return ExitCode.OK


def cmd_new(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.scaffold import clean_title, id_problem, skeleton, title_problem
    from ._files import refuse_output

    title = clean_title(args.title)
    problem = id_problem(args.id) or title_problem(title)
    if problem:
        raise UsageError(_("{problem} (nothing was written)").format(problem=problem))
    folder = Path(args.dir)
    refuse_output(folder / f"{args.id}.toml", settings)
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("--dir {folder}: that is a file, not a folder; choose a folder for the new module")
                         .format(folder=folder))
    target = folder / f"{args.id}.toml"
    if target.exists():
        print(_("mhcourse: {target} already exists; choose another id or folder (nothing was changed)")
              .format(target=target), file=sys.stderr)
        return ExitCode.PROBLEMS
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as out:
            out.write(skeleton(args.id, title))
    except OSError as err:
        print(_("mhcourse: cannot write {target}: {why}").format(target=target, why=err.strerror or err),
              file=sys.stderr)
        return ExitCode.PROBLEMS
    print(_("Wrote {target}. Replace its placeholders, then check it with: mhcourse validate --strict {target}")
          .format(target=target))
    return _write_schema_beside(folder)


def _write_schema_beside(folder: Path) -> int:
    """The schema the new module's `#:schema` line names, written when the folder does not have it yet."""
    from ..content.schema import SCHEMA_FILE, schema_json
    from ..files import write_whole

    schema = folder / SCHEMA_FILE
    if schema.exists() or schema.is_symlink():
        return ExitCode.OK  # an author's own copy, or one `new` wrote before: never overwritten
    try:
        write_whole(schema, schema_json(), mode=0o644)  # not private: an editor reads it, and it holds no one's data
    except OSError as err:
        print(_("mhcourse: cannot write {schema}: {why}; your editor needs it to check the module: "
                "mhcourse schema > {schema}").format(schema=schema, why=err.strerror or err), file=sys.stderr)
        return ExitCode.PROBLEMS
    print(_("Wrote {schema}: your editor checks the module with it (see \"Help from your editor\" in "
            "docs/authoring.md).").format(schema=schema))
    return ExitCode.OK


# -- list -----------------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from ..content.catalog import build_catalog
    from ..content.translations import is_translation
    from ..site.settings import check_track, course_sources
    from ..tables import table_lines

    catalog = build_catalog(course_sources(settings))
    check_track(settings, catalog)
    rows = [(_("ID"), _("TITLE"), _("LANG"), _("ALSO IN"), _("LESSONS"), _("QUESTIONS"), _("MIN"), _("FROM"))]
    for entry in _originals_first(catalog):
        m = entry.module
        also = ", ".join(sorted(m._translations)) if not is_translation(m) else _("(translation)")
        rows.append((m.id, m.title, m.module.language, also, str(len(m.lessons)), str(len(m.questions)),
                     str(m.module.minutes), f"{entry.source}: {entry.path}"))
    for line in table_lines(rows):
        print(line)
    if not catalog.entries:
        print(_("(no modules found)"))
    for override in catalog.overrides:
        print(_("note: {line}").format(line=override), file=sys.stderr)
    for problem in catalog.notices:
        print(_("left out: {problem}").format(problem=problem), file=sys.stderr)
    for problem in catalog.warnings:
        print(problem, file=sys.stderr)
    return ExitCode.OK


def _originals_first(catalog: Catalog) -> list:
    """The catalog's files, each original followed by its translations (by language)."""
    originals = catalog.modules  # attaches each translation to its original
    by_module = {id(e.module): e for e in catalog.entries}
    rows = []
    for original in originals:
        rows.append(by_module[id(original)])
        rows.extend(by_module[id(t)] for _code, t in sorted(original._translations.items()))
    return rows
