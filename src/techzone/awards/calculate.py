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
from techzone.awards.triggers import TRIGGER_INPUTS, Triggers, in_year, triggers
from techzone.rules.compiler import FEN, ResolvedParameter
from techzone.rules.expressions import Compiler, ExpressionError
from techzone.rules.frame import Records, build_frame
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.loader import PackError
from techzone.rules.pack import Parameter
from techzone.rules.policy import LEVEL_LABELS, Amount

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
# A range with no upper bound (不少于) is planned at its minimum.
OPEN = None


@dataclass(frozen=True)
class Settings:
    """The run's assumptions, stated in every budget."""

    planning_share: float = 1.0  # share of a cap (最高) planned for

    def describe(self) -> str:
        return (
            f"有上限（最高）的奖补按上限的{self.planning_share:.0%}列入预算；"
            "不少于的按下限；未规定金额的不计"
        )


@dataclass(frozen=True)
class CompiledPolicy:
    entry: CataloguedPolicy
    condition: pl.Expr
    low: pl.Expr | None
    high: pl.Expr | None
    parameters: dict[str, ResolvedParameter]


def _parameters(
    entry: CataloguedPolicy, day: date, overrides: Mapping[str, Parameter]
) -> dict[str, ResolvedParameter]:
    resolved = {}
    pack = entry.source.pack
    for name, parameter in pack.parameters.items():
        parameter = overrides.get(f"{pack.id}.{name}", parameter)
        found = parameter.at(day)
        if found is None:
            continue
        since, value = found
        resolved[name] = ResolvedParameter(
            name, parameter.label, parameter.clause, parameter.unit, since, value, parameter.note
        )
    return resolved


class PolicyCompiler:
    def __init__(
        self, entry: CataloguedPolicy, day: date, overrides: Mapping[str, Parameter]
    ) -> None:
        self.entry = entry
        self.parameters = _parameters(entry, day, overrides)
        self.compiler = Compiler(self._resolve, {})

    def _resolve(self, name: str) -> pl.Expr:
        if name in CORE_INPUTS or name in TRIGGER_INPUTS:
            return pl.col(name)
        parameter = self.parameters.get(name)
        if parameter is None:
            raise ExpressionError(
                f"未知名称「{name}」（不是输入、触发字段或参数，或参数在该日尚未生效）"
            )
        if not isinstance(parameter.value, int | float):
            raise ExpressionError(f"参数「{name}」是分段或表格，不能直接用于表达式")
        value = float(parameter.value)
        return pl.lit(value * FEN if parameter.unit == "yuan" else value)

    def _money(self, name: str) -> pl.Expr:
        return self._resolve(name)

    def _table(self, amount: Amount) -> pl.Expr:
        assert amount.table is not None and amount.grade is not None
        parameter = self.parameters.get(amount.table)
        if parameter is None or not isinstance(parameter.value, dict):
            raise ExpressionError(f"table「{amount.table}」须为金额表参数")
        grade = self.compiler.compile(amount.grade)
        result: pl.Expr = pl.lit(None, dtype=pl.Float64)
        for key, value in parameter.value.items():
            if not isinstance(value, int | float):
                raise ExpressionError(f"table「{amount.table}」须为金额表参数（等级 → 金额）")
            fen = float(value) * (FEN if parameter.unit == "yuan" else 1)
            result = pl.when(grade == key).then(pl.lit(fen)).otherwise(result)
        return result

    def amount(self) -> tuple[pl.Expr | None, pl.Expr | None]:
        """(min, max) in fen; max None for an open range; both None when no number is given."""
        amount = self.entry.policy.amount
        kind = amount.kind
        if kind == "none":
            return None, None
        units = self.compiler.compile(amount.units) if amount.units else pl.lit(1.0)
        if kind in ("fixed", "cap", "at_least", "per_unit", "per_month"):
            assert amount.value is not None
            value = self._money(amount.value) * units
            if kind == "at_least":
                return value, OPEN
            capped = kind == "cap" or amount.up_to
            return (pl.lit(0.0) if capped else value), value
        if kind in ("rate", "estimate", "rate_cap"):
            assert amount.rate is not None and amount.base is not None
            value = self._resolve(amount.rate) * self.compiler.compile(amount.base)
            if kind == "rate_cap":
                assert amount.cap is not None
                value = pl.min_horizontal(value, self._money(amount.cap))
            return value, value
        value = self._table(amount) * units
        return (pl.lit(0.0) if amount.up_to else value), value

    def compile(self) -> CompiledPolicy:
        policy = self.entry.policy
        rule = f"policies.{self.entry.id.split('.', 1)[1]}"
        try:
            where = self.entry.source.pack.jurisdiction.condition()
            condition = self.compiler.compile(
                f"({where}) AND ({policy.when})" if policy.when else where
            )
            low, high = self.amount()
        except ExpressionError as error:
            raise PackError(self.entry.source.path, rule, str(error)) from error
        return CompiledPolicy(self.entry, condition, low, high, self.parameters)


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
    winner = (
        pl.col("_preference")
        .filter(pl.col("planned") == pl.col("planned").max())
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
        "_superseded", "_winner", "_preference", "stack_rule", "stack_group", "event_project"
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
    for entry in catalogue.policies.values():
        if entry.policy.review != "approved":
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
