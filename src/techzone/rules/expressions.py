"""The expression language of rule packs: SQL expressions compiled once to Polars.

An officer reads ``rd_ratio_3y >= rd_ratio_min`` or ``CASE WHEN … THEN … END``; the engine
evaluates it over a whole column at once. Only names the pack declares and the functions in
:data:`FUNCTIONS` are allowed.

Unknown stays unknown. Comparisons and arithmetic with NULL give NULL, AND/OR follow Kleene's
three-valued logic (``NULL AND FALSE`` is FALSE, ``NULL AND TRUE`` is NULL), and — unlike SQL —
a ``CASE`` whose conditions reach a NULL before any TRUE gives NULL rather than its ELSE: a
missing input never silently selects the "otherwise" branch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import Any, cast

import polars as pl
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from techzone.rules import exact
from techzone.rules.exact import Exact

Resolver = Callable[[str], pl.Expr]
"""Turns a declared name into its Polars expression (a column, or a parameter's literal)."""
ExactResolver = Callable[[str], Exact | None]
"""Turns a declared name into its exact rational form, or None where it has none."""


class ExpressionError(ValueError):
    """An expression that cannot be compiled; the message says why, in Chinese."""


@dataclass(frozen=True)
class Scale:
    """A bracket parameter: the value of the first bracket whose bound covers the base.

    Each bracket is (bound, inclusive, value): inclusive for "5000万元以下（含）", exclusive for
    "不足5000万元"; the last bracket has no bound.
    """

    brackets: tuple[tuple[float | None, bool, Any], ...]


def fraction(value: object) -> Fraction | None:
    """A number as the decimal it was written as (``0.05`` is 1/20, not the nearest double)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        return Fraction(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def parse(text: str) -> exp.Expression:
    # A pack reads a variable's expression each time a rule uses it: parsed once, each caller
    # gets its own copy of the tree.
    return _parsed(text).copy()


@lru_cache(maxsize=4096)
def _parsed(text: str) -> exp.Expression:
    try:
        tree = sqlglot.parse_one(text, read="postgres")
    except ParseError as error:
        raise ExpressionError(
            f"表达式无法解析：{text}（{error.errors[0]['description']}）"
        ) from error
    if tree is None:
        raise ExpressionError(f"表达式为空：{text!r}")
    return cast(exp.Expression, tree)


def names(tree: exp.Expression) -> set[str]:
    """Every name an expression reads (columns, parameters, scale parameters)."""
    return {column.name for column in tree.find_all(exp.Column)}


def _strict_case(
    branches: list[tuple[pl.Expr, pl.Expr]],
    default: pl.Expr,
    unknown_when: Sequence[frozenset[str] | None] | None = None,
) -> pl.Expr:
    """CASE that is unknown once a condition before the first true one is unknown.

    ``unknown_when`` may say, per condition, the columns that make it unknown when one of them
    is, and nothing else does (see ``_unknown_when``). Consecutive conditions unknown on the
    same columns share one check of those columns: if one is missing the first of them is
    unknown, and otherwise none is. That halves the steps of a band ladder
    (``WHEN x >= 0.35 THEN 'A' WHEN x >= 0.25 THEN 'B' …``), which a single assessment pays
    for one by one.
    """
    columns = unknown_when or [None] * len(branches)
    result = default
    index = len(branches)
    while index > 0:
        shared = columns[index - 1]
        start = index - 1
        if shared is not None:
            while start > 0 and columns[start - 1] == shared:
                start -= 1
        for condition, value in reversed(branches[start:index]):
            if shared is None:
                result = (
                    pl.when(condition.is_null())
                    .then(pl.lit(None))
                    .when(condition)
                    .then(value)
                    .otherwise(result)
                )
            else:
                result = pl.when(condition).then(value).otherwise(result)
        if shared:
            checks = [pl.col(name).is_null() for name in sorted(shared)]
            missing = checks[0] if len(checks) == 1 else pl.any_horizontal(checks)
            result = pl.when(missing).then(pl.lit(None)).otherwise(result)
        index = start
    return result


def _scale_lookup(scale: Scale, base: pl.Expr) -> pl.Expr:
    branches: list[tuple[pl.Expr, pl.Expr]] = []
    default: pl.Expr = pl.lit(None)
    for bound, inclusive, value in scale.brackets:
        if bound is None:
            default = pl.lit(value)
        else:
            branches.append((base <= bound if inclusive else base < bound, pl.lit(value)))
    # A known base against fixed bounds leaves no condition unknown: no checks per bracket.
    known = [frozenset[str]()] * len(branches)
    return (
        pl.when(base.is_null()).then(pl.lit(None)).otherwise(_strict_case(branches, default, known))
    )


class Compiler:
    """Compiles expressions, resolving names through ``resolve`` and scales through ``scales``."""

    def __init__(
        self,
        resolve: Resolver,
        scales: Mapping[str, Scale],
        resolve_exact: ExactResolver | None = None,
    ) -> None:
        self.resolve = resolve
        self.scales = scales
        self.resolve_exact = resolve_exact

    def compile(self, text: str) -> pl.Expr:
        return self.node(parse(text))

    def node(self, node: exp.Expression) -> pl.Expr:
        handler = _HANDLERS.get(type(node))
        if handler is None:
            raise ExpressionError(f"不支持的写法：{node.sql()}（允许的函数：{ALLOWED_FUNCTIONS}）")
        return handler(self, node)

    def _binary(self, node: exp.Expression) -> tuple[pl.Expr, pl.Expr]:
        return self.node(node.this), self.node(node.expression)

    def exact(self, node: exp.Expression) -> Exact | None:
        """``node`` as an exact fraction of 128-bit integers, or None if it is not one."""
        if self.resolve_exact is None:
            return None
        handler = _EXACT_HANDLERS.get(type(node))
        return None if handler is None else handler(self, node)


def _column(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    return compiler.resolve(node.name)


def _literal(_compiler: Compiler, node: exp.Expression) -> pl.Expr:
    assert isinstance(node, exp.Literal)
    if node.is_string:
        return pl.lit(node.this)
    text = node.this
    return pl.lit(float(text)) if any(c in text for c in ".eE") else pl.lit(int(text))


def _case(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    if node.this is not None:
        raise ExpressionError("CASE 后请直接写 WHEN 条件（不支持 CASE x WHEN 值 的写法）")
    branches = [
        (compiler.node(branch.this), compiler.node(branch.args["true"]))
        for branch in node.args["ifs"]
    ]
    unknown_when = [_unknown_when(compiler, branch.this) for branch in node.args["ifs"]]
    default = node.args.get("default")
    return _strict_case(
        branches,
        compiler.node(default) if default is not None else pl.lit(None),
        unknown_when,
    )


# Operators that are unknown exactly when an operand is (Kleene AND/OR are not; neither is
# division, unknown on a zero divisor).
_NULL_IN_NULL_OUT = (
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Add,
    exp.Sub,
    exp.Mul,
)


def _unknown_when(compiler: Compiler, node: exp.Expression) -> frozenset[str] | None:
    """The columns whose being unknown makes ``node`` unknown, and nothing else does; None
    when the expression is not of that simple kind (AND, OR, division, functions, …)."""
    if isinstance(node, exp.Column):
        resolved = compiler.resolve(node.name)
        if resolved.meta.is_column():
            return frozenset([resolved.meta.output_name()])
        if resolved.meta.is_literal() and pl.select(resolved).item() is not None:
            return frozenset()
        return None
    if isinstance(node, exp.Literal | exp.Boolean):
        return frozenset()
    if isinstance(node, exp.Paren | exp.Neg | exp.Not):
        return _unknown_when(compiler, node.this)
    if isinstance(node, _NULL_IN_NULL_OUT):
        left = _unknown_when(compiler, node.this)
        right = _unknown_when(compiler, node.expression)
        return None if left is None or right is None else left | right
    return None


def _function(
    name: str, arity: int | None, build: Callable[[list[pl.Expr]], pl.Expr]
) -> Callable[[Compiler, exp.Expression], pl.Expr]:
    def handler(compiler: Compiler, node: exp.Expression) -> pl.Expr:
        arguments = [compiler.node(arg) for arg in _arguments(node)]
        if arity is not None and len(arguments) != arity:
            raise ExpressionError(f"函数 {name} 需要 {arity} 个参数，给了 {len(arguments)} 个")
        return build(arguments)

    return handler


def _arguments(node: exp.Expression) -> list[exp.Expression]:
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    arguments = [node.this] if node.this is not None else []
    return arguments + list(node.expressions)


def _anonymous(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    assert isinstance(node, exp.Anonymous)
    if str(node.this).lower() != "scale":
        raise ExpressionError(f"未知函数 {node.this}（允许的函数：{ALLOWED_FUNCTIONS}）")
    return _scale_call(compiler, node)


def _scale_call(compiler: Compiler, node: exp.Anonymous) -> pl.Expr:
    arguments = list(node.expressions)
    if len(arguments) != 2 or not isinstance(arguments[0], exp.Column):
        raise ExpressionError("scale(参数名, 基数)：第一个参数须为分段参数的名称")
    name = arguments[0].name
    scale = compiler.scales.get(name)
    if scale is None:
        raise ExpressionError(f"scale() 的第一个参数「{name}」不是已声明的分段参数")
    return _scale_lookup(scale, compiler.node(arguments[1]))


def _div(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    left, right = compiler._binary(node)
    divisor = node.expression
    if isinstance(divisor, exp.Literal) and not divisor.is_string and float(divisor.this) != 0:
        return left.cast(pl.Float64) / right  # a fixed divisor that is not zero needs no check
    # Division by zero is unknown, not infinity: a ratio over an empty base means nothing.
    return pl.when(right == 0).then(pl.lit(None)).otherwise(left.cast(pl.Float64) / right)


def _in(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    result = pl.lit(False)
    for value in node.expressions:
        result = result | compiler.node(exp.EQ(this=node.this, expression=value))
    return result


def _between(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    low = exp.GTE(this=node.this, expression=node.args["low"])
    high = exp.LTE(this=node.this, expression=node.args["high"])
    return compiler.node(low) & compiler.node(high)


def _is(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    if not isinstance(node.expression, exp.Null):
        raise ExpressionError("IS 之后只能写 NULL（判断是否缺失）")
    subject = compiler.node(node.this)
    return subject.is_not_null() if node.args.get("negate") else subject.is_null()


def _not(compiler: Compiler, node: exp.Expression) -> pl.Expr:
    return ~compiler.node(node.this)


def _boolean(_compiler: Compiler, node: exp.Expression) -> pl.Expr:
    return pl.lit(bool(node.this))


def _binary(
    operator: Callable[[pl.Expr, pl.Expr], pl.Expr],
) -> Callable[[Compiler, exp.Expression], pl.Expr]:
    def handler(compiler: Compiler, node: exp.Expression) -> pl.Expr:
        left, right = compiler._binary(node)
        return operator(left, right)

    return handler


def _comparison(operator: str) -> Callable[[Compiler, exp.Expression], pl.Expr]:
    """A comparison decided on integers whenever its sides are fractions (see rules/exact.py):
    a ratio a few fen short of its threshold must fail however large the amounts."""
    plain_operator = exact.OPERATORS[operator]

    def handler(compiler: Compiler, node: exp.Expression) -> pl.Expr:
        plain = plain_operator(*compiler._binary(node))
        left = compiler.exact(node.this)
        right = compiler.exact(node.expression) if left is not None else None
        if left is None or right is None:
            return plain
        decided = exact.compare(operator, left, right, plain)
        return plain if decided is None else decided

    return handler


def _exact_literal(_compiler: Compiler, node: exp.Expression) -> Exact | None:
    assert isinstance(node, exp.Literal)
    if node.is_string:
        return None
    value = fraction(node.this)
    return None if value is None else exact.constant(value)


def _exact_column(compiler: Compiler, node: exp.Expression) -> Exact | None:
    assert compiler.resolve_exact is not None
    return compiler.resolve_exact(node.name)


def _exact_binary(
    combine: Callable[[Exact, Exact], Exact | None],
) -> Callable[[Compiler, exp.Expression], Exact | None]:
    def handler(compiler: Compiler, node: exp.Expression) -> Exact | None:
        left = compiler.exact(node.this)
        if left is None:
            return None
        right = compiler.exact(node.expression)
        return None if right is None else combine(left, right)

    return handler


def _exact_neg(compiler: Compiler, node: exp.Expression) -> Exact | None:
    value = compiler.exact(node.this)
    return None if value is None else exact.negate(value)


def _exact_case(compiler: Compiler, node: exp.Expression) -> Exact | None:
    """A numeric CASE: numerator and denominator chosen by the same conditions, which stop at
    an unknown one as the floating-point CASE does."""
    if node.this is not None:
        return None
    values = [compiler.exact(branch.args["true"]) for branch in node.args["ifs"]]
    default_node = node.args.get("default")
    default = exact.null() if default_node is None else compiler.exact(default_node)
    if default is None or any(value is None for value in values):
        return None
    chosen = [value for value in values if value is not None]
    conditions = [compiler.node(branch.this) for branch in node.args["ifs"]]
    unknown_when = [_unknown_when(compiler, branch.this) for branch in node.args["ifs"]]
    parts = [*chosen, default]
    # Each branch's pair as it is (a denominator of either sign): normalized once, after.
    return Exact(
        _strict_case(
            [(c, exact.as_expr(v.num)) for c, v in zip(conditions, chosen, strict=True)],
            exact.as_expr(default.num),
            unknown_when,
        ),
        _strict_case(
            [(c, exact.as_expr(v.den)) for c, v in zip(conditions, chosen, strict=True)],
            exact.as_expr(default.den),
            unknown_when,
        ),
        _widest([part.num_bound for part in parts]),
        _widest([part.den_bound for part in parts]),
        exact.all_within(parts),
        any(part.signed for part in parts),
    )


def _widest(bounds: list[exact.Bound]) -> exact.Bound:
    return exact.Bound(max(b.degree for b in bounds), max(b.bits for b in bounds))


def _exact_scale(compiler: Compiler, node: exp.Expression) -> Exact | None:
    """``scale(p, base)`` whose brackets are numbers: each as a numerator over their common
    denominator."""
    assert isinstance(node, exp.Anonymous)
    if str(node.this).lower() != "scale":
        return None
    arguments = list(node.expressions)
    if len(arguments) != 2 or not isinstance(arguments[0], exp.Column):
        return None
    scale = compiler.scales.get(arguments[0].name)
    if scale is None:
        return None
    values = [fraction(value) for _, _, value in scale.brackets]
    if any(value is None for value in values):
        return None
    fractions = [value for value in values if value is not None]
    common = 1
    for value in fractions:
        common = common * value.denominator // gcd(common, value.denominator)
    numerators = [int(value * common) for value in fractions]
    lookup = Scale(
        tuple(
            (bound, inclusive, numerator)
            for (bound, inclusive, _), numerator in zip(scale.brackets, numerators, strict=True)
        )
    )
    num = _scale_lookup(lookup, compiler.node(arguments[1])).cast(pl.Int128)
    return Exact(
        num,
        common,
        exact.Bound(0, max(abs(n).bit_length() for n in numerators)),
        exact.Bound(0, common.bit_length()),
    )


_EXACT_HANDLERS: dict[type[exp.Expression], Callable[[Compiler, exp.Expression], Exact | None]] = {
    exp.Column: _exact_column,
    exp.Literal: _exact_literal,
    exp.Paren: lambda compiler, node: compiler.exact(node.this),
    exp.Neg: _exact_neg,
    exp.Null: lambda _compiler, _node: exact.null(),
    exp.Add: _exact_binary(exact.add),
    exp.Sub: _exact_binary(lambda a, b: exact.add(a, b, subtract=True)),
    exp.Mul: _exact_binary(exact.multiply),
    exp.Div: _exact_binary(exact.divide),
    exp.Case: _exact_case,
    exp.Anonymous: _exact_scale,
}


def _null_if_any_null(arguments: list[pl.Expr], combined: pl.Expr) -> pl.Expr:
    any_null = pl.any_horizontal([argument.is_null() for argument in arguments])
    return pl.when(any_null).then(pl.lit(None)).otherwise(combined)


_HANDLERS: dict[type[exp.Expression], Callable[[Compiler, exp.Expression], pl.Expr]] = {
    exp.Column: _column,
    exp.Literal: _literal,
    exp.Paren: lambda compiler, node: compiler.node(node.this),
    exp.Neg: lambda compiler, node: -compiler.node(node.this),
    exp.Not: _not,
    exp.Null: lambda _compiler, _node: pl.lit(None),
    exp.Boolean: _boolean,
    exp.And: _binary(lambda a, b: a & b),
    exp.Or: _binary(lambda a, b: a | b),
    exp.EQ: _comparison("="),
    exp.NEQ: _comparison("<>"),
    exp.GT: _comparison(">"),
    exp.GTE: _comparison(">="),
    exp.LT: _comparison("<"),
    exp.LTE: _comparison("<="),
    exp.Add: _binary(lambda a, b: a + b),
    exp.Sub: _binary(lambda a, b: a - b),
    exp.Mul: _binary(lambda a, b: a * b),
    exp.Div: _div,
    exp.Is: _is,
    exp.In: _in,
    exp.Between: _between,
    exp.Case: _case,
    exp.Anonymous: _anonymous,
    # SQL's LEAST/GREATEST skip NULLs; ours are unknown when any argument is, like arithmetic.
    exp.Least: _function(
        "least", None, lambda args: _null_if_any_null(args, pl.min_horizontal(args))
    ),
    exp.Greatest: _function(
        "greatest", None, lambda args: _null_if_any_null(args, pl.max_horizontal(args))
    ),
    exp.Coalesce: _function("coalesce", None, lambda args: pl.coalesce(args)),
    exp.Abs: _function("abs", 1, lambda args: args[0].abs()),
    exp.Floor: _function("floor", 1, lambda args: args[0].cast(pl.Float64).floor()),
    exp.Ceil: _function("ceil", 1, lambda args: args[0].cast(pl.Float64).ceil()),
}

ALLOWED_FUNCTIONS = "scale、least、greatest、coalesce、abs、floor、ceil"
