"""The yearly calendar: phases, batch deadlines and rule reminders, per year and per zone.

The defaults are data (``calendar.yaml``: seed 003 四 for the phases and batches, the national
rules for the reminders). A zone's officers may set their own date for a phase or a deadline in a
given year; those changes are rows of ``calendar_override`` and are checked as a whole calendar
before they are stored (batches in order, a phase starting before it ends, every date inside the
year). Reminders from national rules cannot be changed per zone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.model import CalendarOverride, Enterprise, Park, Qualification, Zone
from techzone.model.codes import QualificationKind
from techzone.model.holding import in_force_on, renewed_by
from techzone.rules.records import UnknownZone

CALENDAR_FILE = Path(__file__).resolve().parent / "calendar.yaml"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class CalendarError(ValueError):
    """A calendar change that cannot be made, said in Chinese."""


# --------------------------------------------------------------------------------------------
# The template file.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Clause(_Strict):
    ref: str
    text: str


def _month_day(text: str) -> str:
    try:
        date.fromisoformat(f"2000-{text}")
    except ValueError as error:
        raise ValueError(f"「{text}」不是 MM-DD 形式的月日") from error
    return text


class _PhaseTemplate(_Strict):
    id: str
    label: str
    start: str
    end: str
    clause: Clause
    local_choice: str | None = None

    _check_dates = field_validator("start", "end")(_month_day)


class _DeadlineTemplate(_Strict):
    id: str
    label: str
    day: str
    clause: Clause
    batch: int | None = None
    qualification: QualificationKind | None = None
    local_choice: str | None = None

    _check_day = field_validator("day")(_month_day)


class _ReminderTemplate(_Strict):
    id: str
    label: str
    day: str
    holders: QualificationKind
    text: str
    clause: Clause

    _check_day = field_validator("day")(_month_day)


class _Document(_Strict):
    title: str
    source: str
    # The years the document's own dates are for (城关区方案 is 2024—2027年); None: every year.
    years: tuple[int, int] | None = None
    # Provinces or cities whose zones take the document's dates (empty: everywhere).
    places: tuple[str, ...] = ()

    def covers(self, year: int) -> bool:
        return self.years is None or self.years[0] <= year <= self.years[1]

    def applies(self, province: str | None, city: str | None) -> bool:
        return not self.places or province in self.places or city in self.places


class CalendarTemplate(_Strict):
    document: _Document
    phases: list[_PhaseTemplate]
    deadlines: list[_DeadlineTemplate]
    reminders: list[_ReminderTemplate]
    lead_days: int = Field(ge=0)
    expiry_days: int = Field(ge=0)


@cache
def calendar_template(path: Path = CALENDAR_FILE) -> CalendarTemplate:
    return CalendarTemplate.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _on(year: int, month_day: str) -> date:
    return date.fromisoformat(f"{year:04d}-{month_day}")


# --------------------------------------------------------------------------------------------
# A year's calendar.


@dataclass(frozen=True)
class Change:
    """Who set a zone's own date for an item, and why."""

    set_by: str
    reason: str | None
    # None: the document sets no date for the year (outside its term); the zone's is the only one.
    default: date | None


@dataclass(frozen=True)
class Phase:
    id: str
    label: str
    start: date
    end: date
    clause: Clause
    start_change: Change | None = None
    end_change: Change | None = None


@dataclass(frozen=True)
class Deadline:
    id: str
    label: str
    on: date
    clause: Clause
    batch: int | None = None
    qualification: QualificationKind | None = None
    local_choice: str | None = None
    change: Change | None = None


@dataclass(frozen=True)
class Reminder:
    id: str
    label: str
    on: date
    holders: QualificationKind
    text: str
    clause: Clause


NoticeState = Literal["upcoming", "due", "passed"]


@dataclass(frozen=True)
class Notice:
    """A deadline or reminder as it stands on a day: ahead, due (within the lead days), passed."""

    label: str
    on: date
    state: NoticeState
    days_left: int
    text: str


