"""Keeping a title (保持资质): for each title an enterprise holds, what it must do and by when.

The yearly updates come from the calendar's reminders (``calendar.yaml``: the HNTE report by 31
May, the tech-SME update by 31 March, the 单项冠军 update by 31 May), each dated to its next
occurrence on or after the day; a reminder within the calendar's lead days is due. The other
obligations are data (``upkeep.yaml``): reporting a change within its period, what makes the
title lapse, and what follows the end of its term, each with its clause. A certificate whose term
ends within the calendar's ``expiry_days`` is shown as ending: the lapse is seen before it
happens. Qualifications the documents say nothing about have no obligations here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access.queries import where
from techzone.access.scope import Scope
from techzone.cultivation.calendar import NoticeState, YearCalendar, notice_on, year_calendar
from techzone.cultivation.ladder import HeldTier, held_on
from techzone.model import Enterprise, Park, Qualification, Zone
from techzone.model.codes import QualificationKind, QualificationStatus
from techzone.rules.records import UnknownEnterprise

UPKEEP_FILE = Path(__file__).resolve().parent / "upkeep.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChangeReport(_Strict):
    months: int = Field(ge=1)
    text: str
    clause: str


class Rule(_Strict):
    text: str
    clause: str


class Upkeep(_Strict):
    change_report: ChangeReport | None = None
    lapse: tuple[Rule, ...] = ()
    term_end: Rule | None = None


class UpkeepFile(_Strict):
    qualifications: dict[QualificationKind, Upkeep]


@cache
def upkeep_file(path: Path = UPKEEP_FILE) -> UpkeepFile:
    return UpkeepFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Duty:
    """One thing a holder must do, or a rule it must keep; dated where a date applies."""

    label: str
    text: str
    clause: str
    on: date | None = None
    state: NoticeState | None = None
    days_left: int | None = None


@dataclass(frozen=True)
class TitleUpkeep:
    held: HeldTier
    duties: tuple[Duty, ...]
    ending: bool
    """The term ends within the calendar's ``expiry_days``."""

    @property
    def due(self) -> tuple[Duty, ...]:
        return tuple(duty for duty in self.duties if duty.state == "due")

    @property
    def needs_attention(self) -> bool:
        return self.ending or bool(self.due)


@dataclass(frozen=True)
class UpkeepView:
    uscc: str
    name: str
    as_of: date
    titles: tuple[TitleUpkeep, ...]


class _Calendars:
    """Each zone's calendar of a year, read once for a whole list."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.read: dict[tuple[int, str | None], YearCalendar] = {}

    def __call__(self, year: int, zone: str | None) -> YearCalendar:
        key = (year, zone)
        if key not in self.read:
            self.read[key] = year_calendar(self.session, year, zone)
        return self.read[key]


def _yearly(
    calendars: _Calendars, zone: str | None, kind: QualificationKind, day: date
) -> list[Duty]:
    """The calendar's reminders for holders of ``kind``, each at its next date from ``day``."""
    this_year = calendars(day.year, zone)
    next_year = calendars(day.year + 1, zone)
    duties = []
    for reminder in this_year.reminders:
        if reminder.holders != kind:
            continue
        on = reminder.on
        if on < day:
            on = next(r.on for r in next_year.reminders if r.id == reminder.id)
        notice = notice_on(day, reminder.label, on, this_year.lead_days)
        duties.append(
            Duty(
                reminder.label,
                reminder.text,
                reminder.clause.ref,
                on,
                notice.state,
                notice.days_left,
            )
        )
    return duties


def title_upkeep(session: Session, zone: str | None, held: HeldTier, day: date) -> TitleUpkeep:
    """What keeping one held title asks for, as it stands on ``day``."""
    return _title(_Calendars(session), zone, held, day)


def _title(calendars: _Calendars, zone: str | None, held: HeldTier, day: date) -> TitleUpkeep:
    rules = upkeep_file().qualifications.get(held.kind, Upkeep())
    expiry_days = calendars(day.year, zone).expiry_days
    duties = _yearly(calendars, zone, held.kind, day)
    if rules.change_report is not None:
        report = rules.change_report
        duties.append(Duty(f"重大变化{report.months}个月内报告", report.text, report.clause))
    duties += [Duty("取消情形", rule.text, rule.clause) for rule in rules.lapse]
    ending = False
    if held.expires_on is not None:
        left = (held.expires_on - day).days
        ending = left <= expiry_days
        text = rules.term_end.text if rules.term_end else "有效期届满。"
        clause = rules.term_end.clause if rules.term_end else ""
        state: NoticeState = "passed" if left < 0 else ("due" if ending else "upcoming")
        duties.append(Duty("有效期届满", text, clause, held.expires_on, state, left))
    elif rules.term_end is not None:
        duties.append(Duty("有效期", rules.term_end.text, rules.term_end.clause))
    return TitleUpkeep(held, tuple(duties), ending)


def upkeep_view(session: Session, uscc: str, day: date) -> UpkeepView:
    """Every title an enterprise holds on ``day`` and what keeping each asks for."""
    row = session.execute(
        select(Enterprise.id, Enterprise.name, Zone.code)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(Enterprise.uscc == uscc)
    ).one_or_none()
    if row is None:
        raise UnknownEnterprise(uscc)
    enterprise_id, name, zone = row
    calendars = _Calendars(session)
    titles = tuple(_title(calendars, zone, h, day) for h in held_on(session, enterprise_id, day))
    return UpkeepView(uscc, name, day, titles)


@dataclass(frozen=True)
class UpkeepLine:
    uscc: str
    name: str
    zone: str
    title: TitleUpkeep


def upkeep_due(
    session: Session, day: date, zone: str | None = None, *, scope: Scope | None = None
) -> tuple[UpkeepLine, ...]:
    """Titles held in a zone (or the register) that need attention now: a yearly update within
    the calendar's lead days, or a term ending within its expiry days; within the caller's
    ``scope`` (applied in the query)."""
    query = (
        select(Enterprise.id, Enterprise.uscc, Enterprise.name, Zone.code)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(
            Enterprise.id.in_(
                select(Qualification.enterprise_id).where(
                    Qualification.status == QualificationStatus.VALID
                )
            )
        )
        .order_by(Zone.code, Enterprise.uscc)
    )
    if zone is not None:
        query = query.where(Zone.code == zone)
    if scope is not None:
        query = where(query, scope)
    lines = []
    calendars = _Calendars(session)
    for enterprise_id, uscc, name, code in session.execute(query).all():
        for held in held_on(session, enterprise_id, day):
            title = _title(calendars, code, held, day)
            if title.needs_attention:
                lines.append(UpkeepLine(uscc, name, code, title))
    return tuple(lines)
