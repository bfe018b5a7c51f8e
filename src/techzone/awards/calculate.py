"""Entitlements: every policy over its triggers, amounts as ranges, stacking resolved.

An entitlement is one policy paying for one trigger (an event, or a qualification gained). Its
id is ``<policy>|<trigger>`` — the event's own reference or the enterprise, qualification and
issue date — so recomputing a year, or the next year, never pays the same event twice under one
policy. Amounts are integer fen; a cap (最高) gives a range and a stated planning share, never a
certainty; a clause with no number has no amount.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from weakref import WeakKeyDictionary

import polars as pl

from techzone.awards.catalogue import Catalogue, CataloguedPolicy
from techzone.awards.compiler import CompiledPolicy
from techzone.awards.limits import apply_limits, limit_table
from techzone.awards.triggers import (
    event_rows,
    gain_rows,
    in_year,
    located,
    platform_rows,
    year_rows,
)
from techzone.glossary import citation
from techzone.rules import together
from techzone.rules.frame import Records, build_frame
from techzone.rules.pack import Parameter
from techzone.rules.policy import LEVEL_LABELS

ENTITLEMENT_SCHEMA: dict[str, pl.DataType] = {
    "entitlement_id": pl.String(),
    "policy_id": pl.String(),
    "uscc": pl.String(),
    "trigger_id": pl.String(),
    "trigger_date": pl.Date(),
    "status": pl.String(),
    "amount_min": pl.Int64(),
    "amount_max": pl.Int64(),
    "planned": pl.Int64(),
    "stacking_note": pl.String(),
    # The cap (最高) this entitlement counts against — policy group, subject and period — and
    # what the cap cut, if it did (already-reached caps across events, runs and the ledger).
    "limit_key": pl.String(),
    "cap_note": pl.String(),
}

# What the ledger already holds against caps: one row per recorded entitlement (fen).
RECORDED_SCHEMA: dict[str, pl.DataType] = {
    "entitlement_id": pl.String(),
    "limit_key": pl.String(),
    "amount_min": pl.Int64(),
    "amount_max": pl.Int64(),
    "planned": pl.Int64(),
    # What has been paid on it (fen), null if nothing: paid money keeps its place in a cap.
    "paid": pl.Int64(),
    # Given up by the enterprise (放弃) and never paid: it holds nothing in a cap (a frame
    # without the column counts every row).
    "waived": pl.Boolean(),
}


@dataclass(frozen=True)
class Settings:
    """The run's assumptions, stated in every budget."""

    planning_share: float = 1.0  # share of a cap (最高) planned for

    def describe(self) -> str:
        return (
            f"有上限（最高）的奖补按上限的{self.planning_share:.0%}列入预算；"
            "不少于的按下限；未规定金额的不计"
        )


def _fen(expr: pl.Expr | None) -> pl.Expr:
    # A rate gives fractions of a fen (10% of 12,345.67 元 is 1,234.567 元). The documents say
    # nothing of rounding, and rounding up would pay public money the rate does not give, so the
    # amount is cut to the whole fen; the round to 6 places first keeps a binary float's
    # 0.99999… of an exact product from losing a fen.
    if expr is None:
        return pl.lit(None, dtype=pl.Int64)
    return expr.round(6).floor().cast(pl.Int64)


# Where each kind of trigger comes from; zone-level happenings have none (catalogue only).
EVENTS, GAINS, PLATFORMS, YEARS = "events", "gains", "platforms", "years"


def _source(entry: CataloguedPolicy) -> str | None:
    trigger = entry.policy.trigger
    if trigger.event is not None:
        return EVENTS
    if trigger.qualification is not None:
        return GAINS
    if trigger.platform is not None:
        return PLATFORMS
    if trigger.annual:
        return YEARS
    return None


def _tops_up(entry: CataloguedPolicy) -> bool:
    return entry.policy.stacking is not None and entry.policy.stacking.rule == "top_up"


