"""What follows from a zone's ranking: the consequence rules of a scheme applied to its history.

A zone's history is one ``Standing`` per evaluated year: its rank in the region's (province's)
ranking and how many zones that ranking had, its national rank (国家高新区 only), its composite
score, flags an authority gave it (黄牌警告, 摘牌警示) and indicator values. Each rule kind below
reads the history up to the year judged and returns the reason in Chinese when it fires.

"Consecutive" years are calendar years with no gap: a year without a standing breaks a run.
Ranks are 1 for the best. "Up N places" compares with the year before; a zone not ranked that year
has no rise or drop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from techzone.model.codes import ZoneLevel
from techzone.zones.scheme import Rule, Scheme


@dataclass(frozen=True)
class Standing:
    year: int
    rank: int | None = None
    ranked: int | None = None
    national_rank: int | None = None
    score: float | None = None
    # The composite had every indicator the zone lacked scored the top of its scale (``score``
    # itself when nothing was missing; None: not known, read as ``score``). A failure below it is
    # certain whatever the missing data would have been.
    score_ceiling: float | None = None
    # The regional rank ``score_ceiling`` would have, the other zones as they are (None: not
    # known, read as ``rank``), and the indicators the zone did not report (their names).
    rank_ceiling: int | None = None
    # The regional rank ``score`` would have were the other zones' missing indicators at the top
    # of their scales (None: not known, read as ``rank``): the worst the others' data can give.
    rank_floor: int | None = None
    missing: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    values: Mapping[str, float | None] = field(default_factory=dict)

    def place(self, ranking: str) -> int | None:
        return self.national_rank if ranking == "national" else self.rank

    def best_place(self, ranking: str) -> int | None:
        """The place had the zone reported what it lacks (a national rank is entered: as is)."""
        if ranking == "national" or self.rank_ceiling is None:
            return self.place(ranking)
        return self.rank_ceiling

    def worst_place(self, ranking: str) -> int | None:
        """The place had the other zones reported what they lack (a national rank: as is)."""
        if ranking == "national" or self.rank_floor is None:
            return self.place(ranking)
        return max(self.rank_floor, self.place(ranking) or 0)


History = Mapping[int, Standing]


@dataclass(frozen=True)
class Consequence:
    zone: str
    year: int
    scheme: str
    rule: str
    outcome: str
    label: str
    reason: str
    clause: str


@dataclass(frozen=True)
class _Ask:
    """One rule asked of one zone's history in one year."""

    scheme: Scheme
    rule: Rule
    history: History
    year: int

    def param(self, name: str) -> float:
        return self.scheme.value(self.rule, name, date(self.year, 12, 31))

    def count(self, name: str) -> int:
        return int(self.param(name))

    def run(self, years: int) -> list[Standing] | None:
        """The standings of the ``years`` years ending in the year judged, or None on a gap."""
        found = [self.history.get(y) for y in range(self.year - years + 1, self.year + 1)]
        return None if any(s is None for s in found) else [s for s in found if s is not None]

    def place(self, year: int) -> int | None:
        standing = self.history.get(year)
        return None if standing is None else standing.place(self.rule.ranking)

    def best_place(self, year: int) -> int | None:
        standing = self.history.get(year)
        return None if standing is None else standing.best_place(self.rule.ranking)

    def worst_place(self, year: int) -> int | None:
        standing = self.history.get(year)
        return None if standing is None else standing.worst_place(self.rule.ranking)

    def lacking(self, *years: int) -> str:
        """What the zone did not report in ``years`` whose place could be better, by year."""
        said = []
        for y in years:
            standing = self.history.get(y)
            if standing is None or (self.best_place(y) or 0) >= (self.place(y) or 0):
                continue
            names = "、".join(standing.missing) or "部分指标"
            said.append(f"{y}年缺少{names}的数据" if len(years) > 1 else f"缺少{names}的数据")
        return "；".join(said)


