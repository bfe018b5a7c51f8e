"""The profile frame: one row per enterprise on a date, the only thing rules read.

Built from record tables held as Polars frames (``Records``), whichever way they came: read
from the database for a zone or one enterprise, or made from a JSON profile. One builder for
both paths, so a batch run and a single assessment cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import polars as pl

from techzone.model.codes import (
    TECH_SME_CLASS_II,
    EventKind,
    IncidentKind,
    IpAcquisition,
    IpClass,
    IpKind,
    IpStatus,
    Level,
    PlatformKind,
    PlatformStatus,
    QualificationKind,
    QualificationStatus,
)
from techzone.rules.inputs import CORE_INPUTS, MONEY_FIGURES, STAFF_FIGURES, YEARS, declared_dtypes
from techzone.rules.pack import Declaration

# Event attributes the rules read (the 属性 column of 奖补事件, typed as officers write them).
ATTR_LEVEL = "级别"
ATTR_RANK = "排名"
NATIONAL_PRIZE = "国家级"
PROVINCIAL_PRIZE = "省级"
# S-115 第八条(四)/第九条(六): international, national or industry standards.
LED_STANDARD_LEVELS = ("国际标准", "国家标准", "行业标准")

# S-115 第九条(七): 国家/省/部 重点实验室、工程技术研究中心、工程实验室、工程研究中心、企业技术中心.
RECOGNISED_RD_PLATFORMS = (
    PlatformKind.KEY_LAB,
    PlatformKind.TECH_INNOVATION_CENTER,
    PlatformKind.ENGINEERING_RESEARCH_CENTER,
    PlatformKind.ENTERPRISE_TECH_CENTER,
)
# Research institutions in the wider sense of the 专精特新 tables (院士工作站、博士后工作站 count).
RD_INSTITUTIONS = (
    *RECOGNISED_RD_PLATFORMS,
    PlatformKind.INDUSTRIAL_DESIGN_CENTER,
    PlatformKind.NEW_RD_INSTITUTION,
    PlatformKind.ACADEMICIAN_WORKSTATION,
    PlatformKind.POSTDOC_STATION,
)
LEVEL_RANK = {Level.NATIONAL: 3, Level.PROVINCIAL: 2, Level.CITY: 1, Level.DISTRICT: 0}
HNTE_BARRING_INCIDENTS = (
    IncidentKind.MAJOR_SAFETY,
    IncidentKind.MAJOR_QUALITY,
    IncidentKind.SERIOUS_ENVIRONMENTAL,
)
# S-115 第六条(四) names these four; data fraud is not among them.
TECH_SME_BARRING_INCIDENTS = (*HNTE_BARRING_INCIDENTS, IncidentKind.SERIOUS_DISHONESTY)

ENTERPRISE_SCHEMA = {
    "uscc": pl.String(),
    "name": pl.String(),
    "registered_on": pl.Date(),
    "resident": pl.Boolean(),
    "tech_field": pl.String(),
    "industry_code": pl.String(),
    "ownership": pl.String(),
    "above_scale": pl.Boolean(),
    "listing": pl.String(),
    "zone_code": pl.String(),
    "province": pl.String(),
    "city": pl.String(),
    "zone_level": pl.String(),
    "park": pl.String(),
}
FIGURES_SCHEMA: dict[str, pl.DataType] = {
    "uscc": pl.String(),
    "year": pl.Int64(),
    **{name: pl.Int64() for name in MONEY_FIGURES},
    **{name: pl.Float64() for name in STAFF_FIGURES},
}
IP_SCHEMA = {
    "uscc": pl.String(),
    "kind": pl.String(),
    "ip_class": pl.String(),
    "granted_on": pl.Date(),
    "acquisition": pl.String(),
    "status": pl.String(),
    "used_for_hnte": pl.Boolean(),
}
QUALIFICATION_SCHEMA = {
    "uscc": pl.String(),
    "kind": pl.String(),
    "level": pl.String(),
    "issued_on": pl.Date(),
    "expires_on": pl.Date(),
    "status": pl.String(),
    "revoked_on": pl.Date(),
}
PLATFORM_SCHEMA = {
    "uscc": pl.String(),
    "name": pl.String(),
    "kind": pl.String(),
    "level": pl.String(),
    "recognised_on": pl.Date(),
    "status": pl.String(),
    "status_on": pl.Date(),
}
EVENT_SCHEMA = {
    "uscc": pl.String(),
    "ref": pl.String(),
    "kind": pl.String(),
    "occurred_on": pl.Date(),
    "amount": pl.Int64(),
    "attributes": pl.String(),
}
INCIDENT_SCHEMA = {"uscc": pl.String(), "kind": pl.String(), "occurred_on": pl.Date()}
# Declarations one per row, dated: ``value`` as stored (是/否, a band letter, a number in yuan
# or as a plain number), ``declared_on`` null for a profile file's (made for its assessment).
DECLARED_SCHEMA = {
    "uscc": pl.String(),
    "item": pl.String(),
    "value": pl.String(),
    "declared_on": pl.Date(),
    "source": pl.String(),
}
# The struct column beside each declaration given: who declared it and when (for explanations).
PROVENANCE = "{name}#declared"
YES = "是"

LISTS = ("ip", "qualifications", "platforms", "events", "incidents")

# Below this many enterprises a plan runs on Polars' in-memory engine: the streaming engine (the
# default) pays off on a zone's batch, but on one enterprise setting it up costs more than the
# work. Both run the same plan; the in-memory engine stays ahead well past a few thousand rows.
FEW_ROWS = 10_000


def engine_for(rows: int) -> Literal["in-memory", "auto"]:
    """The Polars engine for a plan over ``rows`` enterprises."""
    return "in-memory" if rows < FEW_ROWS else "auto"


def empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(schema))


@dataclass
class Records:
    """Record tables in the import sheets' field names; money in fen, codes as stable codes.

    ``unknown`` names lists not given at all (a JSON profile that leaves out ``ip``): their
    counts are unknown rather than zero. Records read from the database are a register, so
    nothing there is unknown by omission.
    """

    enterprises: pl.DataFrame
    figures: pl.DataFrame = field(default_factory=lambda: empty(FIGURES_SCHEMA))
    ip: pl.DataFrame = field(default_factory=lambda: empty(IP_SCHEMA))
    qualifications: pl.DataFrame = field(default_factory=lambda: empty(QUALIFICATION_SCHEMA))
    platforms: pl.DataFrame = field(default_factory=lambda: empty(PLATFORM_SCHEMA))
    events: pl.DataFrame = field(default_factory=lambda: empty(EVENT_SCHEMA))
    incidents: pl.DataFrame = field(default_factory=lambda: empty(INCIDENT_SCHEMA))
    declarations: pl.DataFrame = field(default_factory=lambda: empty(DECLARED_SCHEMA))
    unknown: frozenset[str] = frozenset()


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Per accounting year, a column that is 0 if the enterprise was registered after that year and
# null otherwise: each figure column coalesces it with the figure, one step where a condition
# per figure (57 of them) would cost two.
_BEFORE_REGISTRATION = {label: f"_before_registration_{label}" for label in YEARS}
_FIGURE_YEARS = {
    f"{name}_{label}": label for label in YEARS for name in (*MONEY_FIGURES, *STAFF_FIGURES)
}


def _before_registration(application_year: int) -> tuple[pl.Expr, ...]:
    return tuple(
        pl.when(pl.col("registered_on").dt.year() > application_year - offset)
        .then(pl.lit(0, dtype=pl.Int64))
        .alias(_BEFORE_REGISTRATION[label])
        for offset, label in zip((3, 2, 1), YEARS, strict=True)
    )


@lru_cache(maxsize=16)
def _figure_years(application_year: int) -> tuple[tuple[pl.Expr, dict[str, str]], ...]:
    """Per year label: the filter picking that accounting year, and its columns' new names."""
    return tuple(
        (
            pl.col("year") == application_year - offset,
            {name: f"{name}_{label}" for name in (*MONEY_FIGURES, *STAFF_FIGURES)},
        )
        for offset, label in zip((3, 2, 1), YEARS, strict=True)
    )


