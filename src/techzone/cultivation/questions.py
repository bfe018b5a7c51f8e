"""The next question of a self-assessment: which unknown input, answered, settles the most.

A partial profile leaves some verdicts undecided (待定), each waiting for inputs the trace names.
Every such input is a candidate question; inputs that one answer gives together are one question
(the IP list gives every IP count, the incidents list every incident window, the registration
date both the days and the years since). For each candidate the core tries its possible answers —
both for a yes/no item, every band for a band, none and plenty for an amount, a count or a list —
on copies of the enterprise's row, all evaluated in one pass, and counts the open verdicts each
answer decides. The question asked is the one that decides the most verdicts on average over its
answers (each open verdict counts once); ties go to the question more open verdicts wait for,
then to the one deciding the larger first-recognition award at stake (the catalogue's highest
fixed or capped amount for the qualification where the enterprise is), then to the fixed order.

A verdict that waits only for the experts' points (a score range) is not open: no answer of the
enterprise's decides it. ``NO_ANSWER``: an input the enterprise cannot give stays unknown; a
question once asked is not asked again (``asked``).

Core entry points (the CLI's ``assess --next`` and the web self-assessment call these):

- ``next_question(packs, frame, as_of, *, review=False, asked=(), catalogue=None)``
  ``-> Question | None`` on a one-row profile frame (``rules.frame.build_frame``);
- ``next_question_for_profile(packs, profile, as_of, ...)`` and
  ``next_question_for_enterprise(session, packs, uscc, as_of, ...)`` build that frame first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from techzone.awards.calculate import tie_preference
from techzone.awards.catalogue import Catalogue
from techzone.awards.triggers import HELD
from techzone.glossary import label, officer_text
from techzone.model.codes import QualificationKind
from techzone.rules.assess import Assessor
from techzone.rules.frame import FEW_ROWS, INPUT_SOURCES, Records, build_frame
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.loader import PackSet
from techzone.rules.pack import BANDS, Declaration, Unit
from techzone.rules.profile import Profile, profile_records
from techzone.rules.records import read_records

# "Plenty" for an amount (fen: 1000亿元), a count or a number of days: above every threshold the
# packs state, so that the answer tries the other side of each of them from zero.
PLENTY_INT = 10**13
PLENTY_FLOAT = 1e6

LIST_QUESTIONS: dict[str, tuple[str, str]] = {
    "ip": (
        "知识产权清单",
        "逐项填写有效知识产权：类别、授权日、获得方式（自主研发/受让等）、是否已用于高企申报",
    ),
    "qualifications": ("已获资质清单", "已获得的资质及证书编号、发证日期、有效期"),
    "platforms": ("研发机构与创新平台清单", "经认定的研发机构、创新平台及其级别"),
    "events": ("获奖、标准等事项清单", "科技奖励（级别、排名）、主导制定标准等事项"),
    "incidents": (
        "事故与失信情况",
        "近三年的安全、质量、环境事故、严重失信或数据造假（没有则填“无”）",
    ),
}
REGISTRATION = "registered_on"
# A figure of year y3 is the application year's previous year (国科发火〔2016〕195号 三(一)).
FIGURE_YEAR_OFFSETS = {"1": 3, "2": 2, "3": 1}
REGISTRATION_INPUTS = ("days_registered", "operating_years", "registered_years_exceeded")
KIND_ORDER = {kind: index for index, kind in enumerate(QualificationKind)}

UNIT_WORDS: dict[str, str] = {
    "yuan": "元",
    "ratio": "比例（如 0.12 即 12%）",
    "days": "天",
    "years": "年",
    "count": "项",
    "persons": "人",
    "points": "分",
    "band": "档次",
    "flag": "是/否",
}


@dataclass(frozen=True)
class Question:
    """One question to ask next, in words the enterprise reads."""

    id: str
    """A declaration, a list (``ip``, ``incidents`` …), ``registered_on`` or a figure's input."""
    inputs: tuple[str, ...]
    """The profile frame's inputs one answer gives."""
    label: str
    unit: str
    hint: str
    decides: tuple[QualificationKind, ...]
    """Open verdicts decided whatever the answer."""
    may_decide: tuple[QualificationKind, ...]
    """Open verdicts decided by some answers only."""
    waiting: tuple[QualificationKind, ...]
    """Open verdicts that wait for this input."""
    expected: float
    """Open verdicts decided, on average over the answers tried."""
    open_verdicts: int

    @property
    def why(self) -> str:
        def names(kinds: Iterable[QualificationKind]) -> str:
            return "、".join(kind.label for kind in kinds)

        if self.decides:
            return f"无论如何回答，都能判定：{names(self.decides)}"
        if self.may_decide:
            return f"回答后可能判定：{names(self.may_decide)}"
        return f"以下资质的评估还需要这项数据：{names(self.waiting)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "inputs": list(self.inputs),
            "label": self.label,
            "unit": self.unit,
            "hint": self.hint,
            "why": self.why,
            "decides": [kind.value for kind in self.decides],
            "may_decide": [kind.value for kind in self.may_decide],
            "waiting": [kind.value for kind in self.waiting],
            "expected": round(self.expected, 3),
            "open_verdicts": self.open_verdicts,
        }


