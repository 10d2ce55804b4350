"""The one PIN module: new hashes are scrypt, the facilitator's older PBKDF2 lines still check, a hash that
cannot be read (or would cost too much to check) matches nothing, and every argument is named."""

from __future__ import annotations

import pytest

from helpers import pbkdf2_hash
from mhcourse.errors import ProfileError
from mhcourse.pins import PinHash, hash_pin, read_hash, verify_pin


def parts(stored: str) -> PinHash:
    found = read_hash(stored)
    assert found is not None, stored
    return found


def test_a_new_hash_is_scrypt_and_checks_its_pin_only():
    stored = hash_pin(pin="4071")
    assert parts(stored).scheme == "scrypt"
    assert verify_pin(pin="4071", stored=stored)
    assert not verify_pin(pin="4072", stored=stored)


def test_an_older_pbkdf2_facilitator_line_still_checks_its_pin_only():
    stored = pbkdf2_hash("2580", iterations=10_000)
    assert parts(stored).scheme == "pbkdf2-sha256" and parts(stored).cost == (10_000,)
    assert verify_pin(pin="2580", stored=stored)
    assert not verify_pin(pin="2581", stored=stored)


@pytest.mark.parametrize("stored", [
    "", "plain", "4071", "scrypt$16384$8$1$zz$zz", "scrypt$16384$8$1$00112233", "bcrypt$16384$8$1$00$00",
    "pbkdf2-sha256$200000$0011$0011", "pbkdf2-sha256$200000$" + "zz" * 16 + "$" + "00" * 32,
    "PBKDF2-SHA256$200000$" + "00" * 16 + "$" + "00" * 32,
])
def test_a_hash_that_cannot_be_read_matches_nothing(stored):
    found = read_hash(stored)
    assert found is None or not found.within_bounds()
    assert not verify_pin(pin="4071", stored=stored)


@pytest.mark.parametrize("iterations", [9_999, 1_000_001, 9_999_999])
def test_a_pbkdf2_line_with_an_iteration_count_out_of_range_matches_nothing_at_once(iterations):
    """Never seconds per try (9,999,999 took 4 s), never a crash (0 crashed the kiosk)."""
    good = pbkdf2_hash("4071", iterations=10_000)
    bad = good.replace("$10000$", f"${iterations}$")
    assert parts(bad).cost == (iterations,) and not parts(bad).within_bounds()
    assert not verify_pin(pin="4071", stored=bad)


@pytest.mark.parametrize("cost", ["2097152$8$1", "16384$64$1", "16384$8$32", "16385$8$1", "1$8$1", "0$8$1"])
def test_an_scrypt_hash_that_would_cost_too_much_or_cannot_be_made_matches_nothing(cost):
    """The cost comes from a file: out of bounds, it is not even tried (2**21 would take 2 GiB)."""
    bad = hash_pin(pin="4071").replace("16384$8$1", cost)
    assert not parts(bad).within_bounds()
    assert not verify_pin(pin="4071", stored=bad)


def test_every_argument_is_named():
    stored = hash_pin(pin="4071")
    with pytest.raises(TypeError):
        hash_pin("4071")  # type: ignore[misc]
    with pytest.raises(TypeError):
        verify_pin("4071", stored)  # type: ignore[misc]
    with pytest.raises(TypeError):
        verify_pin(stored, "4071")  # type: ignore[misc]  # the order the store used to take


@pytest.mark.parametrize("pin", ["123", "   12   ", "12\x0734"])
def test_a_pin_too_short_or_with_a_control_character_is_not_hashed(pin):
    with pytest.raises(ProfileError):
        hash_pin(pin=pin)
