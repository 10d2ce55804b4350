"""Certificates: issued to a learner who passed every required module of the track, kept in a register.

A certificate shows the organization, the learner's name, each required module with its date and
score (or "Skipped" for a module skipped at its content note, where the track allows that) and a
reference like MHC-7KQ2-XM4D. The reference is recorded in the store, so `mhcourse certificate
verify REF` can tell a facilitator whether this machine issued it, to whom and when.

HTML is print-ready and self-contained (inline CSS, no fonts, images or links to fetch); every
text in it is escaped, since names and titles are typed by people.
"""

from __future__ import annotations

import html
import secrets
import shlex
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import write_whole
from ..i18n import N_, SHIPPED, _, current_language, format_day, format_percent
from ..learning.track import CertificateCheck, Track, certificate_check
from .store import Store
from .store.certificates import CertificateRecord

if TYPE_CHECKING:
    from ..content.models import Module

REF_PREFIX = "MHC"
REF_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Upper-case letters and digits without the ones people mix up: 0/O, 1/I/L."""
COURSE_TITLE = N_("mental health awareness course")
"""As it reads inside a sentence: "has completed the mental health awareness course on ..." (translated with
`_()` where it is shown)."""
FORMATS = {".html": "html", ".htm": "html", ".txt": "text"}


class CertificateRefused(Exception):
    """No certificate: `check.reason` says why none can be issued (a track that requires nothing),
    or else `check.missing` says which modules are still to do."""

    def __init__(self, check: CertificateCheck[Module]) -> None:
        self.check = check
        if check.reason:
            super().__init__(_("No certificate can be issued: {reason}.").format(reason=check.reason))
            return
        titles = ", ".join(m.title for m in check.missing)
        super().__init__(_("A certificate needs every required module passed. Still to do: {titles}.")
                         .format(titles=titles))


@dataclass(frozen=True)
class CertifiedModule:
    id: str
    title: str
    status: str
    """'passed' or 'skipped'."""
    date: str | None
    """ISO time it was passed (or skipped)."""
    score: str | None = None
    """The best quiz score as 'right/total'; None for a module without a quiz or a skipped one."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "date": self.date, "score": self.score}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CertifiedModule:
        return cls(str(raw.get("id", "")), str(raw.get("title", "")), str(raw.get("status", "")),
                   raw.get("date"), raw.get("score"))


@dataclass(frozen=True)
class Certificate:
    ref: str
    name: str
    organization: str
    issued: str
    modules: tuple[CertifiedModule, ...]
    profile_id: int | None = None
    refresher_due: str | None = None
    """ISO time the first of its passed modules falls due for a refresher ([course] refresher_months), when the
    site sets one; not kept in the register (a refresher never withdraws a certificate)."""

    @classmethod
    def from_record(cls, record: CertificateRecord, refresher_due: str | None = None) -> Certificate:
        return cls(record.ref, record.name, record.organization, record.issued,
                   tuple(CertifiedModule.from_dict(m) for m in record.modules), record.profile_id, refresher_due)


# -- references -----------------------------------------------------------------------------------


def new_reference() -> str:
    """A fresh reference like 'MHC-7KQ2-XM4D' (31**8, about 850 billion, possibilities)."""
    part = lambda: "".join(secrets.choice(REF_ALPHABET) for _ in range(4))  # noqa: E731
    return f"{REF_PREFIX}-{part()}-{part()}"


def normalize_reference(text: str) -> str | None:
    """A reference as typed ('mhc 7kq2 xm4d', '7KQ2-XM4D') in its printed form, or None if it cannot be one."""
    compact = "".join(c for c in text.upper() if c.isalnum())
    if len(compact) == len(REF_PREFIX) + 8 and compact.startswith(REF_PREFIX):
        compact = compact[len(REF_PREFIX):]
    if len(compact) != 8 or any(c not in REF_ALPHABET for c in compact):
        return None
    return f"{REF_PREFIX}-{compact[:4]}-{compact[4:]}"


# -- issuing --------------------------------------------------------------------------------------


