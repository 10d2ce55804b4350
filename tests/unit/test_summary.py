"""The course in outline (content/summary.py): what the first screens know before pydantic is imported, kept in the
catalog cache beside the modules (content/cache.py), always what the full modules say."""

from __future__ import annotations

import json
import os
import time

import pytest

from helpers import write_module
from mhcourse import paths
from mhcourse.content.cache import OUTLINE_FILE, cached_outline
from mhcourse.content.catalog import Source
from mhcourse.content.summary import ModuleSummary, catalog_outline, from_json, outline, to_json
from mhcourse.site.settings import Settings, course_sources, load_catalog, load_outline


def backdate(path, seconds_ago: float = 3600) -> None:
    when = time.time() - seconds_ago
    os.utime(path, (when, when))


def says_what_the_module_says(summary: ModuleSummary, module) -> None:
    info = module.module
    assert (summary.id, summary.title, summary.summary, summary.minutes) == (info.id, info.title, info.summary,
                                                                              info.minutes)
    assert (summary.language, summary.version, summary.translated_from, summary.order) == (
        info.language, info.version, info.translated_from, info.order)
    assert list(summary.requires) == info.requires and summary.content_note == info.content_note
    assert [(lesson.id, lesson.title, list(lesson.check_ids)) for lesson in summary.lessons] == [
        (lesson.id, lesson.title, [check.id for check in lesson.checks]) for lesson in module.lessons]
    if module.quiz is None:
        assert summary.quiz is None
    else:
        assert summary.quiz is not None
        assert (summary.quiz.pass_mark, summary.quiz.shuffle) == (module.quiz.pass_mark, module.quiz.shuffle)
        assert list(summary.quiz.question_ids) == [q.id for q in module.quiz.questions]
    assert [(s.id, s.title) for s in summary.scenarios] == [(s.id, s.title) for s in module.scenarios]
    assert summary.translations.keys() == module._translations.keys()
    for language, translation in module._translations.items():
        says_what_the_module_says(summary.translations[language], translation)


def test_every_bundled_modules_outline_from_the_cache_says_what_the_module_says():
    settings = Settings.resolve()
    assert load_outline(settings) is None, "nothing cached yet"
    catalog = load_catalog(settings, outline=True)  # writes the cache, and the outline with it (as the TUI does)
    summaries = load_outline(settings)
    assert summaries is not None
    modules = catalog.modules
    assert [s.id for s in summaries] == [m.id for m in modules] and len(modules) >= 10
    assert {language for m in modules for language in m._translations} >= {"es"}
    for summary, module in zip(summaries, modules, strict=True):
        says_what_the_module_says(summary, module)
        assert to_json(summary) == to_json(outline(module))
        for language in ("en", "es"):
            assert summary.in_language(language).title == module._translations.get(language, module).title


def test_an_outline_is_read_back_as_it_was_written():
    module = load_catalog(Settings.resolve()).modules[0]
    summary = outline(module)
    again = from_json(json.loads(json.dumps(to_json(summary))))
    assert again == summary and to_json(again) == to_json(summary)


@pytest.mark.parametrize("change", ["minutes", "quiz", "lessons", "translations", "extra"])
def test_an_outline_of_another_shape_is_refused(change):
    data = to_json(outline(load_catalog(Settings.resolve()).modules[0]))
    if change == "minutes":
        data["minutes"] = "20"
    elif change == "quiz":
        data["quiz"] = [True, True, []]
    elif change == "lessons":
        data["lessons"] = [[1, "A title", []]]
    elif change == "translations":
        data["translations"] = {"es": {"id": "x"}}
    else:
        data["more"] = 1
    with pytest.raises((ValueError, TypeError, KeyError)):
        from_json(data)


def test_the_track_without_a_site_config_is_the_default_sites():
    from mhcourse.site.config import SiteConfig

    assert Settings.resolve().config is None
    assert Settings.resolve().track == SiteConfig().track