@dataclass(frozen=True)
class _Candidate:
    id: str
    inputs: tuple[str, ...]
    waiting: tuple[QualificationKind, ...]
    order: int


def question_of(name: str) -> str:
    """The question an input is answered by."""
    source = INPUT_SOURCES.get(name)
    if source is not None and source != "figures":
        return source
    if name in REGISTRATION_INPUTS:
        return REGISTRATION
    return name


def open_verdicts(
    assessor: Assessor, row: Mapping[str, Any], trace: Mapping[str, Any] | None = None
) -> dict[QualificationKind, set[str]]:
    """The undecided verdicts of an evaluated row that wait for inputs, with those inputs;
    ``trace`` is the row's ``assessor.explain`` where the caller has it already."""
    if trace is None:
        trace = assessor.explain(dict(row))
    found: dict[QualificationKind, set[str]] = {}
    for entry in trace["qualifications"]:
        missing = set(entry.get("missing") or ())
        if entry["status"] == "unknown" and missing:
            found[QualificationKind(entry["id"])] = missing
    return found


def _probes(
    inputs: Sequence[str],
    schema: Mapping[str, pl.DataType],
    declarations: Mapping[str, Declaration],
) -> list[dict[str, Any]]:
    """The answers tried for a question: each a value for every input it gives."""
    if len(inputs) == 1 and inputs[0] in declarations and declarations[inputs[0]].type == "band":
        bands = declarations[inputs[0]].bands or list(BANDS)
        return [{inputs[0]: band} for band in bands]
    # ``isinstance`` rather than ``==``: a frame's schema holds dtype instances, and Polars'
    # ``==`` on dtypes was most of this function's time (it runs some 240 times a profile).
    if len(inputs) > 1 and all(isinstance(schema[name], pl.Boolean) for name in inputs):
        # A list of holdings (资质): none of them, or each one alone — not all at once, which
        # would hold titles that rule each other out.
        none = dict.fromkeys(inputs, False)
        return [none, *({**none, name: True} for name in inputs)]
    low: dict[str, Any] = {}
    high: dict[str, Any] = {}
    for name in inputs:
        dtype = schema[name]
        if isinstance(dtype, pl.Boolean):
            low[name], high[name] = False, True
        elif dtype.is_integer():
            low[name], high[name] = 0, PLENTY_INT
        elif dtype.is_float():
            low[name], high[name] = 0.0, PLENTY_FLOAT
    # A question whose inputs are text (a code) has no answer tried: it is ranked by what waits.
    return [low, high] if low else []


