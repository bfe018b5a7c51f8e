"""The weekly report (周调度、周报告, seed 003 四(三)) for an ISO week.

For the week's applications (those of the week's ISO year, opened by its Sunday), as they stood at
the end of the Sunday:

1. counts by status and batch, with last week's for comparison (the status on the Sunday before,
   read from each application's dated history);
2. the changes recorded during the week;
3. applications at risk: not yet recommended (摸排、辅导、提交), with a batch whose deadline is
   within ``risk_days`` days of the Sunday (or already past), and whose assessment on the Sunday
   finds unmet conditions or missing data;
4. progress against the targets that apply in the year (``zones/targets``);
5. the same by responsible department (包抓联).

A park officer's report (``scope`` of one park) holds the park's applications; the targets are
the zone's as a whole (seed 003 二: the district's yearly and 2027 numbers), so a park's report
lists none and says so (``access.queries.whole_zones``: a park's scope sees no zone-wide figure).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access.queries import merged, where, whole_zones, zone_conditions
from techzone.access.scope import Scope
from techzone.cultivation.applications import batch_on, status_on
from techzone.cultivation.calendar import YearCalendar, year_calendar
from techzone.cultivation.progress import TargetProgress, progress
from techzone.cultivation.readiness import Readiness, trace_readiness
from techzone.cultivation.tasks import unit_name
from techzone.model import Application, ApplicationStatus, Enterprise, Park, Zone
from techzone.model.codes import QualificationKind
from techzone.rules.assess import assess_enterprise
from techzone.rules.loader import PackSet
from techzone.rules.records import UnknownZone
from techzone.zones.targets import targets_for

RISK_DAYS = 14
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_BEFORE_RECOMMENDATION = (
    ApplicationStatus.SCREENING,
    ApplicationStatus.COACHING,
    ApplicationStatus.SUBMITTED,
)


class WeekError(ValueError):
    pass


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 7)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"


def parse_week(text: str) -> Week:
    """``2026-W47`` (or ``2026W47``) as an ISO week; a clear Chinese error otherwise."""
    match = _WEEK.match(text)
    if match is None:
        raise WeekError(f"「{text}」不是ISO周，应写作如 2026-W47")
    year, number = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError as error:
        raise WeekError(f"{year}年没有第{number}周") from error
    return Week(year, number)


@dataclass(frozen=True)
class WeekApplication:
    id: int
    uscc: str
    enterprise: str
    zone: str
    qualification: QualificationKind
    department: str
    contact: str | None
    status: ApplicationStatus
    batch: int | None
    last_week_status: ApplicationStatus | None
    last_week_batch: int | None


@dataclass(frozen=True)
class WeekChange:
    application_id: int
    on: date
    enterprise: str
    qualification: QualificationKind
    department: str
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    by: str
    reason: str | None
    zone: str  # the zone's code: a report over several zones names each row's


@dataclass(frozen=True)
class AtRisk:
    application: WeekApplication
    deadline: date
    deadline_label: str
    days_left: int
    readiness: Readiness


@dataclass(frozen=True)
class DepartmentProgress:
    zone: str  # one zone's 区科技局 is not another's: they are counted apart
    department: str
    by_status: dict[ApplicationStatus, int]
    recognised: dict[QualificationKind, int]
    at_risk: int
    changes: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class WeeklyReport:
    week: Week
    zone: str | None
    zone_name: str
    risk_days: int
    applications: list[WeekApplication]
    changes: list[WeekChange]
    at_risk: list[AtRisk]
    targets: list[TargetProgress]
    departments: list[DepartmentProgress]
    park_name: str | None = None  # a park officer's report: the park's applications only
    # Each zone's name by its code, for the zones the report's rows come from.
    zone_names: dict[str, str] = field(default_factory=dict)

    @property
    def several_zones(self) -> bool:
        """Whether the report may mix zones (a province's, or every zone's): its lists then
        name each row's zone, as the title names none."""
        return self.zone is None

    def zone_name_of(self, code: str) -> str:
        return self.zone_names.get(code, code)

    @property
    def zone_wide(self) -> bool:
        """Whether the report covers whole zones (and so their targets)."""
        return self.park_name is None

    def counts(self, last_week: bool = False) -> Counter[tuple[ApplicationStatus, int | None]]:
        """Applications by (status, batch) at the end of this week or of last week."""
        counted: Counter[tuple[ApplicationStatus, int | None]] = Counter()
        for a in self.applications:
            status = a.last_week_status if last_week else a.status
            if status is not None:
                counted[(status, a.last_week_batch if last_week else a.batch)] += 1
        return counted

    def by_status(self, last_week: bool = False) -> dict[ApplicationStatus, int]:
        totals: Counter[ApplicationStatus] = Counter()
        for (status, _batch), count in self.counts(last_week).items():
            totals[status] += count
        return {status: totals.get(status, 0) for status in ApplicationStatus}

    def batches(self) -> list[int | None]:
        seen = {batch for (_s, batch) in self.counts()} | {b for (_s, b) in self.counts(True)}
        return sorted(seen, key=lambda b: (b is None, b or 0))


