"""The cultivation ladders: tiers in order, an enterprise's place on them, and its next step.

The ladders are data (``ladder.yaml``, citing seed 001 第10条, seed 002 二(一)1 and seed 004 (五)).
On a date an enterprise holds the tiers in force; on each ladder its **next step** is the nearest
tier above the highest one it holds (the first tier if it holds none). For each next step the
assessment says how ready it is, and the calendar says which of the year's batches it can still
make: the enterprise is assessed, with its records as they are, on each remaining batch deadline
(a young enterprise may pass the one-year rule only by a later batch), and the first batch at
which it is not ineligible is its target; when only time keeps it from every batch left this year
(a year since registration), next year's first (``batches.py``). The plan lists what must be true
by that date, and the application's materials (``materials.yaml``) dated back from it by who
produces each.

A certificate in force whose term of years ends in the year (an HNTE certificate running out) is a
step too: its re-recognition (重新认定) is planned the same way; so is one that has already run out
and was not renewed (城关区方案 四(一) lists ① and ③ name those firms for re-application; 195号 四3:
重新认定 is a new application). A cancelled (revoked) certificate is no re-recognition and is on
none of those lists, but 195号 五(六)3 bars only the year of cancellation: applying again is a new
application, a step of its own, which the HNTE pack rules out on that year's batches.

A ladder may name a shortcut the documents give: 城关区方案 五(一)1 "小升高" sends 科技型中小企业
straight to 高新技术企业, which needs no 省级科技创新型企业 first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.cultivation.batches import NONE_OPEN, next_year, remaining
from techzone.cultivation.calendar import Deadline, YearCalendar, year_calendar
from techzone.cultivation.materials import plan_lines
from techzone.cultivation.readiness import Readiness, trace_readiness
from techzone.cultivation.terms import Terms
from techzone.cultivation.terms import term_end as term_end  # re-exported: the ladder's own helper
from techzone.model import Enterprise, Park, Qualification, Zone
from techzone.model.codes import QualificationKind, QualificationStatus
from techzone.model.holding import in_force_on
from techzone.rules.assess import assess_enterprise
from techzone.rules.loader import PackSet
from techzone.rules.records import UnknownEnterprise

LADDER_FILE = Path(__file__).resolve().parent / "ladder.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    ref: str
    text: str


class Shortcut(_Strict):
    """Holders of ``holder`` (their highest tier on the ladder) may also apply for ``to``."""

    holder: QualificationKind
    to: QualificationKind
    source: Source


class Ladder(_Strict):
    id: str
    label: str
    tiers: tuple[QualificationKind, ...]
    sources: tuple[Source, ...]
    shortcuts: tuple[Shortcut, ...] = ()
    # Provinces or cities whose documents set this ladder (empty: a national ladder, everywhere).
    # 省级科技创新型企业 is a Gansu title; 柳州's system is its own (seed 004 (五)).
    places: tuple[str, ...] = ()

    def applies(self, province: str | None, city: str | None) -> bool:
        return not self.places or province in self.places or city in self.places

    def shortcut(self, held: set[QualificationKind]) -> QualificationKind | None:
        """A tier the documents let the highest tier held apply for beyond the next one."""
        top = next((kind for kind in reversed(self.tiers) if kind in held), None)
        return next((s.to for s in self.shortcuts if s.holder == top and s.to not in held), None)

    def above(self, held: set[QualificationKind]) -> QualificationKind | None:
        """The nearest tier above the highest held; the first tier when none is held."""
        highest = max((i for i, kind in enumerate(self.tiers) if kind in held), default=-1)
        return self.tiers[highest + 1] if highest + 1 < len(self.tiers) else None


class LadderFile(_Strict):
    ladders: tuple[Ladder, ...]
    qualifications: dict[QualificationKind, Terms]


@cache
def ladder_file(path: Path = LADDER_FILE) -> LadderFile:
    parsed = LadderFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    missing = set(QualificationKind) - set(parsed.qualifications)
    if missing:
        raise ValueError(f"{path}: qualifications without terms: {sorted(missing)}")
    return parsed


def ladders() -> tuple[Ladder, ...]:
    return ladder_file().ladders


def terms(kind: QualificationKind) -> Terms:
    return ladder_file().qualifications[kind]


# --------------------------------------------------------------------------------------------
# An enterprise on the ladders.


@dataclass(frozen=True)
class HeldTier:
    kind: QualificationKind
    certificate_no: str
    issued_on: date
    expires_on: date | None


@dataclass(frozen=True)
class BatchOutlook:
    """The assessment on a batch deadline, with the records as they are today."""

    deadline: Deadline
    readiness: Readiness


@dataclass(frozen=True)
class PlanItem:
    by: date
    text: str


@dataclass(frozen=True)
class NextStep:
    ladder: Ladder
    kind: QualificationKind
    renewal: bool
    readiness: Readiness
    batches: tuple[BatchOutlook, ...]
    target: BatchOutlook | None
    plan: tuple[PlanItem, ...]
    note: str | None = None


@dataclass(frozen=True)
class LadderView:
    uscc: str
    name: str
    zone: str
    as_of: date
    held: tuple[HeldTier, ...]
    steps: tuple[NextStep, ...]
    # The ladders of the enterprise's place, its own place's first.
    ladders: tuple[Ladder, ...] = ()

    def current(self, ladder: Ladder) -> QualificationKind | None:
        kinds = {h.kind for h in self.held}
        return next((k for k in reversed(ladder.tiers) if k in kinds), None)


def _enterprise(session: Session, uscc: str) -> tuple[int, str, str, str | None, str | None]:
    row = session.execute(
        select(Enterprise.id, Enterprise.name, Zone.code, Zone.province, Zone.city)
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .where(Enterprise.uscc == uscc)
    ).one_or_none()
    if row is None:
        raise UnknownEnterprise(uscc)
    return row[0], row[1], row[2], row[3], row[4]


def held_on(session: Session, enterprise_id: int, day: date) -> tuple[HeldTier, ...]:
    """Qualifications in force on ``day`` (``in_force_on``: issued, not yet expired, valid or
    revoked only after it), ladder order."""
    rows = session.scalars(
        select(Qualification)
        .where(Qualification.enterprise_id == enterprise_id, in_force_on(day))
        .order_by(Qualification.issued_on)
    )
    latest: dict[QualificationKind, HeldTier] = {}
    for q in rows:
        latest[q.kind] = HeldTier(q.kind, q.certificate_no, q.issued_on, q.expires_on)
    order = list(QualificationKind)
    return tuple(sorted(latest.values(), key=lambda h: order.index(h.kind)))


# Titles whose lapse the documents follow up: 城关区方案 四(一) lists HNTE that ran out (① this
# year, ③ earlier years). A lapsed 专精特新 is not re-recognised on its own: the 2026 rules ask for
# the tier below it first (qualification-criteria.md §3.3), which the ladder already shows.
RE_RECOGNISED_WHEN_LAPSED = frozenset({QualificationKind.HNTE})


@dataclass(frozen=True)
class Lapsed:
    """A title not held whose latest certificate ran out (re-recognition) or was cancelled."""

    kind: QualificationKind
    # Cancelled on this day: applying again is a new application, and 195号 五(六)3 bars only
    # the year of cancellation (the HNTE pack's ``not_cancelled_this_year``).
    cancelled_on: date | None = None


def lapsed_on(
    session: Session, enterprise_id: int, day: date, held: set[QualificationKind]
) -> tuple[Lapsed, ...]:
    """Kinds among ``RE_RECOGNISED_WHEN_LAPSED`` not held on ``day`` whose latest certificate
    ran out before it unrevoked (lists ① and ③, ``lists.py``) or was cancelled on a recorded
    day. One marked cancelled without its day is left out: the year it bars is not known."""
    rows = session.scalars(
        select(Qualification)
        .where(
            Qualification.enterprise_id == enterprise_id,
            Qualification.status != QualificationStatus.NOT_PASSED,
            Qualification.issued_on <= day,
        )
        .order_by(Qualification.issued_on)
    )
    latest = {q.kind: q for q in rows}
    found = []
    for kind, q in latest.items():
        if kind in held or kind not in RE_RECOGNISED_WHEN_LAPSED:
            continue
        if q.revoked_on is not None and q.revoked_on <= day:
            found.append(Lapsed(kind, q.revoked_on))
        elif q.status == QualificationStatus.REVOKED:
            continue
        elif q.expires_on is not None and q.expires_on < day:
            found.append(Lapsed(kind))
    return tuple(found)


class _Planner:
    def __init__(self, session: Session, packs: PackSet, uscc: str, zone: str, as_of: date):
        self.session, self.packs, self.uscc, self.zone, self.as_of = (
            session,
            packs,
            uscc,
            zone,
            as_of,
        )
        self._traces: dict[date, dict[str, object]] = {}
        self._calendars: dict[int, YearCalendar] = {}

    def readiness(self, kind: QualificationKind, day: date) -> Readiness:
        trace = self._traces.get(day)
        if trace is None:
            trace = assess_enterprise(self.session, self.packs, self.uscc, day)
            self._traces[day] = trace
        loaded = self.packs.in_force(kind, day)
        verdict = list(loaded.pack.verdict) if loaded is not None else None
        return trace_readiness(trace, kind, verdict)

    def calendar(self, year: int) -> YearCalendar:
        found = self._calendars.get(year)
        if found is None:
            found = self._calendars[year] = year_calendar(self.session, year, self.zone)
        return found

    def step(self, ladder: Ladder, kind: QualificationKind, renewal: bool) -> NextStep:
        now = self.readiness(kind, self.as_of)
        outlooks = tuple(
            BatchOutlook(d, self.readiness(kind, d.on))
            for d in remaining(kind, self.as_of, self.calendar)
        )
        if now.elsewhere:
            # Another place's criteria say nothing about this enterprise: no batch is a target
            # and no plan pretends the title is within reach.
            return NextStep(ladder, kind, renewal, now, outlooks, None, (), now.reason)
        target = next((o for o in outlooks if o.readiness.status != "ineligible"), None)
        planned = target or (outlooks[0] if outlooks else None)
        note = None
        if not outlooks:
            note = "日历中没有该资质的申报批次，按主管部门通知申报"
        elif target is None:
            last = outlooks[-1]
            later = next_year(
                kind,
                last.deadline,
                last.readiness,
                self.calendar,
                lambda day: self.readiness(kind, day),
            )
            if later is None:
                note = NONE_OPEN
            elif later.deadline is None or later.readiness is None:
                # Next year's dates are not published: no day to date the plan to.
                planned, note = None, later.note
            else:
                planned = BatchOutlook(later.deadline, later.readiness)
                outlooks += (planned,)
                if later.readiness.status != "ineligible":
                    target = planned
                note = later.note
        return NextStep(ladder, kind, renewal, now, outlooks, target, _plan(planned), note)


def _plan(outlook: BatchOutlook | None) -> tuple[PlanItem, ...]:
    if outlook is None:
        return ()
    by = outlook.deadline.on
    readiness = outlook.readiness
    items = [PlanItem(by, f"补齐数据：{name}") for name in readiness.missing]
    items += [PlanItem(by, f"满足条件：{label}") for label in readiness.unmet]
    items += [PlanItem(by, f"弥补差距：{gap}") for gap in readiness.gaps]
    if readiness.status == "unknown" and readiness.score:
        items.append(PlanItem(by, f"准备专家评审材料：创新能力评价现为{readiness.score}分"))
    # The application's materials, each dated back from the deadline by who produces it.
    items += [PlanItem(day, text) for day, text in plan_lines(readiness.kind, by)]
    items.sort(key=lambda item: item.by)
    items.append(PlanItem(by, f"完成{outlook.deadline.label}"))
    return tuple(items)


def _renewal_due(held: HeldTier, as_of: date) -> bool:
    """A certificate with a term of years that ends in the year must be recognised again; a
    yearly registration (科技型中小企业) is renewed by the yearly update, a calendar reminder."""
    validity = terms(held.kind).validity
    has_term = validity is not None and validity.years is not None
    return has_term and held.expires_on is not None and held.expires_on.year == as_of.year


def _after_cancellation(step: NextStep, cancelled: date) -> NextStep:
    """The step says the title was cancelled and what that bars: 195号 五(六)3 only the year."""
    said = (
        f"{step.kind.label}资格已于{cancelled}取消，{cancelled.year}年内不得再次申请"
        f"（国科发火〔2016〕195号 五(六)3），自{cancelled.year + 1}年起可重新申请"
    )
    return replace(step, note=f"{said}；{step.note}" if step.note else said)


def ladder_view(session: Session, packs: PackSet, uscc: str, as_of: date) -> LadderView:
    """Where an enterprise stands on every ladder on ``as_of``, and its next steps with plans."""
    enterprise_id, name, zone, province, city = _enterprise(session, uscc)
    held = held_on(session, enterprise_id, as_of)
    kinds = {h.kind for h in held}
    lapsed = lapsed_on(session, enterprise_id, as_of, kinds)
    cancelled_on = {t.kind: t.cancelled_on for t in lapsed if t.cancelled_on is not None}
    planner = _Planner(session, packs, uscc, zone, as_of)
    # The place's own ladders first: a tier two ladders share (瞪羚 on 柳州's and on the
    # high-growth ladder) is planned once, on the place's own.
    mine = [ladder for ladder in ladders() if ladder.applies(province, city)]
    mine.sort(key=lambda ladder: not ladder.places)
    steps: list[NextStep] = []
    planned: set[tuple[QualificationKind, bool]] = set()
    for ladder in mine:
        wanted = [h.kind for h in held if h.kind in ladder.tiers and _renewal_due(h, as_of)]
        wanted += [t.kind for t in lapsed if t.kind in ladder.tiers and t.cancelled_on is None]
        # A cancelled title applied for again is a new application, before the next rung.
        following: list[QualificationKind | None] = [
            t.kind for t in lapsed if t.kind in ladder.tiers and t.cancelled_on
        ]
        following += [ladder.above(kinds), ladder.shortcut(kinds)]
        for kind, renewal in [(k, True) for k in wanted] + [(k, False) for k in following]:
            # A lapsed title that is also the next rung is planned once, as its re-recognition.
            if kind is not None and (kind, True) in planned and not renewal:
                continue
            if kind is not None and (kind, renewal) not in planned:
                planned.add((kind, renewal))
                step = planner.step(ladder, kind, renewal=renewal)
                cancelled = cancelled_on.get(kind)
                # Said in the year it bars and the year after; later it is history, not advice.
                if cancelled is not None and not renewal and as_of.year <= cancelled.year + 1:
                    step = _after_cancellation(step, cancelled)
                steps.append(step)
    return LadderView(uscc, name, zone, as_of, held, tuple(steps), tuple(mine))
