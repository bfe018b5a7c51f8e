"""Progress against targets: the indicators of ``zones/targets`` counted from the records.

Each indicator is counted for one zone on a day. "In force" is the zone summary's (status 有效,
issued on or before the day, not yet expired); a record of a failed application (未通过) is never a
recognition.

- ``hnte_first_recognised``: enterprises whose first HNTE certificate was issued this year, up
  to the day (``provincial_innovative_first_recognised``: the same for 省级科技创新型企业);
- ``tech_sme_registered``: enterprises with a 科技型中小企业 registration issued this year;
- ``hnte_total``, ``provincial_innovative_total``, ``tech_sme_total``: holders in force;
- ``hnte_above_scale``: HNTE holders in force that are above-scale;
- ``hnte_private_share``, ``tech_sme_private_share``: private (民营) holders in force, as a
  percentage of all holders;
- ``srdi_or_little_giant_cumulative``: enterprises ever recognised 专精特新 or 小巨人 (a record
  not revoked and not a failed application), each counted once.

An indicator this module does not know is shown as not available rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Enterprise, Park, Qualification, Zone
from techzone.model.codes import Ownership, QualificationKind, QualificationStatus
from techzone.model.holding import in_force as qualification_in_force
from techzone.zones.targets import Target

HNTE = QualificationKind.HNTE
PROVINCIAL = QualificationKind.PROVINCIAL_INNOVATIVE
TECH_SME = QualificationKind.TECH_SME


@dataclass(frozen=True)
class _Record:
    enterprise_id: int
    kind: QualificationKind
    issued_on: date
    expires_on: date | None
    status: QualificationStatus
    above_scale: bool
    ownership: Ownership

    def in_force(self, day: date) -> bool:
        return qualification_in_force(self.status, self.issued_on, self.expires_on, day)

    @property
    def recognised(self) -> bool:
        return self.status != QualificationStatus.NOT_PASSED


class ZoneRecords:
    """A zone's qualification records up to a day, read once for every indicator."""

    def __init__(self, session: Session, zone: str, day: date) -> None:
        self.day = day
        rows = session.execute(
            select(
                Qualification.enterprise_id,
                Qualification.kind,
                Qualification.issued_on,
                Qualification.expires_on,
                Qualification.status,
                Enterprise.above_scale,
                Enterprise.ownership,
            )
            .join(Enterprise, Qualification.enterprise_id == Enterprise.id)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .where(Zone.code == zone, Qualification.issued_on <= day)
        )
        self.records = [_Record(*row) for row in rows]

    def holders(self, kind: QualificationKind) -> dict[int, _Record]:
        return {r.enterprise_id: r for r in self.records if r.kind == kind and r.in_force(self.day)}

    def first_recognised(self, kind: QualificationKind) -> int:
        first: dict[int, date] = {}
        for r in self.records:
            if r.kind == kind and r.recognised:
                first[r.enterprise_id] = min(first.get(r.enterprise_id, r.issued_on), r.issued_on)
        return sum(1 for issued in first.values() if issued.year == self.day.year)

    def registered_this_year(self, kind: QualificationKind) -> int:
        return len(
            {
                r.enterprise_id
                for r in self.records
                if r.kind == kind and r.recognised and r.issued_on.year == self.day.year
            }
        )

    def private_share(self, kind: QualificationKind) -> float | None:
        holders = self.holders(kind)
        if not holders:
            return None
        private = sum(1 for r in holders.values() if r.ownership == Ownership.PRIVATE)
        return round(100 * private / len(holders), 1)

    def ever_recognised(self, *kinds: QualificationKind) -> int:
        return len(
            {
                r.enterprise_id
                for r in self.records
                if r.kind in kinds
                and r.status != QualificationStatus.NOT_PASSED
                and r.status != QualificationStatus.REVOKED
            }
        )


INDICATORS: dict[str, Callable[[ZoneRecords], float | None]] = {
    "hnte_first_recognised": lambda z: z.first_recognised(HNTE),
    "provincial_innovative_first_recognised": lambda z: z.first_recognised(PROVINCIAL),
    "tech_sme_registered": lambda z: z.registered_this_year(TECH_SME),
    "hnte_total": lambda z: len(z.holders(HNTE)),
    "provincial_innovative_total": lambda z: len(z.holders(PROVINCIAL)),
    "tech_sme_total": lambda z: len(z.holders(TECH_SME)),
    "hnte_above_scale": lambda z: sum(1 for r in z.holders(HNTE).values() if r.above_scale),
    "hnte_private_share": lambda z: z.private_share(HNTE),
    "tech_sme_private_share": lambda z: z.private_share(TECH_SME),
    "srdi_or_little_giant_cumulative": lambda z: z.ever_recognised(
        QualificationKind.SRDI_SME, QualificationKind.LITTLE_GIANT
    ),
}


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    actual: float | None

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.target.met(self.actual)

    @property
    def remaining(self) -> float | None:
        """How much is still to go (0 when met): below a lower bound, the shortfall (one more for
        a strict ">" on whole numbers, "突破255家" needs 256); above an upper bound, the excess."""
        if self.actual is None:
            return None
        if self.met:
            return 0.0
        target, actual = self.target.value, self.actual
        if self.target.comparison in ("<", "<="):
            return actual - target
        whole = float(target).is_integer() and float(actual).is_integer()
        strict = self.target.comparison == ">" and whole
        return abs(target - actual) + (1 if strict else 0)

    @property
    def share(self) -> float | None:
        """Actual as a percentage of the target value (completion rate)."""
        if self.actual is None or self.target.value == 0:
            return None
        return round(100 * self.actual / self.target.value, 1)


def progress(session: Session, targets: list[Target], day: date) -> list[TargetProgress]:
    """Each target with its indicator counted for its zone on ``day``."""
    by_zone: dict[str, ZoneRecords] = {}
    result = []
    for target in targets:
        records = by_zone.get(target.zone)
        if records is None:
            records = by_zone[target.zone] = ZoneRecords(session, target.zone, day)
        compute = INDICATORS.get(target.indicator)
        result.append(TargetProgress(target, None if compute is None else compute(records)))
    return result