def _ranking_name(ask: _Ask) -> str:
    return "全国综合排名" if ask.rule.ranking == "national" else "评价排名"


def _could_reach(ask: _Ask, year: int) -> str:
    """How far a place resting on indicators scored at the floor could rise with them."""
    best, place = ask.best_place(year), ask.place(year)
    if best is None or place is None or best >= place:
        return ""
    return f"（缺少数据的指标按最低分计入，补齐数据后最高可至第{best}名）"


def _top_rank(ask: _Ask) -> str | None:
    # The place on the floor is the worst the zone's own missing data can give it: a reward
    # there holds whatever it reports (the best place is said beside it).
    # Not so the others' missing data: a zone in the top only because one below it did not
    # report is said (_reward_undecided), not proposed.
    top, place, worst = ask.count("top"), ask.place(ask.year), ask.worst_place(ask.year)
    if place is None or worst is None or worst > top or _failed_this_year(ask) is not None:
        return None
    could = _could_reach(ask, ask.year)
    return f"{ask.year}年{_ranking_name(ask)}第{place}名{could}，位居前{top}名"


def _rank_drop(ask: _Ask) -> str | None:
    # The smallest fall the data allows: this year at its best place (missing indicators at the
    # top), last year at its worst (the other zones' missing indicators at the top; its own
    # missing data could only make the fall larger).
    places, now, before = ask.count("places"), ask.place(ask.year), ask.place(ask.year - 1)
    best, worst_before = ask.best_place(ask.year), ask.worst_place(ask.year - 1)
    if None in (now, before, best, worst_before):
        return None
    assert now is not None and before is not None
    assert best is not None and worst_before is not None
    if best - worst_before < places:
        return None
    least = best - worst_before
    certain = best == now and worst_before == before
    fall = f"下降{now - before}位" if certain else f"至少下降{least}位"
    return (
        f"{_ranking_name(ask)}由{ask.year - 1}年第{before}名降至{ask.year}年第{now}名"
        f"{_could_reach(ask, ask.year)}，{fall}（{places}位以上）"
    )


def _ceiling(standing: Standing) -> float | None:
    return standing.score if standing.score_ceiling is None else standing.score_ceiling


def _failed_run(ask: _Ask) -> tuple[list[Standing], int, float] | None:
    """The run of years judged when every one of them scored under the pass mark, else None."""
    years, below = ask.count("years"), ask.param("fail_below")
    run = ask.run(years)
    if run is None or any(s.score is None or s.score >= below for s in run):
        return None
    return run, years, below


def _consecutive_fail(ask: _Ask) -> str | None:
    # A failure that rests on indicators the zone did not report (scored the floor) is not a
    # failure the data shows: the proposal waits for them (_fail_undecided says so).
    failed = _failed_run(ask)
    if failed is None:
        return None
    run, years, below = failed
    if any((c := _ceiling(s)) is None or c >= below for s in run):
        return None
    said = "、".join(f"{s.year}年{s.score:.1f}分" for s in run)
    return f"连续{years}次评价不合格（综合得分低于{below:g}分）：{said}"


def _first_time_top(ask: _Ask) -> str | None:
    top, now = ask.count("top"), ask.place(ask.year)
    if now is None or now > top:
        return None
    # Only years with a rank are on record; a year holding other values (a flag) is not.
    earlier = sorted(y for y in ask.history if y < ask.year and ask.place(y) is not None)
    if any((p := ask.place(y)) is not None and p <= top for y in earlier):
        return None
    if not earlier:
        seen = f"此前无排名记录，需核实此前是否进入过前{top}名"
    else:
        # A year inside the record without a rank may have been in the top: said, not assumed.
        missing = _spans([y for y in range(earlier[0], ask.year) if y not in earlier])
        # Nor does the record reach back to the ranking's first year: a zone 30th before the
        # first year entered would not be entering for the first time (seed 004 (二十一) "首次").
        unknown = [f"{'、'.join(missing)}无排名记录"] if missing else []
        unknown.append(f"{earlier[0]}年以前无排名记录")
        span = _span(earlier[0], earlier[-1])
        seen = f"{span}记录中从未进入前{top}名（{'；'.join(unknown)}，需核实）"
    return f"{ask.year}年{_ranking_name(ask)}第{now}名，{seen}：首次进入前{top}名"