@dataclass(frozen=True)
class YearCalendar:
    year: int
    zone: str | None
    phases: tuple[Phase, ...]
    deadlines: tuple[Deadline, ...]
    reminders: tuple[Reminder, ...]
    lead_days: int
    expiry_days: int
    # Said when the year is outside the document's term: its phases and batches are not given.
    outside_term: str | None = None

    def batches(self, kind: QualificationKind) -> list[Deadline]:
        """The batch deadlines for a qualification, in batch order."""
        found = [d for d in self.deadlines if d.batch is not None and d.qualification == kind]
        return sorted(found, key=lambda d: d.batch or 0)

    def batch(self, kind: QualificationKind, number: int) -> Deadline | None:
        return next((d for d in self.batches(kind) if d.batch == number), None)

    def phases_on(self, day: date) -> list[Phase]:
        return [phase for phase in self.phases if phase.start <= day <= phase.end]

    def notices(self, day: date) -> list[Notice]:
        """Every deadline and reminder of the year as it stands on ``day``, by date."""
        dated = [(d.label, d.on, d.local_choice or "") for d in self.deadlines]
        dated += [(r.label, r.on, r.text) for r in self.reminders]
        return sorted(
            (notice_on(day, label, on, self.lead_days, text) for label, on, text in dated),
            key=lambda notice: (notice.on, notice.label),
        )


def notice_on(day: date, label: str, on: date, lead_days: int, text: str = "") -> Notice:
    """Due from ``lead_days`` before ``on`` through ``on`` itself; passed the day after."""
    left = (on - day).days
    state: NoticeState = "passed" if left < 0 else ("due" if left <= lead_days else "upcoming")
    return Notice(label, on, state, left, text)


# Items a zone may set its own date for: each phase's start and end, and each deadline.
def _items(template: CalendarTemplate) -> dict[str, str]:
    items: dict[str, str] = {}
    for phase in template.phases:
        items[f"{phase.id}_start"] = f"{phase.label}开始"
        items[f"{phase.id}_end"] = f"{phase.label}结束"
    for deadline in template.deadlines:
        items[deadline.id] = deadline.label
    return items


def calendar_items() -> dict[str, str]:
    """The items a zone can change, by id, with their Chinese names."""
    return _items(calendar_template())


def _item_id(text: str) -> str:
    template = calendar_template()
    items = _items(template)
    cleaned = text.strip()
    for item, label in items.items():
        if cleaned in (item, label):
            return item
    if any(cleaned in (r.id, r.label) for r in template.reminders):
        raise CalendarError(f"「{cleaned}」的日期由国家规定，不能按区修改")
    known = "、".join(items.values())
    raise CalendarError(f"日历中没有「{cleaned}」。可修改的项目：{known}")


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(f"年度须在{FIRST_YEAR}—{LAST_YEAR}之间，而不是{year}")


def _zone_id(session: Session, zone: str) -> int:
    found = session.scalar(select(Zone.id).where(Zone.code == zone))
    if found is None:
        raise UnknownZone(zone)
    return found


def _place(session: Session, zone: str | None) -> Place | None:
    if zone is None:
        return None
    found = session.execute(select(Zone.province, Zone.city).where(Zone.code == zone)).one_or_none()
    if found is None:
        raise UnknownZone(zone)
    return found[0], found[1]


def _overrides(session: Session, year: int, zone: str | None) -> dict[str, CalendarOverride]:
    if zone is None:
        return {}
    zone_id = _zone_id(session, zone)
    rows = session.scalars(
        select(CalendarOverride).where(
            CalendarOverride.zone_id == zone_id, CalendarOverride.year == year
        )
    )
    return {row.item: row for row in rows}


Place = tuple[str | None, str | None]


