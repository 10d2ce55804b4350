"""PINs as they are kept: one leaf module for every PIN, a profile's and the facilitator's.

New hashes are salted scrypt, `scrypt$n$r$p$salthex$keyhex`. Facilitator PIN lines made before there
was one scheme are PBKDF2, `pbkdf2-sha256$iterations$salthex$keyhex`; they are still read, so a site
config keeps working, but never written. Every argument is by keyword: the PIN and its hash are both
strings, and two orders once meant two kinds of wrong answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .errors import ProfileError
from .i18n import _

# hashlib, hmac and secrets are imported where a PIN is hashed or checked: every start opens the store
# (which has PINs) before its first screen, and most starts check no PIN then (OpenSSL's load, ~1 ms).

MIN_PIN, MAX_PIN = 4, 128
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_SALT_BYTES, SCRYPT_KEY_BYTES = 2**14, 8, 1, 16, 32
PBKDF2_ITERATIONS = range(10_000, 1_000_001)
"""Fewer is too quick to guess against; more makes each try of the PIN take seconds (0 crashed the kiosk)."""

_PBKDF2 = re.compile(r"^pbkdf2-sha256\$(\d{4,7})\$([0-9a-f]{32})\$([0-9a-f]{64})$")


@dataclass(frozen=True)
class PinHash:
    """A stored hash, taken apart: its scheme, its cost (scrypt n, r, p; PBKDF2 iterations), salt and key."""

    scheme: Literal["scrypt", "pbkdf2-sha256"]
    cost: tuple[int, ...]
    salt: bytes
    key: bytes

    def within_bounds(self) -> bool:
        """Whether the cost is what some version of mhcourse would write, give or take.

        The cost comes from a file: bounded, a tampered file cannot make a check take minutes or gigabytes.
        """
        if self.scheme == "pbkdf2-sha256":
            return self.cost[0] in PBKDF2_ITERATIONS
        n, r, p = self.cost
        return (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
                and 16 <= len(self.key) <= 64 and bool(self.salt))

    def matches(self, pin: str) -> bool:
        import hashlib
        import hmac

        if self.scheme == "pbkdf2-sha256":
            candidate = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), self.salt, self.cost[0])
        else:
            n, r, p = self.cost
            candidate = _scrypt(pin, self.salt, n, r, p, len(self.key))
        return hmac.compare_digest(candidate, self.key)


def clean_pin(pin: str) -> str:
    """A PIN or passphrase as hashed: NFC, so the same characters typed another way still match.

    Raises ProfileError when it is too short, too long or has a control character in it.
    """
    cleaned = unicodedata.normalize("NFC", pin)
    if len(cleaned.strip()) < MIN_PIN:
        raise ProfileError(_("A PIN or passphrase needs at least {count} characters.").format(count=MIN_PIN))
    if len(cleaned) > MAX_PIN:
        raise ProfileError(_("Please keep the PIN or passphrase to {count} characters or fewer.").format(count=MAX_PIN))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        raise ProfileError(_("The PIN has a control character in it; please type it again."))
    return cleaned


def hash_pin(*, pin: str) -> str:
    """'scrypt$n$r$p$salthex$keyhex' with a fresh random 16-byte salt; raises ProfileError as clean_pin does."""
    import secrets

    salt = secrets.token_bytes(SCRYPT_SALT_BYTES)
    key = _scrypt(clean_pin(pin), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def verify_pin(*, pin: str, stored: str) -> bool:
    """Whether `pin` matches `stored`, in either scheme; an unreadable or too costly hash matches nothing."""
    found = read_hash(stored)
    if found is None or not found.within_bounds():
        return False
    return found.matches(unicodedata.normalize("NFC", pin))


def read_hash(stored: str) -> PinHash | None:
    """The parts of a stored hash, or None when it is in neither scheme (its cost is not checked here)."""
    if not isinstance(stored, str):
        return None
    found = _PBKDF2.match(stored)
    if found:
        return PinHash("pbkdf2-sha256", (int(found.group(1)),), bytes.fromhex(found.group(2)),
                       bytes.fromhex(found.group(3)))
    try:
        scheme, n_text, r_text, p_text, salt_hex, key_hex = stored.split("$")
        cost = (int(n_text), int(r_text), int(p_text))
        salt, key = bytes.fromhex(salt_hex), bytes.fromhex(key_hex)
    except ValueError:
        return None
    return PinHash("scrypt", cost, salt, key) if scheme == "scrypt" else None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    import hashlib

    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=128 * r * (n + p + 2) + (1 << 20))
