"""What `mhcourse store copy` needs beyond a profile's record (snapshot.py, merge.py): its PIN hash, and the
certificate register, whose entries keep their references wherever the record goes."""

from __future__ import annotations

import json
from typing import Literal

from ..faults import change
from .certificates import CertificateRecord, Certificates, _certified

Arrived = Literal["added", "there", "clash"]
"""A register entry copied: 'added'; the same entry was there already: 'there'; another entry holds its
reference: 'clash' (nothing written)."""


class Copying(Certificates):
    def pin_hash(self, profile_id: int) -> str | None:
        """The profile's PIN as kept (a salted hash), to move with the profile to another store."""
        row = self.db.execute("SELECT pin_hash FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        return None if row is None else row[0]

    def register(self) -> list[CertificateRecord]:
        """Every certificate in the register, oldest first (a file read as it is may have no register)."""
        if not self.has_table("certificates"):
            return []
        rows = self.db.execute(
            "SELECT ref, profile_id, name, organization, issued, modules FROM certificates ORDER BY issued, ref"
        ).fetchall()
        return [CertificateRecord(r[0], r[1], r[2], r[3], r[4], _certified(r[5])) for r in rows]

    @change
    def add_certificate(self, certificate: CertificateRecord, profile_id: int | None) -> Arrived:
        """Copy a register entry under its own reference, for the profile `profile_id` here (None: deleted)."""
        content = json.dumps(certificate.modules, sort_keys=True, ensure_ascii=False)
        with self.transaction() as db:
            added = db.execute(
                "INSERT INTO certificates (ref, profile_id, name, organization, issued, modules) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING RETURNING ref",
                (certificate.ref, profile_id, certificate.name, certificate.organization, certificate.issued, content),
            ).fetchone()
            if added is not None:
                return "added"
            row = db.execute("SELECT ref, profile_id, name, organization, issued, modules FROM certificates "
                             "WHERE ref = ?", (certificate.ref,)).fetchone()
        there = CertificateRecord(row[0], row[1], row[2], row[3], row[4], _certified(row[5]))
        return "there" if _same(there, certificate) else "clash"


def _same(a: CertificateRecord, b: CertificateRecord) -> bool:
    """The same certificate: what it says (the profile it belongs to is a number local to each store)."""
    return (a.ref, a.name, a.organization, a.issued, a.modules) == (b.ref, b.name, b.organization, b.issued, b.modules)
