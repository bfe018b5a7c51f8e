"""The annual evaluation of zones: normalised indicators, a weighted composite, a ranking, and
the consequences each scheme draws from the zones' rankings over the years.

Normalisation (per indicator of the scheme's tree, over the zones evaluated that year):

- **功效系数法** (``efficacy``): ``floor + span × (x − 不允许值) / (满意值 − 不允许值)``, clipped to
  ``[floor, floor + span]``; 满意值 is the best value among the scheme's benchmark zones, 不允许值
  the worst among the zones evaluated. When 满意值 is no better than 不允许值 every known value
  scores the top.
- **min–max**: ``100 × (x − min) / (max − min)`` over the zones evaluated; all equal → 100.

A missing value scores the bottom of the scale (``floor``, or 0), and the zone's row lists it.
The zone's ``ceiling`` is its composite had every missing value scored the top (an unknown bonus
count the cap): a 不合格 below the ceiling too is one the data shows, one above it is not.
"Best" and "worst" follow each indicator's direction. The composite is the weighted mean over the
tree: each group's weighted mean of its indicators, then the groups' weighted mean. Ranks are 1 for
the highest composite; equal composites share a rank (1, 2, 2, 4).

A scheme without a tree (柳州) ranks nothing itself: its standings are the entered national and
regional ranks, their count, and the flags (黄牌警告, 摘牌警示). A national rank may also come from
an imported 年度评价结果 (``zones/statistics.py``); an officer's entry for the same zone and year
wins, and the disagreement is kept in the result's ``notes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.access.queries import zone_conditions
from techzone.model import Zone, ZoneEvent, ZoneStatistic
from techzone.model.codes import ZoneEventKind
from techzone.zones.catalogue import Indicator
from techzone.zones.catalogue import indicators as indicator_catalogue
from techzone.zones.consequences import Consequence, Standing, judge, undecided
from techzone.zones.indicators import ZoneIndicators, zone_indicators
from techzone.zones.scheme import Evaluation, Leaf, Scheme, schemes_in_force

# How many years before the evaluated one are evaluated too, for rules that read a history
# (three years running is the longest run any rule asks for).
HISTORY_YEARS = 3
FLAGS = ("yellow_card", "delisting_warning")


def _best(values: Sequence[float], leaf: Leaf) -> float:
    return max(values) if leaf.higher_is_better else min(values)


def _worst(values: Sequence[float], leaf: Leaf) -> float:
    return min(values) if leaf.higher_is_better else max(values)


def efficacy(
    values: Mapping[str, float | None],
    benchmarks: Sequence[float],
    leaf: Leaf,
    floor: float = 60,
    span: float = 40,
) -> dict[str, float]:
    """功效系数法 scores of each zone's value (rule in the module docstring)."""
    known = [v for v in values.values() if v is not None]
    if not known:
        return dict.fromkeys(values, floor)
    bad = _worst(known, leaf)
    good = _best(list(benchmarks), leaf) if benchmarks else _best(known, leaf)
    sign = 1 if leaf.higher_is_better else -1
    scores = {}
    for zone, value in values.items():
        if value is None:
            scores[zone] = floor
        elif sign * (good - bad) <= 0:
            scores[zone] = floor + span
        else:
            share = min(max((value - bad) / (good - bad), 0.0), 1.0)
            scores[zone] = floor + span * share
    return scores


def min_max(values: Mapping[str, float | None], leaf: Leaf) -> dict[str, float]:
    """Min–max scores on 0–100 (rule in the module docstring)."""
    known = [v for v in values.values() if v is not None]
    if not known:
        return dict.fromkeys(values, 0.0)
    low, high = min(known), max(known)
    scores = {}
    for zone, value in values.items():
        if value is None:
            scores[zone] = 0.0
        elif high == low:
            scores[zone] = 100.0
        else:
            share = (value - low) / (high - low)
            scores[zone] = 100 * (share if leaf.higher_is_better else 1 - share)
    return scores


