"""Only `open_store` is left here: the commands engineer moves it into commands/_common.py in issue 14,
and this file goes with it. The settings of a run are site/settings.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .progress.store import Store
    from .site.settings import Settings


def open_store(settings: Settings) -> Store:
    """The learner database in the data folder; raises StoreError (exit 3) when it cannot be used.

    A data folder on a network share is refused (SQLite's WAL needs a local disk); in a folder that
    several OS accounts share, new files are made group-writable.
    """
    from .progress.shared import refuse_network_folder, shared_folder
    from .progress.store import Store

    refuse_network_folder(settings.data_dir)
    with shared_folder(settings.data_dir, configured=settings.data_shared) as shared:
        return Store.open(settings.data_dir, shared=shared)