def one_folder(tmp_path, *ids: str):
    folder = tmp_path / "modules"
    for module_id in ids:
        backdate(write_module(folder, module_id, title=f"Module {module_id}"))
    return [Source("s", folder)], folder


def outline_now(sources):
    return cached_outline(sources, paths.cache_dir() / "catalog")


def full_load(sources):
    from mhcourse.content.cache import cached_catalog

    return cached_catalog(sources, paths.cache_dir() / "catalog", outline=True)


def test_an_edited_added_or_removed_module_file_is_never_outlined_from_the_cache(tmp_path):
    sources, folder = one_folder(tmp_path, "one", "two")
    full_load(sources)
    assert [s.title for s in outline_now(sources)] == ["Module one", "Module two"]
    path = write_module(folder, "one", title="Module one, edited")
    backdate(path, 1800)
    assert outline_now(sources) is None
    full_load(sources)
    assert [s.title for s in outline_now(sources)] == ["Module one, edited", "Module two"]
    backdate(write_module(folder, "three", title="Module three"))
    assert outline_now(sources) is None
    full_load(sources)
    (folder / "two.toml").unlink()
    assert outline_now(sources) is None
    full_load(sources)
    assert [s.id for s in outline_now(sources)] == ["one", "three"]


def test_a_file_changed_a_moment_ago_is_never_outlined(tmp_path):
    sources, folder = one_folder(tmp_path, "one")
    write_module(folder, "one", title="Just now")
    full_load(sources)
    assert outline_now(sources) is None


def test_a_catalog_that_left_a_module_out_keeps_no_outline(tmp_path):
    sources, folder = one_folder(tmp_path, "one")
    full_load(sources)
    assert outline_now(sources) is not None
    bad = folder / "bad.toml"
    bad.write_text("format = 1\n[module]\nid = 'bad'\n", encoding="utf-8")
    backdate(bad)
    assert full_load(sources).notices
    assert outline_now(sources) is None and not (paths.cache_dir() / "catalog" / OUTLINE_FILE).exists()


def test_a_named_folder_that_goes_away_is_not_outlined(tmp_path):
    sources, folder = one_folder(tmp_path, "one")
    named = tmp_path / "more"
    named.mkdir()
    every = [*sources, Source("--modules", named, named=True)]
    full_load(every)
    assert outline_now(every) is not None
    named.rmdir()
    assert outline_now(every) is None


