"""Commands on learners' progress: profiles, progress, export, import, backup."""

from __future__ import annotations


def register(command) -> None:
    """Add this module's subcommands; `command(name, help)` returns a subparser with the global options."""
