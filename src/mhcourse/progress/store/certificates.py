"""The certificate register: every certificate this machine issued, so `certificate verify` can answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...errors import StoreError
from ...i18n import _
from ..faults import change
from .core import StoreCore, loads


@dataclass(frozen=True)
class CertificateRecord:
    """One certificate this machine issued, as the register keeps it."""

    ref: str
    profile_id: int | None
    """None once the profile was deleted (the register entry stays, so the certificate can still be verified)."""
    name: str
    """The learner's name as printed on the certificate."""
    organization: str
    issued: str
    """ISO time of issue."""
    modules: list[dict[str, Any]] = field(default_factory=list)
    """What was certified: id, title, status ('passed' | 'skipped'), date (ISO or None), score ('9/10' or None)."""


class Certificates(StoreCore):
    """Issuing a certificate into the register, and finding one by its reference."""

    @change
    def issue_certificate(self, profile_id: int, name: str, organization: str, modules: list[dict[str, Any]],
                          make_ref: Callable[[], str]) -> CertificateRecord:
        """Record a certificate in the register and return it.

        When this profile's newest certificate certifies exactly the same (name, organization and
        modules), that one is returned instead, so saving it again as .txt gives the same reference.
        """
        content = json.dumps(modules, sort_keys=True, ensure_ascii=False)
        with self.transaction() as db:
            newest = db.execute(
                "SELECT ref, issued, name, organization, modules FROM certificates WHERE profile_id = ? "
                f"ORDER BY {self.sql.newest_certificate} DESC LIMIT 1", (profile_id,)
            ).fetchone()
            if newest is not None and (newest[2], newest[3], _certified(newest[4])) == (name, organization, modules):
                return CertificateRecord(newest[0], profile_id, name, organization, newest[1], json.loads(content))
            issued = self.clock()
            for _try in range(20):
                ref = make_ref()
                added = db.execute(
                    "INSERT INTO certificates (ref, profile_id, name, organization, issued, modules) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING RETURNING ref",
                    (ref, profile_id, name, organization, issued, content),
                ).fetchone()
                if added is not None:  # else a reference already given, here or on another machine
                    break
            else:
                raise StoreError(_("Could not find a free certificate reference; please try again."))
        return CertificateRecord(ref, profile_id, name, organization, issued, json.loads(content))

    def find_certificate(self, ref: str) -> CertificateRecord | None:
        """The register's entry for `ref`, or None. A file read as it is (not migrated) may be older than the
        register: then it issued nothing."""
        if not self.has_table("certificates"):
            return None
        row = self.db.execute(
            "SELECT ref, profile_id, name, organization, issued, modules FROM certificates WHERE ref = ?", (ref,)
        ).fetchone()
        if row is None:
            return None
        return CertificateRecord(row[0], row[1], row[2], row[3], row[4], _certified(row[5]))


def _certified(raw: str | None) -> list[dict[str, Any]]:
    """A register row's modules. An older mhcourse wrote a skipped module's status as 'waived': it reads as skipped,
    so its certificates still verify and say what a new one says."""
    modules: list[dict[str, Any]] = loads(raw, [])
    return [{**m, "status": "skipped"} if isinstance(m, dict) and m.get("status") == "waived" else m for m in modules]
