"""Compiling a pack for a date: parameters become literals, rules become Polars expressions.

A compiled pack is a set of named output columns (criteria, variables, score ranges, gaps,
flags, the verdict) that evaluate over a whole profile frame at once; the single-enterprise
path evaluates the same expressions over a one-row frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from techzone.rules import exact
from techzone.rules.exact import Exact
from techzone.rules.expressions import (
    Compiler,
    ExpressionError,
    Scale,
    fraction,
    names,
    parse,
)
from techzone.rules.inputs import CORE_INPUTS, declared_dtypes
from techzone.rules.pack import (
    BandPoints,
    Criterion,
    Declaration,
    Pack,
    ParameterValue,
    Score,
    ScoreItem,
    Unit,
)

FEN = 100
ROUNDED_UNITS = ("ratio", "count", "points", "persons", "years", "days")
ROUNDING_PLACES = 12
# Beyond the exact range a ratio is clipped to ±2**70, far above any threshold, so that its
# 12-place fraction stays within 128 bits.
FALLBACK_BITS = 70
# Gaps and flags read anything and nothing reads them: they are computed last.
FINAL_STAGE = 10_000


class RuleError(ValueError):
    """A rule that cannot be compiled; ``rule`` names it (``criteria.rd_ratio``)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{rule}：{message}")
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class ResolvedParameter:
    name: str
    label: str
    clause: str
    unit: Unit | None
    since: date
    value: ParameterValue
    note: str | None


def column(pack_id: str, kind: str, name: str) -> str:
    """The output column of one rule: ``hnte|criterion|rd_ratio``."""
    return f"{pack_id}|{kind}|{name}"


@dataclass
class CompiledPack:
    """Output columns in stages: a stage reads only inputs and the columns of earlier stages.

    Evaluating stage by stage keeps every expression small (a variable is computed once and
    read by name), which is what makes a single assessment take milliseconds.
    """

    pack: Pack
    as_of: date
    parameters: dict[str, ResolvedParameter]
    outputs: dict[str, pl.Expr] = field(default_factory=dict)
    stage: dict[str, int] = field(default_factory=dict)
    # For each criterion and score item: the inputs it reads, directly or through variables.
    reads: dict[str, set[str]] = field(default_factory=dict)
    # For each criterion: the values its explanation shows (inputs, variables, score totals).
    shows: dict[str, list[str]] = field(default_factory=dict)
    # For each criterion: the parameters it reads, directly or through variables.
    cites: dict[str, list[str]] = field(default_factory=dict)

    def out(self, kind: str, name: str) -> str:
        return column(self.pack.id, kind, name)

    @property
    def applies(self) -> str | None:
        """The column saying whether a local pack's criteria apply where the enterprise is
        (null: its place is unknown); none for a pack that applies everywhere."""
        return self.out("applies", "jurisdiction") if self.pack.jurisdiction is not None else None

    def add(self, name: str, expr: pl.Expr, stage: int) -> None:
        self.outputs[name] = expr
        self.stage[name] = stage

    @property
    def working(self) -> list[str]:
        """Columns only later stages read (exact numerators and denominators), not results."""
        return [name for name in self.outputs if name.split("|")[1].startswith("exact_")]

    def layers(self) -> list[dict[str, pl.Expr]]:
        stages = sorted(set(self.stage.values()))
        return [
            {name: expr for name, expr in self.outputs.items() if self.stage[name] == stage}
            for stage in stages
        ]


def _points(column: list[float]) -> pl.Expr:
    """A column of a band table, in the table's band order."""
    return pl.lit(pl.Series(column, dtype=pl.Float64))


def _to_fen(value: float, unit: Unit | None) -> float:
    return value * FEN if unit == "yuan" else value


