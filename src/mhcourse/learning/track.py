"""A track: which modules a site offers, in what order, and which the certificate needs.

Without a track every module in the catalog is offered and required, and any may be skipped at its content note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from .outlined import Identified, ModuleLike

if TYPE_CHECKING:
    from .progress import ModuleRecord

M = TypeVar("M", bound=Identified)
L = TypeVar("L", bound=ModuleLike)
"""A full Module or its outline: a learner's home checks the certificate on the outline (learning/outlined.py)."""


@dataclass(frozen=True)
class Track:
    offered: tuple[str, ...] | None = None
    """Module ids offered, in order; None offers the whole catalog in its own order."""
    required: tuple[str, ...] | None = None
    """Module ids the certificate needs; None means every offered module (of `bundled`, when it is given)."""
    no_skipping: tuple[str, ...] = field(default=())
    """Required modules that must be passed even by a learner who skipped them at their content note."""
    bundled: frozenset[str] | None = None
    """Without a `required` list, the certificate needs only the offered modules with these ids (the bundled
    course's), never one added from another source; None, or no offered module among them: every offered module."""
    may_lack: frozenset[str] = frozenset()
    """Ids a preset names that the catalog may lack (a module of a newer mhcourse): left out, not required."""

    def modules(self, catalog: Sequence[M]) -> list[M]:
        """The offered modules (or their outlines), in the track's order (ids the catalog lacks are left out)."""
        if self.offered is None:
            return list(catalog)
        by_id = {m.id: m for m in catalog}
        return [by_id[i] for i in self.offered if i in by_id]

    def required_modules(self, catalog: Sequence[M]) -> list[M]:
        offered = self.modules(catalog)
        if self.required is None:
            bundled = self._bundled(offered)
            return [m for m in offered if bundled is None or m.id in bundled]
        by_id = {m.id: m for m in catalog}
        return [by_id[i] for i in self.required if i in by_id]

    def required_ids(self, catalog: Sequence[Identified]) -> list[str]:
        """The ids the certificate needs, as the track names them (some may not be in the catalog, except a
        preset's: those are left out)."""
        known = {m.id for m in catalog}
        if self.required is not None:
            return [i for i in self.required if i in known or i not in self.may_lack]
        if self.offered is None:
            return [m.id for m in self.required_modules(catalog)]
        # An offered id the catalog lacks stays (the certificate cannot be issued), unless a preset named it.
        bundled = self._bundled(self.modules(catalog))
        return [i for i in self.offered if (i in known and (bundled is None or i in bundled))
                or (i not in known and i not in self.may_lack)]

    def _bundled(self, offered: Sequence[Identified]) -> frozenset[str] | None:
        """The ids a certificate may require without a `required` list: the bundled course's. None (every offered
        module) without `bundled`, or when no offered module is the bundled course's: a site that offers only its
        own modules has chosen them, and there is nothing else to certify."""
        if self.bundled is None or not any(m.id in self.bundled for m in offered):
            return None
        return self.bundled


@dataclass(frozen=True)
class CertificateCheck(Generic[L]):
    ready: bool
    passed: list[L]
    skipped: list[L]
    """Required modules skipped at their content note, where the track allows that."""
    missing: list[L]
    """Required modules not yet passed (nor skipped where the track allows that)."""
    reason: str = ""
    """Why no certificate can be issued whatever the learner does, in plain words; "" when there is none."""


def certificate_check(track: Track, catalog: Sequence[L], records: dict[str, ModuleRecord]) -> CertificateCheck[L]:
    """Whether a learner has passed every required module of the track.

    A module skipped at its content note counts as skipped, and does not block the
    certificate unless the track names it in no_skipping. A track that requires nothing, or
    requires a module the catalog lacks, is never ready: a certificate that certifies nothing,
    or leaves out a module the site asked for, would mislead whoever reads it.
    """
    from .progress import ModuleRecord, Status, module_state  # here: a start orders its outline with Track alone

    passed: list[L] = []
    skipped: list[L] = []
    missing: list[L] = []
    required = track.required_modules(catalog)
    for module in required:
        record = records.get(module.id, ModuleRecord())
        status = module_state(module, record).status
        if status is Status.PASSED:
            passed.append(module)
        elif record.skipped and module.id not in track.no_skipping:
            skipped.append(module)
        else:
            missing.append(module)
    reason = _not_certifiable(track, catalog, required)
    return CertificateCheck(not missing and not reason, passed, skipped, missing, reason)


def _not_certifiable(track: Track, catalog: Sequence[Identified], required: Sequence[Identified]) -> str:
    known = {m.id for m in catalog}
    absent = [i for i in track.required_ids(catalog) if i not in known]
    if absent:
        return (f"the track requires {', '.join(absent)}, which the course does not have; "
                "check [track] in the site configuration with `mhcourse config check`")
    if not required:
        return ("the track requires no modules, so there is nothing to certify; "
                "check [track] in the site configuration with `mhcourse config check`")
    return ""
