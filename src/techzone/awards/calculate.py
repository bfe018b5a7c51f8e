"""Entitlements: every policy over its triggers, amounts as ranges, stacking resolved.

An entitlement is one policy paying for one trigger (an event, or a qualification gained). Its
id is ``<policy>|<trigger>`` — the event's own reference or the enterprise, qualification and
issue date — so recomputing a year, or the next year, never pays the same event twice under one
policy. Amounts are integer fen; a cap (最高) gives a range and a stated planning share, never a
certainty; a clause with no number has no amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from techzone.awards.catalogue import Catalogue, CataloguedPolicy
from techzone.awards.compiler import CompiledPolicy, PolicyCompiler
from techzone.awards.triggers import Triggers, in_year, triggers
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
    if expr is None:
        return pl.lit(None, dtype=pl.Int64)
    return expr.round(0).cast(pl.Int64)


def _rows(compiled: CompiledPolicy, frame: pl.DataFrame) -> pl.DataFrame:
    entry = compiled.entry
    effective = entry.effective
    window = pl.col("trigger_date") >= effective.start
    if effective.end is not None:
        window = window & (pl.col("trigger_date") <= effective.end)
    applicable = frame.filter(window).with_columns(_condition=compiled.condition)
    # A condition that is false drops the row; an unknown one stays, pending the missing data.
    applicable = applicable.filter(pl.col("_condition").is_null() | pl.col("_condition"))
    return applicable.select(
        pl.concat_str(pl.lit(f"{entry.id}|"), pl.col("trigger_id")).alias("entitlement_id"),
        pl.lit(entry.id).alias("policy_id"),
        "uscc",
        "trigger_id",
        "trigger_date",
        pl.when(pl.col("_condition"))
        .then(pl.lit("eligible"))
        .otherwise(pl.lit("unknown"))
        .alias("status"),
        _fen(compiled.low).alias("amount_min"),
        _fen(compiled.high).alias("amount_max"),
        pl.lit(None, dtype=pl.Int64).alias("planned"),
        pl.lit(None, dtype=pl.String).alias("stacking_note"),
        *(
            [pl.col("event_project")]
            if "event_project" in frame.columns
            else [pl.lit(None, dtype=pl.String).alias("event_project")]
        ),
    )


def _trigger_frame(entry: CataloguedPolicy, found: Triggers) -> pl.DataFrame | None:
    trigger = entry.policy.trigger
    if trigger.event is not None:
        return found.events.filter(pl.col("event_kind") == trigger.event.value)
    if trigger.qualification is not None:
        gains = found.gains.filter(pl.col("qualification_kind") == trigger.qualification.value)
        if trigger.change == "first":
            gains = gains.filter(pl.col("first_recognition"))
        elif trigger.change == "renewal":
            gains = gains.filter(~pl.col("first_recognition"))
        return gains
    if trigger.platform is not None:
        return found.platforms.filter(pl.col("platform_kind") == trigger.platform.value)
    if trigger.annual:
        return found.years
    return None  # zone-level happenings: catalogue only


def _planned(settings: Settings) -> pl.Expr:
    low, high = pl.col("amount_min"), pl.col("amount_max")
    share = pl.lit(settings.planning_share)
    planned = pl.when(high.is_null()).then(low).otherwise(low + (high - low) * share)
    return planned.round(0).cast(pl.Int64)


def _stack(frame: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """Apply each policy's stacking: highest-only groups, then top-ups across a project."""
    stacking = pl.DataFrame(
        [
            (
                policy_id,
                entry.policy.stacking.rule if entry.policy.stacking else "cumulative",
                entry.policy.stacking.group if entry.policy.stacking else None,
                # On a tie the originating document pays (a district restating a provincial award
                # is not the payer of record): issuer level equal to payer level sorts first.
                ("0" if entry.policy.level == entry.policy.payer else "1") + policy_id,
            )
            for policy_id, entry in catalogue.policies.items()
        ],
        schema={
            "policy_id": pl.String(),
            "stack_rule": pl.String(),
            "stack_group": pl.String(),
            "_preference": pl.String(),
        },
        orient="row",
    )
    frame = frame.join(stacking, on="policy_id", how="left")
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
    keys = ("stack_group", "uscc", "event_project")
    frame = frame.sort("trigger_date", "entitlement_id")
    earlier = {
        name: pl.col(name).cum_max().shift(1).over(keys).fill_null(0)
        for name in ("amount_min", "amount_max", "planned")
    }
    frame = frame.with_columns(
        **{
            name: pl.when(top_up)
            .then((pl.col(name) - earlier[name]).clip(lower_bound=0))
            .otherwise(pl.col(name))
            for name in ("amount_min", "amount_max", "planned")
        },
        stacking_note=pl.when(top_up & (earlier["planned"] > 0))
        .then(pl.lit("补差：扣除同一项目此前已获奖补"))
        .otherwise(pl.col("stacking_note")),
    )
    return frame.drop(
        "_superseded",
        "_winner",
        "_preference",
        "_rank",
        "stack_rule",
        "stack_group",
        "event_project",
    )


def entitlements(
    catalogue: Catalogue,
    records: Records,
    year: int,
    settings: Settings | None = None,
    overrides: Mapping[str, Parameter] | None = None,
) -> pl.DataFrame:
    """Every entitlement arising in ``year``, with amounts in fen and stacking resolved.

    Parameters are taken as in force at the year's end; ``overrides`` replace parameters by
    ``<pack>.<name>`` (a reform). Policies still under review are not paid.
    """
    settings = settings or Settings()
    day = date(year, 12, 31)
    profile = build_frame(records, day, {})
    found = triggers(records, profile, year)
    parts = []
    start, end = date(year, 1, 1), day
    for entry in catalogue.policies.values():
        effective = entry.effective
        if entry.policy.review != "approved" or effective.start > end:
            continue
        if effective.end is not None and effective.end < start:
            continue
        frame = _trigger_frame(entry, found)
        if frame is None or frame.is_empty():
            continue
        if entry.policy.stacking is None or entry.policy.stacking.rule != "top_up":
            frame = in_year(frame, year)
        compiled = PolicyCompiler(entry, day, overrides or {}).compile()
        parts.append(_rows(compiled, frame))
    if not parts:
        return pl.DataFrame(schema=ENTITLEMENT_SCHEMA)
    combined = pl.concat(parts, how="vertical_relaxed").with_columns(planned=_planned(settings))
    stacked = _stack(combined, catalogue)
    return (
        in_year(stacked, year)
        .select(list(ENTITLEMENT_SCHEMA))
        .sort("uscc", "trigger_date", "policy_id")
    )


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
            "amount_text": pl.String(),
        },
        orient="row",
    )