def _counts_back(entry: CataloguedPolicy) -> bool:
    """Whether the policy's cap spans its whole life: then its earlier years' entitlements,
    computed from the same records, use up the cap before this year's do. The ledger alone is
    not enough — a profile file has none, and a year never recorded would leave the cap whole."""
    limit = entry.policy.limit
    return (
        limit is not None
        and limit.per != "event"
        and limit.value is not None
        and limit.period == "lifetime"
    )


def _selects(entry: CataloguedPolicy, year: int) -> pl.Expr:
    """The rows of its source a policy pays for in ``year``: its trigger, within its dates.

    A top-up reads the project's earlier awards too, and a cap over the policy's life counts the
    earlier years' entitlements: their triggers are cut to the year only once stacked and
    counted against the cap.
    """
    trigger = entry.policy.trigger
    selected: pl.Expr = pl.lit(True)
    if trigger.event is not None:
        selected = pl.col("event_kind") == trigger.event.value
    elif trigger.qualification is not None:
        selected = pl.col("qualification_kind") == trigger.qualification.value
        if trigger.change == "first":
            selected = selected & pl.col("first_recognition")
        elif trigger.change == "renewal":
            selected = selected & ~pl.col("first_recognition")
    elif trigger.platform is not None:
        selected = pl.col("platform_kind") == trigger.platform.value
    if _tops_up(entry) or _counts_back(entry):
        selected = selected & (pl.col("trigger_date") <= date(year, 12, 31))
    else:
        selected = selected & _within(date(year, 1, 1), date(year, 12, 31))
    effective = entry.effective
    if _tops_up(entry):
        # 补差 reads the project's earlier award even from before the policy was in force: the
        # policy it replaced may have paid it. ``_stack`` never pays such a row.
        return selected & _within(date.min, effective.end)
    return selected & _within(effective.start, effective.end)


def _within(start: date, end: date | None) -> pl.Expr:
    inside = pl.col("trigger_date") >= start
    return inside if end is None else inside & (pl.col("trigger_date") <= end)


def _item(names: list[str]) -> pl.Expr:
    """What a per-item cap counts against: the event's 项目, or the platform itself."""
    if "event_project" in names:
        return pl.col("event_project")
    if "platform_item" in names:
        return pl.col("platform_item")
    return pl.lit(None, dtype=pl.String)


def _rows(
    compiled: CompiledPolicy, frame: pl.LazyFrame, selected: pl.Expr, year: int
) -> pl.LazyFrame:
    names = frame.collect_schema().names()
    condition = compiled.condition
    if "revoked_on" in names:
        # A qualification revoked by the year's end: no document says whether its 新认定/首次
        # award is still paid (or recovered), so it is undecided (待定), never certain. A policy
        # that could not pay it anyway (another place's, a condition failed) stays out: the
        # revocation only makes doubtful what the title alone would have decided.
        revoked = pl.col("revoked_on") <= year_end(year)
        condition = (
            pl.when(revoked & condition.fill_null(True))
            .then(pl.lit(None, dtype=pl.Boolean))
            .otherwise(condition)
        )
    if "renewed_early" in names:
        # A 重新认定 while the earlier certificate still runs past the year cannot have been one
        # (no 复审 since 2016; the firm applies again when its certificate runs out): as for a
        # revoked certificate, what the title alone would have paid is undecided, never certain.
        condition = (
            pl.when(pl.col("renewed_early") & condition.fill_null(True))
            .then(pl.lit(None, dtype=pl.Boolean))
            .otherwise(condition)
        )
    applicable = frame.filter(selected).with_columns(_condition=condition)
    # A condition that is false drops the row; an unknown one stays, pending the missing data.
    applicable = applicable.filter(pl.col("_condition").is_null() | pl.col("_condition"))
    ident, status, amounts = entitlement_columns(compiled)
    return applicable.select(
        *ident,
        "uscc",
        "trigger_id",
        "trigger_date",
        status,
        *amounts,
        pl.lit(None, dtype=pl.Int64).alias("planned"),
        pl.lit(None, dtype=pl.String).alias("stacking_note"),
        *(
            [pl.col("event_project")]
            if "event_project" in names
            else [pl.lit(None, dtype=pl.String).alias("event_project")]
        ),
        _item(names).alias("cap_item"),
    )