def _span(first: int, last: int) -> str:
    return f"{first}年" if first == last else f"{first}—{last}年"


def _spans(years: list[int]) -> list[str]:
    """Consecutive years joined: [2020, 2021, 2023] → 2020—2021年, 2023年."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return [_span(run[0], run[-1]) for run in runs]


def _rank_rise_within(ask: _Ask) -> str | None:
    places, within = ask.count("places"), ask.count("within")
    now, before = ask.place(ask.year), ask.place(ask.year - 1)
    if now is None or before is None or before - now < places or now > within:
        return None
    return (
        f"{_ranking_name(ask)}由{ask.year - 1}年第{before}名升至{ask.year}年第{now}名，"
        f"提升{before - now}位（{places}位以上）且位居前{within}名"
    )


def _top_rank_consecutive(ask: _Ask) -> str | None:
    top, years = ask.count("top"), ask.count("years")
    run = ask.run(years)
    if run is None or any((p := s.place(ask.rule.ranking)) is None or p > top for s in run):
        return None
    said = "、".join(f"{s.year}年第{s.place(ask.rule.ranking)}名" for s in run)
    return f"连续{years}年位居{_ranking_name(ask)}前{top}名：{said}"


def _in_bottom(standing: Standing, bottom: int) -> bool:
    if standing.rank is None or standing.ranked is None:
        return False
    return standing.rank > standing.ranked - bottom


def _bottom_consecutive_with_flag(ask: _Ask) -> str | None:
    bottom, years, flag = ask.count("bottom"), ask.count("years"), ask.rule.flag
    run = ask.run(years)
    if run is None or not all(_in_bottom(s, bottom) for s in run):
        return None
    flagged = [s.year for s in run if flag in s.flags]
    if not flagged:
        return None
    said = "、".join(f"{s.year}年第{s.rank}名/共{s.ranked}名" for s in run)
    return f"连续{years}年评价排名末{bottom}位（{said}），且{flagged[-1]}年受到{_flag_name(flag)}"


def _flag(ask: _Ask) -> str | None:
    standing = ask.history.get(ask.year)
    if standing is None or ask.rule.flag not in standing.flags:
        return None
    return f"{ask.year}年受到{_flag_name(ask.rule.flag)}"


def _rising_consecutive(ask: _Ask) -> str | None:
    years, name = ask.count("years"), ask.rule.indicator or ""
    run = ask.run(years)
    if run is None:
        return None
    values = [s.values.get(name) for s in run]
    known = [v for v in values if v is not None]
    if len(known) < len(values) or any(b <= a for a, b in pairwise(known)):
        return None
    said = " → ".join(f"{s.year}年{v:g}" for s, v in zip(run, known, strict=True))
    return f"连续{years}年逐年提升：{said}"


FLAG_NAMES = {"yellow_card": "黄牌警告", "delisting_warning": "摘牌警示并进入整改期"}


def _flag_name(flag: str | None) -> str:
    return FLAG_NAMES.get(flag or "", flag or "")


_RULES: dict[str, Callable[[_Ask], str | None]] = {
    "top_rank": _top_rank,
    "rank_drop": _rank_drop,
    "consecutive_fail": _consecutive_fail,
    "first_time_top": _first_time_top,
    "rank_rise_within": _rank_rise_within,
    "top_rank_consecutive": _top_rank_consecutive,
    "bottom_consecutive_with_flag": _bottom_consecutive_with_flag,
    "flag": _flag,
    "rising_consecutive": _rising_consecutive,
}


def _bottom_undecided(ask: _Ask) -> str | None:
    """末N位 needs how many zones were ranked: a flagged run whose ranks are known but whose
    count is missing is neither cleared nor condemned — it is said what to enter."""
    bottom, years, flag = ask.count("bottom"), ask.count("years"), ask.rule.flag
    run = ask.run(years)
    if run is None or not any(flag in s.flags for s in run):
        return None
    if any(s.rank is None for s in run):
        return None
    counted = [s for s in run if s.ranked is not None]
    if len(counted) == len(run) or not all(_in_bottom(s, bottom) for s in counted):
        return None
    said = "、".join(
        f"{s.year}年第{s.rank}名" + (f"/共{s.ranked}名" if s.ranked is not None else "")
        for s in run
    )
    lacking = "、".join(f"{s.year}年" for s in run if s.ranked is None)
    return (
        f"受到{_flag_name(flag)}，评价排名{said}；{lacking}未录入“参加评价考核的高新区数”，"
        f"无法判断是否连续{years}年末{bottom}位，需核实（{ask.rule.clause.ref}：{ask.rule.label}）"
    )


def _comparison_undecided(ask: _Ask) -> str | None:
    """A year-on-year national comparison (下降N位以上, 提升N位以上且前M名) with one of the two
    years' ranks missing, or 首次进入前N名 without this year's: what could not be judged, or None
    when it could (or cannot matter). With neither year ranked the zone is not in the ranking on
    record and nothing is compared."""
    now, before = ask.place(ask.year), ask.place(ask.year - 1)
    if ask.rule.ranking != "national" or (now is None) == (before is None):
        return None
    if ask.rule.kind == "first_time_top":
        top = ask.count("top")
        earlier = [p for y in ask.history if y < ask.year and (p := ask.place(y)) is not None]
        if now is not None or any(p <= top for p in earlier):
            return None
        return f"首次进入前{top}名（{ask.rule.label}）"
    places = ask.count("places")
    if ask.rule.kind == "rank_drop":
        return f"下降{places}位以上（{ask.rule.label}）"
    within = ask.count("within")
    if now is not None and now > within:
        return None
    return f"提升{places}位以上且位居前{within}名（{ask.rule.label}）"


def _fail_undecided(ask: _Ask) -> str | None:
    """Scores under the pass mark every year of the run, but some year would reach it had the
    indicators the zone lacked been reported: neither a failure the data shows nor a pass."""
    failed = _failed_run(ask)
    if failed is None:
        return None
    run, years, below = failed
    open_years = [s for s in run if (c := _ceiling(s)) is not None and c >= below]
    if not open_years:
        return None
    said = "、".join(f"{s.year}年{s.score:.1f}分" for s in run)
    could = "、".join(f"{s.year}年最高可得{_ceiling(s):.1f}分" for s in open_years)
    return (
        f"综合得分低于{below:g}分（{said}），但缺少数据的指标按最低分计入，补齐数据后{could}，"
        f"无法判断是否连续{years}次评价不合格，需核实（{ask.rule.clause.ref}：{ask.rule.label}）"
    )


def _failed_this_year(ask: _Ask) -> float | None:
    """The composite of a zone under the pass mark in the year judged, when the rule names one
    (``fail_below``): a zone found 不合格 is no zone 排名靠前 to reward, however few are ranked
    (with three provincial zones every one is in the top 3, one that reported nothing too)."""
    if "fail_below" not in ask.rule.parameters:
        return None
    standing = ask.history.get(ask.year)
    if standing is None or standing.score is None or standing.score >= ask.param("fail_below"):
        return None
    return standing.score


def _reward_undecided(ask: _Ask) -> str | None:
    """Outside the top on the floor, inside it had the zone reported what it lacks; or inside
    it with a composite under the pass mark."""
    top, place, best = ask.count("top"), ask.place(ask.year), ask.best_place(ask.year)
    failed = _failed_this_year(ask)
    if place is not None and place <= top and failed is not None:
        return (
            f"{ask.year}年{_ranking_name(ask)}第{place}名，位居前{top}名，但综合得分{failed:.1f}分"
            f"低于{ask.param('fail_below'):g}分（评价不合格），是否给予奖励需核实"
            f"（{ask.rule.clause.ref}：{ask.rule.label}）"
        )
    worst = ask.worst_place(ask.year)
    if place is not None and place <= top and worst is not None and worst > top:
        return (
            f"{ask.year}年{_ranking_name(ask)}第{place}名，位居前{top}名，但其他高新区缺少数据的"
            f"指标按最低分计入，补齐数据后本区最低可至第{worst}名，无法判断是否位居前{top}名，"
            f"需核实（{ask.rule.clause.ref}：{ask.rule.label}）"
        )
    if place is None or best is None or place <= top or best > top:
        return None
    return (
        f"{ask.year}年{_ranking_name(ask)}第{place}名，{ask.lacking(ask.year)}（按最低分计入），"
        f"补齐数据后最高可至第{best}名，无法判断是否位居前{top}名，需核实"
        f"（{ask.rule.clause.ref}：{ask.rule.label}）"
    )


def _drop_undecided(ask: _Ask) -> str | None:
    """A fall of ``places`` or more that the data neither shows nor rules out: the smallest fall
    (this year at its best, last year at its worst) under it, the largest (the other way round)
    over it — a zone's own missing indicators lift its place, the other zones' lower it."""
    places, now, before = ask.count("places"), ask.place(ask.year), ask.place(ask.year - 1)
    best_now, best_before = ask.best_place(ask.year), ask.best_place(ask.year - 1)
    worst_now, worst_before = ask.worst_place(ask.year), ask.worst_place(ask.year - 1)
    if None in (now, before, best_now, best_before, worst_now, worst_before):
        return None
    assert now is not None and before is not None
    assert best_now is not None and best_before is not None
    assert worst_now is not None and worst_before is not None
    if best_now - worst_before >= places or worst_now - best_before < places:
        return None
    years = (
        (ask.year - 1, best_before, worst_before, before),
        (ask.year, best_now, worst_now, now),
    )
    said = []
    could = "、".join(f"{y}年最高可至第{best}名" for y, best, _, place in years if best < place)
    if could:
        said.append(f"{ask.lacking(ask.year - 1, ask.year)}（按最低分计入），补齐数据后{could}")
    lower = "、".join(f"{y}年最低可至第{worst}名" for y, _, worst, place in years if worst > place)
    if lower:
        said.append(f"其他高新区缺少数据的指标按最低分计入，补齐数据后本区{lower}")
    return (
        f"{_ranking_name(ask)}{ask.year - 1}年第{before}名、{ask.year}年第{now}名，"
        f"{'；'.join(said)}，无法判断是否排名大幅下降（{places}位以上），"
        f"需核实（{ask.rule.clause.ref}：{ask.rule.label}）"
    )


def _top_run_undecided(ask: _Ask) -> str | None:
    """连续N年位居前M名 with a year of the run unranked and every ranked year in the top: the
    run can be neither granted nor refused (a year outside the top refuses it; no year ranked at
    all: the zone is not in the ranking on record)."""
    top, years = ask.count("top"), ask.count("years")
    span = range(ask.year - years + 1, ask.year + 1)
    places = {y: ask.place(y) for y in span}
    known = {y: p for y, p in places.items() if p is not None}
    if not known or len(known) == len(places) or any(p > top for p in known.values()):
        return None
    said = "、".join(f"{y}年第{p}名" for y, p in known.items())
    lacking = "、".join(_spans([y for y, p in places.items() if p is None]))
    return (
        f"{_ranking_name(ask)}{said}，{lacking}未录入{_ranking_name(ask)}，"
        f"无法判断是否连续{years}年位居前{top}名，需核实（{ask.rule.clause.ref}：{ask.rule.label}）"
    )


def _flag_undecided(ask: _Ask) -> str | None:
    """末N位 every year of the run (ranks and counts known) with the flag the rule also needs
    (黄牌警告) given in no year, but not entered as 0 in some year either: whether it was given
    is not known, and it decides the rule."""
    bottom, years, flag = ask.count("bottom"), ask.count("years"), ask.rule.flag or ""
    run = ask.run(years)
    if run is None or any(flag in s.flags for s in run):
        return None
    if not all(_in_bottom(s, bottom) for s in run):
        return None
    lacking = [s.year for s in run if s.values.get(flag) is None]
    if not lacking:
        return None
    said = "、".join(f"{s.year}年第{s.rank}名/共{s.ranked}名" for s in run)
    return (
        f"连续{years}年评价排名末{bottom}位（{said}），{'、'.join(_spans(lacking))}未录入是否受到"
        f"{_flag_name(flag)}，无法判断是否连续{years}年末{bottom}位且受到{_flag_name(flag)}，"
        f"需核实（{ask.rule.clause.ref}：{ask.rule.label}）"
    )


def _bottom_or_flag_undecided(ask: _Ask) -> str | None:
    return _bottom_undecided(ask) or _flag_undecided(ask)


_UNDECIDED: dict[str, Callable[[_Ask], str | None]] = {
    "bottom_consecutive_with_flag": _bottom_or_flag_undecided,
    "top_rank_consecutive": _top_run_undecided,
    "consecutive_fail": _fail_undecided,
    # Regional ranks the scheme computed itself; a national comparison is _COMPARISONS'.
    "top_rank": _reward_undecided,
    "rank_drop": _drop_undecided,
}
_COMPARISONS: dict[str, Callable[[_Ask], str | None]] = {
    "first_time_top": _comparison_undecided,
    "rank_drop": _comparison_undecided,
    "rank_rise_within": _comparison_undecided,
}


def undecided(scheme: Scheme, level: ZoneLevel, history: History, year: int) -> list[str]:
    """What ``scheme``'s rules cannot decide for one zone in ``year`` for want of an entered
    value, each with what is missing — said beside the verdicts, never read as "no consequence"."""
    asks = [
        _Ask(scheme, rule, history, year) for rule in scheme.consequences if level in rule.levels
    ]
    found = [
        reason
        for ask in asks
        if ask.rule.kind in _UNDECIDED and (reason := _UNDECIDED[ask.rule.kind](ask)) is not None
    ]
    parts = [
        part
        for ask in asks
        if ask.rule.kind in _COMPARISONS and (part := _COMPARISONS[ask.rule.kind](ask)) is not None
    ]
    if parts:
        ask = next(a for a in asks if a.rule.kind in _COMPARISONS)
        now, before = ask.place(year), ask.place(year - 1)
        known = (
            f"{year}年全国综合排名第{now}名，{year - 1}年全国综合排名未录入"
            if now is not None
            else f"{year - 1}年全国综合排名第{before}名，{year}年全国综合排名未录入"
        )
        found.append(f"{known}，无法判断是否{'或'.join(parts)}，需核实（{ask.rule.clause.ref}）")
    return found


def judge(
    scheme: Scheme, zone: str, level: ZoneLevel, history: History, year: int
) -> list[Consequence]:
    """Every consequence of ``scheme`` that follows for one zone in ``year``, in rule order."""
    found: list[Consequence] = []
    for rule in scheme.consequences:
        if level not in rule.levels:
            continue
        reason = _RULES[rule.kind](_Ask(scheme, rule, history, year))
        if reason is not None:
            found.append(
                Consequence(
                    zone=zone,
                    year=year,
                    scheme=scheme.id,
                    rule=rule.id,
                    outcome=rule.outcome,
                    label=rule.label,
                    reason=reason,
                    clause=rule.clause.ref,
                )
            )
    return found
