"""`mhcourse read`: the plain, screen-reader-friendly face."""

from __future__ import annotations


def register(command) -> None:
    """Add this module's subcommands; `command(name, help)` returns a subparser with the global options."""
