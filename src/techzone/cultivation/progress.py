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

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Enterprise, Park, Qualification, Zone
from techzone.model.codes import Ownership, QualificationKind, QualificationStatus
from techzone.store.columnar import read_frame, stored
from techzone.zones.targets import Target

HNTE = QualificationKind.HNTE
PROVINCIAL = QualificationKind.PROVINCIAL_INNOVATIVE
TECH_SME = QualificationKind.TECH_SME


SCHEMA = {
    "enterprise_id": pl.Int64(),
    "kind": pl.String(),
    "issued_on": pl.Date(),
    "expires_on": pl.Date(),
    "status": pl.String(),
    "above_scale": pl.Boolean(),
    "ownership": pl.String(),
}


class ZoneRecords:
    """A zone's qualification records up to a day, read once (columnar) for every indicator."""

    def __init__(self, session: Session, zone: str, day: date) -> None:
        self.day = day
        query = (
            select(
                Qualification.enterprise_id,
                stored(Qualification.kind, "kind"),
                Qualification.issued_on,
                Qualification.expires_on,
                stored(Qualification.status, "status"),
                Enterprise.above_scale,
                stored(Enterprise.ownership, "ownership"),
            )
            .join(Enterprise, Qualification.enterprise_id == Enterprise.id)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .where(Zone.code == zone, Qualification.issued_on <= day)
        )
        self.records = read_frame(session, query, SCHEMA)

    def _of(self, *kinds: QualificationKind) -> pl.DataFrame:
        return self.records.filter(pl.col("kind").is_in([kind.value for kind in kinds]))

    def _recognised(self, kind: QualificationKind) -> pl.DataFrame:
        # A failed application (未通过) is never a recognition.
        return self._of(kind).filter(pl.col("status") != QualificationStatus.NOT_PASSED.value)

    def holders(self, kind: QualificationKind) -> pl.DataFrame:
        """One row per enterprise holding ``kind`` in force on the day (model.holding.in_force)."""
        expires = pl.col("expires_on")
        in_force = (
            (pl.col("status") == QualificationStatus.VALID.value)
            & (pl.col("issued_on") <= self.day)
            & (expires.is_null() | (expires >= self.day))
        )
        return self._of(kind).filter(in_force).unique("enterprise_id")

    def first_recognised(self, kind: QualificationKind) -> int:
        first = self._recognised(kind).group_by("enterprise_id").agg(pl.col("issued_on").min())
        return first.filter(pl.col("issued_on").dt.year() == self.day.year).height

    def registered_this_year(self, kind: QualificationKind) -> int:
        this_year = self._recognised(kind).filter(pl.col("issued_on").dt.year() == self.day.year)
        return this_year["enterprise_id"].n_unique()

    def private_share(self, kind: QualificationKind) -> float | None:
        holders = self.holders(kind)
        if holders.is_empty():
            return None
        private = holders.filter(pl.col("ownership") == Ownership.PRIVATE.value).height
        return round(100 * private / holders.height, 1)

    def above_scale(self, kind: QualificationKind) -> int:
        return self.holders(kind).filter(pl.col("above_scale")).height

    def ever_recognised(self, *kinds: QualificationKind) -> int:
        never = (QualificationStatus.NOT_PASSED.value, QualificationStatus.REVOKED.value)
        recognised = self._of(*kinds).filter(~pl.col("status").is_in(never))
        return recognised["enterprise_id"].n_unique()


INDICATORS: dict[str, Callable[[ZoneRecords], float | None]] = {
    "hnte_first_recognised": lambda z: z.first_recognised(HNTE),
    "provincial_innovative_first_recognised": lambda z: z.first_recognised(PROVINCIAL),
    "tech_sme_registered": lambda z: z.registered_this_year(TECH_SME),
    "hnte_total": lambda z: z.holders(HNTE).height,
    "provincial_innovative_total": lambda z: z.holders(PROVINCIAL).height,
    "tech_sme_total": lambda z: z.holders(TECH_SME).height,
    "hnte_above_scale": lambda z: z.above_scale(HNTE),
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
