"""Which times a record may hold: the rule for every record arriving from elsewhere (an import today).

A time is kept as ISO text. One outside any time this course could have recorded is a hand-edit, and
an extreme one (year 1 with an offset of +14:00) cannot even be shown in local time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
GRACE = timedelta(days=1)
"""How far after this computer's clock a time may be: the other computer's clock may be a little ahead."""


def moment(stamp: str) -> datetime:
    """A kept time as a moment to compare (times written with other offsets do not sort as text); one without
    a zone, as a hand-edit may have it, is UTC. Raises ValueError when it is not a time."""
    when = datetime.fromisoformat(stamp)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def time_problem(value: str, now: datetime | None = None) -> str | None:
    """What is wrong with a time in a record, in plain words, or None when it is one mhcourse could have kept."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"'{value[:40]}' is not a date and time like 2025-01-31T14:05:00+00:00"
    latest = (now or datetime.now(UTC)) + GRACE
    try:
        utc = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc <= latest:
        return (f"'{value[:40]}' is outside the times mhcourse keeps: from the year {EARLIEST.year} "
                f"to a day after this computer's clock ({latest:%Y-%m-%d})")
    return None
