"""Zone indicators for a year: counted from enterprise records, or entered as statistics.

``zones/indicators.yaml`` defines each indicator (definition, formula, unit, clause); this module
computes the ``computed`` ones from a zone's records and merges the entered ones. A value is None
when it cannot be known (no enterprise reported the figure, a ratio over zero): missing is not zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Enterprise, IntellectualProperty, Park, Platform, Qualification, Zone
from techzone.model import YearlyFigures as Figures
from techzone.model.codes import IpKind, IpStatus, PlatformKind, QualificationKind
from techzone.model.codes import QualificationStatus as QStatus
from techzone.rules.records import UnknownZone
from techzone.zones.catalogue import lead_industry_prefixes
from techzone.zones.statistics import Entry, latest_entries

# GB/T 4754 sections that make up 工业: B 采矿业, C 制造业, D 电力、热力、燃气及水生产和供应业.
INDUSTRY_SECTIONS = ("B", "C", "D")
_NOT_HELD = (QStatus.REVOKED, QStatus.NOT_PASSED)


@dataclass(frozen=True)
class _Firm:
    registered_on: date
    industry_code: str | None
    above_scale: bool


@dataclass
class ZoneRecords:
    """What the computed indicators read of one zone, loaded once for every year."""

    zone: Zone
    firms: dict[int, _Firm] = field(default_factory=dict)
    figures: dict[tuple[int, int], Figures] = field(default_factory=dict)
    hnte: list[Qualification] = field(default_factory=list)
    patents: list[IntellectualProperty] = field(default_factory=list)
    incubators: list[Platform] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session, zone: Zone) -> ZoneRecords:
        ids = select(Enterprise.id).join(Park).where(Park.zone_id == zone.id)
        records = cls(zone)
        for firm in session.scalars(select(Enterprise).where(Enterprise.id.in_(ids))):
            records.firms[firm.id] = _Firm(firm.registered_on, firm.industry_code, firm.above_scale)
        for row in session.scalars(select(Figures).where(Figures.enterprise_id.in_(ids))):
            records.figures[(row.enterprise_id, row.year)] = row
        records.hnte = list(
            session.scalars(
                select(Qualification).where(
                    Qualification.enterprise_id.in_(ids),
                    Qualification.kind == QualificationKind.HNTE,
                )
            )
        )
        records.patents = list(
            session.scalars(
                select(IntellectualProperty).where(
                    IntellectualProperty.enterprise_id.in_(ids),
                    IntellectualProperty.kind == IpKind.INVENTION_PATENT,
                    IntellectualProperty.status == IpStatus.VALID,
                )
            )
        )
        records.incubators = list(
            session.scalars(
                select(Platform).where(
                    Platform.enterprise_id.in_(ids), Platform.kind == PlatformKind.INCUBATOR
                )
            )
        )
        return records

    def registered(self, year: int) -> set[int]:
        end = date(year, 12, 31)
        return {i for i, firm in self.firms.items() if firm.registered_on <= end}

    def hnte_held(self, year: int) -> set[int]:
        end = date(year, 12, 31)
        return {
            q.enterprise_id
            for q in self.hnte
            if q.status not in _NOT_HELD
            and q.issued_on <= end
            and (q.expires_on is None or q.expires_on >= end)
        }

    def hnte_first(self, year: int) -> set[int]:
        first: dict[int, date] = {}
        for q in self.hnte:
            if q.status != QStatus.NOT_PASSED:
                seen = first.get(q.enterprise_id)
                first[q.enterprise_id] = q.issued_on if seen is None else min(seen, q.issued_on)
        return {i for i, day in first.items() if day.year == year}

    def total(self, name: str, year: int, firms: Iterable[int] | None = None) -> Decimal | None:
        """Sum of one figure over the firms that reported it (None when none did)."""
        chosen = self.firms if firms is None else firms
        known = [
            v
            for i in chosen
            if (row := self.figures.get((i, year))) is not None
            and (v := getattr(row, name)) is not None
        ]
        return sum(known, Decimal(0)) if known else None

    def both_known(self, year: int, a: str, b: str, firms: Iterable[int]) -> list[int]:
        return [
            i
            for i in firms
            if (row := self.figures.get((i, year))) is not None
            and getattr(row, a) is not None
            and getattr(row, b) is not None
        ]

    def in_lead_industry(self, industry: str) -> set[int]:
        prefixes = lead_industry_prefixes().get(industry, ())
        return {
            i
            for i, firm in self.firms.items()
            if firm.industry_code is not None and firm.industry_code.startswith(prefixes)
        }


def _ratio(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return float(Decimal(part) / Decimal(whole) * 100)


def _minus(a: Decimal | None, b: Decimal | None) -> float | None:
    return None if a is None or b is None else float(a - b)


def _high_tech_growth(records: ZoneRecords, year: int) -> float | None:
    both = [
        i
        for i in records.firms
        if all(
            (row := records.figures.get((i, y))) is not None and row.high_tech_income is not None
            for y in (year, year - 1)
        )
    ]
    now, before = (
        records.total("high_tech_income", year, both),
        records.total("high_tech_income", year - 1, both),
    )
    ratio = _ratio(now, before)
    return None if ratio is None else ratio - 100


def _rd_intensity(records: ZoneRecords, year: int) -> float | None:
    industrial = [
        i
        for i, firm in records.firms.items()
        if firm.above_scale and (firm.industry_code or "").startswith(INDUSTRY_SECTIONS)
    ]
    firms = records.both_known(year, "rd_expense", "sales_revenue", industrial)
    if not firms:
        return None
    return _ratio(
        records.total("rd_expense", year, firms), records.total("sales_revenue", year, firms)
    )


def _concentration(records: ZoneRecords, year: int) -> float | None:
    lead: set[int] = set()
    for industry in records.zone.focus_industries:
        lead |= records.in_lead_industry(industry)
    reporting = records.both_known(year, "sales_revenue", "sales_revenue", records.firms)
    inside = [i for i in reporting if i in lead]
    total = records.total("sales_revenue", year, reporting)
    return _ratio(records.total("sales_revenue", year, inside) or Decimal(0), total)


def incubators_by_lead_industry(records: ZoneRecords, year: int) -> dict[str, int]:
    """Incubators recognised by the year's end, per mapped lead industry of the zone."""
    end = date(year, 12, 31)
    mapped = [i for i in records.zone.focus_industries if i in lead_industry_prefixes()]
    return {
        industry: sum(
            1
            for p in records.incubators
            if p.recognised_on <= end and p.enterprise_id in records.in_lead_industry(industry)
        )
        for industry in mapped
    }


