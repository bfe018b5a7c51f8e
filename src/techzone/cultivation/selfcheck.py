"""The enterprise self-assessment (企业自评): one profile in, everything it can learn out.

Verdicts for every qualification with the conditions not met and their clauses, the one question
to answer next (``cultivation.questions``), the gaps, a plan dated back from each qualification's
next batch deadline (``cultivation.materials``), and the awards it could receive: what the award
catalogue finds for the profile's own events and qualifications of the year (as
``techzone awards --profile``), and what a first recognition may bring where it is. Nothing is
stored; the web page and the API both call ``self_assess``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import polars as pl

from techzone.awards.budget import claimed_next_year
from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import Catalogue
from techzone.awards.explain import explain
from techzone.cultivation.batches import NONE_OPEN, Calendars, next_year, remaining
from techzone.cultivation.calendar import Deadline, applies_to, default_calendar
from techzone.cultivation.materials import plan_lines
from techzone.cultivation.questions import (
    NO_HISTORY,
    History,
    Question,
    awards_at_stake,
    evaluate_with_answers,
    history_of,
    next_question,
    rank_questions_many,
)
from techzone.cultivation.readiness import Readiness, trace_readiness
from techzone.cultivation.terms import document_term_end
from techzone.model.codes import QualificationKind, QualificationStatus
from techzone.model.holding import in_force
from techzone.rules import together
from techzone.rules.assess import Assessor
from techzone.rules.frame import Records, build_frame
from techzone.rules.loader import PackSet
from techzone.rules.pack import Jurisdiction
from techzone.rules.policy import LEVEL_LABELS
from techzone.rules.profile import Profile, ProfileError, profile_records

STATUS_LABELS = {"eligible": "符合", "ineligible": "不符合", "unknown": "待定"}


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
    asked = tuple(asked)
    evaluated, tried = evaluate_with_answers(assessor, frame, [asked])
    trace = assessor.explain(evaluated.row(0, named=True))
    question = next_question(
        packs, frame, as_of, asked=asked, catalogue=catalogue, trace=trace, tried=tried
    )
    found = entitlements(catalogue, records, as_of.year)
    return _answer(
        packs,
        catalogue,
        as_of,
        calendars,
        frame.row(0, named=True),
        trace,
        question,
        list(found.iter_rows(named=True)),
        history_of(records),
        partial(_trace_on, packs, records, asked),
        list(_claimable(catalogue, records, as_of.year).iter_rows(named=True)),
        held_past_year(records, as_of),
    )


def _claimable(catalogue: Catalogue, records: Records, year: int) -> pl.DataFrame:
    """The entitlements of the year before ``year`` that are applied for in ``year`` (白银 政策
    清单 第二条 "上一自然年度取得的成果、荣誉"): a firm certified in November asking the next
    December can still claim them, and its own year's awards do not show them. Computed only
    when the records hold something dated that year: every such policy pays for an event, a
    qualification or a platform, never for the enterprise-year alone."""
    last = year - 1
    dated = (
        (records.events, "occurred_on"),
        (records.qualifications, "issued_on"),
        (records.platforms, "recognised_on"),
    )
    if not any(
        any(day is not None and day.year == last for day in frame.get_column(column).to_list())
        for frame, column in dated
        if not frame.is_empty()
    ):
        return pl.DataFrame()
    found = entitlements(catalogue, records, last)
    kept = [
        policy
        for policy in found.get_column("policy_id").unique().to_list()
        if claimed_next_year(catalogue.policies[policy].policy.window)
    ]
    return found.filter(pl.col("policy_id").is_in(kept))


Later = Callable[[date], dict[str, Any]]


def _trace_on(
    packs: PackSet, records: Records, asked: tuple[str, ...], day: date
) -> dict[str, Any]:
    """The profile's verdict on another day (a batch deadline), its records as they are."""
    frame = build_frame(records, day, packs.declarations)
    assessor = Assessor.for_date(packs, day, False)
    evaluated, _ = evaluate_with_answers(assessor, frame, [asked])
    trace: dict[str, Any] = assessor.explain(evaluated.row(0, named=True))
    return trace


@dataclass(frozen=True)
class SelfCheck:
    """One self-assessment asked for: what ``self_assess`` takes besides the packs."""

    profile: Profile
    as_of: date
    calendars: Calendars | None = None
    asked: tuple[str, ...] = ()


