"""How well a zone delivers: 兑现率 and 兑现时长, cases by state and by policy, per zone and park.

兑现率 is cases paid over cases entitled (every case but those withdrawn because the entitlement
no longer arises), and the same by amount where the amount is settled (fixed or approved).
兑现时长 counts working days from the day a case was matched to the day it was paid: the median
and the 90th percentile (nearest rank).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.fulfilment.cases import scoped
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.fulfilment.workdays import WorkCalendar, work_calendar
from techzone.model import FulfilmentCase

PAID_STATES = frozenset({State.PAID, State.RECOVERING, State.RECOVERED})


@dataclass
class Measure:
    entitled: int = 0
    paid: int = 0
    entitled_amount: Decimal = Decimal(0)
    paid_amount: Decimal = Decimal(0)
    days: list[int] = field(default_factory=list)
    # Paid cases whose duration cannot be counted yet (holidays of the year not entered).
    uncounted_days: int = 0
    by_state: Counter[str] = field(default_factory=Counter)
    by_policy: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float | None:
        return self.paid / self.entitled if self.entitled else None

    @property
    def amount_rate(self) -> float | None:
        return float(self.paid_amount / self.entitled_amount) if self.entitled_amount else None

    @property
    def median_days(self) -> float | None:
        ordered = sorted(self.days)
        if not ordered:
            return None
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return float(ordered[middle])
        return (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def p90_days(self) -> int | None:
        ordered = sorted(self.days)
        if not ordered:
            return None
        return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


@dataclass(frozen=True)
class Measures:
    total: Measure
    zones: dict[str, Measure]
    parks: dict[tuple[str, str], Measure]


def measures(session: Session, scope: Scope, *, year: int | None = None) -> Measures:
    """The fulfilment figures over the cases ``scope`` may see (one year's, if given)."""
    query = scoped(select(FulfilmentCase), scope)
    if year is not None:
        query = query.where(FulfilmentCase.year == year)
    total = Measure()
    zones: dict[str, Measure] = defaultdict(Measure)
    parks: dict[tuple[str, str], Measure] = defaultdict(Measure)
    calendar = work_calendar(session)
    for case in session.scalars(query):
        zone, park = case.zone or "—", case.park or "—"
        for measure in (total, zones[zone], parks[(zone, park)]):
            _count(measure, case, calendar)
    return Measures(total, dict(zones), dict(parks))


def _count(measure: Measure, case: FulfilmentCase, calendar: WorkCalendar) -> None:
    state = State(case.state)
    measure.by_state[state.label] += 1
    measure.by_policy[case.policy_id] += 1
    if state is State.WITHDRAWN:
        return
    measure.entitled += 1
    # Paid short, the case still owes its rest (未付余额): entitled to both, paid the first.
    settled = (
        case.amount + (case.unpaid or Decimal(0))
        if case.amount is not None
        else (case.amount_max if case.amount_min == case.amount_max else None)
    )
    if settled is not None:
        measure.entitled_amount += settled
    if state in PAID_STATES and case.paid_on is not None:
        measure.paid += 1
        measure.paid_amount += case.amount or Decimal(0)
        try:
            measure.days.append(calendar.working_days_between(case.entitled_on, case.paid_on))
        except FulfilmentError:
            # Paid in a year whose holidays are not entered yet: its duration is not counted
            # rather than guessed; the money and the count still are.
            measure.uncounted_days += 1


def describe(measure: Measure) -> dict[str, object]:
    """The figures as the weekly report and the dashboard show them."""
    shown: dict[str, object] = {
        "应兑现件数": measure.entitled,
        "已兑现件数": measure.paid,
        "兑现率": None if measure.rate is None else round(measure.rate, 4),
        "应兑现金额（元）": measure.entitled_amount,
        "已兑现金额（元）": measure.paid_amount,
        "金额兑现率": None if measure.amount_rate is None else round(measure.amount_rate, 4),
        "兑现时长中位数（工作日）": measure.median_days,
        "兑现时长P90（工作日）": measure.p90_days,
        "按状态": dict(measure.by_state),
        "按政策": dict(measure.by_policy),
    }
    if measure.uncounted_days:
        shown["未计时长件数（当年节假日安排未录入）"] = measure.uncounted_days
    return shown


__all__ = ["Measure", "Measures", "date", "describe", "measures"]