def _build(
    template: CalendarTemplate,
    year: int,
    zone: str | None,
    overrides: dict[str, CalendarOverride],
    place: Place | None = None,
) -> YearCalendar:
    # 城关区方案 is for 2024—2027年: after (or before) it, a phase or deadline is only what the
    # zone itself set from the year's notice; the plan's dates are not carried on as a promise.
    # The same holds for a zone outside the document's places (a 柳州 zone: seed 004 gives no
    # calendar); ``place`` None is a calendar for no zone in particular.
    document = template.document
    elsewhere = place is not None and not document.applies(*place)
    covered = document.covers(year) and not elsewhere

    def dated(item: str, default: date) -> tuple[date, Change | None] | None:
        row = overrides.get(item)
        if row is None:
            return (default, None) if covered else None
        return row.on, Change(row.set_by, row.reason, default if covered else None)

    phases = []
    for p in template.phases:
        start = dated(f"{p.id}_start", _on(year, p.start))
        end = dated(f"{p.id}_end", _on(year, p.end))
        if start is not None and end is not None:
            phases.append(Phase(p.id, p.label, start[0], end[0], p.clause, start[1], end[1]))
    deadlines = []
    for d in template.deadlines:
        found = dated(d.id, _on(year, d.day))
        if found is not None:
            on, change = found
            deadlines.append(
                Deadline(
                    d.id, d.label, on, d.clause, d.batch, d.qualification, d.local_choice, change
                )
            )
    outside = None
    if elsewhere and place is not None:
        where = "".join(part for part in place if part) or "本区"
        outside = (
            f"《{document.title}》的阶段和批次日期不适用于{where}；"
            "本区的日期以主管部门通知为准，由本区录入后显示"
        )
    elif not covered and document.years is not None:
        first, last = document.years
        outside = (
            f"《{document.title}》的阶段和批次日期只适用于{first}—{last}年；"
            f"{year}年的日期以当年通知为准，由本区录入后显示"
        )
    reminders = tuple(
        Reminder(r.id, r.label, _on(year, r.day), r.holders, r.text, r.clause)
        for r in template.reminders
    )
    calendar = YearCalendar(
        year,
        zone,
        tuple(phases),
        tuple(deadlines),
        reminders,
        template.lead_days,
        template.expiry_days,
        outside,
    )
    _check(calendar)
    return calendar


def default_calendar(year: int, place: Place | None = None) -> YearCalendar:
    """The document's calendar for no zone; for a ``place`` it does not apply to, without its
    phases and batches."""
    _check_year(year)
    return _build(calendar_template(), year, None, {}, place)


def applies_to(province: str | None, city: str | None) -> bool:
    """Whether the document's dates are for a place (see ``places`` in calendar.yaml)."""
    return calendar_template().document.applies(province, city)


def _check(calendar: YearCalendar) -> None:
    """A calendar officers can work to: dates in the year, phases forward, batches in order."""
    for phase in calendar.phases:
        if phase.start > phase.end:
            raise CalendarError(
                f"{phase.label}的开始日期（{phase.start}）晚于结束日期（{phase.end}）"
            )
    dated = [(d.label, d.on) for d in calendar.deadlines]
    dated += [(p.label, day) for p in calendar.phases for day in (p.start, p.end)]
    for label, day in dated:
        if day.year != calendar.year:
            raise CalendarError(f"{label}的日期（{day}）不在{calendar.year}年内")
    kinds = {d.qualification for d in calendar.deadlines if d.qualification is not None}
    for kind in sorted(kinds):
        batches = calendar.batches(kind)
        for earlier, later in itertools.pairwise(batches):
            if earlier.on >= later.on:
                raise CalendarError(
                    f"{later.label}（{later.on}）须晚于{earlier.label}（{earlier.on}）"
                )


def year_calendar(session: Session, year: int, zone: str | None = None) -> YearCalendar:
    """The calendar of ``year``: the defaults, with the zone's own dates where it set them."""
    _check_year(year)
    overrides = _overrides(session, year, zone)
    return _build(calendar_template(), year, zone, overrides, _place(session, zone))


