"""The store's errors, in a module of their own: the store and the modules it uses (faults, modes, pins) raise them."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used (exit code 3): the message says why in plain words."""


class ProfileError(ValueError):
    """A profile request that cannot be done (a name taken, too long, unknown)."""
