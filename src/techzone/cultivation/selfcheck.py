"""The enterprise self-assessment (企业自评): one profile in, everything it can learn out.

Verdicts for every qualification with the conditions not met and their clauses, the one question
to answer next (``cultivation.questions``), the gaps, a plan dated back from each qualification's
next batch deadline (``cultivation.materials``), and the awards it could receive: what the award
catalogue finds for the profile's own events and qualifications of the year (as
``techzone awards --profile``), and what a first recognition may bring where it is. Nothing is
stored; the web page and the API both call ``self_assess``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import Catalogue
from techzone.awards.explain import explain
from techzone.cultivation.calendar import Deadline, YearCalendar
from techzone.cultivation.materials import plan_lines
from techzone.cultivation.questions import first_recognition_awards, next_question
from techzone.cultivation.readiness import trace_readiness
from techzone.model.codes import QualificationKind
from techzone.rules.assess import Assessor
from techzone.rules.frame import build_frame
from techzone.rules.loader import PackSet
from techzone.rules.profile import Profile, profile_records

STATUS_LABELS = {"eligible": "符合", "ineligible": "不符合", "unknown": "待定"}

Calendars = Callable[[int], YearCalendar]


@dataclass(frozen=True)
class _Batch:
    deadline: Deadline | None
    note: str | None


def self_assess(
    packs: PackSet,
    catalogue: Catalogue,
    profile: Profile,
    as_of: date,
    *,
    calendars: Calendars | None = None,
    asked: Iterable[str] = (),
) -> dict[str, Any]:
    """The whole self-assessment of ``profile`` on ``as_of`` as plain JSON-ready data.

    ``calendars(year)`` gives the year's application calendar (its batch deadlines date the
    plan); without it the plan is undated. Raises ``ProfileError`` for a profile that cannot be
    read (its declarations are checked here)."""
    records = profile_records(profile, packs.declarations)
    frame = build_frame(records, as_of, packs.declarations)
    assessor = Assessor.for_date(packs, as_of, False)
    trace = assessor.explain(assessor.evaluate(frame).row(0, named=True))
    row = frame.row(0, named=True)
    question = next_question(packs, frame, as_of, asked=asked, catalogue=catalogue, trace=trace)
    qualifications = [_qualification(entry) for entry in trace["qualifications"]]
    plan = [
        _plan(packs, trace, QualificationKind(entry["id"]), as_of, calendars)
        for entry in trace["qualifications"]
    ]
    year = as_of.year
    found = entitlements(catalogue, records, year)
    return {
        "as_of": as_of.isoformat(),
        "summary": {
            label: sum(1 for q in qualifications if q["status_label"] == label)
            for label in STATUS_LABELS.values()
        },
        "qualifications": qualifications,
        "next_question": question.as_dict() if question is not None else None,
        "plan": plan,
        "awards": {
            "year": year,
            "entitlements": [explain(catalogue, r, year) for r in found.iter_rows(named=True)],
            "prospects": _prospects(catalogue, row, as_of, qualifications),
        },
        "trace": trace,
    }


def _qualification(entry: dict[str, Any]) -> dict[str, Any]:
    open_criteria = [
        {
            "label": c["label"],
            "status": c["status"],
            "status_label": STATUS_LABELS.get(c["status"], c["status"]),
            "clause": c["clause"]["ref"] if c.get("clause") else None,
        }
        for c in entry["criteria"]
        if c["status"] != "eligible"
    ]
    return {
        "id": entry["id"],
        "label": entry["label"],
        "status": entry["status"],
        "status_label": STATUS_LABELS.get(entry["status"], entry["status"]),
        "reason": entry.get("reason"),
        "waiting": list(entry.get("waiting", ())),
        "criteria": open_criteria,
        "gaps": [gap["text"] for gap in entry.get("gaps", ())],
        "score": entry.get("score"),
    }


def _next_batch(kind: QualificationKind, as_of: date, calendars: Calendars | None) -> _Batch:
    if calendars is None:
        return _Batch(None, "未读取申报日历，按主管部门通知申报")
    this_year = calendars(as_of.year).batches(kind)
    left = [d for d in this_year if d.on >= as_of]
    if not left and this_year:
        left = calendars(as_of.year + 1).batches(kind)
    if not left:
        return _Batch(None, "日历中没有该资质的申报批次，按主管部门通知申报")
    return _Batch(left[0], None)


def _plan(
    packs: PackSet,
    trace: dict[str, Any],
    kind: QualificationKind,
    as_of: date,
    calendars: Calendars | None,
) -> dict[str, Any]:
    """What to do before the next batch closes: data to supply, conditions and gaps to close,
    then the application's materials, each dated back from the deadline by who produces it."""
    loaded = packs.in_force(kind, as_of)
    readiness = trace_readiness(trace, kind, list(loaded.pack.verdict) if loaded else None)
    batch = _next_batch(kind, as_of, calendars)
    by = batch.deadline.on if batch.deadline is not None else None
    items: list[tuple[date | None, str]] = [(by, f"补齐数据：{name}") for name in readiness.missing]
    items += [(by, f"满足条件：{label}") for label in readiness.unmet]
    items += [(by, f"弥补差距：{gap}") for gap in readiness.gaps]
    deadline, note = batch.deadline, batch.note
    if readiness.elsewhere:
        # Only another place's criteria are known: no batch to aim at, no materials to prepare.
        deadline, by, note = None, None, readiness.reason
    if by is not None:
        items += [(day, text) for day, text in plan_lines(kind, by) if day >= as_of]
    items.sort(key=lambda item: item[0] or date.max)
    return {
        "qualification": kind.value,
        "label": kind.label,
        "deadline": (
            {"label": deadline.label, "on": deadline.on.isoformat()}
            if deadline is not None
            else None
        ),
        "note": note,
        "items": [{"by": day.isoformat() if day else None, "text": text} for day, text in items],
    }


def _prospects(
    catalogue: Catalogue,
    row: dict[str, Any],
    as_of: date,
    qualifications: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """First-recognition awards for the qualifications not ruled out, with their clause: what is
    at stake where the enterprise is, never a promise of payment (each policy's own rules
    decide; a location left out excludes nothing)."""
    open_kinds = {q["id"] for q in qualifications if q["status"] != "ineligible"}
    found = []
    for award in first_recognition_awards(catalogue, row, as_of):
        if award.kind.value not in open_kinds:
            continue
        entry = catalogue.policies[award.policy]
        found.append(
            {
                "qualification": award.kind.value,
                "qualification_label": award.kind.label,
                "policy": award.policy,
                "title": award.title,
                "amount_text": award.amount_text,
                "amount_yuan": f"{award.fen // 100}.{award.fen % 100:02d}",
                "document": entry.source.pack.document.number or entry.source.pack.document.title,
                "clause": entry.policy.clause.ref,
            }
        )
    return found