def rank(scores: Mapping[str, float]) -> dict[str, int]:
    """Competition ranking: 1 for the highest; equal scores share the better rank."""
    ordered = sorted(scores.values(), reverse=True)
    return {zone: ordered.index(score) + 1 for zone, score in scores.items()}


@dataclass(frozen=True)
class ZoneScore:
    zone: str
    zone_name: str
    year: int
    composite: float
    rank: int
    ranked: int
    # Normalised score per indicator, and the indicators that had no value.
    scores: dict[str, float]
    missing: list[str]
    values: dict[str, float | None]
    # 加分 included in the composite.
    bonus: float = 0.0
    # The composite had every missing indicator scored the top of its scale (module docstring).
    ceiling: float = 0.0
    # The rank ``ceiling`` would have among the other zones' composites as they are.
    rank_ceiling: int = 0
    # The rank ``composite`` would have were every other zone's missing indicators at the top.
    rank_floor: int = 0
    # Bonus indicators with no count (their 加分 is at the cap in ``ceiling``).
    missing_bonus: list[str] = field(default_factory=list)


def bonus_points(
    evaluation: Evaluation,
    values: Mapping[str, float | None],
    points: Mapping[str, float],
    cap: float,
) -> float:
    """The 加分 a zone adds: points per unit of each bonus indicator, at most ``cap`` in all.

    An unknown or negative count adds nothing."""
    total = sum(
        points[b.points] * max(value, 0.0)
        for b in evaluation.bonus
        if (value := values.get(b.indicator)) is not None
    )
    return min(total, cap)


def score_year(
    evaluation: Evaluation,
    evaluated: Sequence[ZoneIndicators],
    benchmarks: Sequence[ZoneIndicators],
    points: Mapping[str, float] | None = None,
    cap: float = 0.0,
) -> list[ZoneScore]:
    """Composite and rank of each evaluated zone in one year, best first.

    ``points`` (per bonus parameter) and ``cap`` are the scheme's bonus parameters in force; the
    composite is the tree's weighted mean plus the zone's bonus points."""
    leaf_scores: dict[str, dict[str, float]] = {}
    for group in evaluation.tree:
        for leaf in group.indicators:
            values = {z.zone: z.values.get(leaf.indicator) for z in evaluated}
            if evaluation.normalisation == "efficacy":
                among = benchmarks if leaf.benchmark == "benchmark_zones" else evaluated
                marks = [v for b in among if (v := b.values.get(leaf.indicator)) is not None]
                leaf_scores[leaf.indicator] = efficacy(
                    values, marks, leaf, evaluation.floor, evaluation.span
                )
            else:
                leaf_scores[leaf.indicator] = min_max(values, leaf)
    top = evaluation.floor + evaluation.span if evaluation.normalisation == "efficacy" else 100.0
    composites: dict[str, float] = {}
    ceilings: dict[str, float] = {}
    bonuses: dict[str, float] = {}
    for zone in evaluated:
        total = highest = 0.0
        for group in evaluation.tree:
            share = sum(f.weight for f in group.indicators)
            own = {f.indicator: leaf_scores[f.indicator][zone.zone] for f in group.indicators}
            inner = sum(own[f.indicator] * f.weight for f in group.indicators)
            most = sum(
                (top if zone.values.get(f.indicator) is None else own[f.indicator]) * f.weight
                for f in group.indicators
            )
            total += group.weight * inner / share
            highest += group.weight * most / share
        bonus = bonus_points(evaluation, zone.values, points or {}, cap) if points else 0.0
        unknown_bonus = bool(points) and any(
            zone.values.get(b.indicator) is None for b in evaluation.bonus
        )
        bonuses[zone.zone] = bonus
        weights = sum(g.weight for g in evaluation.tree)
        composites[zone.zone] = total / weights + bonus
        ceilings[zone.zone] = highest / weights + (cap if unknown_bonus else bonus)
    ranks = rank(composites)
    # A zone's missing data moves its own place only, read against the others as they are (what
    # its data would do to the others' scores through 满意值/不允许值 is not known).
    ranks_ceiling = {
        zone: 1 + sum(score > ceiling for other, score in composites.items() if other != zone)
        for zone, ceiling in ceilings.items()
    }
    # The other way round: the others' missing data can only lift them past this zone.
    ranks_floor = {
        zone: 1 + sum(ceilings[other] > score for other in composites if other != zone)
        for zone, score in composites.items()
    }
    rows = [
        ZoneScore(
            zone=z.zone,
            zone_name=z.zone_name,
            year=z.year,
            composite=composites[z.zone],
            rank=ranks[z.zone],
            ranked=len(evaluated),
            scores={code: s[z.zone] for code, s in leaf_scores.items()},
            missing=[code for code in leaf_scores if z.values.get(code) is None],
            values=z.values,
            bonus=bonuses[z.zone],
            ceiling=ceilings[z.zone],
            rank_ceiling=ranks_ceiling[z.zone],
            rank_floor=ranks_floor[z.zone],
            missing_bonus=[
                b.indicator
                for b in evaluation.bonus
                if points and z.values.get(b.indicator) is None
            ],
        )
        for z in evaluated
    ]
    return sorted(rows, key=lambda row: (row.rank, row.zone))