def issue(store: Store, profile_id: int, catalog: list[Module], track: Track, organization: str,
          refresher_months: int | None = None) -> Certificate:
    """Issue (and record) the learner's certificate; raises CertificateRefused before the track is passed.

    Asking again with nothing changed gives the same certificate and reference. With `refresher_months`
    ([course] refresher_months), it says when its refresher is due: the earliest date a certified module's
    refresher falls due, counted from that module's last pass (reviewing.refresher_at).
    """
    profile = store.profile_by_id(profile_id)
    if profile is None:
        raise ValueError("There is no such profile.")
    records = store.records(profile_id)
    result = certificate_check(track, catalog, records)
    if not result.ready:
        raise CertificateRefused(result)
    passed = {m.id for m in result.passed}
    skipped = {m.id for m in result.skipped}
    modules = []
    for module in track.required_modules(catalog):
        if module.id in passed:
            record = records.get(module.id)
            score = record.best_score if module.quiz is not None and record is not None else None
            passed_on = store.achieved_on(profile_id, module)
            modules.append(CertifiedModule(module.id, module.title, "passed", passed_on, score))
        elif module.id in skipped:
            modules.append(CertifiedModule(module.id, module.title, "skipped", store.skipped_on(profile_id, module.id)))
    issued = store.issue_certificate(profile_id, profile.name, organization, [m.to_dict() for m in modules],
                                     new_reference)
    return Certificate.from_record(issued, _refresher_due(store, profile_id, catalog, passed, refresher_months))


def _refresher_due(store: Store, profile_id: int, catalog: list[Module], passed: set[str],
                   months: int | None) -> str | None:
    """The earliest refresher date of the certified modules with a quiz, or None (no refresher set, or none)."""
    from .reviewing import last_pass, refresher_at

    if not months:
        return None
    dates = [refresher_at(when, months) for module in catalog if module.id in passed
             for when in [last_pass(store, profile_id, module)] if when is not None]
    return min(dates).isoformat(timespec="seconds") if dates else None


def refresher_words(cert: Certificate) -> str | None:
    """The certificate's refresher line ("Refresher due by 12 March 2028"), or None without one."""
    if not cert.refresher_due:
        return None
    return _("Refresher due by {day}").format(day=long_date(cert.refresher_due))


def open_register(data_dir: Path) -> Store | None:
    """The progress file in data_dir opened read-only, for `verify`; None when there is none.

    Checking a reference never creates or changes anything: a facilitator who names the wrong
    folder must be told so, not find an empty progress file made there.
    """
    return Store.open_read_only(data_dir)


def verify(store: Store, text: str) -> Certificate | None:
    """The certificate with this reference, if this machine issued it."""
    ref = normalize_reference(text)
    record = None if ref is None else store.find_certificate(ref)
    return Certificate.from_record(record) if record else None


# -- rendering ------------------------------------------------------------------------------------


