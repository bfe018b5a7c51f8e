"""Entering zone statistics and reading the values in use, each with who entered it and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.model import Zone, ZoneStatistic
from techzone.rules.records import UnknownZone
from techzone.zones.catalogue import code_of, enterable_codes, indicators


class StatisticRejected(ValueError):
    """An entry that cannot be kept, with the reason in Chinese."""


@dataclass(frozen=True)
class Entry:
    zone_id: int
    year: int
    indicator: str
    value: float
    entered_by: str
    entered_at: datetime
    source: str | None


def enter_statistic(
    session: Session,
    zone_code: str,
    year: int,
    indicator: str,
    value: float,
    entered_by: str,
    entered_at: datetime,
    source: str | None = None,
) -> Entry:
    """Record one value; earlier entries for the zone, year and indicator stay as history."""
    indicator = code_of(indicator)
    if indicator not in enterable_codes():
        known = "、".join(indicators()[code].label for code in enterable_codes())
        raise StatisticRejected(f"「{indicator}」不是可录入的指标（可录入：{known}）")
    if value != value or value in (float("inf"), float("-inf")):
        raise StatisticRejected("录入值须为有限的数")
    if not entered_by.strip():
        raise StatisticRejected("须写明录入人")
    zone = session.scalar(select(Zone).where(Zone.code == zone_code))
    if zone is None:
        raise UnknownZone(zone_code)
    unit = indicators()[indicator].unit
    if unit == "是=1" and value not in (0, 1):
        raise StatisticRejected(f"「{indicator}」只能录入 1（是）或 0（否）")
    # Counts and amounts are never below zero; only a rate (a growth of -5%) may be.
    if unit != "%" and value < 0:
        label = indicators()[indicator].label
        raise StatisticRejected(f"「{label}」是{unit}数，不能为负数（录入的是{value:g}）")
    row = ZoneStatistic(
        zone_id=zone.id,
        year=year,
        indicator=indicator,
        value=value,
        entered_by=entered_by.strip(),
        entered_at=entered_at,
        source=source,
    )
    session.add(row)
    session.flush()
    return _entry(row)


def _entry(row: ZoneStatistic) -> Entry:
    return Entry(
        row.zone_id, row.year, row.indicator, row.value, row.entered_by, row.entered_at, row.source
    )


def latest_entries(
    session: Session, zone_ids: Sequence[int], years: Sequence[int]
) -> dict[tuple[int, int], list[Entry]]:
    """The entry in use (the latest) per zone, year and indicator, grouped by (zone id, year)."""
    rows = session.scalars(
        select(ZoneStatistic)
        .where(ZoneStatistic.zone_id.in_(zone_ids), ZoneStatistic.year.in_(years))
        .order_by(ZoneStatistic.entered_at, ZoneStatistic.id)
    )
    latest: dict[tuple[int, int, str], Entry] = {}
    for row in rows:
        latest[(row.zone_id, row.year, row.indicator)] = _entry(row)
    grouped: dict[tuple[int, int], list[Entry]] = {}
    for (zone_id, year, _), entry in latest.items():
        grouped.setdefault((zone_id, year), []).append(entry)
    return grouped


def statistic_history(session: Session, zone_code: str, year: int, indicator: str) -> list[Entry]:
    """Every entry for one value, oldest first: who changed it, when, to what."""
    rows = session.scalars(
        select(ZoneStatistic)
        .join(Zone)
        .where(
            Zone.code == zone_code, ZoneStatistic.year == year, ZoneStatistic.indicator == indicator
        )
        .order_by(ZoneStatistic.entered_at, ZoneStatistic.id)
    )
    return [_entry(row) for row in rows]
