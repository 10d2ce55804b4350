"""The progress store: every SQL statement mhcourse runs is in this package, and only here.

`Store` is one learner database (SQLite in the data folder, or the shared PostgreSQL database), put
together from one part per kind of record. Import each other name from the module it lives in:
core (opening, transactions, the file), profiles, record (lessons, places, skipped modules,
notes read, confidence), attempts, certificates, snapshot and merge (a whole profile out and in,
as the plain data of rows), copying (PIN hashes and the register, for `store copy`), reading and outcome_reading (the
facilitator report's queries), sessions (the web page's signed-in sessions) and schema (the tables).
"""

from __future__ import annotations

from ..pins import PinLocks
from .attempts import Attempts
from .cards import Cards
from .certificates import Certificates
from .copying import Copying
from .merge import Merge
from .outcome_reading import OutcomeReading
from .profiles import Profiles
from .reading import Reading
from .record import Record
from .sessions import WebSessions
from .snapshot import Snapshot


class Store(Profiles, PinLocks, Record, Attempts, Cards, Copying, Certificates, Snapshot, Merge, Reading,
            OutcomeReading, WebSessions):
    """One learner database. Open with Store.open(data_dir); Store.in_memory() keeps nothing on disk;
    Store.open_read_only(path) reads a file as it is, for the report and `certificate verify`."""


__all__ = ["Store"]
