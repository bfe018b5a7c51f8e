"""A target's value on a day: one function for ``zones targets`` and the weekly report.

The rule is the issue's: computed where the records allow, entered where they do not. An
indicator the catalogue (``zones/indicators.yaml``) marks ``computed`` is counted from the
zone's records; when the records cannot give it (no enterprise reported the figure) an officer's
entry for the year is used, with who entered it and when. An ``entered`` indicator is always the
officer's latest entry. Either way the value comes with its basis, said in Chinese.

Counting on a day (31 December for a year) follows the zone indicators' meaning of "held": a
certificate issued on or before the day and not expired by it, neither revoked nor a failed
application. A certificate now marked 已过期 was held on the days it was in force, so a past
year counts it.

- ``hnte_first_recognised`` (``provincial_innovative_first_recognised``): enterprises whose first
  certificate was issued this year, up to the day;
- ``tech_sme_registered``: enterprises with a 科技型中小企业 registration issued this year;
- ``hnte_total``, ``provincial_innovative_total``, ``tech_sme_total``: holders on the day;
- ``tech_sme_net_increase``, ``provincial_innovative_net_increase``: holders on the day minus
  holders on the same day a year before (seed 003 五(一)1 "递增");
- ``hnte_above_scale``: HNTE holders that are above-scale;
- ``hnte_private_share``, ``tech_sme_private_share``: private (民营) holders as a percentage;
- ``srdi_or_little_giant_cumulative``: enterprises ever recognised 专精特新 or 小巨人;
- ``hnte_invention_grants_growth``: invention patents granted from 1 January to the day to that
  day's HNTE holders, against the same period a year before to that day's holders (同比, %).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Enterprise, IntellectualProperty, Park, Qualification, Zone
from techzone.model.codes import IpKind, IpStatus, Ownership, QualificationKind
from techzone.model.codes import QualificationStatus as QStatus
from techzone.store.columnar import read_frame, stored
from techzone.zones.catalogue import indicators as catalogue
from techzone.zones.indicators import zone_indicators
from techzone.zones.statistics import Entry, latest_entries
from techzone.zones.targets import Target

HNTE = QualificationKind.HNTE
PROVINCIAL = QualificationKind.PROVINCIAL_INNOVATIVE
TECH_SME = QualificationKind.TECH_SME
_NOT_HELD = (QStatus.REVOKED.value, QStatus.NOT_PASSED.value)

_QUALIFICATIONS = {
    "enterprise_id": pl.Int64(),
    "kind": pl.String(),
    "issued_on": pl.Date(),
    "expires_on": pl.Date(),
    "status": pl.String(),
    "above_scale": pl.Boolean(),
    "ownership": pl.String(),
}
_GRANTS = {"enterprise_id": pl.Int64(), "granted_on": pl.Date()}


def year_before(day: date) -> date:
    """The same day a year earlier (29 February falls back to the 28th)."""
    return (
        day.replace(year=day.year - 1, day=28)
        if (day.month, day.day) == (2, 29)
        else (day.replace(year=day.year - 1))
    )


class ZoneRecords:
    """A zone's qualifications and invention-patent grants up to a day, read once (columnar)."""

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
        self.records = read_frame(session, query, _QUALIFICATIONS)
        grants = (
            select(IntellectualProperty.enterprise_id, IntellectualProperty.granted_on)
            .join(Enterprise, IntellectualProperty.enterprise_id == Enterprise.id)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .where(
                Zone.code == zone,
                IntellectualProperty.kind == IpKind.INVENTION_PATENT,
                # A patent declared invalid (宣告无效) is deemed never granted; a lapsed one was.
                IntellectualProperty.status != IpStatus.INVALIDATED,
                IntellectualProperty.granted_on.is_not(None),
                IntellectualProperty.granted_on <= day,
            )
        )
        self.grants = read_frame(session, grants, _GRANTS)

    def _of(self, *kinds: QualificationKind) -> pl.DataFrame:
        return self.records.filter(pl.col("kind").is_in([kind.value for kind in kinds]))

    def holders(self, kind: QualificationKind, day: date | None = None) -> pl.DataFrame:
        """One row per enterprise holding ``kind`` on ``day`` (the records' day by default)."""
        on = self.day if day is None else day
        expires = pl.col("expires_on")
        held = (
            ~pl.col("status").is_in(_NOT_HELD)
            & (pl.col("issued_on") <= on)
            & (expires.is_null() | (expires >= on))
        )
        return self._of(kind).filter(held).unique("enterprise_id")

    def first_recognised(self, kind: QualificationKind) -> int:
        recognised = self._of(kind).filter(pl.col("status") != QStatus.NOT_PASSED.value)
        first = recognised.group_by("enterprise_id").agg(pl.col("issued_on").min())
        return first.filter(pl.col("issued_on").dt.year() == self.day.year).height

    def registered_this_year(self, kind: QualificationKind) -> int:
        recognised = self._of(kind).filter(pl.col("status") != QStatus.NOT_PASSED.value)
        return recognised.filter(pl.col("issued_on").dt.year() == self.day.year)[
            "enterprise_id"
        ].n_unique()

    def net_increase(self, kind: QualificationKind) -> int:
        return self.holders(kind).height - self.holders(kind, year_before(self.day)).height

    def private_share(self, kind: QualificationKind) -> float | None:
        holders = self.holders(kind)
        if holders.is_empty():
            return None
        private = holders.filter(pl.col("ownership") == Ownership.PRIVATE.value).height
        return round(100 * private / holders.height, 1)

    def above_scale(self, kind: QualificationKind) -> int:
        return self.holders(kind).filter(pl.col("above_scale")).height

    def ever_recognised(self, *kinds: QualificationKind) -> int:
        recognised = self._of(*kinds).filter(~pl.col("status").is_in(_NOT_HELD))
        return recognised["enterprise_id"].n_unique()

    def hnte_grants(self, day: date) -> int:
        """Invention patents granted from 1 January to ``day`` to that day's HNTE holders."""
        holders = self.holders(HNTE, day).select("enterprise_id")
        granted = self.grants.filter(
            pl.col("granted_on") >= date(day.year, 1, 1), pl.col("granted_on") <= day
        )
        return granted.join(holders, on="enterprise_id", how="semi").height

    def hnte_grants_growth(self) -> float | None:
        before = self.hnte_grants(year_before(self.day))
        if before == 0:
            # Growth over nothing has no percentage: unknown, not infinite.
            return None
        return round(100 * (self.hnte_grants(self.day) - before) / before, 1)