@dataclass(frozen=True)
class SchemeResult:
    scheme: Scheme
    year: int
    # The evaluated year's ranking (empty for a scheme that ranks nothing itself).
    ranking: list[ZoneScore]
    standings: dict[str, dict[int, Standing]]
    consequences: list[Consequence] = field(default_factory=list)
    # Values given twice that disagree for the zones covered (an entered and an imported rank).
    notes: dict[str, list[str]] = field(default_factory=dict)


def _entered_standing(row: ZoneIndicators) -> Standing | None:
    def whole(code: str) -> int | None:
        value = row.values.get(code)
        return None if value is None else int(value)

    flags = frozenset(f for f in FLAGS if row.values.get(f) == 1)
    standing = Standing(
        row.year,
        rank=whole("regional_rank"),
        ranked=whole("regional_ranked"),
        national_rank=whole("national_rank"),
        flags=flags,
        values=row.values,
    )
    known = (standing.rank, standing.national_rank)
    return None if all(v is None for v in known) and not flags else standing


def evaluate_scheme(session: Session, scheme: Scheme, year: int) -> SchemeResult:
    """One scheme's ranking of ``year`` and the consequences for every zone it covers."""
    zones = [
        z
        for z in session.scalars(select(Zone).order_by(Zone.code))
        if scheme.covers(z.province, z.level)
    ]
    years = range(_first_year(session, scheme, zones, year), year + 1)
    benchmark_codes = scheme.evaluation.benchmark_zones if scheme.evaluation else ()
    rows = [
        r
        for r in zone_indicators(session, years)
        if r.zone in {z.code for z in zones} or r.zone in benchmark_codes
    ]
    standings: dict[str, dict[int, Standing]] = {z.code: {} for z in zones}
    names = indicator_catalogue()
    ranking: list[ZoneScore] = []
    for y in years:
        in_year = [r for r in rows if r.year == y]
        if scheme.evaluation is None:
            for r in in_year:
                if r.zone in standings and (standing := _entered_standing(r)) is not None:
                    standings[r.zone][y] = standing
            continue
        evaluated = [r for r in in_year if r.zone in standings]
        benchmarks = [r for r in in_year if r.zone in benchmark_codes]
        points, cap = _bonus_parameters(scheme, scheme.evaluation, y)
        scored = score_year(scheme.evaluation, evaluated, benchmarks, points, cap)
        for s in scored:
            standings[s.zone][y] = Standing(
                y,
                rank=s.rank,
                ranked=s.ranked,
                score=s.composite,
                score_ceiling=s.ceiling,
                rank_ceiling=s.rank_ceiling,
                rank_floor=s.rank_floor,
                missing=tuple(_label(names, c) for c in [*s.missing, *s.missing_bonus]),
                values=s.values,
            )
        if y == year:
            ranking = scored
    consequences = [
        c
        for z in zones
        if scheme.in_force(_year_end(year))
        for c in judge(scheme, z.code, z.level, standings[z.code], year)
    ]
    notes: dict[str, list[str]] = {}
    for r in rows:
        if r.zone in standings and r.notes:
            notes.setdefault(r.zone, []).extend(r.notes)
    if scheme.in_force(_year_end(year)):
        for z in zones:
            for reason in undecided(scheme, z.level, standings[z.code], year):
                notes.setdefault(z.code, []).append(reason)
    return SchemeResult(scheme, year, ranking, standings, consequences, notes)


