"""Which times a record may hold: the rule for every record arriving from elsewhere (an import today).

A time is kept as ISO text. One outside any time this course could have recorded is a hand-edit, and
an extreme one (year 1 with an offset of +14:00) cannot even be shown in local time.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from ..i18n import _

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
GRACE = timedelta(days=1)
"""How far after this computer's clock a time may be: the other computer's clock may be a little ahead."""


TODAY = "MHCOURSE_TODAY"
"""A date (YYYY-MM-DD) the course takes as today, for tests and demos: answers, due dates, certificates and the
report follow it, at the real time of day (so the order of a day's steps is kept)."""


def now() -> datetime:
    """The course's clock, in UTC: the computer's, or MHCOURSE_TODAY's date at the computer's time of day."""
    real = datetime.now(UTC)
    chosen = chosen_today()
    return real if chosen is None else datetime.combine(chosen, real.timetz())


course_now = now
"""now(), for a function whose own argument is called now."""


def chosen_today() -> date | None:
    """MHCOURSE_TODAY as a date; None when it is not set (or not a date: cli.py refuses that at the start)."""
    raw = os.environ.get(TODAY, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def today_problem() -> str | None:
    """What is wrong with MHCOURSE_TODAY, in plain words, or None."""
    raw = os.environ.get(TODAY, "").strip()
    if raw and chosen_today() is None:
        return _("MHCOURSE_TODAY must be a date like 2027-03-01, not '{value}'").format(value=raw[:40])
    return None


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
    latest = (now or course_now()) + GRACE  # a record made under MHCOURSE_TODAY is the course's own
    try:
        utc = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc <= latest:
        return (f"'{value[:40]}' is outside the times mhcourse keeps: from the year {EARLIEST.year} "
                f"to a day after this computer's clock ({latest:%Y-%m-%d})")
    return None
