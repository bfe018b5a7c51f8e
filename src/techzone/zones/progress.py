"""Targets against the zone's indicators: progress, the projection to the target year, a status.

The history is the indicator's values from ``HISTORY_YEARS`` years before the year judged up to it
(known years only). The projection and the status rule are in ``zones/projection.py``. A yearly
target is judged on its own year; a dated target is projected to its year.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from techzone.zones.indicators import ZoneIndicators, zone_indicators
from techzone.zones.projection import Projection, Status, status
from techzone.zones.targets import Target, targets_for

HISTORY_YEARS = 4


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    year: int
    actual: float | None
    # actual / wanted × 100 for a "more is better" target; None otherwise or when unknown.
    progress: float | None
    history: dict[int, float]
    status: Status
    projection: Projection | None


def _value(target: Target, rows: dict[int, ZoneIndicators], year: int) -> float | None:
    if target.indicator == "listings_new_cumulative":
        if year < target.period_start:
            return None
        parts = [
            rows[y].values.get("listings_new") if y in rows else None
            for y in range(target.period_start, year + 1)
        ]
        return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    row = rows.get(year)
    return None if row is None else row.values.get(target.indicator)


def judge_target(target: Target, rows: dict[int, ZoneIndicators], year: int) -> TargetStatus:
    """One target's status in ``year`` from its zone's indicator rows by year."""
    history = {
        y: v for y in sorted(rows) if y <= year and (v := _value(target, rows, y)) is not None
    }
    actual = history.get(year)
    goal_year = year if target.yearly else (target.year or year)
    series = {year: actual} if target.yearly and actual is not None else history
    if target.yearly and actual is None:
        series = {}
    found, projection = status(series, target.met, year, goal_year)
    more = target.comparison in (">=", ">") and target.value > 0
    progress = None if actual is None or not more else actual / target.value * 100
    return TargetStatus(target, year, actual, progress, history, found, projection)


def target_status(session: Session, year: int, zone: str | None = None) -> list[TargetStatus]:
    """Every target that applies in ``year`` (of one zone, or of all), with its status."""
    targets = targets_for(year, zone)
    years = range(year - HISTORY_YEARS + 1, year + 1)
    by_zone: dict[str, dict[int, ZoneIndicators]] = {}
    for code in sorted({t.zone for t in targets}):
        by_zone[code] = {r.year: r for r in zone_indicators(session, years, code)}
    return [judge_target(t, by_zone[t.zone], year) for t in targets]
