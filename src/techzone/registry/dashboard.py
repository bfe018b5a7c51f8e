"""The dashboard's figures for a caller's scope on a day.

Counts are grouped by area: per zone for a province (or the whole register), per park for a zone,
the one park for a park officer. Every count is one grouped query with the scope in its WHERE.
Targets are zones' (``zones/targets/*.yaml``): shown for a zone, for each zone of a province, and
not for a park or an enterprise (no document sets a park's target). A department (责任单位) reaches
the applications assigned to it, not its zone's enterprises: it gets its applications only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, case, distinct, false, func, select
from sqlalchemy.orm import Session

from techzone.access.queries import where, whole_zones, with_owner
from techzone.access.scope import Scope
from techzone.awards.catalogue import load_catalogue
from techzone.cultivation.ladder import ladders
from techzone.cultivation.tasks import unit_names
from techzone.model import (
    Application,
    Enterprise,
    Entitlement,
    EntitlementPayment,
    Park,
    Qualification,
    Zone,
)
from techzone.model.application import ApplicationStatus
from techzone.model.codes import QualificationKind
from techzone.model.holding import in_force_on, renewed_by
from techzone.registry.errors import QueryRejected
from techzone.rules.policy import LEVEL_LABELS
from techzone.zones.progress import target_status

# Windows officers plan renewals by; the list is the dashboard's, not a document's.
EXPIRY_WINDOWS = (30, 90, 180, 365)
FUNNEL_LADDER = "science"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Area(_Frozen):
    """A zone (``park`` empty) or a park of a zone."""

    zone: str
    zone_name: str
    park: str | None
    park_name: str | None


class TargetRow(_Frozen):
    id: str
    label: str
    wanted: str
    when: str
    clause: str
    actual: float | None
    # Per cent (actual ÷ target × 100), as zones.progress gives it; not a fraction.
    progress: float | None
    status: str
    status_label: str
    history: dict[int, float]
    projection_year: int | None
    projection_low: float | None
    projection_high: float | None


class ZoneTargets(_Frozen):
    zone: str
    zone_name: str
    targets: list[TargetRow]


class FunnelStep(_Frozen):
    kind: str
    label: str
    total: int
    by_area: dict[str, int]


class ExpiryWindow(_Frozen):
    days: int
    until: date
    total: int
    by_area: dict[str, int]


class PayerTotal(_Frozen):
    """What the ledger holds for the year under one payer, in yuan (exact)."""

    payer: str
    entitlements: int
    amount_min: Decimal
    amount_max: Decimal | None
    planned: Decimal
    paid: Decimal


class ApplicationCount(_Frozen):
    batch: int | None
    status: str
    status_label: str
    count: int


class Dashboard(_Frozen):
    as_of: date
    # province / zone / park / enterprise / register: the level the figures are grouped at;
    # unit: a department's, its applications alone.
    level: str
    areas: list[Area]
    targets: list[ZoneTargets]
    funnel: list[FunnelStep]
    expiring: list[ExpiryWindow]
    awards: list[PayerTotal]
    applications: list[ApplicationCount]


def _level(scope: Scope) -> str:
    if scope.uscc is not None:
        return "enterprise"
    if scope.unit is not None:
        return "unit"
    if scope.park is not None:
        return "park"
    if scope.zone is not None:
        return "zone"
    if scope.province is not None:
        return "province"
    return "register"


def _enterprises_reached(scope: Scope) -> list[ColumnElement[bool]]:
    """Beyond the place conditions: a department's scope holds no enterprise of the register
    (its zone's, or every zone's when it is bound to none), only the applications assigned to
    it (issue #14), so none of the figures counted over enterprises."""
    return [false()] if scope.unit is not None else []


def _by_park(scope: Scope) -> bool:
    return scope.zone is not None or scope.park is not None or scope.uscc is not None


def _area_key(zone: str, park: str | None) -> str:
    return zone if park is None else f"{zone}/{park}"


def _areas(session: Session, scope: Scope) -> list[Area]:
    if _by_park(scope):
        query = where(
            with_owner(
                select(Zone.code, Zone.name, Park.code, Park.name)
                .select_from(Enterprise)
                .distinct()
            ),
            scope,
        )
        if scope.uscc is None:
            # A park with no enterprise yet is still one of the zone's.
            query = where(
                select(Zone.code, Zone.name, Park.code, Park.name)
                .select_from(Park)
                .join(Zone, Park.zone_id == Zone.id),
                Scope(province=scope.province, zone=scope.zone, park=scope.park),
            )
        rows = session.execute(query.order_by(Zone.code, Park.code))
        return [Area(zone=r[0], zone_name=r[1], park=r[2], park_name=r[3]) for r in rows]
    zones = select(Zone.code, Zone.name).order_by(Zone.code)
    if scope.province is not None:
        zones = zones.where(Zone.province == scope.province)
    return [
        Area(zone=code, zone_name=name, park=None, park_name=None)
        for code, name in session.execute(zones)
    ]


def _grouped(scope: Scope) -> list[Any]:
    return [Zone.code, Park.code] if _by_park(scope) else [Zone.code]


def _targets(session: Session, scope: Scope, areas: list[Area], year: int) -> list[ZoneTargets]:
    if not whole_zones(scope):
        return []
    zones = {(a.zone, a.zone_name) for a in areas}
    found = []
    for zone, name in sorted(zones):
        rows = []
        for s in target_status(session, year, zone):
            band = s.projection.band if s.projection is not None else None
            rows.append(
                TargetRow(
                    id=s.target.id,
                    label=s.target.label,
                    wanted=s.target.wanted,
                    when=s.target.when,
                    clause=s.target.clause.ref,
                    actual=s.actual,
                    progress=s.progress,
                    status=str(s.status),
                    status_label=s.status.label,
                    history=s.history,
                    projection_year=None if s.projection is None else s.projection.year,
                    projection_low=None if band is None else band[0],
                    projection_high=None if band is None else band[1],
                )
            )
        found.append(ZoneTargets(zone=zone, zone_name=name, targets=rows))
    return found


def _funnel(session: Session, scope: Scope, day: date) -> list[FunnelStep]:
    ladder = next(item for item in ladders() if item.id == FUNNEL_LADDER)
    columns = _grouped(scope)
    query = where(
        with_owner(
            select(*columns, Qualification.kind, func.count(distinct(Enterprise.id)))
            .select_from(Qualification)
            .join(Enterprise, Qualification.enterprise_id == Enterprise.id)
        ),
        scope,
    ).where(in_force_on(day), Qualification.kind.in_(ladder.tiers), *_enterprises_reached(scope))
    counts: dict[QualificationKind, dict[str, int]] = defaultdict(dict)
    for row in session.execute(query.group_by(*columns, Qualification.kind)):
        park = row[1] if _by_park(scope) else None
        counts[row[-2]][_area_key(row[0], park)] = int(row[-1])
    return [
        FunnelStep(
            kind=str(kind),
            label=kind.label,
            total=sum(counts[kind].values()),
            by_area=counts[kind],
        )
        for kind in ladder.tiers
    ]


def _expiring(session: Session, scope: Scope, day: date) -> list[ExpiryWindow]:
    """Every window counted in one pass over the certificates expiring within the longest."""
    columns = _grouped(scope)
    ends = [day + timedelta(days=days) for days in EXPIRY_WINDOWS]
    query = (
        where(
            with_owner(
                select(
                    *columns,
                    *(func.count(case((Qualification.expires_on <= end, 1))) for end in ends),
                )
                .select_from(Qualification)
                .join(Enterprise, Qualification.enterprise_id == Enterprise.id)
            ),
            scope,
        )
        .where(in_force_on(day), Qualification.expires_on <= ends[-1], ~renewed_by(day))
        .where(*_enterprises_reached(scope))
        .group_by(*columns)
    )
    by_window: list[dict[str, int]] = [{} for _ in ends]
    width = len(columns)
    for row in session.execute(query):
        key = _area_key(row[0], row[1] if _by_park(scope) else None)
        for index in range(len(ends)):
            if row[width + index]:
                by_window[index][key] = int(row[width + index])
    return [
        ExpiryWindow(days=days, until=end, total=sum(counts.values()), by_area=counts)
        for days, end, counts in zip(EXPIRY_WINDOWS, ends, by_window, strict=True)
    ]


@lru_cache(maxsize=1)
def _payers() -> dict[str, str]:
    catalogue = load_catalogue()
    return {pid: LEVEL_LABELS[e.policy.payer] for pid, e in catalogue.policies.items()}


def _awards(session: Session, scope: Scope, year: int) -> list[PayerTotal]:
    owned = where(
        with_owner(
            select(Entitlement.id)
            .select_from(Entitlement)
            .join(Enterprise, Entitlement.uscc == Enterprise.uscc)
        ),
        scope,
    ).where(
        Entitlement.year == year, Entitlement.status != "withdrawn", *_enterprises_reached(scope)
    )
    paid: dict[str, Decimal | None] = {
        key: total
        for key, total in session.execute(
            select(EntitlementPayment.entitlement_id, func.sum(EntitlementPayment.amount))
            .where(EntitlementPayment.entitlement_id.in_(owned))
            .group_by(EntitlementPayment.entitlement_id)
        )
    }
    heads = session.execute(
        select(
            Entitlement.id,
            Entitlement.policy_id,
            Entitlement.amount_min,
            Entitlement.amount_max,
            Entitlement.planned,
        )
        .where(Entitlement.id.in_(owned))
        .order_by(Entitlement.id)
    )
    payers = _payers()
    zero = Decimal("0.00")
    totals: dict[str, dict[str, Any]] = {}
    for key, policy, low, high, planned in heads:
        total = totals.setdefault(
            payers.get(policy, "未知"),
            {"n": 0, "min": zero, "max": zero, "planned": zero, "paid": zero},
        )
        total["n"] += 1
        total["min"] += low or zero
        # An award with no upper end (不少于) leaves the payer's upper end open.
        total["max"] = None if total["max"] is None or high is None else total["max"] + high
        total["planned"] += planned or zero
        total["paid"] += paid.get(key) or zero
    return [
        PayerTotal(
            payer=payer,
            entitlements=t["n"],
            amount_min=t["min"],
            amount_max=t["max"],
            planned=t["planned"],
            paid=t["paid"],
        )
        for payer, t in sorted(totals.items())
    ]


def _applications(session: Session, scope: Scope, year: int) -> list[ApplicationCount]:
    query = where(
        with_owner(
            select(Application.batch, Application.status, func.count(Application.id))
            .select_from(Application)
            .join(Enterprise, Application.enterprise_id == Enterprise.id)
        ),
        scope,
    ).where(Application.year == year)
    if scope.unit is not None:
        query = query.where(Application.department.in_(unit_names(scope.unit)))
    rows = session.execute(query.group_by(Application.batch, Application.status))
    order = list(ApplicationStatus)
    counted = sorted(
        ((batch, ApplicationStatus(status), int(n)) for batch, status, n in rows),
        key=lambda r: (r[0] is None, r[0] or 0, order.index(r[1])),
    )
    return [
        ApplicationCount(batch=b, status=str(s), status_label=s.label, count=n)
        for b, s, n in counted
    ]


def zone_targets(session: Session, scope: Scope, as_of: date) -> list[ZoneTargets]:
    """The targets of the zones in ``scope`` in the year of ``as_of``, with status and projection
    (``zones.progress.target_status``); none for a park's, an enterprise's or a department's
    scope. Computing a zone's targets reads four years of its records: a page may ask for them
    apart (``dashboard(..., targets=False)`` and then this)."""
    return _targets(session, scope, _areas(session, scope), as_of.year)


def dashboard(session: Session, scope: Scope, as_of: date, *, targets: bool = True) -> Dashboard:
    """The figures of ``scope`` on ``as_of``: zones' targets to their year with projection, the
    ladder funnel (科技型中小企业 → 省级科技创新型企业 → 高新技术企业 → 科技领军企业, qualifications
    in force), certificates in force expiring within each window, the ledger's awards of the year
    by payer, and the year's applications by batch and status. ``targets=False`` leaves the
    targets out (see ``zone_targets``)."""
    if not isinstance(as_of, date):
        raise QueryRejected("bad_date", "日期无效")
    areas = _areas(session, scope)
    return Dashboard(
        as_of=as_of,
        level=_level(scope),
        areas=areas,
        targets=_targets(session, scope, areas, as_of.year) if targets else [],
        funnel=_funnel(session, scope, as_of),
        expiring=_expiring(session, scope, as_of),
        awards=_awards(session, scope, as_of.year),
        applications=_applications(session, scope, as_of.year),
    )


def areas(session: Session, scope: Scope) -> list[Area]:
    """The zones (or, for a zone, park or enterprise scope, the parks) the scope covers, for a
    page's choice of area."""
    return _areas(session, scope)