def _figure_tables(figures: pl.DataFrame, application_year: int) -> list[pl.LazyFrame]:
    return [
        figures.lazy().filter(chosen).drop("year").rename(names)
        for chosen, names in _figure_years(application_year)
    ]


@dataclass(frozen=True)
class _ListSummary:
    """How one record list becomes per-enterprise columns: the rows that count, then the
    aggregates, whose names are known without planning a query."""

    where: pl.Expr | None
    aggregates: tuple[pl.Expr, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(expr.meta.output_name() for expr in self.aggregates)

    def over(self, table: pl.DataFrame) -> pl.LazyFrame:
        rows = table.lazy() if self.where is None else table.lazy().filter(self.where)
        return rows.group_by("uscc").agg(self.aggregates)


def _counts(as_of: date) -> _ListSummary:
    valid = (pl.col("status") == IpStatus.VALID.value) & (pl.col("granted_on") <= as_of)
    class1 = pl.col("ip_class") == IpClass.I.value
    class2 = pl.col("ip_class") == IpClass.II.value
    # 115号 第九条(五) names its Ⅱ类 exactly; 195号's "等" (other Ⅱ类) does not reach it.
    class2_listed = pl.col("kind").is_in(sorted(kind.value for kind in TECH_SME_CLASS_II))
    own = pl.col("acquisition") == IpAcquisition.OWN.value
    # 63号 附件1: Ⅱ类 is a software copyright, or a utility model or design patent maintained more
    # than 2 years after grant (§3.1 of qualification-criteria.md).
    patent_ii = pl.col("kind").is_in([IpKind.UTILITY_MODEL.value, IpKind.DESIGN_PATENT.value])
    class2_innovative = (pl.col("kind") == IpKind.SOFTWARE_COPYRIGHT.value) | (
        patent_ii & (pl.col("granted_on").dt.offset_by("2y") < as_of)
    )
    return _ListSummary(
        valid,
        (
            class1.sum().alias("ip_class1_count"),
            class2.sum().alias("ip_class2_count"),
            class2_listed.sum().alias("ip_class2_listed_count"),
            class2_innovative.sum().alias("ip_class2_innovative_count"),
            (class2 & ~pl.col("used_for_hnte") & own).sum().alias("ip_class2_unused_own_count"),
            (class2 & ~pl.col("used_for_hnte")).sum().alias("ip_class2_unused_count"),
            ((class1 | class2) & (pl.col("acquisition") == IpAcquisition.OWN.value))
            .sum()
            .alias("ip_own_count"),
            (class1 & (pl.col("acquisition") == IpAcquisition.OWN.value))
            .sum()
            .alias("ip_class1_own_count"),
        ),
    )


def _holdings(as_of: date) -> _ListSummary:
    # A certificate revoked on a known day was in force until then (S-32 第十九条 cancels it from
    # the revocation); one marked revoked without a day never counts, as before the day was kept.
    status = pl.col("status")
    revoked_later = (status == QualificationStatus.REVOKED.value) & (pl.col("revoked_on") > as_of)
    in_force = (
        ((status == QualificationStatus.VALID.value) | revoked_later)
        & (pl.col("issued_on") <= as_of)
        & (pl.col("expires_on").is_null() | (pl.col("expires_on") >= as_of))
    )
    # 195号 五(六)3 (qualification-criteria.md §1.5): an enterprise whose HNTE status was
    # cancelled may not apply again in the same year; read over every row, not only those in force.
    revoked_on = pl.col("revoked_on")
    cancelled_this_year = (
        (pl.col("kind") == QualificationKind.HNTE.value)
        & (status == QualificationStatus.REVOKED.value)
        & (revoked_on.dt.year() == as_of.year)
        & (revoked_on <= as_of)
    )
    # S-32 第十九条 (§1.5): a cancellation recovers the tax benefits from the year of the act,
    # which the register does not hold — a year a since-cancelled certificate covered is no sure
    # saving any more.
    hnte_revoked_later = in_force & revoked_later & (pl.col("kind") == QualificationKind.HNTE.value)
    return _ListSummary(
        None,
        (
            *(
                (in_force & (pl.col("kind") == kind.value)).any().alias(f"holds_{kind.value}")
                for kind in QualificationKind
            ),
            cancelled_this_year.any().alias("hnte_cancelled_this_year"),
            hnte_revoked_later.any().alias("hnte_revoked_later"),
            # 单项冠军's lower income bar is for "省级以上专精特新企业" (qualification-criteria.md
            # §3.6): a city's or district's own 专精特新 list does not reach it.
            (
                in_force
                & (pl.col("kind") == QualificationKind.SRDI_SME.value)
                & pl.col("level").is_in([Level.PROVINCIAL.value, Level.NATIONAL.value])
            )
            .any()
            .alias("holds_srdi_sme_provincial"),
        ),
    )


def _platforms(as_of: date) -> _ListSummary:
    rank = pl.col("level").replace_strict(
        {level.value: value for level, value in LEVEL_RANK.items()}, return_dtype=pl.Int64
    )
    # Revoked or expired platforms stop counting from their status date: S-115 第九条(七) and the
    # 专精特新 tables count "经认定的" institutions, which a revoked or lapsed recognition is not.
    standing = (pl.col("status") == PlatformStatus.IN_FORCE.value) | (pl.col("status_on") > as_of)
    recognised = [k.value for k in RECOGNISED_RD_PLATFORMS]
    return _ListSummary(
        (pl.col("recognised_on") <= as_of) & standing,
        (
            rank.filter(pl.col("kind").is_in([k.value for k in RD_INSTITUTIONS]))
            .max()
            .alias("rd_platform_level"),
            # S-115 第九条(七) ends its list with "等" and names kinds the register holds only as
            # 其他平台 (工程技术研究中心、工程实验室、国际联合研究中心): a 省部级 one of those may
            # count, so it leaves the flag unknown (coded like a ranked flag), never false.
            pl.when((pl.col("kind").is_in(recognised) & (rank >= 2)).any())
            .then(pl.lit(_RANK_TRUE))
            .when(((pl.col("kind") == PlatformKind.OTHER.value) & (rank >= 2)).any())
            .then(pl.lit(_RANK_UNKNOWN))
            .otherwise(pl.lit(_RANK_FALSE))
            .alias("provincial_rd_platform"),
        ),
    )


def _incidents(as_of: date) -> _ListSummary:
    occurred = pl.col("occurred_on")
    in_365 = (occurred >= as_of - timedelta(days=365)) & (occurred <= as_of)
    # S-115 第六条(四): the filing year and the year before.
    in_2y = (occurred >= date(as_of.year - 1, 1, 1)) & (occurred <= as_of)
    # 优质中小企业 (63号 general conditions; 2号文附件3说明, [SINGLE]): 近三年, every kind,
    # data fraud included.
    in_3y = (occurred >= _years_back(as_of, 3)) & (occurred <= as_of)
    barring = pl.col("kind").is_in([k.value for k in HNTE_BARRING_INCIDENTS])
    tech_sme = pl.col("kind").is_in([k.value for k in TECH_SME_BARRING_INCIDENTS])
    return _ListSummary(
        None,
        (
            (barring & in_365).sum().alias("major_incidents_365d"),
            (tech_sme & in_2y).sum().alias("incidents_2y"),
            in_3y.sum().alias("incidents_3y"),
        ),
    )


def _events(as_of: date) -> _ListSummary:
    level = pl.col("attributes").str.json_path_match(f"$.{ATTR_LEVEL}")
    rank = pl.col("attributes").str.json_path_match(f"$.{ATTR_RANK}").cast(pl.Int64, strict=False)
    since5 = pl.col("occurred_on") >= _years_back(as_of, 5)
    since3 = pl.col("occurred_on") >= _years_back(as_of, 3)
    before = pl.col("occurred_on") <= as_of
    prize = pl.col("kind") == EventKind.SCIENCE_PRIZE.value
    national_prize = prize & (level == NATIONAL_PRIZE) & since5 & before
    standard = (
        (pl.col("kind") == EventKind.STANDARD_LED.value)
        & level.is_in(LED_STANDARD_LEVELS)
        & since5
        & before
    )
    return _ListSummary(
        None,
        (
            _any_ranked(national_prize, rank, 3).alias("national_prize_top3_5y"),
            (prize & level.is_in([NATIONAL_PRIZE, PROVINCIAL_PRIZE]) & since3 & before)
            .any()
            .alias("science_prize_3y"),
            _any_ranked(standard, rank, 5).alias("standard_led_top5_5y"),
            # 63号 附件2 直通(1): 省级 within the first three, 国家级 within the first five.
            _any_ranked_within(
                ((level == PROVINCIAL_PRIZE) & (rank <= 3))
                | ((level == NATIONAL_PRIZE) & (rank <= 5)),
                prize & level.is_in([NATIONAL_PRIZE, PROVINCIAL_PRIZE]) & since3 & before,
                rank,
            ).alias("science_prize_ranked_3y"),
        ),
    )


# A ranked flag leaves its list summary as a code, not a boolean: the enterprises with no events
# at all are filled in after the join (``_columns``), and a null there would read as "none
# recorded" (false) — an event recorded without its rank is unknown, never false.
_RANK_TRUE, _RANK_FALSE, _RANK_UNKNOWN = 1, 0, -1
RANKED_FLAGS = (
    "national_prize_top3_5y",
    "standard_led_top5_5y",
    "science_prize_ranked_3y",
    "provincial_rd_platform",
)


def _any_ranked_within(within: pl.Expr, matching: pl.Expr, rank: pl.Expr) -> pl.Expr:
    """Coded: a matching event's rank is ``within`` (1); one matches with no rank (-1); else 0."""
    ranked = (matching & within).any()
    unranked = (matching & rank.is_null()).any()
    return (
        pl.when(ranked)
        .then(pl.lit(_RANK_TRUE))
        .when(unranked)
        .then(pl.lit(_RANK_UNKNOWN))
        .otherwise(pl.lit(_RANK_FALSE))
    )


def _any_ranked(matching: pl.Expr, rank: pl.Expr, best: int) -> pl.Expr:
    """Coded like ``_any_ranked_within``: a matching event ranks within ``best``."""
    return _any_ranked_within(rank <= best, matching, rank)


def _ranked_flag(code: pl.Expr) -> pl.Expr:
    return pl.when(code == _RANK_UNKNOWN).then(pl.lit(None)).otherwise(code == _RANK_TRUE)


def _years_exceeded(as_of: date) -> pl.Expr:
    """Whole years since registration that have run out before ``as_of``: a year counted from
    the day after registration ends on the day of the same number (民法典第二百零一条、第二百
    零二条), or on the month's last day where that month has none (29 February → 28 February).
    So registered on 30 June 2016, ten years end on 30 June 2026: that day it is "not over ten
    years", the next it is — decided by the calendar, not by counting 3,652 or 3,653 days."""
    registered = pl.col("registered_on")
    month, day = registered.dt.month(), registered.dt.day()
    leap = as_of.year % 4 == 0 and (as_of.year % 100 != 0 or as_of.year % 400 == 0)
    if not leap:
        day = pl.when((month == 2) & (day == 29)).then(pl.lit(28)).otherwise(day)
    # This year's last day of a year of the period is before ``as_of``.
    ended = (month < as_of.month) | ((month == as_of.month) & (day < as_of.day))
    years = pl.lit(as_of.year) - registered.dt.year().cast(pl.Int64) - 1 + ended.cast(pl.Int64)
    # Evaluated on the day of registration or before it, no year has run out: 0, not -1.
    return years.clip(lower_bound=0)


@lru_cache(maxsize=16)
def _dated(as_of: date) -> tuple[tuple[pl.Expr, ...], dict[str, _ListSummary]]:
    """Everything in the frame that depends on the date, built once per date: the
    enterprise's own derived columns, and the summary of each record list by list name.

    Cached: building these expressions costs more than evaluating them for one enterprise.
    """
    application_year = as_of.year
    derived = (
        (pl.lit(as_of) - pl.col("registered_on")).dt.total_days().alias("days_registered"),
        pl.when(pl.col("registered_on").is_null())
        .then(None)
        .otherwise(
            pl.sum_horizontal(
                (pl.col("registered_on").dt.year() <= application_year - offset).cast(pl.Int64)
                for offset in (3, 2, 1)
            )
        )
        .alias("operating_years"),
        _years_exceeded(as_of).alias("registered_years_exceeded"),
        *_before_registration(application_year),
    )
    summaries = {
        "ip": _counts(as_of),
        "qualifications": _holdings(as_of),
        "platforms": _platforms(as_of),
        "events": _events(as_of),
        "incidents": _incidents(as_of),
    }
    return derived, summaries


def build_frame(
    records: Records, as_of: date, declarations: Mapping[str, Declaration]
) -> pl.DataFrame:
    """One row per enterprise with every input in ``CORE_INPUTS`` and every declaration."""
    derived, summaries = _dated(as_of)
    # A table with no rows would join nothing but nulls: its columns are written as such
    # (``_columns``) instead of planned as joins. Most of one enterprise's lists are empty.
    empty = frozenset(name for name in ("figures", *LISTS) if getattr(records, name).is_empty())
    tables: list[pl.LazyFrame] = []
    if "figures" not in empty:
        tables += _figure_tables(records.figures, as_of.year)
    for list_name, summary in summaries.items():
        if list_name not in empty:
            tables.append(summary.over(getattr(records, list_name)))
    declared = tuple((name, d.type) for name, d in declarations.items())
    given = frozenset(records.declarations["item"].unique()) & set(declarations)
    if given:
        tables.append(_declared(records.declarations, as_of, given))
    # Each table is matched to the enterprises on its own, narrow, and the results set side by
    # side: joining each onto the growing frame copied every column gathered so far, each time.
    # The enterprises' order is kept (the officers' tables follow it); a second row for one
    # enterprise in any table is an error, not a silently doubled enterprise.
    keys = records.enterprises.lazy().select("uscc")
    matched = [
        keys.join(table, on="uscc", how="left", validate="1:1", maintain_order="left").drop("uscc")
        for table in tables
    ]
    base = pl.concat([records.enterprises.lazy().with_columns(derived), *matched], how="horizontal")
    columns = _columns(declared, given, records.unknown, empty)
    # The in-memory engine: on this plan of joins the streaming one is slower at any size.
    return base.select(columns).collect(engine="in-memory", optimizations=pl.QueryOptFlags.none())


def _declared(declarations: pl.DataFrame, as_of: date, given: frozenset[str]) -> pl.LazyFrame:
    """Per enterprise, the declarations in force on ``as_of``, one column per item, each with
    its provenance beside it.

    A declaration counts from the day it was made to the end of that calendar year, unless a
    later one of the same item replaces it: the tech-SME self-evaluation is renewed every year
    (国科发政〔2017〕115号 第十二条) and an HNTE application is judged on the accounting years
    before its own year (国科发火〔2016〕195号 三(一)), so a statement made for one year's
    evaluation says nothing about the next. A profile file's declarations (no date) are made
    for the assessment it is read for.
    """
    made = pl.col("declared_on")
    current = (
        declarations.lazy()
        .filter(
            pl.col("item").is_in(sorted(given))
            & (made.is_null() | ((made <= as_of) & (made.dt.year() == as_of.year)))
        )
        .sort("declared_on", nulls_last=True)
        .group_by("uscc", "item")
        .last()
    )
    chosen = pl.col("item")
    return current.group_by("uscc").agg(
        aggregate
        for name in sorted(given)
        for aggregate in (
            pl.col("value").filter(chosen == name).first().alias(name),
            pl.struct("source", "declared_on")
            .filter(chosen == name)
            .first()
            .alias(PROVENANCE.format(name=name)),
        )
    )


def _declared_value(name: str, kind: str) -> pl.Expr:
    """A stored declaration's text as its pack's type: 是/否, a band, a number, yuan in fen."""
    text = pl.col(name)
    if kind == "boolean":
        return pl.when(text.is_null()).then(None).otherwise(text == YES)
    if kind == "money":
        return (text.cast(pl.Decimal(38, 2)) * 100).cast(pl.Int64)
    if kind == "number":
        return text.cast(pl.Float64)
    return text


# Which record table gives which input (the names do not depend on the date).
_SUMMARISED = {
    name: list_name
    for list_name, summary in _dated(date(2000, 1, 1))[1].items()
    for name in summary.names
}
_SOURCES = {**_SUMMARISED, **dict.fromkeys(_FIGURE_YEARS, "figures")}
# Public: which part of a profile answers each input (the next question groups by it).
INPUT_SOURCES: Mapping[str, str] = _SOURCES


@lru_cache(maxsize=64)
def _columns(
    declared: tuple[tuple[str, str], ...],
    given: frozenset[str],
    unknown: frozenset[str],
    empty: frozenset[str],
) -> tuple[pl.Expr, ...]:
    """The frame's columns in order, each cast to its type (cached, like _dated).

    A figure for a year before the enterprise was registered is zero, a year it did not report
    unknown. A list with nothing recorded for an enterprise sums to none (zero, false), unless
    the list was left out (``unknown``); the tables in ``empty`` were not joined, so nothing is
    recorded for anyone. A declaration not ``given`` is unknown; whether this is a re-review is a
    property of the request: the assessor sets it.
    """
    columns: list[pl.Expr] = [pl.col("uscc").cast(pl.String()), pl.col("name").cast(pl.String())]
    for name, item in CORE_INPUTS.items():
        value = pl.lit(None, dtype=item.dtype) if _SOURCES.get(name) in empty else pl.col(name)
        if name == "is_review":
            value = pl.lit(None, dtype=pl.Boolean)
        elif name in RANKED_FLAGS and _SUMMARISED[name] not in unknown:
            value = _ranked_flag(value.fill_null(_RANK_FALSE))
        elif name in RANKED_FLAGS:
            value = _ranked_flag(value)
        elif name in _SUMMARISED and _SUMMARISED[name] not in unknown:
            value = value.fill_null(_none_recorded(name))
        elif name in _FIGURE_YEARS:
            value = pl.coalesce(pl.col(_BEFORE_REGISTRATION[_FIGURE_YEARS[name]]), value)
        columns.append(value.cast(item.dtype).alias(name))
    for name, kind in declared:
        dtype = declared_dtypes()[kind]
        value = _declared_value(name, kind) if name in given else pl.lit(None, dtype=dtype)
        columns.append(value.cast(dtype).alias(name))
    columns.extend(pl.col(PROVENANCE.format(name=name)) for name, _ in declared if name in given)
    return tuple(columns)


def _none_recorded(name: str) -> pl.Expr:
    """What a name is when the register holds nothing for the enterprise."""
    if name == "science_prize_3y":
        return pl.lit(False)
    if name.startswith("holds_") or name in ("hnte_cancelled_this_year", "hnte_revoked_later"):
        return pl.lit(False)
    return pl.lit(0)