def entitlement_columns(
    compiled: CompiledPolicy,
) -> tuple[list[pl.Expr], pl.Expr, list[pl.Expr]]:
    """What every entitlement row says of its policy, over rows that carry ``trigger_id`` and
    the evaluated ``_condition``: (its id and policy, its status, its amount range in fen)."""
    entry = compiled.entry
    ident = [
        pl.concat_str(pl.lit(f"{entry.id}|"), pl.col("trigger_id")).alias("entitlement_id"),
        pl.lit(entry.id).alias("policy_id"),
    ]
    decided = pl.col("_condition")
    if compiled.low is not None and entry.policy.amount.kind != "estimate":
        # A payment whose number cannot be computed (a rate without its base, a per-person cap
        # without the count) waits for the data, whatever its condition says. A tax relief is
        # due all the same; only its estimate waits.
        decided = decided & compiled.low.is_not_null()
    status = pl.when(decided).then(pl.lit("eligible")).otherwise(pl.lit("unknown")).alias("status")
    amounts = [_fen(compiled.low).alias("amount_min"), _fen(compiled.high).alias("amount_max")]
    return ident, status, amounts


def _planned(settings: Settings) -> pl.Expr:
    low, high = pl.col("amount_min"), pl.col("amount_max")
    share = pl.lit(settings.planning_share)
    planned = pl.when(high.is_null()).then(low).otherwise(low + (high - low) * share)
    return planned.round(0).cast(pl.Int64)


def _stacked_groups(catalogue: Catalogue) -> set[str]:
    """Groups with a highest-only or top-up policy: the only rows stacking can change.

    A highest-only row yields only to a row of its own group and trigger, a top-up only to
    rows of its own group, enterprise and project; a row outside these groups is paid as it is.
    """
    return {
        entry.policy.stacking.group
        for entry in catalogue.policies.values()
        if entry.policy.stacking is not None
        and entry.policy.stacking.rule != "cumulative"
        and entry.policy.stacking.group is not None
    }


def tie_preference(policy_id: str, entry: CataloguedPolicy) -> str:
    """Which of a highest-only group's equal rows pays: the smallest. On a tie the originating
    document pays (a district restating a provincial award is not the payer of record): issuer
    level equal to payer level sorts first."""
    return ("0" if entry.policy.level == entry.policy.payer else "1") + policy_id


