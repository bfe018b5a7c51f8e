"""Compiling a policy for a date: conditions and amounts as Polars expressions in fen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from techzone.awards.triggers import TRIGGER_INPUTS
from techzone.rules.compiler import FEN, ResolvedParameter
from techzone.rules.expressions import Compiler, ExpressionError
from techzone.rules.inputs import CORE_INPUTS
from techzone.rules.loader import PackError
from techzone.rules.pack import Parameter
from techzone.rules.policy import Amount

if TYPE_CHECKING:
    from techzone.awards.catalogue import CataloguedPolicy

# A range with no upper bound (不少于) is planned at its minimum.
OPEN = None


def _from_nothing(cap: pl.Expr) -> pl.Expr:
    """The low end of "最高…": nothing — unless the cap itself is unknown (每人每月最高3000元 with
    no count of persons or months), when the whole range is, and the entitlement waits for it
    rather than read as an open range from 0."""
    return pl.when(cap.is_null()).then(pl.lit(None, dtype=pl.Float64)).otherwise(pl.lit(0.0))


@dataclass(frozen=True)
class CompiledPolicy:
    entry: CataloguedPolicy
    condition: pl.Expr
    low: pl.Expr | None
    high: pl.Expr | None
    parameters: dict[str, ResolvedParameter]


def resolve_parameters(
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
        self.parameters = resolve_parameters(entry, day, overrides)
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
            return (_from_nothing(value) if capped else value), value
        if kind in ("rate", "estimate", "rate_cap"):
            assert amount.rate is not None and amount.base is not None
            value = self._resolve(amount.rate) * self.compiler.compile(amount.base)
            if kind == "rate_cap":
                assert amount.cap is not None
                value = pl.min_horizontal(value, self._money(amount.cap))
            return value, value
        value = self._table(amount) * units
        return (_from_nothing(value) if amount.up_to else value), value

    def compile(self) -> CompiledPolicy:
        policy = self.entry.policy
        rule = f"policies.{self.entry.id.split('.', 1)[1]}"
        try:
            where = self.entry.jurisdiction.condition()
            condition = self.compiler.compile(
                f"({where}) AND ({policy.when})" if policy.when else where
            )
            low, high = self.amount()
        except ExpressionError as error:
            raise PackError(self.entry.source.path, rule, str(error)) from error
        return CompiledPolicy(self.entry, condition, low, high, self.parameters)