def _candidates(
    waiting: Mapping[QualificationKind, set[str]],
    asked: Iterable[str],
    schema: Mapping[str, pl.DataType],
) -> list[_Candidate]:
    skip = set(asked)
    grouped: dict[str, set[str]] = {}
    kinds: dict[str, set[QualificationKind]] = {}
    for kind, names in waiting.items():
        for name in names:
            question = question_of(name)
            if question in skip or name not in schema:
                continue
            grouped.setdefault(question, set()).add(name)
            kinds.setdefault(question, set()).add(kind)
    order = {name: index for index, name in enumerate(schema)}
    lists = _lists(schema)
    result = []
    for question, names in grouped.items():
        inputs = _inputs_of(question, names, lists)
        result.append(
            _Candidate(
                question,
                inputs,
                tuple(sorted(kinds[question], key=KIND_ORDER.__getitem__)),
                min(order[name] for name in inputs),
            )
        )
    return sorted(result, key=lambda c: c.order)


def _lists(schema: Mapping[str, pl.DataType]) -> dict[str, tuple[str, ...]]:
    """The inputs of each list's question in ``schema``, in its order: found in one pass over
    the frame's columns rather than one pass per question asked about them."""
    found: dict[str, list[str]] = {}
    for name in schema:
        source = INPUT_SOURCES.get(name)
        if source in LIST_QUESTIONS:
            found.setdefault(source, []).append(name)
    return {source: tuple(names) for source, names in found.items()}