def _stack(frame: pl.LazyFrame, catalogue: Catalogue) -> pl.LazyFrame:
    """Apply each policy's stacking: highest-only groups, then top-ups across a project."""
    stacking = pl.DataFrame(
        [
            (
                policy_id,
                entry.policy.stacking.rule if entry.policy.stacking else "cumulative",
                entry.policy.stacking.group if entry.policy.stacking else None,
                tie_preference(policy_id, entry),
                entry.effective.start,
            )
            for policy_id, entry in catalogue.policies.items()
        ],
        schema={
            "policy_id": pl.String(),
            "stack_rule": pl.String(),
            "stack_group": pl.String(),
            "_preference": pl.String(),
            "_from": pl.Date(),
        },
        orient="row",
    )
    frame = frame.join(stacking.lazy(), on="policy_id", how="left")
    highest = pl.col("stack_rule") == "highest"
    # An undecided entitlement never displaces a certain one: rank eligible ones first.
    rank = pl.when(pl.col("status") == "eligible").then(pl.col("planned")).otherwise(-1)
    frame = frame.with_columns(_rank=rank.fill_null(-1))
    winner = (
        pl.col("_preference")
        .filter(pl.col("_rank") == pl.col("_rank").max())
        .min()
        .over("stack_group", "trigger_id")
    )
    frame = frame.with_columns(_winner=winner)
    frame = frame.with_columns(_superseded=highest & (pl.col("_preference") != pl.col("_winner")))
    frame = frame.with_columns(
        stacking_note=pl.when(pl.col("_superseded"))
        .then(
            pl.concat_str(pl.lit("就高不重复：由"), pl.col("_winner").str.slice(1), pl.lit("支付"))
        )
        .otherwise(pl.col("stacking_note")),
        amount_min=pl.when(pl.col("_superseded")).then(0).otherwise(pl.col("amount_min")),
        amount_max=pl.when(pl.col("_superseded")).then(0).otherwise(pl.col("amount_max")),
        planned=pl.when(pl.col("_superseded")).then(0).otherwise(pl.col("planned")),
    )
    top_up = pl.col("stack_rule") == "top_up"
    # An award of the project from before the policy was in force may or may not have been paid
    # under the policy it replaced (白银 第三条 "同一项目先后获得省级、国家级奖项时,
    # 按所获得的最高级奖项进行奖补、补差"): nothing of it is certain, all of it may have been
    # paid. Such a row is never paid here.
    before = top_up & (pl.col("trigger_date") < pl.col("_from"))
    frame = frame.with_columns(
        amount_min=pl.when(before).then(0).otherwise(pl.col("amount_min")),
        planned=pl.when(before).then(0).otherwise(pl.col("planned")),
        _before=before,
    )
    keys = ("stack_group", "uscc", "event_project")
    frame = frame.sort("trigger_date", "entitlement_id")
    earlier = {
        name: pl.col(name).cum_max().shift(1).over(keys).fill_null(0)
        for name in ("amount_min", "amount_max", "planned")
    }
    earlier_before = pl.col("_before").cast(pl.Int8).cum_max().shift(1).over(keys).fill_null(0)
    # What is certain is what no earlier award can have covered; what may be paid is what the
    # earlier awards certainly did not cover.
    less = {"amount_min": earlier["amount_max"], "amount_max": earlier["amount_min"]}
    less["planned"] = earlier["planned"]
    frame = frame.with_columns(
        **{
            name: pl.when(top_up)
            .then((pl.col(name) - less[name]).clip(lower_bound=0))
            .otherwise(pl.col(name))
            for name in ("amount_min", "amount_max", "planned")
        },
        stacking_note=pl.when(top_up & (earlier_before > 0))
        .then(
            pl.lit(
                "补差：同一项目在本政策施行前已获奖项，是否已按原政策奖补需核实；已奖补的只补差额"
            )
        )
        .when(top_up & (earlier["planned"] > 0))
        .then(pl.lit("补差：扣除同一项目此前已获奖补"))
        .otherwise(pl.col("stacking_note")),
    ).filter(~pl.col("_before"))
    return frame.drop(
        "_before",
        "_from",
        "_superseded",
        "_winner",
        "_preference",
        "_rank",
        "stack_rule",
        "stack_group",
        "event_project",
    )


@dataclass(frozen=True)
class _Policies:
    """The policies in force in a year over one pool, compiled once for each set of overrides,
    with the trigger rows they read collected once for all of them."""

    year: int
    by_source: dict[str, list[CataloguedPolicy]]
    compiled: list[dict[str, CompiledPolicy]]
    sources: dict[str, pl.DataFrame]
    selects: dict[str, pl.Expr]
    variants: Sequence[Mapping[str, Parameter]]


@dataclass(frozen=True)
class _Year:
    """What a year's calculation needs of the catalogue alone: the policies in force, compiled
    with the parameters of the year's end and no overrides, and the trigger rows each pays for."""

    by_source: dict[str, list[CataloguedPolicy]]
    compiled: dict[str, CompiledPolicy]
    selects: dict[str, pl.Expr]


# Per catalogue (loaded once per worker and never changed) and year: a one-enterprise calculation
# (the dossier, a self-assessment) spent a fifth of its time finding, compiling and selecting
# these again. Nothing in them depends on a caller or on the register.
_YEARS: WeakKeyDictionary[Catalogue, dict[int, _Year]] = WeakKeyDictionary()
_YEARS_KEPT = 8


def _year(catalogue: Catalogue, year: int) -> _Year:
    kept = _YEARS.setdefault(catalogue, {})
    found = kept.get(year)
    if found is None:
        day = year_end(year)
        by_source = _in_force(catalogue, year)
        policies = [entry for entries in by_source.values() for entry in entries]
        found = _Year(
            by_source,
            {entry.id: catalogue.compiled(entry, day, {}) for entry in policies},
            {entry.id: _selects(entry, year) for entry in policies},
        )
        if len(kept) >= _YEARS_KEPT:
            kept.clear()
        kept[year] = found
    return found


