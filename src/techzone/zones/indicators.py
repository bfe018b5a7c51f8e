"""Zone indicators for a year: counted from enterprise records, or entered as statistics.

``zones/indicators.yaml`` defines each indicator (definition, formula, unit, clause); this module
computes the ``computed`` ones from a zone's records and merges the entered ones. A value is None
when it cannot be known (no enterprise reported the figure, a ratio over zero): missing is not zero.

A province or the nation is a million enterprises, so the records are never loaded as objects:
every zone asked for is read at once, one columnar query per table, and tallied per zone and year
with Polars in whole numbers (money in fen, headcounts in hundredths). Only the final ratios run in
Python, on Decimals made from those integer sums, so each value is exactly what summing the stored
amounts one by one gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from techzone.access import Scope
from techzone.access.queries import zone_conditions
from techzone.model import Enterprise, IntellectualProperty, Park, Platform, Qualification, Zone
from techzone.model import YearlyFigures as Figures
from techzone.model.base import CENT, FEN_PER_YUAN
from techzone.model.codes import (
    IpKind,
    IpStatus,
    Level,
    PlatformKind,
    PlatformStatus,
    QualificationKind,
)
from techzone.model.codes import QualificationStatus as QStatus
from techzone.rules.records import UnknownZone
from techzone.store.columnar import AnySelect, read_frame, stored
from techzone.zones.catalogue import lead_industry_prefixes
from techzone.zones.statistics import RANK, Entry, imported_ranks, latest_entries

# GB/T 4754 sections that make up 工业: B 采矿业, C 制造业, D 电力、热力、燃气及水生产和供应业.
INDUSTRY_SECTIONS = ("B", "C", "D")
_NOT_HELD = (QStatus.REVOKED.value, QStatus.NOT_PASSED.value)
# Sums of stored hundredths are taken in 128 bits: an Int64 sum wraps around silently, and a
# nation's figures must come out exact (as the Decimal sums they replace did) or not at all.
_WIDE = pl.Int128()

_FIRMS = {
    "enterprise_id": pl.Int64(),
    "zone_id": pl.Int64(),
    "registered_on": pl.Date(),
    "industry_code": pl.String(),
    "above_scale": pl.Boolean(),
}
_FIGURES = {
    "enterprise_id": pl.Int64(),
    "zone_id": pl.Int64(),
    "year": pl.Int64(),
    "high_tech_income": pl.Int64(),
    "employees": pl.Int64(),
    "rd_expense": pl.Int64(),
    "sales_revenue": pl.Int64(),
}
_HNTE = {
    "enterprise_id": pl.Int64(),
    "zone_id": pl.Int64(),
    "issued_on": pl.Date(),
    "expires_on": pl.Date(),
    "status": pl.String(),
    "revoked_on": pl.Date(),
}
_TITLES = {**_HNTE, "kind": pl.String()}
# The two tiers above 小巨人 officers track (财建〔2024〕148号 重点"小巨人"; 工信部政法〔2023〕138号
# 制造业单项冠军): holders at the year's end, counted like HNTE holders.
TOP_TIERS = (QualificationKind.KEY_LITTLE_GIANT, QualificationKind.MFG_CHAMPION)
_PATENTS = {"enterprise_id": pl.Int64(), "zone_id": pl.Int64(), "granted_on": pl.Date()}
_INCUBATORS = {
    "enterprise_id": pl.Int64(),
    "zone_id": pl.Int64(),
    "recognised_on": pl.Date(),
    "status": pl.String(),
    "status_on": pl.Date(),
}
_PLATFORMS = {
    "enterprise_id": pl.Int64(),
    "zone_id": pl.Int64(),
    "recognised_on": pl.Date(),
    "kind": pl.String(),
    "level": pl.String(),
}
# Seed 001 measure 4's bonus indicators. Which platforms are "研发机构" is a local choice (the
# measure lists none): the catalogue's definition of rd_institutions_new says which and why.
RD_INSTITUTIONS = (
    PlatformKind.KEY_LAB,
    PlatformKind.TECH_INNOVATION_CENTER,
    PlatformKind.ENGINEERING_RESEARCH_CENTER,
    PlatformKind.ENTERPRISE_TECH_CENTER,
    PlatformKind.NEW_RD_INSTITUTION,
)
PROVINCIAL_OR_ABOVE = (Level.PROVINCIAL, Level.NATIONAL)


@dataclass(frozen=True)
class Tally:
    """One zone's year in whole numbers, the only inputs of its computed indicators.

    Sums are of stored hundredths (fen, or hundredths of a person) and None when no firm reported
    the figure; ``high_tech_now``/``high_tech_before`` are over the firms that reported both
    years, ``rd_*`` over above-scale industry reporting both figures, ``lead_sales_revenue`` over
    the reporting firms in the zone's lead industries.
    """

    enterprises: int
    hnte_total: int
    hnte_first_recognised: int
    invention_patents: int
    high_tech_income: int | None
    high_tech_now: int | None
    high_tech_before: int | None
    hnte_employees: int | None
    hnte_employees_before: int | None
    rd_expense: int | None
    rd_sales_revenue: int | None
    sales_revenue: int | None
    lead_sales_revenue: int | None
    rd_institutions_new: int
    national_incubators_new: int
    key_little_giant_total: int
    mfg_champion_total: int
    # Incubators recognised by the year's end per mapped lead industry, in the zone's order.
    incubators: dict[str, int]


@dataclass(frozen=True)
class ZoneRecords:
    """What the computed indicators read of one zone: its tally for each year loaded."""

    zone: Zone
    tallies: dict[int, Tally]


class _Frames:
    """The columns the indicators read of every zone asked for, one query per table."""

    def __init__(self, session: Session, zones: Sequence[Zone], years: Sequence[int]) -> None:
        self.zones = zones
        # One zone (the CLI's --zone, target progress) reads only its own rows; several read the
        # whole register and keep the zones asked for.
        only = zones[0].id if len(zones) == 1 else None
        ids = [z.id for z in zones]

        def read(query: AnySelect, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
            query = query.join(Park, Enterprise.park_id == Park.id)
            if only is not None:
                query = query.where(Park.zone_id == only)
            return read_frame(session, query, schema).filter(pl.col("zone_id").is_in(ids))

        def child(
            model: Any, *columns: InstrumentedAttribute[Any] | ColumnElement[Any]
        ) -> AnySelect:
            return (
                select(model.enterprise_id, Park.zone_id, *columns)
                .select_from(model)
                .join(Enterprise, model.enterprise_id == Enterprise.id)
            )

        firms = read(
            select(
                Enterprise.id.label("enterprise_id"),
                Park.zone_id,
                Enterprise.registered_on,
                Enterprise.industry_code,
                Enterprise.above_scale,
            ).select_from(Enterprise),
            _FIRMS,
        )
        self.lead = self._lead_industries(firms)
        industrial = _starting_with(firms, INDUSTRY_SECTIONS)
        self.firms = firms.with_columns(
            industrial=pl.col("above_scale") & pl.col("industry_code").is_in(industrial),
            lead=pl.col("enterprise_id").is_in(self.lead["enterprise_id"].implode()),
        )
        figures = read(
            child(
                Figures,
                Figures.year,
                *(
                    stored(c)
                    for c in (
                        Figures.high_tech_income,
                        Figures.employees,
                        Figures.rd_expense,
                        Figures.sales_revenue,
                    )
                ),
            ).where(Figures.year.between(min(years) - 1, max(years))),
            _FIGURES,
        )
        self.figures = figures.join(
            self.firms.select("enterprise_id", "industrial", "lead"), on="enterprise_id"
        )
        self.titles = read(
            child(
                Qualification,
                Qualification.issued_on,
                Qualification.expires_on,
                stored(Qualification.status),
                Qualification.revoked_on,
                stored(Qualification.kind, "kind"),
            ).where(Qualification.kind.in_((QualificationKind.HNTE, *TOP_TIERS))),
            _TITLES,
        )
        self.hnte = self.titles.filter(pl.col("kind") == QualificationKind.HNTE.value).drop("kind")
        # The first certificate's issue date; a failed application (未通过) is no certificate.
        self.first_hnte = (
            self.hnte.filter(pl.col("status") != QStatus.NOT_PASSED.value)
            .group_by("zone_id", "enterprise_id")
            .agg(pl.col("issued_on").min().dt.year().alias("year"))
        )
        self.patents = read(
            child(IntellectualProperty, IntellectualProperty.granted_on).where(
                IntellectualProperty.kind == IpKind.INVENTION_PATENT,
                IntellectualProperty.status == IpStatus.VALID,
                IntellectualProperty.granted_on.is_not(None),
            ),
            _PATENTS,
        )
        incubators = read(
            child(
                Platform, Platform.recognised_on, stored(Platform.status), Platform.status_on
            ).where(Platform.kind == PlatformKind.INCUBATOR),
            _INCUBATORS,
        )
        self.incubators = incubators.join(
            self.lead.select("enterprise_id", "industry"), on="enterprise_id"
        )
        bonus = (*RD_INSTITUTIONS, PlatformKind.INCUBATOR, PlatformKind.MAKER_SPACE)
        self.platforms = read(
            child(
                Platform,
                Platform.recognised_on,
                stored(Platform.kind, "kind"),
                stored(Platform.level, "level"),
            ).where(Platform.kind.in_(bonus), Platform.level.in_(PROVINCIAL_OR_ABOVE)),
            _PLATFORMS,
        )

    def _lead_industries(self, firms: pl.DataFrame) -> pl.DataFrame:
        """(enterprise, zone, industry) for each firm in a mapped lead industry of its own zone."""
        prefixes = lead_industry_prefixes()
        focus = [
            (zone.id, industry)
            for zone in self.zones
            for industry in dict.fromkeys(zone.focus_industries)
            if industry in prefixes
        ]
        # Industry codes are a few hundred classes: matching each distinct code once in Python
        # keeps str.startswith's meaning exactly and costs nothing per firm.
        codes = firms["industry_code"].drop_nulls().unique().to_list()
        matches = [
            (code, industry)
            for industry in dict.fromkeys(industry for _, industry in focus)
            for code in codes
            if code.startswith(prefixes[industry])
        ]
        by_code = pl.DataFrame(
            matches, schema={"industry_code": pl.String(), "industry": pl.String()}, orient="row"
        )
        by_zone = pl.DataFrame(
            focus, schema={"zone_id": pl.Int64(), "industry": pl.String()}, orient="row"
        )
        return (
            firms.select("enterprise_id", "zone_id", "industry_code")
            .join(by_code, on="industry_code")
            .join(by_zone, on=["zone_id", "industry"])
            .select("enterprise_id", "zone_id", "industry")
        )

    def held(self, year: int, kind: QualificationKind = QualificationKind.HNTE) -> pl.DataFrame:
        """(zone, enterprise) holding ``kind`` at the year's end (failed never counts; revoked
        counts only if revoked after the year's end, on a recorded day)."""
        end = date(year, 12, 31)
        expires = pl.col("expires_on")
        revoked_later = (pl.col("status") == QStatus.REVOKED.value) & (pl.col("revoked_on") > end)
        return (
            self.titles.filter(
                pl.col("kind") == kind.value,
                ~pl.col("status").is_in(_NOT_HELD) | revoked_later,
                pl.col("issued_on") <= end,
                expires.is_null() | (expires >= end),
            )
            .select("zone_id", "enterprise_id")
            .unique()
        )

    def tallies(self, year: int) -> dict[int, dict[str, Any]]:
        """The year's ``Tally`` fields but incubators, by zone id."""
        end = date(year, 12, 31)
        now = self.figures.filter(pl.col("year") == year)
        before = self.figures.filter(pl.col("year") == year - 1)
        held = self.held(year)
        held_before = self.held(year - 1).select("enterprise_id")
        both_years = now.join(
            before.select("enterprise_id", before_income="high_tech_income"), on="enterprise_id"
        ).filter(pl.col("high_tech_income").is_not_null(), pl.col("before_income").is_not_null())
        rd = now.filter(
            pl.col("industrial"),
            pl.col("rd_expense").is_not_null(),
            pl.col("sales_revenue").is_not_null(),
        )
        reporting = now.filter(pl.col("sales_revenue").is_not_null())
        recognised = self.platforms.filter(pl.col("recognised_on").dt.year() == year)
        rd_kinds = [k.value for k in RD_INSTITUTIONS]
        hatcheries = [PlatformKind.INCUBATOR.value, PlatformKind.MAKER_SPACE.value]
        by_zone = [
            self.firms.filter(pl.col("registered_on") <= end)
            .group_by("zone_id")
            .agg(enterprises=pl.len()),
            held.group_by("zone_id").agg(hnte_total=pl.len()),
            self.first_hnte.filter(pl.col("year") == year)
            .group_by("zone_id")
            .agg(hnte_first_recognised=pl.len()),
            self.patents.filter(pl.col("granted_on") <= end)
            .group_by("zone_id")
            .agg(invention_patents=pl.len()),
            now.group_by("zone_id").agg(high_tech_income=_known_sum("high_tech_income")),
            both_years.group_by("zone_id").agg(
                high_tech_now=_sum("high_tech_income"), high_tech_before=_sum("before_income")
            ),
            now.join(held.select("enterprise_id"), on="enterprise_id", how="semi")
            .group_by("zone_id")
            .agg(hnte_employees=_known_sum("employees")),
            before.join(held_before, on="enterprise_id", how="semi")
            .group_by("zone_id")
            .agg(hnte_employees_before=_known_sum("employees")),
            rd.group_by("zone_id").agg(
                rd_expense=_sum("rd_expense"), rd_sales_revenue=_sum("sales_revenue")
            ),
            reporting.group_by("zone_id").agg(
                sales_revenue=_sum("sales_revenue"),
                # Summing no rows gives 0: reporting firms all outside the lead industries
                # make a known 0 %, not an unknown.
                lead_sales_revenue=pl.col("sales_revenue").filter(pl.col("lead")).cast(_WIDE).sum(),
            ),
        ]
        by_zone += [
            recognised.filter(pl.col("kind").is_in(rd_kinds))
            .group_by("zone_id")
            .agg(rd_institutions_new=pl.len()),
            recognised.filter(
                pl.col("kind").is_in(hatcheries), pl.col("level") == Level.NATIONAL.value
            )
            .group_by("zone_id")
            .agg(national_incubators_new=pl.len()),
        ]
        by_zone += [
            self.held(year, kind).group_by("zone_id").agg(pl.len().alias(f"{kind.value}_total"))
            for kind in TOP_TIERS
        ]
        zones = pl.DataFrame(
            {"zone_id": [z.id for z in self.zones]}, schema={"zone_id": pl.Int64()}
        )
        joined = reduce(lambda a, b: a.join(b, on="zone_id", how="left"), by_zone, zones)
        counts = [
            "enterprises",
            "hnte_total",
            "hnte_first_recognised",
            "invention_patents",
            "rd_institutions_new",
            "national_incubators_new",
            *(f"{kind.value}_total" for kind in TOP_TIERS),
        ]
        rows = joined.with_columns(pl.col(counts).fill_null(0)).to_dicts()
        return {row.pop("zone_id"): row for row in rows}

    def incubators_by_industry(self, year: int) -> dict[tuple[int, str], int]:
        """Incubators recognised by the year's end and still recognised then (a revoked or
        expired one no longer counts from its status date), by zone id and lead industry."""
        end = date(year, 12, 31)
        standing = (pl.col("status") == PlatformStatus.IN_FORCE.value) | (pl.col("status_on") > end)
        counted = (
            self.incubators.filter((pl.col("recognised_on") <= end) & standing)
            .group_by("zone_id", "industry")
            .agg(pl.len())
        )
        return {(zone, industry): n for zone, industry, n in counted.iter_rows()}