def self_assess_many(
    packs: PackSet, catalogue: Catalogue, checks: Sequence[SelfCheck]
) -> list[dict[str, Any] | Exception]:
    """``self_assess`` for each of ``checks``, in order: each its answer, or the error
    ``self_assess`` raises for it alone (a ``ProfileError`` for a profile that cannot be read).

    Profiles of one date and one shape (the same lists left out) are evaluated together, one
    row each, by the same functions as one profile alone: Polars' cost is per plan, not per
    row, so several profiles cost little more than one. Each answer is the one ``self_assess``
    gives (``tests/cultivation/test_selfcheck_batch.py``); a batch that fails is answered one
    profile at a time, so one bad profile fails only itself."""
    answers: list[dict[str, Any] | Exception | None] = [None] * len(checks)
    groups: dict[tuple[date, frozenset[str], int], list[tuple[int, Records]]] = {}
    for index, check in enumerate(checks):
        try:
            records = profile_records(check.profile, packs.declarations)
        except ProfileError as error:
            answers[index] = error
            continue
        # Profiles of one date and one shape are evaluated together (the frame's columns follow
        # the lists left out); one whose text holds the separator of keys, alone.
        group = (check.as_of, records.unknown, index if together.apart(records) else -1)
        groups.setdefault(group, []).append((index, records))
    for (as_of, _, _), members in groups.items():
        found = together.answered(
            members,
            partial(_group_together, packs, catalogue, as_of, checks),
            lambda member: _alone(packs, catalogue, checks[member[0]]),
            "self-assessments",
        )
        for (index, _), answer in zip(members, found, strict=True):
            answers[index] = answer
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


def _group_together(
    packs: PackSet,
    catalogue: Catalogue,
    as_of: date,
    checks: Sequence[SelfCheck],
    group: list[tuple[int, Records]],
) -> list[dict[str, Any] | Exception]:
    return list(_assess_together(packs, catalogue, as_of, [checks[i] for i, _ in group], group))


def _alone(packs: PackSet, catalogue: Catalogue, check: SelfCheck) -> dict[str, Any] | Exception:
    try:
        return self_assess(
            packs,
            catalogue,
            check.profile,
            check.as_of,
            calendars=check.calendars,
            asked=check.asked,
        )
    except Exception as error:  # the caller raises it for this profile alone
        return error


def _assess_together(
    packs: PackSet,
    catalogue: Catalogue,
    as_of: date,
    checks: list[SelfCheck],
    members: list[tuple[int, Records]],
) -> list[dict[str, Any]]:
    originals = [records.enterprises.item(0, "uscc") for _, records in members]
    keys = [together.key(uscc, place) for place, uscc in enumerate(originals)]
    records = together.joined(
        [together.keyed(records, key) for (_, records), key in zip(members, keys, strict=True)]
    )
    frame = build_frame(records, as_of, packs.declarations)
    assessor = Assessor.for_date(packs, as_of, False)
    asked = [check.asked for check in checks]
    evaluated, tried = evaluate_with_answers(assessor, frame, asked)
    rows = [{**frame.row(i, named=True), "uscc": uscc} for i, uscc in enumerate(originals)]
    traces = [
        assessor.explain({**evaluated.row(i, named=True), "uscc": uscc})
        for i, uscc in enumerate(originals)
    ]
    ranked = rank_questions_many(
        packs, frame, as_of, traces, asked, catalogue, limit=1, tried=tried
    )
    found = entitlements(catalogue, records, as_of.year)
    # Each profile's entitlements, by key; its key read back as its USCC in every text column.
    text = [name for name, dtype in found.schema.items() if dtype == pl.String]
    entitled: dict[str, list[dict[str, Any]]] = {}
    for entry in found.iter_rows(named=True):
        entitled.setdefault(entry["uscc"], []).append(entry)
    claimable: dict[str, list[dict[str, Any]]] = {}
    for entry in _claimable(catalogue, records, as_of.year).iter_rows(named=True):
        claimable.setdefault(entry["uscc"], []).append(entry)
    answers = []
    for check, row, trace, questions, key, uscc, (_, alone) in zip(
        checks, rows, traces, ranked, keys, originals, members, strict=True
    ):
        own = [together.unkeyed(entry, text, key, uscc) for entry in entitled.get(key, [])]
        last = [together.unkeyed(entry, text, key, uscc) for entry in claimable.get(key, [])]
        question = questions[0] if questions else None
        answers.append(
            _answer(
                packs,
                catalogue,
                as_of,
                check.calendars,
                row,
                trace,
                question,
                own,
                history_of(alone),
                partial(_trace_on, packs, alone, check.asked),
                last,
                held_past_year(alone, as_of),
            )
        )
    return answers