def _applications(
    session: Session, week: Week, scope: Scope
) -> tuple[list[WeekApplication], list[WeekChange]]:
    query = (
        select(Application, Enterprise.uscc, Enterprise.name, Zone.code)
        .join(Enterprise, Application.enterprise_id == Enterprise.id)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(Application.year == week.year, Application.opened_on <= week.sunday)
        .order_by(Application.id)
    )
    query = where(query, scope)
    before = week.monday - timedelta(days=1)
    applications, changes = [], []
    for a, uscc, name, code in session.execute(query):
        status = status_on(a.changes, week.sunday)
        assert status is not None
        applications.append(
            WeekApplication(
                a.id,
                uscc,
                name,
                code,
                a.qualification,
                a.department,
                a.contact,
                status,
                batch_on(a.changes, week.sunday),
                status_on(a.changes, before),
                batch_on(a.changes, before),
            )
        )
        changes += [
            WeekChange(
                a.id,
                c.changed_on,
                name,
                a.qualification,
                a.department,
                c.from_status,
                c.to_status,
                c.changed_by,
                c.reason,
                code,
            )
            for c in a.changes
            if week.monday <= c.changed_on <= week.sunday
        ]
    changes.sort(key=lambda c: (c.on, c.application_id))
    return applications, changes


def _at_risk(
    session: Session,
    packs: PackSet,
    week: Week,
    applications: list[WeekApplication],
    risk_days: int,
) -> list[AtRisk]:
    calendars: dict[str, YearCalendar] = {}
    found = []
    for a in applications:
        if a.status not in _BEFORE_RECOMMENDATION or a.batch is None:
            continue
        calendar = calendars.get(a.zone)
        if calendar is None:
            calendar = calendars[a.zone] = year_calendar(session, week.year, a.zone)
        deadline = calendar.batch(a.qualification, a.batch)
        if deadline is None:
            continue
        days_left = (deadline.on - week.sunday).days
        if days_left > risk_days:
            continue
        trace = assess_enterprise(session, packs, a.uscc, week.sunday)
        loaded = packs.in_force(a.qualification, week.sunday)
        readiness = trace_readiness(
            trace, a.qualification, list(loaded.pack.verdict) if loaded else None
        )
        if readiness.unmet or readiness.missing:
            found.append(AtRisk(a, deadline.on, deadline.label, days_left, readiness))
    return sorted(found, key=lambda r: (r.days_left, r.application.id))


def _departments(
    applications: list[WeekApplication], at_risk: list[AtRisk], changes: list[WeekChange]
) -> list[DepartmentProgress]:
    # One department typed under two of the document's names is one 包抓联 unit, on one row.
    names = sorted({(a.zone, unit_name(a.department)) for a in applications})
    risky = Counter((r.application.zone, unit_name(r.application.department)) for r in at_risk)
    changed = Counter((c.zone, unit_name(c.department)) for c in changes)
    result = []
    for name in names:
        mine = [a for a in applications if (a.zone, unit_name(a.department)) == name]
        by_status = Counter(a.status for a in mine)
        recognised = Counter(
            a.qualification for a in mine if a.status == ApplicationStatus.RECOGNISED
        )
        result.append(
            DepartmentProgress(
                *name,
                {status: by_status.get(status, 0) for status in ApplicationStatus},
                dict(sorted(recognised.items())),
                risky.get(name, 0),
                changed.get(name, 0),
            )
        )
    return result


def weekly_report(
    session: Session,
    packs: PackSet,
    week: Week,
    zone: str | None = None,
    risk_days: int = RISK_DAYS,
    *,
    scope: Scope | None = None,
) -> WeeklyReport:
    """The report of ``zone`` (every zone when None) within the caller's ``scope``."""
    within = merged(scope, zone=zone)
    zone = within.zone
    zone_name = "全部高新区"
    if zone is not None:
        found = session.scalar(select(Zone.name).where(Zone.code == zone))
        if found is None:
            raise UnknownZone(zone)
        zone_name = found
    park_name = None
    if within.park is not None:
        park_name = session.scalar(
            select(Park.name)
            .join(Zone, Park.zone_id == Zone.id)
            .where(Park.code == within.park, *([Zone.code == zone] if zone else []))
        )
        if park_name is None:
            raise UnknownZone(f"{zone or ''}/{within.park}")
    applications, changes = _applications(session, week, within)
    at_risk = _at_risk(session, packs, week, applications, risk_days)
    wide = whole_zones(within)
    chosen = targets_for(week.year, zone) if wide else []
    if scope is not None and chosen:
        # The targets of the zones the caller reaches only (as `zones targets` keeps them): a
        # province's officer reports on its own zones, not on another province's records.
        reached = set(session.scalars(select(Zone.code).where(*zone_conditions(within))))
        chosen = [target for target in chosen if target.zone in reached]
    targets = progress(session, chosen, week.sunday)
    codes = {a.zone for a in applications} | {t.zone for t in chosen}
    zone_names = {
        code: name
        for code, name in session.execute(select(Zone.code, Zone.name).where(Zone.code.in_(codes)))
    }
    return WeeklyReport(
        week,
        zone,
        zone_name,
        risk_days,
        applications,
        changes,
        at_risk,
        targets,
        _departments(applications, at_risk, changes),
        park_name,
        zone_names,
    )