def _sum(name: str) -> pl.Expr:
    return pl.col(name).cast(_WIDE).sum()


def _known_sum(name: str) -> pl.Expr:
    """The sum over the firms that reported the figure; null (unknown) when none did."""
    return pl.when(pl.col(name).count() > 0).then(_sum(name))


def _starting_with(firms: pl.DataFrame, prefixes: tuple[str, ...]) -> list[str]:
    codes = firms["industry_code"].drop_nulls().unique().to_list()
    return [code for code in codes if code.startswith(prefixes)]


def load_records(
    session: Session, zones: Sequence[Zone], years: Iterable[int]
) -> list[ZoneRecords]:
    """Each zone's tallies for each year, read and counted for all the zones at once."""
    wanted = sorted(set(years))
    if not zones or not wanted:
        return [ZoneRecords(zone, {}) for zone in zones]
    frames = _Frames(session, zones, wanted)
    tallies: dict[int, dict[int, Tally]] = {zone.id: {} for zone in zones}
    mapped = {
        zone.id: [i for i in zone.focus_industries if i in lead_industry_prefixes()]
        for zone in zones
    }
    for year in wanted:
        incubators = frames.incubators_by_industry(year)
        rows = frames.tallies(year)
        for zone in zones:
            counts = {i: incubators.get((zone.id, i), 0) for i in mapped[zone.id]}
            tallies[zone.id][year] = Tally(**rows[zone.id], incubators=counts)
    return [ZoneRecords(zone, tallies[zone.id]) for zone in zones]