def _in_force(catalogue: Catalogue, year: int) -> dict[str, list[CataloguedPolicy]]:
    """The approved policies in force at some point of ``year``, by where their triggers are."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    by_source: dict[str, list[CataloguedPolicy]] = {}
    for entry in catalogue.policies.values():
        source = _source(entry)
        if (
            source is not None
            and entry.policy.review == "approved"
            and entry.effective.start <= end
            and (entry.effective.end is None or entry.effective.end >= start)
        ):
            by_source.setdefault(source, []).append(entry)
    return by_source


def _reads(compiled: CompiledPolicy) -> set[str]:
    expressions = [compiled.condition, compiled.low, compiled.high]
    return {name for expr in expressions if expr is not None for name in expr.meta.root_names()}


def _prepare(
    catalogue: Catalogue,
    records: Records,
    year: int,
    variants: Sequence[Mapping[str, Parameter]],
    profile: pl.DataFrame | None,
) -> _Policies:
    day = year_end(year)
    known = _year(catalogue, year)
    by_source = known.by_source
    compiled = [
        # Every policy compiled on its first day when the catalogue was read, and parameters only
        # gain values over time: one in force in the year compiles for its last day too.
        {
            entry.id: catalogue.compiled(entry, day, overrides)
            for policies in by_source.values()
            for entry in policies
        }
        if overrides
        else known.compiled
        for overrides in variants
    ]
    if profile is None:
        profile = year_end_profile(records, year)
    elif not profile["uscc"].equals(records.enterprises["uscc"]):
        raise ValueError("profile 不是这些记录的画像：企业与记录不一致")
    kinds = {
        entry.policy.trigger.qualification.value
        for entry in by_source.get(GAINS, [])
        if entry.policy.trigger.qualification is not None
    }
    # Made only for a source that has records to draw on (below): building the plans of the
    # three was some 2 ms of an enterprise's calculation, mostly for none.
    raw = {
        EVENTS: lambda: event_rows(records),
        GAINS: lambda: gain_rows(records, kinds),
        PLATFORMS: lambda: platform_rows(records),
    }
    # A source with no records to draw on has no rows (an event, a qualification gained or a
    # move with a certificate, a platform): nothing to plan, join or collect for it.
    drawn = {
        EVENTS: records.events,
        GAINS: records.qualifications,
        PLATFORMS: records.platforms,
    }
    plans = {}
    empty = {}
    for source, policies in by_source.items():
        if source in drawn and drawn[source].is_empty():
            empty[source] = pl.DataFrame()
            continue
        reads = {
            name for variant in compiled for entry in policies for name in _reads(variant[entry.id])
        }
        # Only the trigger rows some policy pays for, and only the profile inputs some policy
        # reads: joining every input onto every trigger of every year was most of the work.
        wanted = pl.any_horizontal(known.selects[entry.id] for entry in policies)
        if source == YEARS:
            inputs = sorted(reads & set(profile.columns) - {"uscc"})
            years = year_rows(profile.lazy().select("uscc", *inputs), year).filter(wanted)
            plans[source] = located(years, records)
            continue
        rows = raw[source]().filter(wanted)
        inputs = sorted(reads & set(profile.columns) - set(rows.collect_schema().names()))
        joined = rows.join(profile.lazy().select("uscc", *inputs), on="uscc", how="left")
        plans[source] = located(joined, records)
    collected = pl.collect_all(list(plans.values()))
    sources = {**dict(zip(plans, collected, strict=True)), **empty}
    return _Policies(year, by_source, compiled, sources, known.selects, variants)


def _paying(
    rows: pl.DataFrame, policies: list[CataloguedPolicy], selects: dict[str, pl.Expr]
) -> list[CataloguedPolicy]:
    """The policies with some row of their source to pay for, in their order.

    A policy that selects no row adds nothing to the entitlements, to stacking or to a cap;
    for one enterprise that is most policies, and planning their empty branches was most of
    the calculation's time. Found in one pass over the collected rows."""
    if rows.is_empty():
        return []
    found = rows.select(
        selects[entry.id].any().alias(str(index)) for index, entry in enumerate(policies)
    ).row(0)
    return [entry for entry, some in zip(policies, found, strict=True) if some]