def _incubator_coverage(records: ZoneRecords, year: int) -> float | None:
    counts = incubators_by_lead_industry(records, year)
    return _ratio(sum(1 for n in counts.values() if n > 0), len(counts))


def compute(records: ZoneRecords, year: int) -> dict[str, float | None]:
    """Every computed indicator of the zone for ``year``."""
    end = date(year, 12, 31)
    held = records.hnte_held(year)
    employees = records.total("employees", year, held)
    employees_before = records.total("employees", year - 1, records.hnte_held(year - 1))
    high_tech = records.total("high_tech_income", year)
    return {
        "enterprises": float(len(records.registered(year))),
        "hnte_total": float(len(held)),
        "hnte_share": _ratio(len(held), len(records.registered(year))),
        "hnte_first_recognised": float(len(records.hnte_first(year))),
        "high_tech_income": None if high_tech is None else float(high_tech / 10000),
        "high_tech_income_growth": _high_tech_growth(records, year),
        "hnte_employees": None if employees is None else float(employees),
        "hnte_employees_added": _minus(employees, employees_before),
        "above_scale_industry_rd_intensity": _rd_intensity(records, year),
        "invention_patents": float(
            sum(1 for p in records.patents if p.granted_on is not None and p.granted_on <= end)
        ),
        "lead_industry_concentration": _concentration(records, year),
        "incubator_coverage": _incubator_coverage(records, year),
    }


@dataclass(frozen=True)
class ZoneIndicators:
    zone: str
    zone_name: str
    year: int
    values: dict[str, float | None]
    # The entry behind each entered value: who entered it, when, from where.
    entries: dict[str, Entry]
    incubators: dict[str, int]


def zone_indicators(
    session: Session, years: Iterable[int], zone_code: str | None = None
) -> list[ZoneIndicators]:
    """Indicators of every zone (or the one named) for each year, zones in code order."""
    query = select(Zone).order_by(Zone.code)
    if zone_code is not None:
        query = query.where(Zone.code == zone_code)
    zones = list(session.scalars(query))
    if zone_code is not None and not zones:
        raise UnknownZone(zone_code)
    wanted = sorted(set(years))
    entered = latest_entries(session, [z.id for z in zones], wanted)
    found = []
    for zone in zones:
        records = ZoneRecords.load(session, zone)
        for year in wanted:
            entries = {e.indicator: e for e in entered.get((zone.id, year), [])}
            values = compute(records, year)
            values.update({code: entry.value for code, entry in entries.items()})
            incubators = incubators_by_lead_industry(records, year)
            found.append(ZoneIndicators(zone.code, zone.name, year, values, entries, incubators))
    return found