def _exact(hundredths: int | None) -> Decimal | None:
    """A sum of stored hundredths as the Decimal that summing the stored values gives."""
    return None if hundredths is None else (Decimal(hundredths) / FEN_PER_YUAN).quantize(CENT)


def _ratio(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return float(Decimal(part) / Decimal(whole) * 100)


def _minus(a: Decimal | None, b: Decimal | None) -> float | None:
    return None if a is None or b is None else float(a - b)


def incubators_by_lead_industry(records: ZoneRecords, year: int) -> dict[str, int]:
    """Incubators recognised by the year's end, per mapped lead industry of the zone."""
    return dict(records.tallies[year].incubators)


def compute(records: ZoneRecords, year: int) -> dict[str, float | None]:
    """Every computed indicator of the zone for ``year`` (one of the years loaded)."""
    tally = records.tallies[year]
    employees = _exact(tally.hnte_employees)
    high_tech = _exact(tally.high_tech_income)
    growth = _ratio(_exact(tally.high_tech_now), _exact(tally.high_tech_before))
    covered = sum(1 for n in tally.incubators.values() if n > 0)
    return {
        "enterprises": float(tally.enterprises),
        "hnte_total": float(tally.hnte_total),
        "hnte_share": _ratio(tally.hnte_total, tally.enterprises),
        "hnte_first_recognised": float(tally.hnte_first_recognised),
        "high_tech_income": None if high_tech is None else float(high_tech / 10000),
        "high_tech_income_growth": None if growth is None else growth - 100,
        "hnte_employees": None if employees is None else float(employees),
        "hnte_employees_added": _minus(employees, _exact(tally.hnte_employees_before)),
        "above_scale_industry_rd_intensity": _ratio(
            _exact(tally.rd_expense), _exact(tally.rd_sales_revenue)
        ),
        "invention_patents": float(tally.invention_patents),
        "lead_industry_concentration": _ratio(
            _exact(tally.lead_sales_revenue), _exact(tally.sales_revenue)
        ),
        "incubator_coverage": _ratio(covered, len(tally.incubators)),
        "rd_institutions_new": float(tally.rd_institutions_new),
        "national_incubators_new": float(tally.national_incubators_new),
        "key_little_giant_total": float(tally.key_little_giant_total),
        "mfg_champion_total": float(tally.mfg_champion_total),
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
    # Values given twice that disagree (an entered and an imported rank), said for officers.
    notes: tuple[str, ...] = ()
    # The documents' own thresholds that speak to this zone (seed 001's for 甘肃's zones …):
    # indicator → (the threshold as said, met: None where the value is unknown).
    goals: dict[str, tuple[str, bool | None]] = field(default_factory=dict)


def zone_indicators(
    session: Session,
    years: Iterable[int],
    zone_code: str | None = None,
    *,
    scope: Scope | None = None,
) -> list[ZoneIndicators]:
    """Indicators of every zone (or the one named) for each year, zones in code order.

    ``scope``: the caller's; only the zones of its province or its zone are read, and a zone
    named outside it is unknown, as one that does not exist."""
    query = select(Zone).order_by(Zone.code)
    if zone_code is not None:
        query = query.where(Zone.code == zone_code)
    query = query.where(*zone_conditions(scope))
    zones = list(session.scalars(query))
    if zone_code is not None and not zones:
        raise UnknownZone(zone_code)
    wanted = sorted(set(years))
    entered = latest_entries(session, [z.id for z in zones], wanted)
    imported = imported_ranks(session, [z.id for z in zones], wanted)
    found = []
    for records in load_records(session, zones, wanted):
        zone = records.zone
        for year in wanted:
            values = compute(records, year)
            # Computed where the records allow, entered where they do not: an entry fills only a
            # value the records leave unknown (zones/target_values.py reads targets the same way).
            entries = {
                e.indicator: e
                for e in entered.get((zone.id, year), [])
                if values.get(e.indicator) is None
            }
            values.update({code: entry.value for code, entry in entries.items()})
            notes = _with_imported_rank(values, entries, imported.ranks.get((zone.id, year)))
            incubators = incubators_by_lead_industry(records, year)
            goals = _goals(zone, values)
            found.append(
                ZoneIndicators(
                    zone.code,
                    zone.name,
                    year,
                    values,
                    entries,
                    incubators,
                    tuple(imported.notes.get((zone.id, year), []) + notes),
                    goals,
                )
            )
    return found


def goal_text(goal: tuple[str, bool | None] | None) -> str:
    """The document's threshold and whether the value reaches it (—: none speaks to the zone)."""
    if goal is None:
        return "—"
    said, met = goal
    return f"{said}（{'数据不足' if met is None else '达到' if met else '未达到'}）"


def _goals(zone: Zone, values: dict[str, float | None]) -> dict[str, tuple[str, bool | None]]:
    from techzone.model.codes import ZoneLevel
    from techzone.zones.catalogue import indicators

    found: dict[str, tuple[str, bool | None]] = {}
    for code, item in indicators().items():
        goal = item.goal
        if goal is None or code not in values:
            continue
        if not goal.applies(zone.code, zone.province, district=zone.level == ZoneLevel.DISTRICT):
            continue
        value = values[code]
        found[code] = (goal.said(item.unit), None if value is None else goal.met(value))
    return found


def _with_imported_rank(
    values: dict[str, float | None], entries: dict[str, Entry], imported: Entry | None
) -> list[str]:
    """Use an imported national rank where no officer entered one; an officer's entry wins (it
    was typed for this zone and year, with its source, and may correct the import). A
    disagreement is returned to be shown, never settled silently."""
    if imported is None:
        return []
    entered = entries.get(RANK)
    if entered is None:
        entries[RANK] = imported
        values[RANK] = imported.value
        return []
    if entered.value == imported.value:
        return []
    return [
        f"{imported.year}年全国综合排名：{entered.said}为第{entered.value:g}名，"
        f"{imported.said}为第{imported.value:g}名，两者不一致，采用录入值，请核实"
    ]