def _inputs_of(
    question: str, names: set[str], lists: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """Every input one answer gives: a whole list's inputs (``lists``), both registration
    inputs."""
    if question in LIST_QUESTIONS:
        return lists.get(question, ())
    if question == REGISTRATION:
        return REGISTRATION_INPUTS
    return tuple(sorted(names))


@dataclass(frozen=True)
class Award:
    """A recognition award a qualification may bring where the enterprise is."""

    kind: QualificationKind
    policy: str
    title: str
    amount_text: str
    fen: int
    """The amount's stated number in fen: a fixed sum, a cap (最高) or a minimum."""
    renewal: bool = False
    """For a re-recognition (重新认定) of a title held before, not a first one."""


def first_recognition_awards(
    catalogue: Catalogue, row: Mapping[str, Any], as_of: date, *, renewal: bool = False
) -> list[Award]:
    """The catalogue's awards for a first recognition (``renewal``: for a re-recognition) that
    may reach the enterprise: policies in force on ``as_of``, approved, with a fixed, capped or
    minimum amount, whose place does not exclude it (an unknown location does not). What they
    pay is decided by their own rules; this only says what is at stake."""
    found = []
    for entry in catalogue.policies.values():
        policy = entry.policy
        kind = policy.trigger.qualification
        effective = entry.effective
        if (
            kind is None
            or (policy.trigger.change == "renewal") != renewal
            or policy.review != "approved"
            or policy.amount.kind not in ("fixed", "cap", "at_least")
            or policy.amount.value is None
            or as_of < effective.start
            or (effective.end is not None and as_of > effective.end)
            or not _may_apply(entry.jurisdiction, row)
        ):
            continue
        parameter = entry.source.pack.parameters.get(policy.amount.value)
        value = parameter.at(as_of) if parameter is not None else None
        if value is None or not isinstance(value[1], int | float):
            continue
        # Amounts are yuan in the packs; exact to the fen, as every amount techzone shows.
        fen = int(Decimal(str(value[1])) * 100)
        found.append(Award(kind, entry.id, policy.title, policy.amount.text, fen, renewal))
    return found


@dataclass(frozen=True)
class History:
    """What the enterprise already had: the days of its certificates (held, expired or revoked —
    a 未通过 application was no recognition) and of its events, by kind."""

    certificates: dict[str, list[date]]
    events: dict[str, list[date]]

    @property
    def held(self) -> frozenset[str]:
        """Kinds whose next recognition is no first one (``awards.triggers.gain_rows``)."""
        return frozenset(self.certificates)


NO_HISTORY = History({}, {})


def history_of(records: Records) -> History:
    """The enterprise's certificates and events, by kind, from its records."""
    # Read in Python: one enterprise holds a few rows, and a Polars filter is a plan of its own
    # (a third of a millisecond of every self-assessment, most of them with no rows at all).
    certificates: dict[str, list[date]] = {}
    qualifications = records.qualifications
    if not qualifications.is_empty():
        for kind, status, issued in zip(
            qualifications.get_column("kind").to_list(),
            qualifications.get_column("status").to_list(),
            qualifications.get_column("issued_on").to_list(),
            strict=True,
        ):
            if status in HELD:
                certificates.setdefault(kind, []).append(issued)
    events: dict[str, list[date]] = {}
    if not records.events.is_empty():
        for kind, occurred in zip(
            records.events.get_column("kind").to_list(),
            records.events.get_column("occurred_on").to_list(),
            strict=True,
        ):
            events.setdefault(kind, []).append(occurred)
    return History(certificates, events)


def _spent(catalogue: Catalogue, policy: str, history: History, as_of: date) -> bool:
    """Whether another first recognition already drew on the enterprise's lifetime cap that
    ``policy`` shares (seed 000 第12段: one 最高50万元 for "首次获得相关资质认定"). The engine
    counts the earlier award's maximum against the cap (``awards.limits``), so less than the
    cap is left, and the estimate, which states the cap, would promise more than it pays."""
    entry = catalogue.policies[policy]
    limit = entry.policy.limit
    if limit is None or limit.per != "enterprise" or limit.period != "lifetime":
        return False
    key = limit.key(entry.source.pack.id, policy)
    for other_id, other in catalogue.policies.items():
        shared = other.policy.limit
        if (
            other_id == policy
            or shared is None
            or shared.key(other.source.pack.id, other_id) != key
        ):
            continue
        start, end = other.effective.start, other.effective.end or as_of
        trigger = other.policy.trigger
        if trigger.qualification is not None:
            days = history.certificates.get(trigger.qualification.value, [])
            # The first certificate of a kind is its first recognition; a later one is none.
            days = days if trigger.change != "first" else sorted(days)[:1]
        elif trigger.event is not None:
            # Any event in the window: never fewer than the engine's first ones.
            days = history.events.get(trigger.event.value, [])
        else:
            continue
        if any(start <= day <= min(end, as_of) for day in days):
            return True
    return False


def awards_at_stake(
    catalogue: Catalogue, row: Mapping[str, Any], as_of: date, history: History = NO_HISTORY
) -> list[Award]:
    """``first_recognition_awards`` less what the enterprise's history rules out and with each
    money once, so what is shown at stake is never more than the awards engine would pay.

    A title held before has no first recognition ahead but a re-recognition: seed 003 五(五)14
    pays 首次认定 20万元 but 重新认定 10万元, seed 000 第12段 only 首次获得. Nor is a cap that
    another first recognition already drew on (``_spent``). One money restated by several
    documents (a highest-only stacking group) is paid once, by the row the engine keeps
    (``awards.calculate._stack``): seed 003 五(五)14 "落实省级财政对…" is 甘肃 措施10's 20万元,
    not another 20万元 beside it."""
    kept: dict[tuple[str, str], tuple[int, str, Award]] = {}
    first = first_recognition_awards(catalogue, row, as_of)
    # A title held before is recognised again (重新认定): its own awards are what is at stake
    # (seed 003 五(五)14's 10万元), the engine's ``change: renewal`` trigger.
    again = first_recognition_awards(catalogue, row, as_of, renewal=True)
    for award in [*first, *again]:
        if (award.kind.value in history.held) != award.renewal:
            continue
        if _spent(catalogue, award.policy, history, as_of):
            continue
        entry = catalogue.policies[award.policy]
        stacking = entry.policy.stacking
        group = (
            stacking.group
            if stacking is not None and stacking.rule == "highest" and stacking.group
            else award.policy
        )
        rank = (-award.fen, tie_preference(award.policy, entry), award)
        key = (award.kind.value, group)
        if key not in kept or rank[:2] < kept[key][:2]:
            kept[key] = rank
    return [award for _, _, award in kept.values()]


def award_stakes(
    catalogue: Catalogue, row: Mapping[str, Any], as_of: date
) -> dict[QualificationKind, int]:
    """The highest first-recognition award (fen) for each qualification where the enterprise
    is (``first_recognition_awards``). Only a tie-break between questions, never a payment."""
    stakes: dict[QualificationKind, int] = {}
    for award in first_recognition_awards(catalogue, row, as_of):
        stakes[award.kind] = max(stakes.get(award.kind, 0), award.fen)
    return stakes


def _may_apply(jurisdiction: Any, row: Mapping[str, Any]) -> bool:
    """Whether a place may include the enterprise; an unknown location does not exclude it."""

    def excludes(value: Any, allowed: Iterable[str] | None) -> bool:
        return allowed is not None and value is not None and value not in set(allowed)

    if jurisdiction.province is not None and excludes(row.get("province"), [jurisdiction.province]):
        return False
    if jurisdiction.city is not None and excludes(row.get("city"), [jurisdiction.city]):
        return False
    return not (
        excludes(row.get("zone_code"), jurisdiction.zones)
        or excludes(row.get("zone_level"), jurisdiction.zone_levels)
        or excludes(row.get("park"), jurisdiction.parks)
    )


def _tried(frame: pl.DataFrame, answers: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """The one-row ``frame`` once per answer, each row with that answer's values in place."""
    return _tried_many(frame, [answers])


def _tried_many(
    frame: pl.DataFrame, answers: Sequence[Sequence[Mapping[str, Any]]]
) -> pl.DataFrame:
    """Row i of ``frame`` once per answer of ``answers[i]``, in order, each with that answer's
    values in place.

    The rows are copied by one gather, then each column an answer names is copied once with
    the answers' values written over it (``scatter``): an answer names a few columns, so this
    touches each of its values once, not every column of every copy — building a Python list
    per column for thousands of copies cost more than evaluating them."""
    schema = frame.schema
    copies = frame[[index for index, given in enumerate(answers) for _ in given]]
    changed: dict[str, tuple[list[int], list[Any]]] = {}
    position = 0
    for given in answers:
        for answer in given:
            for name, value in answer.items():
                rows, values = changed.setdefault(name, ([], []))
                rows.append(position)
                values.append(value)
            position += 1
    columns = []
    for name in sorted(changed):
        rows, values = changed[name]
        column = copies.get_column(name).clone()
        column.scatter(rows, pl.Series(values, dtype=schema[name]))
        columns.append(column)
    return copies.with_columns(columns)


def rank_questions(
    packs: PackSet,
    frame: pl.DataFrame,
    as_of: date,
    *,
    review: bool = False,
    asked: Iterable[str] = (),
    catalogue: Catalogue | None = None,
    trace: Mapping[str, Any] | None = None,
    limit: int | None = None,
    tried: Tried | None = None,
) -> list[Question]:
    """Every question that could still help, best first (see the module's docstring); only
    the first ``limit`` of them when given.

    ``trace`` is the frame's verdict (``Assessor.explain`` of its evaluated row, not in review)
    where the caller has it already: evaluating and explaining again was a third of a
    self-assessment's time. ``tried``: the answers already evaluated with the frame
    (``evaluate_with_answers``, with the same ``asked``), used with that verdict."""
    assert frame.height == 1, "one enterprise at a time"
    assessor = Assessor.for_date(packs, as_of, review)
    if trace is None or review:
        evaluated = assessor.evaluate(frame)
        trace = assessor.explain(evaluated.row(0, named=True))
    probing = _probing(packs, assessor, frame.schema, trace, asked)
    # Answers tried ahead are those of the assessment, not of a review.
    ahead = None if review else tried
    outcome = _outcomes(assessor, frame, [probing], ahead) if probing.probes else None
    return _ranked(packs, assessor, probing, outcome, frame.row(0, named=True), catalogue, limit)


def rank_questions_many(
    packs: PackSet,
    frame: pl.DataFrame,
    as_of: date,
    traces: Sequence[Mapping[str, Any]],
    asked: Sequence[Iterable[str]],
    catalogue: Catalogue | None = None,
    limit: int | None = None,
    tried: Tried | None = None,
) -> list[list[Question]]:
    """``rank_questions`` for each row of ``frame`` (not in review), with each row's verdict and
    questions already asked: the answers tried for every row are evaluated together, in one
    plan, since Polars' cost is per plan rather than per row; each row's questions are then
    ranked exactly as ``rank_questions`` ranks them. ``tried`` as for ``rank_questions``."""
    assessor = Assessor.for_date(packs, as_of, False)
    # A frame's schema is made anew each time it is asked for (some 0.1 ms): once for all rows.
    schema = frame.schema
    probings = [
        _probing(packs, assessor, schema, trace, done)
        for trace, done in zip(traces, asked, strict=True)
    ]
    if any(probing.probes for probing in probings):
        together = _outcomes(assessor, frame, probings, tried)
    else:
        together = frame.clear()
    ranked = []
    start = 0
    for index, probing in enumerate(probings):
        outcome = together.slice(start, len(probing.probes)) if probing.probes else None
        start += len(probing.probes)
        row = frame.row(index, named=True)
        ranked.append(_ranked(packs, assessor, probing, outcome, row, catalogue, limit))
    return ranked


@dataclass(frozen=True)
class Tried:
    """Every answer a question could try for each row of a frame, evaluated in one plan with
    the rows themselves (``evaluate_with_answers``)."""

    verdicts: pl.DataFrame
    """The rows of the answers, their verdict columns only."""
    at: dict[tuple[int, str, tuple[str, ...]], tuple[int, int]]
    """For a row's index, a question and its inputs: where its answers' rows start, how many."""


def evaluate_with_answers(
    assessor: Assessor, frame: pl.DataFrame, asked: Sequence[Iterable[str]]
) -> tuple[pl.DataFrame, Tried | None]:
    """``assessor.evaluate(frame)``, and in the same plan each row with every answer tried for
    any question about an input it lacks that some verdict could wait for (``asked[i]``: the
    questions row i has already asked), for ``rank_questions``' ``tried``.

    Which questions are open follows from the verdicts, so the answers they call for are known
    only once the rows are evaluated; a second plan for them cost as much again, Polars' cost
    being per plan rather than per row (thousands of rows cost about what one does). Trying
    every answer that could be called for — each question's answers are the same whichever
    verdicts wait for it — leaves one plan. None (no answers) where so many rows would run on
    another engine: the questions then evaluate their own."""
    schema = frame.schema
    inputs = assessor.read_inputs
    possible = [
        _possible(frame.row(index, named=True), schema, inputs, done, assessor.declarations)
        for index, done in enumerate(asked)
    ]
    answers = [[answer for _, answer in questions] for questions in possible]
    count = sum(len(given) for given in answers)
    if count == 0 or frame.height + count >= FEW_ROWS:
        return assessor.evaluate(frame), None
    evaluated = assessor.evaluate(pl.concat([frame, _tried_many(frame, answers)]))
    at: dict[tuple[int, str, tuple[str, ...]], tuple[int, int]] = {}
    start = 0
    for index, questions in enumerate(possible):
        for question, _ in questions:
            key = (index, *question)
            found = at.get(key)
            at[key] = (start, 1) if found is None else (found[0], found[1] + 1)
            start += 1
    columns = [compiled.out("verdict", "eligible") for compiled in assessor.compiled]
    verdicts = evaluated.slice(frame.height).select(columns)
    return evaluated.slice(0, frame.height), Tried(verdicts, at)


def _possible(
    row: Mapping[str, Any],
    schema: Mapping[str, pl.DataType],
    inputs: frozenset[str],
    asked: Iterable[str],
    declarations: Mapping[str, Declaration],
) -> list[tuple[tuple[str, tuple[str, ...]], dict[str, Any]]]:
    """Every answer that could be tried for the row, with its question and inputs: those of a
    question about an unknown input some verdict could wait for (as ``_candidates`` groups
    them), not yet asked."""
    skip = set(asked)
    grouped: dict[str, set[str]] = {}
    for name in schema:
        if name in inputs and row[name] is None:
            question = question_of(name)
            if question not in skip:
                grouped.setdefault(question, set()).add(name)
    lists = _lists(schema)
    found = []
    for question, names in grouped.items():
        question_inputs = _inputs_of(question, names, lists)
        found += [
            ((question, question_inputs), answer)
            for answer in _probes(question_inputs, schema, declarations)
        ]
    return found


def _outcomes(
    assessor: Assessor,
    frame: pl.DataFrame,
    probings: Sequence[_Probing],
    tried: Tried | None,
) -> pl.DataFrame:
    """The evaluated rows of every probing's answers, in order: taken from ``tried`` where it
    holds them all, else evaluated here."""
    if tried is not None:
        positions: list[int] = []
        for index, probing in enumerate(probings):
            seen: dict[str, int] = {}
            for candidate, _ in probing.probes:
                # A question's answers are the same list wherever they are made (``_probes``).
                start, count = tried.at.get((index, candidate.id, candidate.inputs), (0, 0))
                offset = seen.get(candidate.id, 0)
                if offset >= count:
                    return _evaluated_answers(assessor, frame, probings)
                seen[candidate.id] = offset + 1
                positions.append(start + offset)
        return tried.verdicts[positions]
    return _evaluated_answers(assessor, frame, probings)


def _evaluated_answers(
    assessor: Assessor, frame: pl.DataFrame, probings: Sequence[_Probing]
) -> pl.DataFrame:
    answers = [[answer for _, answer in probing.probes] for probing in probings]
    return assessor.evaluate(_tried_many(frame, answers))


@dataclass(frozen=True)
class _Probing:
    """One enterprise's open verdicts, the questions that could decide them and the answers
    tried for each."""

    waiting: dict[QualificationKind, set[str]]
    candidates: list[_Candidate]
    probes: list[tuple[_Candidate, dict[str, Any]]]


def _probing(
    packs: PackSet,
    assessor: Assessor,
    schema: Mapping[str, pl.DataType],
    trace: Mapping[str, Any],
    asked: Iterable[str],
) -> _Probing:
    """The probing of a row of a frame of ``schema`` whose verdict is ``trace``."""
    waiting = open_verdicts(assessor, {}, trace)
    if not waiting:
        return _Probing(waiting, [], [])
    candidates = _candidates(waiting, asked, schema)
    probes = [(c, p) for c in candidates for p in _probes(c.inputs, schema, packs.declarations)]
    return _Probing(waiting, candidates, probes)


def _ranked(
    packs: PackSet,
    assessor: Assessor,
    probing: _Probing,
    outcome: pl.DataFrame | None,
    row: Mapping[str, Any],
    catalogue: Catalogue | None,
    limit: int | None = None,
) -> list[Question]:
    """The questions of ``probing`` best first, from ``outcome`` (its tried rows evaluated);
    only the first ``limit`` of them when given."""
    waiting, candidates, probes = probing.waiting, probing.candidates, probing.probes
    if not waiting:
        return []
    as_of = assessor.as_of
    decided: dict[str, list[set[QualificationKind]]] = {c.id: [] for c in candidates}
    if probes:
        assert outcome is not None and outcome.height == len(probes)
        columns = {
            compiled.pack.qualification: compiled.out("verdict", "eligible")
            for compiled in assessor.compiled
        }
        statuses = {kind: outcome.get_column(columns[kind]).to_list() for kind in waiting}
        for index, (candidate, _) in enumerate(probes):
            decided[candidate.id].append(
                {kind for kind in waiting if statuses[kind][index] is not None}
            )
    stakes = award_stakes(catalogue, row, as_of) if catalogue is not None else {}
    order = list(QualificationKind)
    ranking = []
    for candidate in candidates:
        outcomes = decided[candidate.id]
        always = set.intersection(*outcomes) if outcomes else set()
        some = set.union(*outcomes) if outcomes else set()
        expected = sum(len(o) for o in outcomes) / len(outcomes) if outcomes else 0.0
        ranking.append(
            (
                (
                    -expected,
                    -len(candidate.waiting),
                    -_stake(some | set(candidate.waiting), stakes),
                ),
                candidate.order,
                (candidate, always, some - always, expected),
            )
        )
    ranking.sort(key=lambda item: (item[0], item[1]))
    # Only the questions asked for are worded: the self-assessment shows the first alone, and
    # wording each of some forty candidates cost more than ranking them.
    kept = ranking if limit is None else ranking[:limit]
    return [
        _question(
            candidate,
            packs.declarations,
            always,
            sometimes,
            expected,
            len(waiting),
            order,
            as_of,
        )
        for _, _, (candidate, always, sometimes, expected) in kept
    ]


def _stake(kinds: set[QualificationKind], stakes: Mapping[QualificationKind, int]) -> int:
    return sum(stakes.get(kind, 0) for kind in kinds)


def _question(
    candidate: _Candidate,
    declarations: Mapping[str, Declaration],
    always: set[QualificationKind],
    sometimes: set[QualificationKind],
    expected: float,
    open_count: int,
    order: list[QualificationKind],
    as_of: date,
) -> Question:
    text, unit, hint = _words(candidate, declarations, as_of)
    return Question(
        candidate.id,
        candidate.inputs,
        text,
        unit,
        hint,
        tuple(sorted(always, key=order.index)),
        tuple(sorted(sometimes, key=order.index)),
        candidate.waiting,
        expected,
        open_count,
    )


def _words(
    candidate: _Candidate, declarations: Mapping[str, Declaration], as_of: date
) -> tuple[str, str, str]:
    """The question's label, its unit and a hint, in Chinese."""
    if candidate.id in LIST_QUESTIONS:
        text, hint = LIST_QUESTIONS[candidate.id]
        return text, "清单", hint
    if candidate.id == REGISTRATION:
        return "注册成立日期", "日期", "营业执照上的成立日期"
    declaration = declarations.get(candidate.id)
    if declaration is not None:
        unit = "是/否" if declaration.type == "boolean" else _unit(declaration.unit)
        if declaration.type == "band":
            unit = "档次（" + "、".join(declaration.bands or BANDS) + "）"
        if declaration.type == "money":
            unit = "元"
        return declaration.label, unit, officer_text(declaration.description)
    item = CORE_INPUTS.get(candidate.id)
    unit = _unit(item.unit if item is not None else None)
    figure, _, year = candidate.id.rpartition("_y")
    if INPUT_SOURCES.get(candidate.id) == "figures" and year in FIGURE_YEAR_OFFSETS:
        shown = as_of.year - FIGURE_YEAR_OFFSETS[year]
        return (
            f"{shown}年度{label(figure + '_y3').split('（')[0]}",
            unit,
            f"{shown}年度会计报表、纳税申报表中的数据",
        )
    return label(candidate.id), unit, ""


def _unit(unit: Unit | None) -> str:
    return UNIT_WORDS.get(unit or "", "")


def next_question(
    packs: PackSet,
    frame: pl.DataFrame,
    as_of: date,
    *,
    review: bool = False,
    asked: Iterable[str] = (),
    catalogue: Catalogue | None = None,
    trace: Mapping[str, Any] | None = None,
    tried: Tried | None = None,
) -> Question | None:
    """The one question to ask next for a one-row profile frame; None when every verdict is
    decided or waits only for what no answer of the enterprise gives (the experts' points).
    ``trace`` and ``tried`` as for ``rank_questions``."""
    ranked = rank_questions(
        packs,
        frame,
        as_of,
        review=review,
        asked=asked,
        catalogue=catalogue,
        trace=trace,
        limit=1,
        tried=tried,
    )
    return ranked[0] if ranked else None


def next_question_for_profile(
    packs: PackSet,
    profile: Profile,
    as_of: date,
    *,
    review: bool = False,
    asked: Iterable[str] = (),
    catalogue: Catalogue | None = None,
) -> Question | None:
    """``next_question`` for a profile file's enterprise (the self-assessment)."""
    frame = build_frame(profile_records(profile, packs.declarations), as_of, packs.declarations)
    return next_question(packs, frame, as_of, review=review, asked=asked, catalogue=catalogue)


def next_question_for_enterprise(
    session: Session,
    packs: PackSet,
    uscc: str,
    as_of: date,
    *,
    review: bool = False,
    asked: Iterable[str] = (),
    catalogue: Catalogue | None = None,
) -> Question | None:
    """``next_question`` for a stored enterprise (an officer's interview)."""
    frame = build_frame(read_records(session, uscc=uscc), as_of, packs.declarations)
    return next_question(packs, frame, as_of, review=review, asked=asked, catalogue=catalogue)