def _changes_within(
    entry: CataloguedPolicy, overrides: Mapping[str, Parameter], year: int
) -> list[date]:
    """The days inside ``year`` (after its first) on which a parameter of the policy's pack takes
    a new value: a value replaced, not one appearing for the first time (before it the policy
    could not be computed at all, and the year's last day stands for the whole year)."""
    pack = entry.source.pack
    first, last = date(year, 1, 1), year_end(year)
    days: set[date] = set()
    for name, parameter in pack.parameters.items():
        starts = sorted(overrides.get(f"{pack.id}.{name}", parameter).values)
        days.update(start for start in starts[1:] if first < start <= last)
    return sorted(days)


def _dated_rows(
    catalogue: Catalogue,
    prepared: _Policies,
    variant: int,
    entry: CataloguedPolicy,
    frame: pl.LazyFrame,
) -> pl.LazyFrame:
    """The policy's rows, each trigger computed with the parameters in force on its own date.

    "自2025-08-01起改为8%" (a reform, or a pack's dated value) pays a purchase of March at the
    old rate: compiled only for the year's last day, every trigger of the year took the new one.
    """
    year, selected = prepared.year, prepared.selects[entry.id]
    at_end = prepared.compiled[variant][entry.id]
    changes = _changes_within(entry, prepared.variants[variant], year)
    if not changes:
        return _rows(at_end, frame, selected, year)
    parts, after = [], None
    for change in changes:
        before = pl.col("trigger_date") < change
        span = before if after is None else before & (pl.col("trigger_date") >= after)
        day = change - timedelta(days=1)
        compiled = catalogue.compiled(entry, day, prepared.variants[variant])
        parts.append(_rows(compiled, frame, selected & span, year))
        after = change
    parts.append(_rows(at_end, frame, selected & (pl.col("trigger_date") >= after), year))
    return pl.concat(parts, how="vertical_relaxed")


def _dated_limits(
    catalogue: Catalogue, prepared: _Policies, variant: int, paying: set[str]
) -> pl.Expr | None:
    """Each trigger's cap as in force on its date, where a cap changes inside the year.

    The cap table holds the year's last value: lowered "自2025-07-01起", it cut a loan of
    30 June to the new cap as well. A trigger before a change counts against the cap of its
    own day; ones after it against the new cap, over what the earlier ones took. Where the
    earlier day has no cap in force, the year's last stands (the reading that cannot overpay).
    """
    overrides = prepared.variants[variant]
    branches: list[tuple[pl.Expr, int]] = []
    for policies in prepared.by_source.values():
        for entry in policies:
            if entry.id not in paying:
                continue
            for change in _changes_within(entry, overrides, prepared.year):
                earlier = catalogue.compiled(entry, change - timedelta(days=1), overrides)
                table = limit_table({entry.id: earlier})
                if table.is_empty():
                    continue
                when = (pl.col("policy_id") == entry.id) & (pl.col("trigger_date") < change)
                branches.append((when, int(table["_limit"][0])))
    if not branches:
        return None
    # The earliest change last in the nesting, so it is tested first: a trigger takes the cap
    # of the first span it falls before.
    limit: pl.Expr = pl.col("_limit")
    for when, value in reversed(branches):
        limit = pl.when(when).then(pl.lit(value, dtype=pl.Int64)).otherwise(limit)
    return limit