def long_date(stamp: str | None) -> str:
    """'12 March 2025' in this computer's time zone and the learner's language (i18n.format_day: '12 de marzo
    de 2025'); '' when there is no date."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:10]
    if when.tzinfo is not None:
        try:
            when = when.astimezone()
        except OverflowError:  # year 1 or 9999 with an offset: shown as written rather than not at all
            return stamp[:10]
    return format_day(when.date())


def _result(module: CertifiedModule) -> str:
    if module.status == "skipped":
        return _("Skipped")
    if module.score:
        right, _slash, total = module.score.partition("/")
        try:
            percent = format_percent(int(right) / int(total))
        except (ValueError, ZeroDivisionError):
            return _("Passed, {score}").format(score=module.score)
        return _("Passed, {score} ({percent})").format(score=module.score, percent=percent)
    return _("Completed")


def _skipped_note() -> str:
    return _("Skipped: at the module's content note, as this course allows.")


def _completed(cert: Certificate, course_title: str) -> str:
    return _("has completed the {course} on {day}.").format(course=_(course_title), day=long_date(cert.issued))


def _disclaimer() -> list[str]:
    return _("This certificate records taking part in an awareness course. It is not a clinical\n"
             "or professional qualification.").split("\n")


def _html_lang() -> str:
    language = current_language()
    return language if language in SHIPPED else "en"


def render_text(cert: Certificate, course_title: str = COURSE_TITLE) -> str:
    """The certificate as plain text, in the language spoken now (the learner's: see commands/centre.py)."""
    lines = [
        cert.organization,
        "",
        _("CERTIFICATE OF COMPLETION"),
        "",
        _("This certifies that"),
        "",
        f"    {cert.name}",
        "",
        _completed(cert, course_title),
        "",
    ]
    module, result, date = _("Module"), _("Result"), _("Date")
    results = [_result(m) for m in cert.modules]
    width = max([len(module)] + [len(m.title) for m in cert.modules])
    result_width = max([22, len(result)] + [len(r) for r in results])
    lines.append(f"{module.ljust(width)}  {result.ljust(result_width)}  {date}")
    for m, said in zip(cert.modules, results, strict=True):
        lines.append(f"{m.title.ljust(width)}  {said.ljust(result_width)}  {long_date(m.date)}".rstrip())
    if any(m.status == "skipped" for m in cert.modules):
        lines += ["", _skipped_note()]
    refresher = refresher_words(cert)
    if refresher:
        lines += ["", refresher]
    lines += [
        "",
        _("Reference: {ref}").format(ref=cert.ref),
        _("To check it, a facilitator runs on the computer that issued it: {command}").format(
            command=f"mhcourse certificate verify {cert.ref}"),
        "",
        *_disclaimer(),
    ]
    return "\n".join(lines) + "\n"


LETTER_COUNTRIES = frozenset({"US", "CA"})
"""Where certificates print on US Letter by default; A4 everywhere else."""
PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def paper_size(paper: str | None = None, country: str | None = None) -> str:
    """'a4' or 'letter': the site's `[course] paper` when set, else Letter for a site in the US or Canada
    (`[helplines] country`), else A4. Every place that renders a certificate asks this."""
    if paper and paper.lower() in PAGE_SIZES:
        return paper.lower()
    return "letter" if (country or "").upper() in LETTER_COUNTRIES else "a4"


_CSS = """
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 2rem 1rem; background: #eceae4; color: #1d1d1d;
       font-family: Georgia, "Times New Roman", Times, serif; line-height: 1.45; }
.sheet { max-width: 190mm; margin: 0 auto; padding: 14mm 16mm; background: #fff;
         border: 4px double #2e5e4e; }
.organization { margin: 0; text-align: center; font-size: 1.1rem; letter-spacing: 0.08em;
                text-transform: uppercase; color: #2e5e4e; }
h1 { margin: 0.6rem 0 1.2rem; text-align: center; font-size: 2rem; font-weight: normal; letter-spacing: 0.04em; }
.lead { margin: 0; text-align: center; }
.name { margin: 0.5rem 0; text-align: center; font-size: 1.8rem; font-style: italic; }
table { width: 100%; margin: 1.4rem 0 1rem; border-collapse: collapse; font-size: 0.95rem; }
th, td { padding: 0.35rem 0.5rem; border-bottom: 1px solid #c9c9c0; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #2e5e4e; font-weight: bold; }
td.date { white-space: nowrap; }
.note, .reference, .disclaimer { font-size: 0.85rem; }
.reference { margin-top: 1.2rem; }
.reference strong { font-family: "Courier New", Courier, monospace; font-size: 1rem; letter-spacing: 0.05em; }
.reference code { white-space: nowrap; }  /* the command is typed as one line: never break the reference */
.disclaimer { color: #4a4a4a; }
@media print {
  body { background: #fff; padding: 0; }
  /* tighter on paper, so every bundled module and the skipped note still fit on one page, A4 or Letter */
  .sheet { max-width: none; margin: 0; padding: 10mm 14mm; }
  th, td { padding: 0.25rem 0.5rem; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def render_html(cert: Certificate, course_title: str = COURSE_TITLE, paper: str = "a4") -> str:
    """The certificate as a page to print on `paper` ('a4' or 'letter': see paper_size)."""
    e = html.escape
    page = f"@page {{ size: {PAGE_SIZES.get(paper, 'A4')}; margin: 15mm; }}"
    rows = "\n".join(
        f"      <tr><td>{e(m.title)}</td><td>{e(_result(m))}</td><td class=\"date\">{e(long_date(m.date))}</td></tr>"
        for m in cert.modules
    )
    skipped_note = (f'\n    <p class="note">{e(_skipped_note())}</p>'
                    if any(m.status == "skipped" for m in cert.modules) else "")
    refresher = refresher_words(cert)
    if refresher:
        skipped_note += f'\n    <p class="note refresher">{e(refresher)}</p>'

    return f"""<!DOCTYPE html>
<html lang="{e(_html_lang())}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(_("Certificate of completion: {name}").format(name=cert.name))}</title>
<style>
{page}{_CSS}</style>
</head>
<body>
  <main class="sheet">
    <p class="organization">{e(cert.organization)}</p>
    <h1>{e(_("Certificate of completion"))}</h1>
    <p class="lead">{e(_("This certifies that"))}</p>
    <p class="name">{e(cert.name)}</p>
    <p class="lead">{e(_completed(cert, course_title))}</p>
    <table>
      <thead><tr><th scope="col">{e(_("Module"))}</th><th scope="col">{e(_("Result"))}</th>\
<th scope="col">{e(_("Date"))}</th></tr></thead>
      <tbody>
{rows}
      </tbody>
    </table>{skipped_note}
    <p class="reference">{e(_("Reference: {ref}")).format(ref=f"<strong>{e(cert.ref)}</strong>")}<br>
    {e(_("To check it, a facilitator runs on the computer that issued it: {command}")).format(
        command=f"<code>mhcourse certificate verify {e(cert.ref)}</code>")}</p>
    <p class="disclaimer">{e(" ".join(_disclaimer()))}</p>
  </main>
</body>
</html>
"""


# -- what every face tells the learner -----------------------------------------------------------------

READY = N_("Your certificate is ready")
"""Marked for the catalog; a face shows `_(READY)` (or ready_words()), as with KIOSK_NOTE and NOT_SAVED."""
KIOSK_NOTE = N_("This computer is shared, so the certificate is not saved on it. Please write the reference "
                "down and ask a facilitator to print your certificate. They print it with:")
NOT_SAVED = N_("The certificate could not be saved. Ask a facilitator to save it with `mhcourse certificate`.")


def ready_words() -> str:
    return _(READY)


def kiosk_note() -> str:
    return _(KIOSK_NOTE)


def not_saved_words() -> str:
    return _(NOT_SAVED)


def saved_words(where: Path | str | None) -> str:
    if where:
        return _("Your certificate was saved to {where}. Open it in a web browser to print it.").format(where=where)
    return _("Your certificate was saved. Open it in a web browser to print it.")


def quoted(name: str) -> str:
    """The name as a facilitator types it in a shell: "Robin O'Neil", as the guide writes names."""
    return f'"{name}"' if not set(name) & set('"$`\\!') else shlex.quote(name)


def facilitator_command(name: str) -> str:
    """The command that prints this learner's certificate, for a kiosk, where none is saved."""
    return f"mhcourse certificate --profile {quoted(name)} -o certificate.html"


def file_name(cert: Certificate) -> str:
    return f"certificate-{cert.ref}.html"


def render(cert: Certificate, target: Path, course_title: str = COURSE_TITLE, paper: str = "a4") -> str:
    """The certificate as HTML or plain text, by the suffix of `target` (see format_for)."""
    if format_for(Path(target)) == "html":
        return render_html(cert, course_title, paper)
    return render_text(cert, course_title)


def format_for(target: Path) -> str | None:
    """'html' or 'text' by the file's suffix, or None for a suffix that is neither."""
    return FORMATS.get(target.suffix.lower())


def save(cert: Certificate, target: Path, overwrite: bool = False, course_title: str = COURSE_TITLE,
         paper: str = "a4") -> None:
    """Write the certificate as HTML or plain text by the suffix of `target` (.html, .htm, .txt).

    Written beside the target and renamed into place, so a failed write leaves no half file; 0600,
    since it names the learner.
    Raises ValueError for another suffix, FileExistsError when `target` exists and overwrite is
    False, IsADirectoryError for a folder and OSError when it cannot be written.
    """
    target = Path(target)
    kind = format_for(target)
    if kind is None:
        raise ValueError(_("{name}: a certificate is saved as .html (to print) or .txt").format(name=target.name))
    if target.is_dir():
        raise IsADirectoryError(_("{target} is a folder").format(target=target))
    if target.exists() and not overwrite:
        raise FileExistsError(_("{target} already exists").format(target=target))
    text = render(cert, target, course_title, paper)
    write_whole(target, text)
