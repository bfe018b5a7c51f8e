"""Targets against the zone's records: progress, the projection to the target year, a status.

Every value is read through ``zones/target_values.py`` (the weekly report reads the same), on the
last day of each year. The history is the values from ``HISTORY_YEARS`` years before the year
judged up to it (known years only). The projection and the status rule are in
``zones/projection.py``. A yearly target is judged on its own year; a dated target is projected
to its year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.access.queries import zone_conditions
from techzone.model import Zone
from techzone.rules.records import UnknownZone, check_zone
from techzone.zones.catalogue import indicators
from techzone.zones.projection import Projection, Status, status
from techzone.zones.target_values import TargetValue, target_values
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
    # The value's basis in the year judged: counted from the records, or who entered it when.
    value: TargetValue | None = None


def judge_target(
    target: Target,
    values: dict[int, TargetValue | float | None],
    year: int,
    *,
    closed: bool = False,
) -> TargetStatus:
    """One target's status in ``year`` from its values by year; ``closed``: ``year`` is over."""
    numbers = {y: v.value if isinstance(v, TargetValue) else v for y, v in values.items()}
    history = {y: v for y, v in sorted(numbers.items()) if y <= year and v is not None}
    actual = history.get(year)
    goal_year = year if target.yearly else (target.year or year)
    series = history
    if target.yearly:
        series = {} if actual is None else {year: actual}
    indicator = indicators().get(target.indicator)
    bounds = None if indicator is None else indicator.bounds
    found, projection = status(series, target.met, year, goal_year, bounds, closed=closed)
    if actual is None:
        # An earlier year's value may project, but only the year's own value can say it is met.
        found = Status.UNKNOWN
    more = target.comparison in (">=", ">") and target.value > 0
    progress = None if actual is None or not more else target.covered(actual)
    basis = values.get(year)
    return TargetStatus(
        target,
        year,
        actual,
        progress,
        history,
        found,
        projection,
        basis if isinstance(basis, TargetValue) else None,
    )


def target_status(
    session: Session,
    year: int,
    zone: str | None = None,
    *,
    scope: Scope | None = None,
    today: date | None = None,
) -> list[TargetStatus]:
    """Every target that applies in ``year`` (of one zone, or of all), with its status.

    ``scope``: the caller's; only the targets of the zones it reaches as a whole, and a zone
    named outside it is unknown. ``today`` (default: the system's date) tells whether ``year``
    is over: a target of a year still running that its value misses is 难以达标, of a year over
    未达标."""
    today = today or date.today()
    closed = date(year, 12, 31) < today
    check_zone(session, zone)
    targets = targets_for(year, zone)
    if scope is not None:
        reached = set(session.scalars(select(Zone.code).where(*zone_conditions(scope))))
        if zone is not None and zone not in reached:
            raise UnknownZone(zone)
        targets = [target for target in targets if target.zone in reached]
    # A year not yet begun has no value: the records on its 31 December would only count the
    # certificates still valid then (2027's 高新技术企业总数 fell to a third and read 难以达标).
    by_year = {
        y: target_values(session, targets, date(y, 12, 31))
        for y in range(year - HISTORY_YEARS + 1, min(year, today.year) + 1)
    }
    return [
        judge_target(t, {y: values[i] for y, values in by_year.items()}, year, closed=closed)
        for i, t in enumerate(targets)
    ]