def _plan(
    catalogue: Catalogue,
    prepared: _Policies,
    variant: int,
    settings: Settings,
    recorded: pl.DataFrame | None,
) -> pl.LazyFrame:
    year = prepared.year
    grouped = _stacked_groups(catalogue)
    plain, stacked = [], []
    paying: set[str] = set()
    for source, policies in prepared.by_source.items():
        collected = prepared.sources[source]
        frame = collected.lazy()
        for entry in _paying(collected, policies, prepared.selects):
            paying.add(entry.id)
            rows = _dated_rows(catalogue, prepared, variant, entry, frame)
            stacking = entry.policy.stacking
            if stacking is not None and stacking.group in grouped:
                stacked.append(rows)
            else:
                plain.append(rows)
    parts = []
    if plain:
        parts.append(
            pl.concat(plain, how="vertical_relaxed").with_columns(planned=_planned(settings))
        )
    if stacked:
        together = pl.concat(stacked, how="vertical_relaxed").with_columns(
            planned=_planned(settings)
        )
        parts.append(_stack(together, catalogue))
    if not parts:
        return pl.LazyFrame(schema=ENTITLEMENT_SCHEMA)
    computed = [name for name in ENTITLEMENT_SCHEMA if name not in ("limit_key", "cap_note")]
    together = pl.concat(
        [part.select(*computed, "cap_item") for part in parts], how="vertical_relaxed"
    )
    limits = limit_table(prepared.compiled[variant])
    unlimited = together.with_columns(
        limit_key=pl.lit(None, dtype=pl.String), cap_note=pl.lit(None, dtype=pl.String)
    )
    if _capped(paying, limits):
        # Only the few policies with a cap across triggers are counted; the rest pass as they
        # are.
        limited = pl.col("policy_id").is_in(limits["policy_id"].implode())
        counted = pl.concat(
            [
                apply_limits(
                    together.filter(limited),
                    limits,
                    recorded,
                    _dated_limits(catalogue, prepared, variant, paying),
                ),
                unlimited.filter(~limited),
            ],
            how="diagonal_relaxed",
        )
    else:
        # No policy paying here has a cap: counting caps over no row planned and ran its
        # window sums and notes all the same (a quarter of a self-assessment's calculation).
        counted = unlimited
    # Earlier years' rows (top-ups, caps over a policy's life) have done their work: only the
    # year's entitlements are the year's.
    return in_year(counted, year).select(list(ENTITLEMENT_SCHEMA))


def _capped(paying: set[str], limits: pl.DataFrame) -> bool:
    """Whether some of the ``paying`` policies has a cap counted across its triggers."""
    return not paying.isdisjoint(limits["policy_id"].to_list())


def entitlements_side_by_side(
    catalogue: Catalogue,
    records: Records,
    year: int,
    settings: Settings,
    variants: Sequence[Mapping[str, Parameter]],
    profile: pl.DataFrame | None = None,
    recorded: pl.DataFrame | None = None,
) -> list[pl.DataFrame]:
    """``entitlements`` for several sets of overrides over one pool and year, sharing the
    profile and the trigger rows (a reform beside its baseline)."""
    prepared = _prepare(catalogue, records, year, variants, profile)
    found = pl.collect_all(
        [_plan(catalogue, prepared, index, settings, recorded) for index in range(len(variants))]
    )
    # Sorted once collected: as the last step of the plan, the sort took twice as long.
    # trigger_id last: two triggers of one enterprise on one day must not come out in any order.
    return [frame.sort("uscc", "trigger_date", "policy_id", "trigger_id") for frame in found]