def _answer(
    packs: PackSet,
    catalogue: Catalogue,
    as_of: date,
    calendars: Calendars | None,
    row: dict[str, Any],
    trace: dict[str, Any],
    question: Question | None,
    entitled: Sequence[dict[str, Any]],
    history: History = NO_HISTORY,
    later: Later | None = None,
    claimable: Sequence[dict[str, Any]] = (),
    held: dict[str, date] | None = None,
) -> dict[str, Any]:
    """The answer for one profile from its frame's row, its verdict, its next question and its
    entitlements' rows; ``later(day)`` is its verdict on a later batch deadline; ``claimable``
    the rows of the year before still applied for this year (``_claimable``)."""
    qualifications = [_qualification(entry) for entry in trace["qualifications"]]
    on_day: dict[date, dict[str, Any]] = {as_of: trace}

    def trace_on(day: date) -> dict[str, Any] | None:
        if day not in on_day and later is not None:
            on_day[day] = later(day)
        return on_day.get(day)

    # A calendar for no zone is 城关区方案's: a profile placed where it does not apply (a 柳州
    # firm, seed 004 gives no calendar) is dated by no batch; a place left out excludes nothing.
    # A zone's own calendar (the answers named a zone of the register) keeps its dates: its
    # place is the zone's, and its officers' dates stand wherever the document's do not.
    place = (row.get("province"), row.get("city"))
    if (
        calendars is not None
        and any(place)
        and not applies_to(*place)
        and calendars(as_of.year).zone is None
    ):
        calendars = partial(default_calendar, place=place)
    held = held or {}
    plan = [
        _held_plan(QualificationKind(entry["id"]), held[entry["id"]])
        if entry["id"] in held
        else _plan(packs, trace, QualificationKind(entry["id"]), as_of, calendars, trace_on)
        for entry in trace["qualifications"]
    ]
    year = as_of.year
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
            "entitlements": [explain(catalogue, entry, year) for entry in entitled],
            "prospects": _prospects(catalogue, row, as_of, qualifications, history),
            "claimable": {
                "year": year - 1,
                "entitlements": [explain(catalogue, entry, year - 1) for entry in claimable],
            },
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


def _target(
    readiness: Readiness,
    left: list[Deadline],
    trace_on: Callable[[date], dict[str, Any] | None],
    packs: PackSet,
    calendars: Calendars,
) -> tuple[_Batch, Readiness]:
    """The first batch the profile is not ruled out on, judged on its deadline: a firm not a year
    old, or not a year clear of an accident, on the next deadline aims at a later one (195号
    三(一): the year counts to the application), and next year's first when only time keeps it
    from every batch of this year (``batches.next_year``). None left open: the next, with what
    to close."""
    if readiness.status != "ineligible":
        return _Batch(left[0], None), readiness

    def readiness_on(day: date) -> Readiness | None:
        trace = trace_on(day)
        if trace is None:
            return None
        loaded = packs.in_force(readiness.kind, day)
        verdict = list(loaded.pack.verdict) if loaded else None
        return trace_readiness(trace, readiness.kind, verdict)

    then: Readiness | None = None
    for deadline in left:
        then = readiness_on(deadline.on)
        if then is None:
            break
        if then.status != "ineligible":
            return _Batch(deadline, None), then
    if then is not None:
        later = next_year(readiness.kind, left[-1], then, calendars, readiness_on)
        if later is not None:
            return _Batch(later.deadline, later.note), later.readiness or readiness
    return _Batch(left[0], NONE_OPEN), readiness


