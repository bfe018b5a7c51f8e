"""On-site check risk (实地核查) for 科技型中小企业 applicants, shown before the list goes up.

The 2026 notice (工企业函〔2026〕160号, through a single third-party summary: ``onsite.yaml``)
names the situations checked on site before publicity: very few staff, no IP, very low R&D, a
serious breach of trust or a revoked registration in three years, a first evaluation. Each is
read from the register: triggered, clear, or unknown when the register lacks the figure (never
taken as clear). Random sampling (≥5% of each batch) cannot be foreseen and is only said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techzone.cultivation.applications import find_applications
from techzone.model import Enterprise, Incident, IntellectualProperty, Qualification, YearlyFigures
from techzone.model.application import ApplicationStatus
from techzone.model.codes import IncidentKind, IpStatus, QualificationKind, QualificationStatus
from techzone.rules.frame import _years_back
from techzone.rules.records import UnknownEnterprise

ONSITE_FILE = Path(__file__).resolve().parent / "onsite.yaml"
TriggerId = Literal["few_staff", "no_ip", "low_rd", "dishonesty", "first_time"]
State = Literal["triggered", "clear", "unknown"]
STATE_LABELS: dict[str, str] = {"triggered": "触发", "clear": "未触发", "unknown": "数据缺失"}
# Applications not yet put forward: the list an officer is about to submit.
BEFORE_SUBMISSION = (
    ApplicationStatus.SCREENING,
    ApplicationStatus.COACHING,
    ApplicationStatus.SUBMITTED,
)


class OnsiteRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    note: str
    max_employees: int
    rd_expense_below: int
    years_back: int
    triggers: dict[TriggerId, str]
    interpretation: str


@cache
def onsite_rules(path: Path = ONSITE_FILE) -> OnsiteRules:
    return OnsiteRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Trigger:
    id: TriggerId
    label: str
    state: State
    detail: str


@dataclass(frozen=True)
class OnsiteRisk:
    uscc: str
    name: str
    year: int
    triggers: tuple[Trigger, ...]

    @property
    def triggered(self) -> tuple[Trigger, ...]:
        return tuple(t for t in self.triggers if t.state == "triggered")

    @property
    def unknown(self) -> tuple[Trigger, ...]:
        return tuple(t for t in self.triggers if t.state == "unknown")


def onsite_risk(session: Session, uscc: str, year: int, as_of: date) -> OnsiteRisk:
    """Which on-site check situations an applicant for the ``year`` evaluation is in."""
    row = session.execute(
        select(Enterprise.id, Enterprise.name).where(Enterprise.uscc == uscc)
    ).one_or_none()
    if row is None:
        raise UnknownEnterprise(uscc)
    enterprise_id, name = row
    rules = onsite_rules()
    labels = rules.triggers
    figures = session.execute(
        select(YearlyFigures.employees, YearlyFigures.rd_expense_deduction).where(
            YearlyFigures.enterprise_id == enterprise_id, YearlyFigures.year == year - 1
        )
    ).one_or_none()
    employees, rd = (None, None) if figures is None else figures
    triggers = [
        _compare(
            "few_staff",
            labels,
            employees,
            lambda n: n <= rules.max_employees,
            lambda n: f"{year - 1}年职工总数{n:g}人",
        ),
        _no_ip(session, enterprise_id, labels),
        _compare(
            "low_rd",
            labels,
            rd,
            lambda amount: amount < rules.rd_expense_below,
            lambda amount: f"{year - 1}年研发费用{amount:,.2f}元",
        ),
        _dishonesty(session, enterprise_id, labels, as_of, rules.years_back),
        _first_time(session, enterprise_id, labels, year),
    ]
    return OnsiteRisk(uscc, name, year, tuple(triggers))


def _compare(
    trigger: TriggerId,
    labels: dict[TriggerId, str],
    value: Decimal | None,
    hit: Callable[[Decimal], bool],
    show: Callable[[Decimal], str],
) -> Trigger:
    """A figure against its threshold; a figure the register lacks is unknown, never clear."""
    if value is None:
        return Trigger(trigger, labels[trigger], "unknown", "登记中没有该年度数据")
    state: State = "triggered" if hit(value) else "clear"
    return Trigger(trigger, labels[trigger], state, show(value))


def _no_ip(session: Session, enterprise_id: int, labels: dict[TriggerId, str]) -> Trigger:
    valid = session.scalar(
        select(func.count()).where(
            IntellectualProperty.enterprise_id == enterprise_id,
            IntellectualProperty.status == IpStatus.VALID,
        )
    )
    state: State = "triggered" if not valid else "clear"
    return Trigger("no_ip", labels["no_ip"], state, f"有效知识产权{valid or 0}项")


def _dishonesty(
    session: Session, enterprise_id: int, labels: dict[TriggerId, str], as_of: date, years: int
) -> Trigger:
    since = _years_back(as_of, years)
    breaches = session.scalar(
        select(func.count()).where(
            Incident.enterprise_id == enterprise_id,
            Incident.kind == IncidentKind.SERIOUS_DISHONESTY,
            Incident.occurred_on.between(since, as_of),
        )
    )
    revoked = session.scalar(
        select(func.count()).where(
            Qualification.enterprise_id == enterprise_id,
            Qualification.kind == QualificationKind.TECH_SME,
            Qualification.status == QualificationStatus.REVOKED,
            Qualification.revoked_on.between(since, as_of),
        )
    )
    parts = []
    if breaches:
        parts.append(f"严重失信行为{breaches}次")
    if revoked:
        parts.append(f"入库编号被撤销{revoked}次")
    state: State = "triggered" if parts else "clear"
    detail = "、".join(parts) or f"{since.isoformat()}以来没有登记"
    return Trigger("dishonesty", labels["dishonesty"], state, detail)


def _first_time(
    session: Session, enterprise_id: int, labels: dict[TriggerId, str], year: int
) -> Trigger:
    earlier = session.scalar(
        select(func.count()).where(
            Qualification.enterprise_id == enterprise_id,
            Qualification.kind == QualificationKind.TECH_SME,
            Qualification.issued_on < date(year, 1, 1),
        )
    )
    state: State = "clear" if earlier else "triggered"
    detail = f"{year}年以前有入库记录{earlier}条" if earlier else f"{year}年以前没有入库记录"
    return Trigger("first_time", labels["first_time"], state, detail)


def onsite_list(
    session: Session, year: int, as_of: date, zone: str | None = None
) -> tuple[OnsiteRisk, ...]:
    """The ``year`` 科技型中小企业 applications not yet put forward, each with its risk."""
    applications = find_applications(
        session, year=year, zone=zone, qualification=QualificationKind.TECH_SME
    )
    pending = [a for a in applications if a.status in BEFORE_SUBMISSION]
    return tuple(onsite_risk(session, a.uscc, year, as_of) for a in pending)