class PackCompiler:
    def __init__(self, pack: Pack, as_of: date, declarations: Mapping[str, Declaration]) -> None:
        self.pack = pack
        self.as_of = as_of
        self.declarations = declarations
        self.parameters = self._resolve_parameters()
        self.compiled = CompiledPack(pack, as_of, self.parameters)
        self._visiting: list[str] = []
        self._score_columns: dict[str, pl.Expr] = {}
        # Score result names (``<item>_min``) → the inputs behind them, for "missing" lists.
        self._score_reads: dict[str, set[str]] = {}
        # Each numeric variable's exact form, read by comparisons (rules/exact.py).
        self._exact: dict[str, Exact | None] = {}
        self.compiler = Compiler(self._resolve, self._scales(), self._resolve_exact)

    def _scales(self) -> dict[str, Scale]:
        scales = {}
        for name, parameter in self.parameters.items():
            if isinstance(parameter.value, list):
                base_unit = self.pack.parameters[name].base_unit
                scales[name] = Scale(
                    tuple(
                        (
                            None if b.bound is None else _to_fen(b.bound, base_unit),
                            b.up_to is not None,
                            b.value,
                        )
                        for b in parameter.value
                    )
                )
        return scales

    def _resolve_parameters(self) -> dict[str, ResolvedParameter]:
        resolved = {}
        for name, parameter in self.pack.parameters.items():
            found = parameter.at(self.as_of)
            if found is None:
                raise RuleError(
                    f"parameters.{name}", f"{self.as_of} 时尚未生效（最早 {min(parameter.values)}）"
                )
            since, value = found
            resolved[name] = ResolvedParameter(
                name,
                parameter.label,
                parameter.clause,
                parameter.unit,
                since,
                value,
                parameter.note,
            )
        return resolved

    # ----- names -------------------------------------------------------------------------

    def _resolve(self, name: str) -> pl.Expr:
        if name in CORE_INPUTS or name in self.declarations:
            return pl.col(name)
        parameter = self.parameters.get(name)
        if parameter is not None:
            if not isinstance(parameter.value, float | int):
                raise ExpressionError(f"参数「{name}」是分段或档次表，须通过 scale() 或评分项使用")
            return pl.lit(_to_fen(float(parameter.value), parameter.unit))
        if name in self.pack.variables:
            return self._variable(name)
        if name in self._score_columns:
            return self._score_columns[name]
        raise ExpressionError(f"未知名称「{name}」（不是输入、声明、参数、变量或评分结果）")

    def _resolve_exact(self, name: str) -> Exact | None:
        """The exact form of a name: integer inputs (fen, counts), headcounts to the hundredth,
        parameters as the decimals written, and variables built from those."""
        source = CORE_INPUTS.get(name)
        if source is not None:
            if source.dtype == pl.Int64():
                return exact.integer_column(name)
            if source.unit == "persons":
                return exact.hundredths_column(name)
            return None
        declaration = self.declarations.get(name)
        if declaration is not None:
            dtype = declared_dtypes().get(declaration.type)
            return exact.integer_column(name) if dtype == pl.Int64() else None
        parameter = self.parameters.get(name)
        if parameter is not None:
            value = fraction(parameter.value)
            if value is None:
                return None
            return exact.constant(value * FEN if parameter.unit == "yuan" else value)
        if name in self.pack.variables:
            self._variable(name)
            if name not in self._exact:
                self._exact[name] = self._exact_variable(name)
            return self._exact[name]
        return None

    def _exact_variable(self, name: str) -> Exact | None:
        """A variable's exact form, on the first comparison that reads it. A quotient keeps its
        numerator and denominator as columns of the variable's stage, so that every comparison
        reads them rather than recomputing; anything else is small enough to inline."""
        found = self.compiler.exact(parse(self.pack.variables[name].expr))
        if found is not None:
            found = exact.normalized(found)
        if found is None or isinstance(found.num, int) or isinstance(found.den, int):
            return found
        out = self.compiled.out
        stage = self.compiled.stage[out("variable", name)]
        num_expr, den_expr = exact.as_expr(found.num), exact.as_expr(found.den)
        num_bound, den_bound = found.num_bound, found.den_bound
        checked = exact.check(found)
        if checked is not None and not exact.fits(found):
            # A growth rate squares amounts, and 128 bits hold the square only below 2**53 fen
            # (90万亿元). Beyond that the row keeps the floating-point value to 12 places, as a
            # fraction: checked here once, so comparisons need no check of their own.
            places = 10**ROUNDING_PLACES
            rounded = (
                self.compiler.compile(self.pack.variables[name].expr)
                .cast(pl.Float64)
                .clip(-(2.0**FALLBACK_BITS), 2.0**FALLBACK_BITS)
                * places
            ).round()
            num_expr = (
                pl.when(checked).then(num_expr).otherwise(rounded.cast(pl.Int128, strict=False))
            )
            den_expr = pl.when(checked).then(den_expr).otherwise(pl.lit(places, dtype=pl.Int128))
            extra = places.bit_length()
            num_bound = exact.Bound(0, max(num_bound.at(exact.GUARDED_BITS), FALLBACK_BITS + extra))
            den_bound = exact.Bound(0, max(den_bound.at(exact.GUARDED_BITS), extra))
        num, den = out("exact_num", name), out("exact_den", name)
        self.compiled.add(num, num_expr, stage)
        self.compiled.add(den, den_expr, stage)
        return Exact(pl.col(num), pl.col(den), num_bound, den_bound)

    def _variable(self, name: str) -> pl.Expr:
        output = self.compiled.out("variable", name)
        if output not in self.compiled.outputs:
            if name in self._visiting:
                cycle = " → ".join([*self._visiting[self._visiting.index(name) :], name])
                raise ExpressionError(f"变量之间循环引用：{cycle}")
            self._visiting.append(name)
            variable = self.pack.variables[name]
            try:
                expr = self.compiler.compile(variable.expr)
            finally:
                self._visiting.pop()
            if variable.unit in ROUNDED_UNITS:
                # (1.05 + 1.05) / 2 - 1 is 0.050000000000000044 in binary floating point: shown
                # rounded to 12 places. Comparisons do not read this value where the expression
                # is a fraction of integers: they decide on integers (rules/exact.py).
                expr = expr.cast(pl.Float64).round(ROUNDING_PLACES)
            self.compiled.add(output, expr, self._stage_after(variable.expr))
        return pl.col(output)

    def _stage_after(self, text: str) -> int:
        """One past the latest stage among the variables an expression reads."""
        stages = [
            self.compiled.stage[self.compiled.out("variable", name)]
            for name in names(parse(text))
            if name in self.pack.variables
        ]
        return max(stages, default=0) + 1

    def reads(self, text: str) -> set[str]:
        """The inputs and declarations an expression reads, through variables."""
        found: set[str] = set()
        for name in names(parse(text)):
            if name in CORE_INPUTS or name in self.declarations:
                found.add(name)
            elif name in self.pack.variables:
                found |= self.reads(self.pack.variables[name].expr)
            elif name in self._score_reads:
                found |= self._score_reads[name]
        return found

    def parameters_read(self, text: str) -> set[str]:
        """The parameters an expression reads, through variables and scale() calls."""
        found: set[str] = set()
        for name in names(parse(text)):
            if name in self.parameters:
                found.add(name)
            elif name in self.pack.variables:
                found |= self.parameters_read(self.pack.variables[name].expr)
        return found

    def _compile(self, rule: str, text: str) -> pl.Expr:
        try:
            return self.compiler.compile(text)
        except ExpressionError as error:
            raise RuleError(rule, str(error)) from error

    # ----- scores ------------------------------------------------------------------------

    def _bands(self, rule: str, name: str) -> dict[str, BandPoints]:
        parameter = self.parameters.get(name)
        value = parameter.value if parameter is not None else None
        if not isinstance(value, dict) or not all(
            isinstance(v, BandPoints) for v in value.values()
        ):
            raise RuleError(rule, f"points 须为档次表参数，「{name}」不是")
        return {band: points for band, points in value.items() if isinstance(points, BandPoints)}

    def _item(self, score_id: str, item_id: str, item: ScoreItem) -> tuple[str, str]:
        rule = f"scores.{score_id}.items.{item_id}"
        out = self.compiled.out
        if item.self_score is not None or item.value is not None:
            if item.self_score is not None and item.self_score not in self.declarations:
                raise RuleError(rule, f"self_score「{item.self_score}」不是已声明的输入")
            text = item.self_score or item.value
            assert text is not None
            declared = self._compile(rule, text).cast(pl.Float64)
            # min_horizontal skips nulls, so a missing statement must stay missing explicitly.
            stated = (
                pl.when(declared.is_null())
                .then(None)
                .otherwise(pl.min_horizontal(declared, pl.lit(float(item.max))))
            )
            low = pl.coalesce(stated, pl.lit(0.0))
            high = pl.coalesce(stated, pl.lit(float(item.max)))
            self.compiled.reads[item_id] = self.reads(text)
        else:
            assert item.band is not None and item.points is not None
            bands = self._bands(rule, item.points)
            self.compiled.add(
                out("band", item_id), self._compile(rule, item.band), self.bands_stage
            )
            self.compiled.reads[item_id] = self.reads(item.band)
            # The band's row in the table, looked up in one step: a chain of one condition per
            # band costs a step per band, and a single assessment pays for every step.
            row = (
                pl.col(out("band", item_id)).cast(pl.Enum(list(bands)), strict=False).to_physical()
            )
            # An unknown band (or one the table lacks) spans the whole table: the experts could
            # still give any of it.
            low = (
                _points([p.min for p in bands.values()])
                .gather(row)
                .fill_null(min(p.min for p in bands.values()))
            )
            high = (
                _points([p.max for p in bands.values()])
                .gather(row)
                .fill_null(max(p.max for p in bands.values()))
            )
        names_ = (out("item_min", item_id), out("item_max", item_id))
        self.compiled.add(names_[0], low.cast(pl.Float64), self.items_stage)
        self.compiled.add(names_[1], high.cast(pl.Float64), self.items_stage)
        self._score_columns[f"{item_id}_min"] = pl.col(names_[0])
        self._score_columns[f"{item_id}_max"] = pl.col(names_[1])
        for end in ("min", "max"):
            self._score_reads[f"{item_id}_{end}"] = self.compiled.reads[item_id]
        for index, flag in enumerate(item.flags):
            self.compiled.add(
                out("flag", f"{item_id}#{index}"), self._compile(rule, flag.when), FINAL_STAGE
            )
        return names_

    def _score(self, score_id: str, score: Score) -> None:
        grouped: dict[str | None, list[tuple[str, str]]] = {}
        for item_id, item in score.items.items():
            grouped.setdefault(item.group, []).append(self._item(score_id, item_id, item))
        lows: list[pl.Expr] = []
        highs: list[pl.Expr] = []
        for group_id, ranges in grouped.items():
            if group_id is None:
                lows += [pl.col(low) for low, _ in ranges]
                highs += [pl.col(high) for _, high in ranges]
                continue
            group = score.groups[group_id]
            combine = pl.max_horizontal if group.mode == "best" else pl.sum_horizontal
            low = combine([pl.col(low) for low, _ in ranges])
            high = combine([pl.col(high) for _, high in ranges])
            if group.cap is not None:
                low = pl.min_horizontal(low, pl.lit(group.cap))
                high = pl.min_horizontal(high, pl.lit(group.cap))
            group_low, group_high = self._group(score, group_id, low, high)
            lows.append(group_low)
            highs.append(group_high)
        out = self.compiled.out
        self.compiled.add(
            out("score_min", score_id), pl.sum_horizontal(lows), self.scores_stage + 1
        )
        self.compiled.add(
            out("score_max", score_id), pl.sum_horizontal(highs), self.scores_stage + 1
        )
        self._score_columns[f"{score_id}_min"] = pl.col(out("score_min", score_id))
        self._score_columns[f"{score_id}_max"] = pl.col(out("score_max", score_id))
        every_item = set().union(*(self.compiled.reads[item_id] for item_id in score.items))
        for end in ("min", "max"):
            self._score_reads[f"{score_id}_{end}"] = every_item

    def _group(
        self, score: Score, group_id: str, low: pl.Expr, high: pl.Expr
    ) -> tuple[pl.Expr, pl.Expr]:
        """Publish a group's subtotal as ``<group>_min/_max`` (e.g. 创新型 "创新能力 ≥20")."""
        out = self.compiled.out
        names_ = (out("group_min", group_id), out("group_max", group_id))
        self.compiled.add(names_[0], low, self.scores_stage)
        self.compiled.add(names_[1], high, self.scores_stage)
        members = [
            self.compiled.reads[i] for i, item in score.items.items() if item.group == group_id
        ]
        for end, name in zip(("min", "max"), names_, strict=True):
            self._score_columns[f"{group_id}_{end}"] = pl.col(name)
            self._score_reads[f"{group_id}_{end}"] = set().union(*members)
        return pl.col(names_[0]), pl.col(names_[1])

    def _score_passes(self, score_id: str, at: pl.Expr) -> pl.Expr:
        score = self.pack.scores[score_id]
        threshold_name = score.pass_above or score.pass_at_least
        assert threshold_name is not None
        threshold = self._resolve(threshold_name)
        return at > threshold if score.pass_above else at >= threshold

    # ----- criteria ----------------------------------------------------------------------

    def _criterion(self, criterion_id: str, criterion: Criterion) -> int:
        """Compile a criterion; return its stage."""
        rule = f"criteria.{criterion_id}"
        out = self.compiled.out
        shows: list[str] = []
        reads: set[str] = set()
        stage = self.criteria_stage
        if criterion.when is not None:
            status = self._compile(rule, criterion.when)
            reads = self.reads(criterion.when)
            shows = sorted(names(parse(criterion.when)) - set(self.parameters))
            self.compiled.cites[criterion_id] = sorted(self.parameters_read(criterion.when))
        elif criterion.declared is not None:
            declaration = self.declarations.get(criterion.declared)
            if declaration is None or declaration.type != "boolean":
                raise RuleError(rule, f"declared「{criterion.declared}」须为已声明的是/否输入")
            status = pl.col(criterion.declared).cast(pl.Boolean)
            reads, shows = {criterion.declared}, [criterion.declared]
        elif criterion.score is not None:
            if criterion.score not in self.pack.scores:
                raise RuleError(rule, f"评分表「{criterion.score}」未定义")
            low = self._score_columns[f"{criterion.score}_min"]
            high = self._score_columns[f"{criterion.score}_max"]
            at_min, at_max = (
                self._score_passes(criterion.score, low),
                self._score_passes(criterion.score, high),
            )
            # Eligible if it passes on the lowest points, ineligible if not even on the highest;
            # in between the experts decide, and the verdict stays unknown.
            status = (
                pl.when(at_min)
                .then(pl.lit(True))
                .when(~at_max)
                .then(pl.lit(False))
                .otherwise(pl.lit(None))
            )
            shows = [f"{criterion.score}_min", f"{criterion.score}_max"]
            score = self.pack.scores[criterion.score]
            self.compiled.cites[criterion_id] = [score.pass_above or score.pass_at_least or ""]
            for item_id in score.items:
                reads |= self.compiled.reads.get(item_id, set())
        else:
            members = criterion.all if criterion.all is not None else criterion.any
            assert members is not None
            unknown = [m for m in members if m not in self.pack.criteria]
            if unknown:
                raise RuleError(rule, f"引用了未定义的条件：{'、'.join(unknown)}")
            stage = max(self._criterion_stage(member) for member in members) + 1
            parts = [pl.col(out("criterion", member)) for member in members]
            status = (
                pl.all_horizontal(parts) if criterion.all is not None else pl.any_horizontal(parts)
            )
            for member in members:
                reads |= self.compiled.reads.get(member, set())
        self.compiled.reads[criterion_id] = reads
        self.compiled.shows[criterion_id] = shows
        self.compiled.add(out("criterion", criterion_id), self._local(status), stage)
        if criterion.gap is not None:
            self.compiled.add(
                out("gap", criterion_id),
                self._local(self._compile(f"{rule}.gap", criterion.gap.expr)),
                FINAL_STAGE,
            )
        for index, flag in enumerate(criterion.flags):
            self.compiled.add(
                out("flag", f"{criterion_id}#{index}"),
                self._local(self._compile(rule, flag.when)),
                FINAL_STAGE,
            )
        return stage

    def _local(self, expr: pl.Expr) -> pl.Expr:
        """A local pack's result only where its criteria apply: elsewhere, or where the place is
        unknown, nothing is decided, no gap measured against another place's thresholds and no
        warning raised."""
        applies = self.compiled.applies
        return expr if applies is None else pl.when(pl.col(applies)).then(expr)

    def _criterion_stage(self, criterion_id: str) -> int:
        key = self.compiled.out("criterion", criterion_id)
        if key not in self.compiled.outputs:
            if criterion_id in self._visiting:
                raise RuleError(f"criteria.{criterion_id}", "条件之间循环引用")
            self._visiting.append(criterion_id)
            try:
                self._criterion(criterion_id, self.pack.criteria[criterion_id])
            finally:
                self._visiting.pop()
        return self.compiled.stage[key]

    def compile(self) -> CompiledPack:
        for name in self.pack.variables:
            self._compile(f"variables.{name}", name)
        last_variable = max(self.compiled.stage.values(), default=0)
        self.bands_stage = last_variable + 1
        self.items_stage = last_variable + 2
        self.scores_stage = last_variable + 3
        self.criteria_stage = last_variable + 5
        jurisdiction = self.pack.jurisdiction
        if jurisdiction is not None:
            assert self.compiled.applies is not None
            self.compiled.add(
                self.compiled.out("applies", "jurisdiction"),
                self._compile("jurisdiction", jurisdiction.condition()),
                1,
            )
        for score_id, score in self.pack.scores.items():
            self._score(score_id, score)
        for criterion_id in self.pack.criteria:
            self._criterion_stage(criterion_id)
        unknown = [name for name in self.pack.verdict if name not in self.pack.criteria]
        if unknown:
            raise RuleError("verdict", f"引用了未定义的条件：{'、'.join(unknown)}")
        verdict_stage = max(self._criterion_stage(name) for name in self.pack.verdict) + 1
        self.compiled.add(
            self.compiled.out("verdict", "eligible"),
            pl.all_horizontal(
                [pl.col(self.compiled.out("criterion", name)) for name in self.pack.verdict]
            ),
            verdict_stage,
        )
        return self.compiled


def compile_pack(pack: Pack, as_of: date, declarations: Mapping[str, Declaration]) -> CompiledPack:
    return PackCompiler(pack, as_of, declarations).compile()