def held_past_year(records: Records, as_of: date) -> dict[str, date]:
    """Titles in force on ``as_of`` under a certificate whose term ends after this year, with the
    last day of the longest such term. Their re-recognition belongs to the year the term ends
    (城关区方案 四(一) "3年到期需复审"; the ladder plans it then, ``ladder._renewal_due``): a
    plan towards this year's batches would have the holder audit and apply a year early."""
    found: dict[str, date] = {}
    rows = records.qualifications
    if rows.is_empty():
        return found
    for kind, status, issued, expires, revoked in zip(
        rows.get_column("kind").to_list(),
        rows.get_column("status").to_list(),
        rows.get_column("issued_on").to_list(),
        rows.get_column("expires_on").to_list(),
        rows.get_column("revoked_on").to_list(),
        strict=True,
    ):
        # Only a term of years a document fixes (S-32 第九条; the 优质中小企业 tiers): the
        # tech-SME registration is renewed by its yearly update, not re-recognised.
        term = document_term_end(QualificationKind(kind), issued)
        if term is None:
            continue
        # A 有效期至 typed later than the document's term does not lengthen it (terms.py): taken
        # at its word it would hide the batch of the year the certificate really ends.
        end = min(expires, term) if expires is not None else term
        if end.year > as_of.year and in_force(
            QualificationStatus(status), issued, end, as_of, revoked
        ):
            found[kind] = max(end, found.get(kind, end))
    return found


def _held_plan(kind: QualificationKind, end: date) -> dict[str, Any]:
    """No batch this year for a title held past it: the year it ends is when to apply again."""
    return {
        "qualification": kind.value,
        "label": kind.label,
        "deadline": None,
        "note": (
            f"已持有有效的{kind.label}资质，有效期至{end.isoformat()}；"
            # 高企 is recognised anew (S-195 四3), 小巨人 reviewed (复核): the notice says how.
            f"{end.year}年（到期当年）按当年通知重新申请"
        ),
        "items": [],
    }


def _plan(
    packs: PackSet,
    trace: dict[str, Any],
    kind: QualificationKind,
    as_of: date,
    calendars: Calendars | None,
    trace_on: Callable[[date], dict[str, Any] | None] = lambda day: None,
) -> dict[str, Any]:
    """What to do before the batch it can make closes: data to supply, conditions and gaps to
    close, then the application's materials, each dated back from the deadline by who produces
    it."""
    loaded = packs.in_force(kind, as_of)
    verdict = list(loaded.pack.verdict) if loaded else None
    readiness = trace_readiness(trace, kind, verdict)
    left = remaining(kind, as_of, calendars) if calendars is not None else []
    if calendars is None:
        batch = _Batch(None, "未读取申报日历，按主管部门通知申报")
    elif not left:
        batch = _Batch(None, "日历中没有该资质的申报批次，按主管部门通知申报")
    else:
        batch, readiness = _target(readiness, left, trace_on, packs, calendars)
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
    history: History = NO_HISTORY,
) -> list[dict[str, Any]]:
    """Recognition awards for the qualifications not ruled out — first recognition, or
    re-recognition of a title held before — with their clause: what is
    at stake where the enterprise is, never a promise of payment (each policy's own rules
    decide; a location left out excludes nothing).

    ``questions.awards_at_stake`` leaves out what the enterprise's history already rules out."""
    open_kinds = {q["id"] for q in qualifications if q["status"] != "ineligible"}
    found = []
    for award in awards_at_stake(catalogue, row, as_of, history):
        if award.kind.value not in open_kinds:
            continue
        entry = catalogue.policies[award.policy]
        found.append(
            {
                "qualification": award.kind.value,
                "qualification_label": award.kind.label,
                "renewal": award.renewal,
                "policy": award.policy,
                "title": award.title,
                "amount_text": award.amount_text,
                "amount_yuan": f"{award.fen // 100}.{award.fen % 100:02d}",
                # who pays and who issued it: a province's and a zone's awards are applied for
                # at different offices, as the payable entitlements already say
                "payer": LEVEL_LABELS[entry.policy.payer],
                "issuer": entry.policy.issuer,
                "document": entry.source.pack.document.number or entry.source.pack.document.title,
                "clause": entry.policy.clause.ref,
                "place": unsure_place(entry.jurisdiction, row),
                "assumed": entry.jurisdiction.assumed,
            }
        )
    return found


def unsure_place(jurisdiction: Jurisdiction, row: dict[str, Any]) -> str | None:
    """What the answers leave open of where a policy applies, in the officer's words, or None.

    An award is shown at stake where the place is unknown (it excludes nothing), but a policy
    limited to named parks (白银 政策清单 第一条 "在白银高新区内(含银南工业园、银东工业园、有色金属
    新材料产业园)") is no award of a firm elsewhere: the row says so rather than read as any
    firm's."""
    if jurisdiction.parks is not None and row.get("park") is None:
        return f"限{'、'.join(jurisdiction.parks)}，园区未填"
    if jurisdiction.zones is not None and row.get("zone_code") is None:
        return "限本政策所列高新区，所在高新区未填"
    return None
