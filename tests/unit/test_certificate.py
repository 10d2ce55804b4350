"""Certificates: refused (exit 1) before the track is passed, produced after, verified from the register."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import bundled_course, module_text
from mhcourse import cli
from mhcourse.content.loader import load_text
from mhcourse.learning.quiz import QuizPlan
from mhcourse.learning.track import Track
from mhcourse.progress import certificate
from mhcourse.progress.certificate import (
    REF_ALPHABET,
    Certificate,
    CertificateRefused,
    CertifiedModule,
    new_reference,
    normalize_reference,
    render_html,
    render_text,
)
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store

REF = re.compile(r"MHC-[A-Z2-9]{4}-[A-Z2-9]{4}")


def bundled():
    return bundled_course()


def pass_module(store: Store, profile_id: int, module, right: int | None = None) -> None:
    for lesson in module.lessons:
        store.lesson_completed(profile_id, module.id, lesson.id)
    if module.quiz is not None:
        total = len(module.quiz.questions)
        right = total if right is None else right
        attempt = store.start_attempt(profile_id, module.id, QuizPlan(()), module.quiz.pass_mark)
        store.finish_attempt(attempt.id, right, total, right / total >= module.quiz.pass_mark)


def run(*args: str) -> int:
    return cli.main(list(args))


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def make(data: Path, name: str, passed: list | None = None) -> int:
    store = Store.open(data)
    try:
        p = store.create_profile(name)
        for module in passed or ():
            pass_module(store, p.id, module)
        return p.id
    finally:
        store.close()


# -- the command -------------------------------------------------------------------------------------


def test_refused_before_the_track_is_passed_and_produced_after(data, tmp_path, capsys):
    modules = bundled()
    pid = make(data, "Sam", modules[:-1])
    target = tmp_path / "sam.html"
    assert run("certificate", "--profile", "Sam", "-o", str(target), "--data-dir", str(data)) == 1
    err = capsys.readouterr().err
    assert "1 required module still to pass" in err and modules[-1].title in err
    assert not target.exists()
    store = Store.open(data)
    assert store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 0

    pass_module(store, pid, modules[-1])
    store.close()
    assert run("certificate", "--profile", "sam", "-o", str(target), "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    ref = REF.search(out).group()
    page = target.read_text(encoding="utf-8")
    assert "Sam" in page and ref in page and "mhcourse" in page
    for module in modules:
        assert module.title in page  # every module listed with its date and score
    assert "Passed, 10/10 (100%)" in page

    store = Store.open(data)
    found = store.find_certificate(ref)
    store.close()
    assert found.name == "Sam" and found.profile_id == pid and len(found.modules) == len(modules)

    assert run("certificate", "verify", ref, "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    assert "genuine" in out and "Sam" in out and f"{len(modules)} modules: {len(modules)} passed." in out
    assert run("certificate", "verify", ref.lower().replace("-", " "), "--data-dir", str(data)) == 0
    capsys.readouterr()


def test_verify_rejects_a_made_up_reference(data, capsys):
    make(data, "Sam")
    made_up = new_reference()
    assert run("certificate", "verify", made_up, "--data-dir", str(data)) == 1
    assert "No certificate" in capsys.readouterr().err
    assert run("certificate", "verify", "MHC-0000-IIII", "--data-dir", str(data)) == 1
    assert "not a certificate reference" in capsys.readouterr().err


def test_text_certificate_has_the_same_reference_and_files_are_not_overwritten(data, tmp_path, capsys):
    make(data, "Sam", bundled())
    html_file, text_file = tmp_path / "c.html", tmp_path / "c.txt"
    assert run("certificate", "-o", str(html_file), "--data-dir", str(data)) == 0  # the only profile
    first = REF.search(capsys.readouterr().out).group()
    assert run("certificate", "-o", str(text_file), "--data-dir", str(data)) == 0
    assert REF.search(capsys.readouterr().out).group() == first
    text = text_file.read_text(encoding="utf-8")
    assert text.startswith("mhcourse\n") and "Sam" in text and first in text and "<" not in text

    text_file.write_text("keep me", encoding="utf-8")
    assert run("certificate", "-o", str(text_file), "--data-dir", str(data)) == 1
    assert "--force" in capsys.readouterr().err
    assert text_file.read_text(encoding="utf-8") == "keep me"
    assert run("certificate", "-o", str(text_file), "--force", "--data-dir", str(data)) == 0
    assert first in text_file.read_text(encoding="utf-8")


def test_usage_problems(data, tmp_path, capsys):
    make(data, "Sam")
    make(data, "Ari")
    assert run("certificate", "-o", str(tmp_path / "c.html"), "--data-dir", str(data)) == 2  # which profile?
    assert run("certificate", "--profile", "Sam", "--data-dir", str(data)) == 2  # no -o
    assert run("certificate", "--profile", "Sam", "-o", str(tmp_path / "c.pdf"), "--data-dir", str(data)) == 2
    assert run("certificate", "--profile", "Nobody", "-o", str(tmp_path / "c.html"), "--data-dir", str(data)) == 1
    assert run("certificate", "verify", "--data-dir", str(data)) == 2
    capsys.readouterr()


def test_site_config_gives_the_organization_and_the_track(data, tmp_path, capsys):
    config = tmp_path / "site.toml"
    config.write_text(
        '[organization]\nname = "Riverside & Co <Centre>"\n\n'
        '[track]\noffered = ["mental-health-basics", "anxiety"]\nno_skipping = ["mental-health-basics"]\n',
        encoding="utf-8",
    )
    by_id = {m.id: m for m in bundled()}
    pid = make(data, "Sam", [by_id["mental-health-basics"]])
    target = tmp_path / "c.html"
    args = ("--config", str(config), "--data-dir", str(data))
    assert run("certificate", "-o", str(target), *args) == 1
    store = Store.open(data)
    store.set_skipped(pid, "anxiety", True)  # may be skipped: the track does not name it in no_skipping
    store.close()
    assert run("certificate", "-o", str(target), *args) == 0
    page = target.read_text(encoding="utf-8")
    assert "Riverside &amp; Co &lt;Centre&gt;" in page and "<Centre>" not in page
    assert "Skipped" in page and "Depression" not in page
    capsys.readouterr()
    assert run("report", *args) == 0
    report = capsys.readouterr().out
    assert "anxiety" in report and "depression" not in report


@pytest.mark.parametrize("site, size", [
    ("", "A4"),
    ('[helplines]\ncountry = "GB"\n', "A4"),
    ('[helplines]\ncountry = "US"\n', "letter"),
    ('[helplines]\ncountry = "ca"\n', "letter"),
    ('[course]\npaper = "a4"\n[helplines]\ncountry = "US"\n', "A4"),
    ('[course]\npaper = "letter"\n', "letter"),
])
def test_the_certificate_prints_on_the_sites_paper(data, tmp_path, capsys, site, size):
    """Issue 13: certificates were A4 only; Letter is the paper in the US and Canada."""
    config = tmp_path / "site.toml"
    config.write_text('[track]\noffered = ["mental-health-basics"]\n' + site, encoding="utf-8")
    make(data, "Sam", [next(m for m in bundled() if m.id == "mental-health-basics")])
    target = tmp_path / "c.html"
    assert run("certificate", "-o", str(target), "--config", str(config), "--data-dir", str(data)) == 0
    page = target.read_text(encoding="utf-8")
    assert f"@page {{ size: {size}; margin: 15mm; }}" in page
    assert page.count("@page") == 1


def test_a_paper_size_that_is_neither_a4_nor_letter_is_a_located_config_problem(data, tmp_path, capsys):
    config = tmp_path / "site.toml"
    config.write_text('[course]\npaper = "A5"\n', encoding="utf-8")
    assert run("config", "check", "--config", str(config)) == 2
    assert f"{config}:2: course.paper" in capsys.readouterr().err


def test_verify_still_works_after_the_profile_is_deleted(data, tmp_path, capsys):
    pid = make(data, "Sam", bundled())
    assert run("certificate", "-o", str(tmp_path / "c.txt"), "--data-dir", str(data)) == 0
    ref = REF.search(capsys.readouterr().out).group()
    assert run("profile", "delete", "Sam", "--yes", "--data-dir", str(data)) == 0
    capsys.readouterr()
    assert run("certificate", "verify", ref, "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    assert "Sam" in out and "since been deleted" in out
    store = Store.open(data)
    assert store.find_certificate(ref).profile_id is None
    assert store.profile_by_id(pid) is None
    store.close()


@pytest.mark.parametrize("track", ['required = ["mental-health-basic"]', "required = []", "offered = []",
                                   'offered = ["nope", "nor-this"]'])
def test_a_track_that_certifies_nothing_gives_no_certificate(data, tmp_path, capsys, track):
    config = tmp_path / "site.toml"
    config.write_text(f"[track]\n{track}\n", encoding="utf-8")
    make(data, "Zed")  # a brand-new profile, no progress at all
    target = tmp_path / "zed.html"
    assert run("certificate", "--profile", "Zed", "-o", str(target), "--config", str(config),
               "--data-dir", str(data)) == 2
    assert f"{config}:2: track." in capsys.readouterr().err
    assert not target.exists()
    store = Store.open(data)
    assert store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 0
    store.close()


def test_verify_creates_nothing_in_a_folder_without_a_progress_file(tmp_path, capsys):
    for folder in (tmp_path / "nonexistent", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        assert run("--data-dir", str(folder), "certificate", "verify", "MHC-7KQ2-XM4D") == 2
        err = capsys.readouterr().err
        assert f"no progress file in {folder}: is this the data folder where certificates are issued?" in err
        assert "No certificate" not in err
    assert not (tmp_path / "nonexistent").exists() and list((tmp_path / "empty").iterdir()) == []


def test_verify_reads_the_register_without_changing_the_file(data, tmp_path, capsys):
    make(data, "Sam", bundled())
    assert run("certificate", "-o", str(tmp_path / "c.txt"), "--data-dir", str(data)) == 0
    ref = REF.search(capsys.readouterr().out).group()
    store = Store.open(data)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    before = (data / "progress.db").read_bytes()
    assert run("certificate", "verify", ref, "--data-dir", str(data)) == 0
    assert "genuine" in capsys.readouterr().out
    assert (data / "progress.db").read_bytes() == before
    wal = data / "progress.db-wal"  # SQLite may make an empty one for a reader; nothing is written to it
    assert not wal.exists() or wal.stat().st_size == 0


def test_verify_in_a_progress_file_older_than_the_register_finds_nothing_and_changes_nothing(data, capsys):
    import sqlite3

    from mhcourse.progress.store.schema import VERSION_1

    data.mkdir()
    db = sqlite3.connect(data / "progress.db")
    db.executescript(VERSION_1)
    db.execute("PRAGMA user_version = 1")
    db.close()
    before = (data / "progress.db").read_bytes()
    assert run("certificate", "verify", "MHC-7KQ2-XM4D", "--data-dir", str(data)) == 1
    assert "No certificate MHC-7KQ2-XM4D was issued on this computer" in capsys.readouterr().err
    assert (data / "progress.db").read_bytes() == before


# -- the core ------------------------------------------------------------------------------------------


def small(module_id: str):
    loaded = load_text(module_text(module_id, title=f"Module {module_id}"), Path(f"{module_id}.toml"))
    assert loaded.ok, loaded.problems
    return loaded.module


def test_skipped_modules_count_only_where_the_track_allows():
    a, b = small("alpha"), small("beta")
    store = Store.in_memory()
    learner = Learner(store, store.create_profile("Robin"), [a, b])
    track = Track(no_skipping=("beta",))
    pass_module(store, learner.profile.id, b)
    assert not learner.certificate_check(track).ready
    learner.skip_module(a)
    check = learner.certificate_check(track)
    assert check.ready and [m.id for m in check.skipped] == ["alpha"]
    cert = learner.issue_certificate(track, "Centre")
    assert [(m.id, m.status) for m in cert.modules] == [("alpha", "skipped"), ("beta", "passed")]
    assert cert.modules[0].date is not None and cert.modules[1].score == "2/2"

    other = Learner(store, store.create_profile("Ari"), [a, b])
    pass_module(store, other.profile.id, a)
    other.skip_module(b)
    with pytest.raises(CertificateRefused) as refused:
        other.issue_certificate(track, "Centre")
    assert [m.id for m in refused.value.check.missing] == ["beta"]


@pytest.mark.parametrize("track, words", [
    (Track(required=()), "the track requires no modules, so there is nothing to certify"),
    (Track(offered=()), "the track requires no modules, so there is nothing to certify"),
    (Track(offered=("nope",)), "the track requires nope, which the course does not have"),
    (Track(required=("alpha", "alpah")), "the track requires alpah, which the course does not have"),
])
def test_a_track_that_cannot_be_certified_is_never_ready(track, words):
    a = small("alpha")
    store = Store.in_memory()
    learner = Learner(store, store.create_profile("Robin"), [a])
    pass_module(store, learner.profile.id, a)
    check = learner.certificate_check(track)
    assert not check.ready and words in check.reason
    with pytest.raises(CertificateRefused) as refused:
        learner.issue_certificate(track, "Centre")
    assert words in str(refused.value)
    assert store.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 0
    assert learner.certificate_check(Track(required=("alpha",))).ready  # the same learner, a track that can be



def test_a_register_row_of_an_older_mhcourse_that_says_waived_verifies_as_skipped(data, capsys):
    a, b = small("alpha"), small("beta")
    store = Store.open(data)
    learner = Learner(store, store.create_profile("Robin"), [a, b])
    pass_module(store, learner.profile.id, b)
    learner.skip_module(a)
    ref = learner.issue_certificate(Track(), "Centre").ref
    with store.transaction() as db:  # as an older mhcourse wrote it
        db.execute("UPDATE certificates SET modules = replace(modules, '\"skipped\"', '\"waived\"') WHERE ref = ?",
                   (ref,))
    assert '"waived"' in store.db.execute("SELECT modules FROM certificates WHERE ref = ?", (ref,)).fetchone()[0]
    cert = certificate.verify(store, ref)
    assert [(m.id, m.status) for m in cert.modules] == [("alpha", "skipped"), ("beta", "passed")]
    assert "Skipped" in render_text(cert) and "Waived" not in render_text(cert)
    assert learner.issue_certificate(Track(), "Centre").ref == ref  # nothing changed: the same certificate
    store.close()
    assert run("certificate", "verify", ref, "--data-dir", str(data)) == 0
    assert "It certifies 2 modules: 1 passed, 1 skipped." in capsys.readouterr().out

def test_the_date_is_when_the_pass_mark_was_first_reached():
    a = small("alpha")  # pass mark 0.5 of 2 questions
    times = iter(f"2025-03-{d:02d}T10:00:00+00:00" for d in range(1, 28))
    store = Store.in_memory(clock=lambda: next(times))
    learner = Learner(store, store.create_profile("Robin"), [a])
    for lesson in a.lessons:
        store.lesson_completed(learner.profile.id, a.id, lesson.id)
    for right in (0, 1, 2):
        attempt = store.start_attempt(learner.profile.id, a.id, QuizPlan(()), 0.5)
        store.finish_attempt(attempt.id, right, 2, right >= 1)
    cert = learner.issue_certificate()
    assert cert.modules[0].score == "2/2"
    assert cert.modules[0].date == "2025-03-07T10:00:00+00:00"  # when the 1/2 attempt finished, not the best one


def test_a_new_certificate_when_something_changed():
    a = small("alpha")
    store = Store.in_memory()
    learner = Learner(store, store.create_profile("Robin"), [a])
    pass_module(store, learner.profile.id, a, right=1)
    first = learner.issue_certificate()
    assert learner.issue_certificate().ref == first.ref
    pass_module(store, learner.profile.id, a, right=2)  # a better score
    second = learner.issue_certificate()
    assert second.ref != first.ref and second.modules[0].score == "2/2"
    assert store.find_certificate(first.ref) is not None  # the first one stays verifiable


def sample(name: str = "<script>alert('x')</script>", organization: str = "A & B") -> Certificate:
    return Certificate("MHC-ABCD-EFGH", name, organization, "2025-03-12T10:00:00+00:00", (
        CertifiedModule("one", "Stress & <you>", "passed", "2025-03-10T10:00:00+00:00", "9/10"),
        CertifiedModule("two", "Two", "skipped", "2025-03-11T10:00:00+00:00"),
    ))


def test_html_escapes_every_text_and_needs_nothing_from_outside():
    page = render_html(sample())
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "A &amp; B" in page and "Stress &amp; &lt;you&gt;" in page
    for outside in ("http:", "https:", "src=", "url(", "@import", "<link", "<img"):
        assert outside not in page
    assert "@media print" in page and "<style>" in page
    assert "12 March 2025" in page and "Passed, 9/10 (90%)" in page and "Skipped" in page


def test_the_verify_command_line_never_breaks_inside_the_reference():
    page = render_html(sample())
    assert "<code>mhcourse certificate verify MHC-ABCD-EFGH</code>" in page
    assert re.search(r"\.reference code \{[^}]*white-space: nowrap;", page)


def test_plain_text_certificate():
    text = render_text(sample(name="Robin"))
    assert "Robin" in text and "MHC-ABCD-EFGH" in text and "Skipped" in text and "9/10 (90%)" in text


def test_save_chooses_the_format_by_suffix(tmp_path):
    certificate.save(sample(), tmp_path / "a.HTML")
    certificate.save(sample(), tmp_path / "a.txt")
    assert (tmp_path / "a.HTML").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("<")
    with pytest.raises(ValueError):
        certificate.save(sample(), tmp_path / "a.pdf")
    with pytest.raises(FileExistsError):
        certificate.save(sample(), tmp_path / "a.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.HTML", "a.txt"]  # no partial files left


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_references_have_no_ambiguous_characters_and_read_back(_):
    ref = new_reference()
    assert REF.fullmatch(ref)
    assert not set(ref[4:].replace("-", "")) & set("01OIL")
    assert set(ref[4:].replace("-", "")) <= set(REF_ALPHABET)
    assert normalize_reference(ref) == ref
    assert normalize_reference(ref.lower()) == ref
    assert normalize_reference(ref[4:].replace("-", "")) == ref
    assert normalize_reference(" " + ref.replace("-", " ") + " ") == ref


@pytest.mark.parametrize(
    "text", ["", "MHC-", "MHC-ABCD-EFG", "MHC-ABCD-EFGHJ", "MHC-0BCD-EFGH", "XYZ-ABCD-EFGH", "hello"]
)
def test_what_cannot_be_a_reference(text):
    assert normalize_reference(text) is None


def test_force_never_replaces_a_link_or_a_folder(data, tmp_path, capsys):
    make(data, "Sam", bundled())
    real = tmp_path / "real.html"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    for target in (link, folder):
        assert run("certificate", "--profile", "Sam", "-o", str(target), "--force", "--data-dir", str(data)) == 2
        assert "nothing was written" in capsys.readouterr().err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep me" and folder.is_dir()
