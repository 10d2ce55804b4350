"""Copying every learner of one store into another (`mhcourse store copy`, and `backup` on a shared store).

A machine's SQLite record moves into the shared PostgreSQL database, or a shared record comes back out as
one portable SQLite file. Each profile travels as its whole record (the snapshot an export is made of) and
arrives by the one rule for arriving records (progress/arrival.py): a name already there is never merged
by chance. A profile whose name is taken is a clash; every clash is listed before anything is written and
the copy stops, unless the person copying says, per name, a new name (--as) or a merge on purpose
(--into, with that profile's PIN when it has one).

A second copy adds nothing. A profile already there is recognised, not guessed at: the profile under the
name it would take was made the same moment (its `created` stamp) and already holds everything the
record would bring (a merge would add nothing; attempts, checks and scenario runs are matched by uid).
Such a profile is left as it is. When the learner has gone on learning on the old machine since, the
record is no longer all there: that is a clash again, and --into NAME=NAME brings the rest on purpose.

A new profile keeps its PIN (its hash moves with it: the same record in a new place, unlike an export
file, which travels and never carries one). Certificates move too, under their own references (unique
everywhere): an entry already there with the same content is skipped, one with a different content under
the same reference is reported and not copied. Sessions of the web page and PIN locks are not copied:
a session belongs to one server's signing key and lasts hours, and a lock lasts minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .arrival import Arrival, ArrivalRefused, arrival, check_arrival_pin
from .profile import Profile
from .store import Store
from .store.certificates import CertificateRecord
from .store.merge import Merged
from .store.profiles import name_key
from .store.rows import ProfileRecord


@dataclass(frozen=True)
class Step:
    """One profile of the source, and where it goes."""

    source_id: int
    name: str
    """Its name in the source."""
    record: ProfileRecord
    place: Arrival | None
    """Where it goes; None when the target has it all already (`there`)."""
    there: Profile | None = None


@dataclass
class CopyPlan:
    """What a copy would do, worked out before anything is written."""

    steps: list[Step] = field(default_factory=list)
    refused: list[tuple[str, ArrivalRefused]] = field(default_factory=list)
    """The clashes (and --into names that are no profile there), each with the name in the source: with any,
    nothing is copied."""
    unknown: list[str] = field(default_factory=list)
    """Names given to --as or --into that are no profile in the source."""
    certificates: list[CertificateRecord] = field(default_factory=list)

    @property
    def pins_needed(self) -> list[Arrival]:
        """The merges into profiles that have a PIN: each PIN is needed before anything is written."""
        return [s.place for s in self.steps if s.place is not None and s.place.needs_pin]


Outcome = Literal["new", "into", "there"]


@dataclass
class CopySummary:
    """What a copy did, per profile and for the certificate register."""

    profiles: list[tuple[str, Outcome, str, Merged | None]] = field(default_factory=list)
    """(name in the source, what happened, name in the target, what the merge added)."""
    certificates_added: int = 0
    certificates_there: int = 0
    certificate_clashes: list[str] = field(default_factory=list)
    """References held by a different certificate in the target: not copied."""

    @property
    def added(self) -> bool:
        return self.certificates_added > 0 or any(o != "there" for _, o, _, _ in self.profiles)


def plan_copy(source: Store, target: Store, as_names: Mapping[str, str] | None = None,
              into: Mapping[str, str] | None = None) -> CopyPlan:
    """Where each profile of `source` goes in `target`: nothing is written. `as_names` and `into` map a
    source profile's name (in any case) to a new name, or to a profile of the target to merge into."""
    as_keys = {name_key(k): v for k, v in (as_names or {}).items()}
    into_keys = {name_key(k): v for k, v in (into or {}).items()}
    profiles = sorted(source.profiles(), key=lambda p: name_key(p.name))
    plan = CopyPlan()
    known = {name_key(p.name) for p in profiles}
    plan.unknown = sorted({k for k in (*(as_names or {}), *(into or {})) if name_key(k) not in known})
    planned: set[str] = set()
    for profile in profiles:
        key = name_key(profile.name)
        record = source.snapshot(profile.id)
        try:
            step = _step(target, profile, record, as_keys.get(key), into_keys.get(key))
        except ArrivalRefused as refused:
            plan.refused.append((profile.name, refused))
            continue
        if step.place is not None and step.place.into is None:
            new_key = name_key(step.place.name)
            if new_key in planned:  # two profiles of the source would take the same new name
                plan.refused.append((profile.name, ArrivalRefused("as_taken", step.place.name,
                                                                  f"two would be called '{step.place.name}'")))
                continue
            planned.add(new_key)
        plan.steps.append(step)
    plan.certificates = source.register()
    return plan


def _step(target: Store, profile: Profile, record: ProfileRecord, as_name: str | None, into: str | None) -> Step:
    if into is not None:
        there = target.profile(into)
        if there is not None and not target.merge_record(record, there.name, there.id, dry_run=True).changed:
            return Step(profile.id, profile.name, record, None, there)  # brought before: no PIN asked again
        return Step(profile.id, profile.name, record, arrival(target, profile.name, into=into))
    there = target.profile(as_name if as_name is not None else profile.name)
    if there is not None and _holds(target, there, record):
        return Step(profile.id, profile.name, record, None, there)
    return Step(profile.id, profile.name, record, arrival(target, profile.name, as_name=as_name))


def _holds(target: Store, there: Profile, record: ProfileRecord) -> bool:
    """Whether `there` is this very profile, copied before: made the same moment, and holding all of it."""
    if there.created != record.profile.created:
        return False
    return not target.merge_record(record, there.name, there.id, dry_run=True).changed


def copy_store(source: Store, target: Store, plan: CopyPlan, pins: Mapping[str, str] | None = None) -> CopySummary:
    """Do what `plan` says. Every PIN a merge needs is checked first (`pins` by the target profile's name;
    a wrong one counts toward its lockout and raises ArrivalRefused); then each profile is copied in its
    own transaction, then the certificates. A copy broken off half way is finished by running it again."""
    if plan.refused or plan.unknown:
        raise ValueError("a plan with clashes is not carried out")
    pins = pins or {}
    for place in plan.pins_needed:
        check_arrival_pin(target, place, pins.get(place.name))
    summary = CopySummary()
    moved: dict[int, int] = {}
    for step in plan.steps:
        if step.place is None:
            assert step.there is not None
            moved[step.source_id] = step.there.id
            summary.profiles.append((step.name, "there", step.there.name, None))
            continue
        into = step.place.into
        pin_hash = source.pin_hash(step.source_id) if into is None else None
        merged = target.merge_record(step.record, step.place.name, None if into is None else into.id,
                                     pin_hash=pin_hash)
        if merged.profile_id is not None:
            moved[step.source_id] = merged.profile_id
        summary.profiles.append((step.name, "new" if into is None else "into", merged.profile, merged))
    for certificate in plan.certificates:
        owner = None if certificate.profile_id is None else moved.get(certificate.profile_id)
        result = target.add_certificate(certificate, owner)
        if result == "added":
            summary.certificates_added += 1
        elif result == "there":
            summary.certificates_there += 1
        else:
            summary.certificate_clashes.append(certificate.ref)
    return summary
