"""The catalog: every module from every source, with overrides and catalog-level rules.

Sources are read in order (module-format.md, "Where modules come from"); a later source's
module replaces an earlier one with the same id and language. A module that fails its
checks is left out with a notice, and the rest still load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from .loaded import Loaded
from .locate import KeyLines
from .problems import KeyPath, Problem

if TYPE_CHECKING:
    # Imported where the catalog is built: a start whose outline is cached (content/cache.py) needs only Source.
    from .models import Module

LANGUAGE_FOLDER = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""A folder of translations beside the originals: es/, fr/, pt-BR/."""


@dataclass(frozen=True)
class Source:
    """A folder of module files (or a chosen list of files), and the words `mhcourse list` uses for it."""

    label: str
    folder: Path | None = None
    files: tuple[Path, ...] = ()
    named: bool = False
    """Someone chose this folder (--modules, MHCOURSE_MODULES, a config file): if it is missing, say so, since
    a typo would otherwise make its modules vanish without a word. Default folders usually do not exist."""
    drafts: bool = False
    """Files an author checks (`mhcourse validate FILE...`): two of them with one id are drafts of one module,
    each checked on its own, not an error."""

    def module_files(self) -> list[Path]:
        if self.folder is None:
            return list(self.files)
        return module_files(self.folder)


@dataclass(frozen=True)
class Entry:
    module: Module
    path: Path
    source: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.module.id, self.module.module.language)


@dataclass(frozen=True)
class Duplicate:
    """Two files of one source with the same id and language: `kept` is in the catalog, `left_out` is not."""

    kept: Path
    left_out: Path
    key: tuple[str, str]
    source: str
    notice: Problem | None = None
    """The notice that left `left_out` out (none for drafts)."""


@dataclass
class Catalog:
    entries: list[Entry] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    """Modules left out, and why."""
    overrides: list[str] = field(default_factory=list)
    """One line for each module that replaced another from an earlier source."""
    duplicates: list[Duplicate] = field(default_factory=list)
    """Files left out because an earlier file of the same source has their id (for drafts: no notice)."""
    warnings: list[Problem] = field(default_factory=list)
    """Modules kept, with something for their author to look at: a translation older than its original, a
    translation without an original (content/translation_rules.py). `mhcourse validate` shows them."""

    @property
    def modules(self) -> list[Module]:
        """The originals in catalog order, each knowing its translations (content/translations.py)."""
        from .translations import attach

        return attach(e.module for e in self.entries)

    def get(self, module_id: str, language: str | None = None) -> Module | None:
        for entry in self.entries:
            if entry.module.id == module_id and (language is None or entry.module.module.language == language):
                return entry.module
        return None

    def entry(self, module_id: str) -> Entry | None:
        """The original's entry for an id (a translation's when it stands alone)."""
        same = [e for e in self.entries if e.module.id == module_id]
        return next((e for e in same if e.module.module.translated_from is None), same[0] if same else None)


def module_files(folder: Path) -> list[Path]:
    """The module files directly in a folder, then those in its language folders (es/, pt-BR/: translations),
    in a stable order."""
    try:
        found = sorted(p for p in folder.glob("*.toml") if p.is_file())
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and LANGUAGE_FOLDER.fullmatch(p.name)):
            found.extend(sorted(p for p in sub.glob("*.toml") if p.is_file()))
        return found
    except OSError:
        return []


def build_catalog(sources: Iterable[Source], loader: Callable[[Path], Loaded] | None = None) -> Catalog:
    """Load every source in order and apply the override rule and the catalog rules. `loader` loads one
    file (the catalog cache's, content/cache.py); load_module by default, imported only then."""
    from .translation_rules import translation_problems

    if loader is None:
        from .loader import load_module

        loader = load_module
    catalog = Catalog()
    chosen: dict[tuple[str, str], Entry] = {}
    drafts: list[Entry] = []
    for source in sources:
        missing = _missing_folder(source)
        if missing:
            catalog.notices.append(missing)
        in_this_source: dict[tuple[str, str], Path] = {}
        for path in source.module_files():
            loaded: Loaded = loader(path)
            if not loaded.ok:
                catalog.notices.extend(loaded.problems)
                continue
            entry = Entry(loaded.module, path, source.label)  # type: ignore[arg-type]
            if entry.key in in_this_source:
                if source.drafts:  # checked on its own: its requires below, against the catalog
                    catalog.duplicates.append(Duplicate(in_this_source[entry.key], path, entry.key, source.label))
                    drafts.append(entry)
                    continue
                notice = Problem(path, f"module id '{entry.key[0]}' ({entry.key[1]}) is also used by "
                                 f"{in_this_source[entry.key]}, from the same source ({source.label}); "
                                 "this file was left out: give one of them another id", 1,
                                 rule="catalog:duplicate-id")
                catalog.notices.append(notice)
                catalog.duplicates.append(Duplicate(in_this_source[entry.key], path, entry.key, source.label, notice))
                continue
            in_this_source[entry.key] = path
            if entry.key in chosen:
                earlier = chosen[entry.key]
                catalog.overrides.append(
                    f"{entry.module.id} ({entry.key[1]}) from {source.label} ({path}) overrides "
                    f"the one from {earlier.source} ({earlier.path})"
                )
            chosen[entry.key] = entry
    entries = list(chosen.values())
    bad = catalog_problems(entries)
    catalog.notices.extend(bad.values())
    translations = translation_problems(e for e in entries if e.path not in bad)
    for path, problems in translations.errors.items():  # left out: learners see the original instead
        bad[path] = problems[0]
        catalog.notices.extend(problems)
    catalog.warnings.extend(translations.warnings)
    for draft in drafts:  # the catalog as it would be with this draft in place of the other
        swapped = [draft if e.key == draft.key else e for e in entries]
        alone = catalog_problems(swapped).get(draft.path)
        if alone:
            catalog.notices.append(alone)
            continue
        as_translation = translation_problems(swapped)
        catalog.notices.extend(as_translation.errors.get(draft.path, []))
        catalog.warnings.extend(w for w in as_translation.warnings if w.file == draft.path)
    catalog.entries = sorted((e for e in entries if e.path not in bad),
                             key=lambda e: (e.module.module.order, e.module.title))
    return catalog