RECORD_INDICATORS: dict[str, Callable[[ZoneRecords], float | None]] = {
    "hnte_first_recognised": lambda z: z.first_recognised(HNTE),
    "provincial_innovative_first_recognised": lambda z: z.first_recognised(PROVINCIAL),
    "tech_sme_registered": lambda z: z.registered_this_year(TECH_SME),
    "hnte_total": lambda z: z.holders(HNTE).height,
    "provincial_innovative_total": lambda z: z.holders(PROVINCIAL).height,
    "tech_sme_total": lambda z: z.holders(TECH_SME).height,
    "tech_sme_net_increase": lambda z: z.net_increase(TECH_SME),
    "provincial_innovative_net_increase": lambda z: z.net_increase(PROVINCIAL),
    "hnte_above_scale": lambda z: z.above_scale(HNTE),
    "hnte_private_share": lambda z: z.private_share(HNTE),
    "tech_sme_private_share": lambda z: z.private_share(TECH_SME),
    "srdi_or_little_giant_cumulative": lambda z: z.ever_recognised(
        QualificationKind.SRDI_SME, QualificationKind.LITTLE_GIANT
    ),
    "hnte_invention_grants_growth": lambda z: z.hnte_grants_growth(),
}


@dataclass(frozen=True)
class TargetValue:
    target: Target
    day: date
    value: float | None
    # The officer's entry behind the value, when it was entered rather than counted.
    entry: Entry | None
    # How a value derived from several entries was made (or why it could not be).
    derivation: str | None = None

    @property
    def basis(self) -> str:
        """Where the value comes from, as an officer reads it."""
        if self.derivation is not None:
            return self.derivation
        if self.entry is not None:
            return f"{self.entry.entered_by} {self.entry.entered_at:%Y-%m-%d} 录入"
        kind = catalogue()[self.target.indicator].kind
        if self.value is not None:
            return f"按{self.day:%Y-%m-%d}在库记录计算"
        if kind == "entered":
            return f"{self.day.year}年尚未录入"
        return f"在库记录不足以计算，{self.day.year}年也未录入"