def set_calendar_date(
    session: Session,
    year: int,
    zone: str,
    item: str,
    on: date,
    by: str,
    reason: str | None = None,
    actor: audit.Actor | None = None,
) -> YearCalendar:
    """Set a zone's own date for one item of a year; refused whole if the calendar would break.
    The row keeps only the newest date: the audit log keeps every change (``actor``: who, from
    where; the command line's by default)."""
    _check_year(year)
    item_id = _item_id(item)
    if not by.strip():
        raise CalendarError("请写明修改人（--by）")
    zone_id = _zone_id(session, zone)
    overrides = _overrides(session, year, zone)
    proposed = CalendarOverride(
        zone_id=zone_id, year=year, item=item_id, on=on, set_by=by.strip(), reason=reason
    )
    calendar = _build(
        calendar_template(), year, zone, {**overrides, item_id: proposed}, _place(session, zone)
    )
    existing = overrides.get(item_id)
    before = None if existing is None else _audited(existing)
    if existing is None:
        session.add(proposed)
    else:
        existing.on, existing.set_by, existing.reason = on, by.strip(), reason
    audit.record(
        session,
        actor or audit.Actor.command_line(),
        "calendar.set",
        "calendar",
        f"{zone}|{year}|{item_id}",
        before=before,
        after=_audited(proposed),
        reason=reason,
        zone=zone,
    )
    session.flush()
    return calendar


def _audited(row: CalendarOverride) -> dict[str, object]:
    return {"on": row.on, "set_by": row.set_by, "reason": row.reason}


def reset_calendar_date(
    session: Session, year: int, zone: str, item: str, actor: audit.Actor | None = None
) -> YearCalendar:
    """Drop a zone's own date for an item: the default applies again (the date dropped stays
    in the audit log)."""
    _check_year(year)
    item_id = _item_id(item)
    overrides = _overrides(session, year, zone)
    remaining = {key: row for key, row in overrides.items() if key != item_id}
    calendar = _build(calendar_template(), year, zone, remaining, _place(session, zone))
    if item_id in overrides:
        audit.record(
            session,
            actor or audit.Actor.command_line(),
            "calendar.reset",
            "calendar",
            f"{zone}|{year}|{item_id}",
            before=_audited(overrides[item_id]),
            zone=zone,
        )
        session.delete(overrides[item_id])
        session.flush()
    return calendar


# --------------------------------------------------------------------------------------------
# Certificates running out.


@dataclass(frozen=True)
class ExpiringSoon:
    uscc: str
    enterprise: str
    zone: str
    kind: QualificationKind
    certificate_no: str
    expires_on: date
    days_left: int


def expiring_within(
    session: Session, day: date, zone: str | None = None, days: int | None = None
) -> list[ExpiringSoon]:
    """Valid certificates whose term ends within ``days`` (default: the calendar's 90) of ``day``,
    the last day included; soonest first; a certificate its holder has already renewed by
    ``day`` is left out (``renewed_by``)."""
    window = calendar_template().expiry_days if days is None else days
    if zone is not None:
        _zone_id(session, zone)
    query = (
        select(Enterprise.uscc, Enterprise.name, Zone.code, Qualification)
        .join(Qualification.enterprise)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(
            # In force that day: a revocation recorded with a later date did not yet apply.
            in_force_on(day),
            Qualification.expires_on <= day + timedelta(days=window),
            ~renewed_by(day),
        )
        .order_by(Qualification.expires_on, Enterprise.uscc, Qualification.kind)
    )
    if zone is not None:
        query = query.where(Zone.code == zone)
    return [
        ExpiringSoon(
            uscc,
            name,
            code,
            q.kind,
            q.certificate_no,
            q.expires_on,
            (q.expires_on - day).days,
        )
        for uscc, name, code, q in session.execute(query)
        if q.expires_on is not None
    ]
