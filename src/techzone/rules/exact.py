"""Exact rational arithmetic for comparisons: ``a / b >= k`` decided as ``a * den(k) >= num(k) * b``.

A ratio in binary floating point, even rounded, can let a shortfall of a few fen pass a threshold
at large amounts (three years of 100亿元 sales with R&D 3亿元 − 0.01元 is 2.99999999999967% short of
3% by less than 12 decimals). Every numeric expression the packs compare — fen, hundredths of a
person, decimal literals and parameters — is a fraction of integers, so a comparison can be
decided on integers alone: each side is carried as a numerator and a positive denominator in
128-bit integers, and the comparison cross-multiplies.

128 bits hold any comparison of a few sums and quotients of 64-bit amounts; a growth rate (a sum
of two quotients, 195号 三(七)4) needs squares, which fit only while every amount stays below
2**53 fen (90万亿元). Those comparisons check that bound row by row and, beyond it, fall back to
the floating-point comparison; a comparison that would not fit even then is left in floating point.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import polars as pl

Term = pl.Expr | int

INPUT_BITS = 63
"""Any 64-bit integer input: |value| < 2**63."""
GUARDED_BITS = 53
"""The bound checked row by row when a comparison does not fit with ``INPUT_BITS``."""
INT128_BITS = 126
"""Products are kept below 2**126, a bit of margin inside a signed 128-bit integer."""


@dataclass(frozen=True)
class Bound:
    """|value| < 2 ** (degree * input_bits + bits): a polynomial in the inputs, bounded."""

    degree: int
    bits: int

    def at(self, input_bits: int) -> int:
        return self.degree * input_bits + self.bits

    def times(self, other: Bound) -> Bound:
        return Bound(self.degree + other.degree, self.bits + other.bits)

    def plus(self, other: Bound) -> Bound:
        return Bound(max(self.degree, other.degree), max(self.bits, other.bits) + 1)


def _constant_bound(value: int) -> Bound:
    return Bound(0, abs(value).bit_length())


@dataclass(frozen=True)
class Exact:
    """``num / den`` with ``den > 0`` (both unknown together, as the float value would be).

    ``within`` is true on rows where every input is below 2**GUARDED_BITS; ``loose`` means some
    input is bounded only by that check (a floating-point headcount), never by its type.
    """

    num: Term
    den: Term
    num_bound: Bound
    den_bound: Bound
    within: pl.Expr | None = None
    loose: bool = False

    @property
    def is_integer(self) -> bool:
        return isinstance(self.den, int) and self.den == 1


def constant(value: Fraction) -> Exact:
    return Exact(
        value.numerator,
        value.denominator,
        _constant_bound(value.numerator),
        _constant_bound(value.denominator),
    )


def integer_column(expr: pl.Expr) -> Exact:
    """A 64-bit integer input (fen, a count, days)."""
    return Exact(
        expr.cast(pl.Int128),
        1,
        Bound(1, 0),
        Bound(0, 1),
        within=expr.abs() < 2**GUARDED_BITS,
    )


def hundredths_column(expr: pl.Expr) -> Exact:
    """A floating-point input exact to two places (a yearly average headcount, 195号 三(五))."""
    return Exact(
        (expr * 100).round().cast(pl.Int128, strict=False),
        100,
        Bound(1, 0),
        _constant_bound(100),
        within=expr.abs() * 100 < 2**GUARDED_BITS,
        loose=True,
    )


def null() -> Exact:
    missing = pl.lit(None, dtype=pl.Int128)
    return Exact(missing, missing, Bound(0, 0), Bound(0, 0))


def as_expr(term: Term) -> pl.Expr:
    return pl.lit(term, dtype=pl.Int128) if isinstance(term, int) else term


def _mul(a: Term, b: Term) -> Term:
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if isinstance(a, int):
        a, b = b, a
    if isinstance(b, int):
        assert isinstance(a, pl.Expr)
        return a if b == 1 else a * as_expr(b)
    return a * b


def _add(a: Term, b: Term) -> Term:
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    if isinstance(b, int) and b == 0:
        return a
    if isinstance(a, int) and a == 0:
        return b
    return as_expr(a) + as_expr(b)


def _neg(a: Term) -> Term:
    # Polars has no negation for 128-bit integers; subtraction from zero is the same.
    return -a if isinstance(a, int) else pl.lit(0, dtype=pl.Int128) - a


def all_within(parts: list[Exact]) -> pl.Expr | None:
    return _within(*parts)


def _within(*parts: Exact) -> pl.Expr | None:
    checks = [part.within for part in parts if part.within is not None]
    if not checks:
        return None
    result = checks[0]
    for check in checks[1:]:
        result = result & check
    return result


def add(left: Exact, right: Exact, *, subtract: bool = False) -> Exact:
    right_num = _neg(right.num) if subtract else right.num
    loose = left.loose or right.loose
    if isinstance(left.den, int) and isinstance(right.den, int) and left.den == right.den:
        return Exact(
            _add(left.num, right_num),
            left.den,
            left.num_bound.plus(right.num_bound),
            left.den_bound,
            _within(left, right),
            loose,
        )
    return Exact(
        _add(_mul(left.num, right.den), _mul(right_num, left.den)),
        _mul(left.den, right.den),
        left.num_bound.times(right.den_bound).plus(right.num_bound.times(left.den_bound)),
        left.den_bound.times(right.den_bound),
        _within(left, right),
        loose,
    )


def multiply(left: Exact, right: Exact) -> Exact:
    return Exact(
        _mul(left.num, right.num),
        _mul(left.den, right.den),
        left.num_bound.times(right.num_bound),
        left.den_bound.times(right.den_bound),
        _within(left, right),
        left.loose or right.loose,
    )


def negate(value: Exact) -> Exact:
    return Exact(
        _neg(value.num), value.den, value.num_bound, value.den_bound, value.within, value.loose
    )


def divide(left: Exact, right: Exact) -> Exact | None:
    """``left / right``; unknown where the divisor is zero, as in the floating-point path."""
    num = _mul(left.num, right.den)
    den = _mul(left.den, right.num)
    num_bound = left.num_bound.times(right.den_bound)
    den_bound = left.den_bound.times(right.num_bound)
    within = _within(left, right)
    loose = left.loose or right.loose
    if isinstance(right.num, int):
        if right.num == 0:
            return None
        if right.num < 0:
            num, den = _neg(num), _neg(den)
        return Exact(num, den, num_bound, den_bound, within, loose)
    divisor = right.num
    zero = divisor == 0
    negative = divisor < 0
    missing = pl.lit(None, dtype=pl.Int128)

    def signed(term: Term) -> pl.Expr:
        value = as_expr(term)
        return pl.when(zero).then(missing).when(negative).then(_neg(value)).otherwise(value)

    return Exact(signed(num), signed(den), num_bound, den_bound, within, loose)


def compare(
    operator: str, left: Exact, right: Exact, fallback: pl.Expr
) -> pl.Expr | None:
    """``left <op> right`` decided on integers, or None where plain comparison is as exact.

    ``fallback`` is the floating-point comparison, used on rows beyond the checked bound.
    """
    if left.is_integer and right.is_integer:
        return None  # integers (and whole literals) already compare exactly
    lhs_bound = left.num_bound.times(right.den_bound)
    rhs_bound = right.num_bound.times(left.den_bound)
    widest = max(lhs_bound.at(INPUT_BITS), rhs_bound.at(INPUT_BITS))
    guarded = max(lhs_bound.at(GUARDED_BITS), rhs_bound.at(GUARDED_BITS))
    if guarded > INT128_BITS:
        return None
    lhs = as_expr(_mul(left.num, right.den))
    rhs = as_expr(_mul(right.num, left.den))
    result = _OPERATORS[operator](lhs, rhs)
    if widest <= INT128_BITS and not (left.loose or right.loose):
        return result
    within = _within(left, right)
    if within is None:
        return result
    return pl.when(within).then(result).otherwise(fallback)


_OPERATORS = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}