def _derived(
    target: Target, entered: dict[int, dict[str, Entry]], year: int
) -> tuple[float | None, str]:
    """Listings over the plan's period: every year's entry, or unknown; with what it is."""
    start = target.period_start
    if year < start:
        return None, f"规划期自{start}年起，{year}年不累计"
    item = catalogue()["listings_new"]
    years = range(start, year + 1)
    parts = {y: entered.get(y, {}).get("listings_new") for y in years}
    span = f"{start}—{year}年" if year > start else f"{start}年"
    lacking = [y for y, part in parts.items() if part is None]
    known = {y: p.value for y, p in parts.items() if p is not None}
    listed = "、".join(f"{y}年{_number(v)}{item.unit}" for y, v in known.items())
    if lacking:
        said = "、".join(f"{y}年" for y in lacking)
        # A count is never negative: the years entered are a floor of the sum, and a floor that
        # already reaches an "at least" target reaches it whatever the missing years hold.
        floor = sum(known.values())
        if known and target.comparison in (">=", ">") and target.met(floor):
            return floor, (
                f"{said}未录入{item.label}；已录入的{listed}之和已达到目标（缺录年份只会使之更多）"
            )
        return None, f"{said}未录入{item.label}，无法累计{span}之和"
    return sum(known.values()), f"{span}各年录入的{item.label}数之和：{listed}"


def _number(value: float) -> str:
    return f"{value:g}"


def target_values(session: Session, targets: Sequence[Target], day: date) -> list[TargetValue]:
    """Each target's value on ``day`` for its zone, with its basis (rule in the docstring)."""
    found: list[TargetValue] = []
    zones = sorted({t.zone for t in targets})
    rows = session.execute(select(Zone.code, Zone.id).where(Zone.code.in_(zones)))
    ids: dict[str, int] = {code: zone_id for code, zone_id in rows}
    for code in zones:
        of_zone = [t for t in targets if t.zone == code]
        zone_id = ids.get(code)
        earliest = min((t.period_start for t in of_zone), default=day.year)
        years = list(range(min(earliest, day.year), day.year + 1))
        entered: dict[int, dict[str, Entry]] = {}
        if zone_id is not None:
            for (_, year), entries in latest_entries(session, [zone_id], years).items():
                entered[year] = {e.indicator: e for e in entries}
        records = ZoneRecords(session, code, day) if zone_id is not None else None
        yearly: dict[str, float | None] | None = None
        for target in of_zone:
            code_of = target.indicator
            kind = catalogue()[code_of].kind
            entry = entered.get(day.year, {}).get(code_of)
            value: float | None = None
            if kind == "derived":
                derived, said = _derived(target, entered, day.year)
                found.append(TargetValue(target, day, derived, None, said))
                continue
            if kind == "computed" and records is not None:
                if code_of in RECORD_INDICATORS:
                    value = RECORD_INDICATORS[code_of](records)
                else:
                    if yearly is None:
                        (row,) = zone_indicators(session, [day.year], code)
                        yearly = {k: v for k, v in row.values.items() if k not in row.entries}
                    value = yearly.get(code_of)
            if value is not None:
                found.append(TargetValue(target, day, value, None))
            else:
                found.append(TargetValue(target, day, entry.value if entry else None, entry))
    order = {id(t): i for i, t in enumerate(targets)}
    return sorted(found, key=lambda v: order[id(v.target)])