@pytest.mark.parametrize("damage", ["body", "head", "cut", "format"])
def test_a_damaged_or_outdated_outline_is_not_used(tmp_path, damage):
    sources, _ = one_folder(tmp_path, "one")
    full_load(sources)
    target = paths.cache_dir() / "catalog" / OUTLINE_FILE
    head, body = target.read_bytes().split(b"\n")[:2]
    if damage == "body":
        target.write_bytes(head + b"\n" + body.replace(b"Module one", b"Module 1") + b"\n")
    elif damage == "head":
        target.write_bytes(b"{" + head + b"\n" + body + b"\n")
    elif damage == "cut":
        target.write_bytes(head + b"\n" + body[: len(body) // 2])
    else:  # a cache written by the format before this one
        meta = json.loads(head)
        meta["cache_format"] -= 1
        target.write_bytes(json.dumps(meta).encode() + b"\n" + body + b"\n")
    assert outline_now(sources) is None
    full_load(sources)
    assert [s.title for s in outline_now(sources)] == ["Module one"], "written again by the next full load"


def test_a_cache_of_the_format_before_is_loaded_afresh_and_written_again(tmp_path):
    """Cache format 3 keeps the outline: the module entries of format 2 are not used, and are written anew."""
    from mhcourse.content.cache import CatalogCache
    from mhcourse.content.catalog import build_catalog

    sources, _ = one_folder(tmp_path, "one", "two")
    full_load(sources)
    for file in (paths.cache_dir() / "catalog").glob("*.jsonl"):
        lines = file.read_bytes().split(b"\n")
        meta = json.loads(lines[0])
        assert meta["cache_format"] == 3
        meta["cache_format"] = 2
        file.write_bytes(b"\n".join([json.dumps(meta).encode(), *lines[1:]]))
    cache = CatalogCache(paths.cache_dir() / "catalog")
    build_catalog(sources, loader=cache.load)
    assert (cache.hits, cache.misses) == (0, 2)
    cache.save()
    again = CatalogCache(paths.cache_dir() / "catalog")
    build_catalog(sources, loader=again.load)
    assert (again.hits, again.misses) == (2, 0)


def test_the_outline_links_translations_as_the_catalog_does():
    catalog = load_catalog(Settings.resolve(), outline=True)
    fresh = catalog_outline(e.module for e in catalog.entries)
    assert [to_json(s) for s in fresh] == [to_json(outline(m)) for m in catalog.modules]
    assert [s.id for s in load_outline(Settings.resolve())] == [m.id for m in catalog.modules]
    assert course_sources(Settings.resolve())


def test_the_progress_rules_say_the_same_of_an_outline_and_its_module():
    """learning/progress.py reads a module through learning/outlined.py's protocol: the outline gives every answer
    the full module gives, for learners at every stage of every bundled module."""
    from mhcourse.learning import progress as rules
    from mhcourse.learning.progress import ModuleRecord, Place

    modules = load_catalog(Settings.resolve()).modules
    summaries = catalog_outline(modules)
    every_record = {}
    for number, module in enumerate(modules):
        lessons = [lesson.id for lesson in module.lessons]
        every_record[module.id] = [
            ModuleRecord(),
            ModuleRecord(lessons_opened=frozenset(lessons[:1]), lessons_completed=frozenset(lessons[:1])),
            ModuleRecord(lessons_completed=frozenset(lessons), best_fraction=0.5, best_score="1/2", attempts=1),
            ModuleRecord(lessons_completed=frozenset(lessons), best_fraction=1.0, best_score="2/2", attempts=2),
            ModuleRecord(skipped=True), ModuleRecord(note_read=True, lessons_opened=frozenset(lessons[-1:])),
        ][number % 6:] + [ModuleRecord()]
    for stage in range(7):
        records = {i: r[stage] for i, r in every_record.items() if stage < len(r)}
        assert rules.overview(summaries, records) == rules.overview(modules, records)
        for summary, module in zip(summaries, modules, strict=True):
            record = records.get(module.id)
            assert rules.module_state(summary, record) == rules.module_state(module, record)
            assert rules.needs_content_note(summary, record) == rules.needs_content_note(module, record)
            assert ([m.id for m in rules.missing_recommended(summary, summaries, records)]
                    == [m.id for m in rules.missing_recommended(module, modules, records)])
            for place in (Place(module.id, "lesson", module.lessons[-1].id), Place(module.id, "quiz"),
                          Place(module.id, "scenario", "no-such"), Place(module.id, "module"), None):
                assert (rules.continue_place(summaries, records, place)
                        == rules.continue_place(modules, records, place))


def test_only_the_tuis_load_keeps_an_outline_and_an_unchanged_one_is_not_written_again():
    """The commands, the plain face and the web page never read an outline, so their loads pay nothing for one;
    the TUI's load keeps it, and leaves it alone when it was made from these very files."""
    kept = paths.cache_dir() / "catalog" / OUTLINE_FILE
    load_catalog(Settings.resolve())
    assert not kept.exists()
    load_catalog(Settings.resolve(), outline=True)
    written = kept.stat().st_mtime_ns
    os.utime(kept, ns=(written - 10**9, written - 10**9))
    load_catalog(Settings.resolve(), outline=True)
    assert kept.stat().st_mtime_ns == written - 10**9 and load_outline(Settings.resolve()) is not None