def _missing_folder(source: Source) -> Problem | None:
    """A notice for a named folder that is not there or is not a folder."""
    folder = source.folder
    if not source.named or folder is None or os.path.isdir(folder):
        return None
    if os.path.exists(folder):
        return Problem(folder, f"this is a file, not a folder of modules (from {source.label}); "
                               "name the folder that holds the .toml files", rule="catalog:folder")
    return Problem(folder, f"there is no such folder (from {source.label}), so no modules came from it; check the path",
                   rule="catalog:folder")


def catalog_problems(entries: list[Entry]) -> dict[Path, Problem]:
    """Requires that name no module left in, and requires cycles: one problem per module file.

    Leaving a module out can leave another without what it requires, so the rule is applied
    again until nothing more is left out.
    """
    every = {e.module.id for e in entries}
    found: dict[Path, Problem] = {}
    while True:
        left = [e for e in entries if e.path not in found]
        known = {e.module.id for e in left}
        more = {e.path: p for e in left if (p := _unknown_requires(e, known, every))}
        if not more:
            break
        found.update(more)
    graph = {e.module.id: list(e.module.module.requires) for e in entries}
    for entry in entries:
        cycle = _cycle_from(entry.module.id, graph)
        if cycle:
            found.setdefault(
                entry.path,
                _located(entry, ("module", "requires"), _("requires makes a cycle: {cycle}; remove one of these links")
                         .format(cycle=" -> ".join(cycle))),
            )
    return found


def _unknown_requires(entry: Entry, known: set[str], every: set[str]) -> Problem | None:
    """The first module `entry` requires that is not among `known`, as a problem."""
    for required in entry.module.module.requires:
        if required in known:
            continue
        if required in every:
            message = f"requires '{required}', which was left out because of its own problems; fix that module first"
        else:
            import difflib

            others = sorted(known - {entry.module.id})  # never "did you mean" the module itself
            close = difflib.get_close_matches(required, others, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            message = f"requires names '{required}', which is not a module in the catalog{hint}"
        return _located(entry, ("module", "requires"), message)
    return None


def _located(entry: Entry, key: KeyPath, message: str) -> Problem:
    try:
        line = KeyLines(entry.path.read_text(encoding="utf-8-sig")).line_of(key)
    except (OSError, UnicodeDecodeError):
        line = None
    return Problem(entry.path, message, line, key, rule="catalog:requires")


def _cycle_from(start: str, graph: dict[str, list[str]]) -> list[str] | None:
    """The path of a requires cycle that returns to `start`, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, []):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def draft_notes(checked: Catalog, real: Catalog, real_sources: Iterable[Source]) -> list[str]:
    """For each module with several drafts among the checked files: which one the catalog uses, and why.

    `checked` was built with the checked files as a drafts source; `real` from the course's own sources.
    """
    where: dict[Path, str] = {}
    for source in real_sources:
        for path in source.module_files():
            where[path.resolve()] = source.label
    groups: dict[tuple[str, str], list[Path]] = {}
    for dup in checked.duplicates:
        if dup.notice is None:  # among drafts: it left no notice
            group = groups.setdefault(dup.key, [dup.kept])
            group.append(dup.left_out)
    notes = []
    for key, group in groups.items():
        names = ", ".join(str(p) for p in group)
        head = _("{files} are drafts of module '{id}' ({language}): each was checked on its own.").format(
            files=names, id=key[0], language=key[1])
        notes.append(head + " " + _catalog_choice(key, group, real, where))
    return notes


def _catalog_choice(key: tuple[str, str], group: list[Path], real: Catalog, where: dict[Path, str]) -> str:
    resolved = {p.resolve(): p for p in group}
    used = next((e for e in real.entries if e.key == key), None)
    if used is None or used.path.resolve() not in resolved:
        if used is not None:
            return _("The catalog uses {path} (from {source}), not any of them.").format(
                path=used.path, source=used.source)
        return _("None of them is in the catalog: put the one you want in a folder the course reads "
                 "(one folder keeps only the first file, by name, with a given id).")
    reasons = []
    for path in group:
        here = where.get(path.resolve())
        if path.resolve() == used.path.resolve():
            continue
        if here is None:
            reasons.append(_("{path} is not in a folder the course reads").format(path=path))
        elif any(d.left_out.resolve() == path.resolve() for d in real.duplicates):
            reasons.append(_("{path} is left out, because one folder keeps only the first file, by name, with a "
                             "given id").format(path=path))
        else:
            reasons.append(_("{path} (from {source}) is overridden, because a later place wins").format(
                path=path, source=here))
    return _("The catalog uses {path} (from {source}): {reasons}.").format(
        path=used.path, source=used.source, reasons="; ".join(reasons))