def entitlements(
    catalogue: Catalogue,
    records: Records,
    year: int,
    settings: Settings | None = None,
    overrides: Mapping[str, Parameter] | None = None,
    profile: pl.DataFrame | None = None,
    recorded: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every entitlement arising in ``year``, with amounts in fen and stacking resolved.

    Parameters are taken as in force at the year's end; ``overrides`` replace parameters by
    ``<pack>.<name>`` (a reform). Policies still under review are not paid. Conditions read the
    ``records``' profile frame on the year's last day; a caller that has it already (built with
    ``year_end_profile``) passes it as ``profile`` rather than have it built again.

    A cap (最高) over a subject and a period counts this run's entitlements in date order after
    what ``recorded`` (the ledger, ``ledger.recorded``) already holds against it.
    """
    (found,) = entitlements_side_by_side(
        catalogue, records, year, settings or Settings(), [overrides or {}], profile, recorded
    )
    return found


def entitlements_many(
    catalogue: Catalogue, asked: Sequence[tuple[Records, int, pl.DataFrame | None]]
) -> list[pl.DataFrame | Exception]:
    """``entitlements(catalogue, records, year, recorded=recorded)`` for each (one enterprise's
    records, year, ledger), in order: each its entitlements or the error it raises alone.

    Enterprises of one year and one shape are calculated together, in one plan (Polars' cost is
    per plan, not per row): everything the calculation does — triggers, stacking, caps — is per
    enterprise, by its USCC. Of each request's ledger only the rows under its own enterprise's
    caps are kept (every cap key is ``<group>|<uscc>…``, ``limits.apply_limits``): what another
    request read cannot change an enterprise's amounts. An enterprise asked twice goes into
    another batch; a batch that fails is calculated one enterprise at a time."""
    answers: list[pl.DataFrame | Exception | None] = [None] * len(asked)
    groups: dict[tuple[int, frozenset[str], int], list[int]] = {}
    seen: dict[tuple[int, frozenset[str], str], int] = {}
    for index, (records, year, _) in enumerate(asked):
        usccs = records.enterprises["uscc"].to_list()
        if len(usccs) != 1:
            groups[(year, records.unknown, -1 - index)] = [index]
            continue
        # The n-th request for one enterprise goes into the n-th batch: one row per enterprise.
        turn = seen.get((year, records.unknown, usccs[0]), 0)
        seen[(year, records.unknown, usccs[0])] = turn + 1
        groups.setdefault((year, records.unknown, turn), []).append(index)
    for (year, _, _), members in groups.items():
        found = together.answered(
            [asked[i] for i in members],
            partial(_calculate_together, catalogue, year),
            partial(_calculate_alone, catalogue, year),
            "entitlements",
        )
        for index, answer in zip(members, found, strict=True):
            answers[index] = answer
    return [answer for answer in answers if answer is not None]


def _calculate_alone(
    catalogue: Catalogue, year: int, part: tuple[Records, int, pl.DataFrame | None]
) -> pl.DataFrame:
    return entitlements(catalogue, part[0], year, recorded=part[2])


def _own(held: pl.DataFrame | None, uscc: str) -> pl.DataFrame | None:
    """The ledger's rows under the enterprise's own caps (``<group>|<uscc>…``)."""
    if held is None or held.is_empty():
        return held
    subject = pl.col("limit_key").str.split("|").list.get(1, null_on_oob=True)
    return held.filter(subject == uscc)


def _calculate_together(
    catalogue: Catalogue,
    year: int,
    parts: list[tuple[Records, int, pl.DataFrame | None]],
) -> list[pl.DataFrame]:
    usccs = [records.enterprises.item(0, "uscc") for records, _, _ in parts]
    records = together.joined([records for records, _, _ in parts])
    ledgers = [
        own
        for (_, _, held), u in zip(parts, usccs, strict=True)
        if (own := _own(held, u)) is not None
    ]
    held = pl.concat(ledgers) if ledgers else None
    found = entitlements(catalogue, records, year, recorded=held)
    split = found.partition_by("uscc", as_dict=True, maintain_order=True)
    return [split.get((uscc,), found.clear()) for uscc in usccs]


def year_end(year: int) -> date:
    """The day award conditions are assessed on: the year's last."""
    return date(year, 12, 31)


def year_end_profile(records: Records, year: int) -> pl.DataFrame:
    """The profile frame award conditions read for ``year`` (no declarations: policies read
    only recorded inputs)."""
    return build_frame(records, year_end(year), {})


def payer_of(catalogue: Catalogue) -> pl.DataFrame:
    """Policy metadata for joining onto entitlements (payer, kind, category, title)."""
    return pl.DataFrame(
        [
            (
                pid,
                e.policy.title,
                LEVEL_LABELS[e.policy.payer],
                e.policy.kind,
                e.policy.category,
                e.policy.clause.ref,
                citation(e.source.pack.document.title, e.policy.clause.ref),
                e.policy.amount.text,
            )
            for pid, e in catalogue.policies.items()
        ],
        schema={
            "policy_id": pl.String(),
            "title": pl.String(),
            "payer": pl.String(),
            "kind": pl.String(),
            "category": pl.String(),
            "clause": pl.String(),
            "cited": pl.String(),
            "amount_text": pl.String(),
        },
        orient="row",
    )