def _first_year(session: Session, scheme: Scheme, zones: Sequence[Zone], year: int) -> int:
    """The first year the evaluation reads. A scheme that ranks zones itself reads the runs its
    rules ask for (HISTORY_YEARS). One that reads entered ranks (柳州) reads every year on
    record: "首次进入全国综合排名前35名" (seed 004 (二十一)) is about all earlier years, and a
    zone 30th seven years ago is not entering the top 35 for the first time."""
    window = year - HISTORY_YEARS + 1
    if scheme.evaluation is not None or not zones:
        return window
    ids = [z.id for z in zones]
    entered = session.scalar(
        select(func.min(ZoneStatistic.year)).where(
            ZoneStatistic.zone_id.in_(ids), ZoneStatistic.year <= year
        )
    )
    evaluated = session.scalar(
        select(func.min(ZoneEvent.occurred_on)).where(
            ZoneEvent.zone_id.in_(ids), ZoneEvent.kind == ZoneEventKind.EVALUATED
        )
    )
    # An imported 年度评价结果 may restate the year before its 通报 (「上年排名」).
    found = [y for y in (entered, evaluated.year - 1 if evaluated else None) if y is not None]
    return min([window, *found])


def _bonus_parameters(
    scheme: Scheme, evaluation: Evaluation, year: int
) -> tuple[dict[str, float], float]:
    """The bonus points per unit and the cap in force at the end of ``year`` (none before the
    parameters take effect)."""
    if evaluation.bonus_cap is None:
        return {}, 0.0
    end = _year_end(year)
    try:
        points = {b.points: scheme.parameters[b.points].on(end) for b in evaluation.bonus}
        return points, scheme.parameters[evaluation.bonus_cap].on(end)
    except LookupError:
        return {}, 0.0


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def evaluate(session: Session, year: int) -> list[SchemeResult]:
    """Every scheme in force at the end of ``year``, with its ranking and consequences."""
    return [evaluate_scheme(session, scheme, year) for scheme in schemes_in_force(year)]


@dataclass(frozen=True)
class AnnualEvaluation:
    year: int
    results: list[SchemeResult]
    # Every zone's indicators in the year, for the workbook's indicator table.
    indicators: list[ZoneIndicators]


def annual_evaluation(
    session: Session, year: int, *, scope: Scope | None = None
) -> AnnualEvaluation:
    """The year's evaluation under every scheme in force, and every zone's indicators.

    ``scope``: the caller's. Each scheme is still computed over every zone it covers (a rank is
    relative to them), but only the schemes covering a zone in scope are kept, and of them only
    the ranking rows, standings and consequences of the zones in scope: a province sees its
    zones, a zone its own place (rank of how many)."""
    results = evaluate(session, year)
    if scope is None:
        return AnnualEvaluation(year, results, zone_indicators(session, [year]))
    reached = set(session.scalars(select(Zone.code).where(*zone_conditions(scope))))
    kept = [
        replace(
            result,
            ranking=[row for row in result.ranking if row.zone in reached],
            standings={z: s for z, s in result.standings.items() if z in reached},
            consequences=[c for c in result.consequences if c.zone in reached],
            notes={z: n for z, n in result.notes.items() if z in reached},
        )
        for result in results
        if reached & set(result.standings)
    ]
    return AnnualEvaluation(year, kept, zone_indicators(session, [year], scope=scope))


def _label(names: Mapping[str, Indicator], code: str) -> str:
    found = names.get(code)
    return code if found is None else found.label
