"""Exact arithmetic for comparisons: ``a / b >= k`` decided as ``a * den(k) >= num(k) * b``.

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

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

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
    """``num / den``, unknown where the floating-point value would be.

    The denominator is positive unless ``signed``: then it is the plain product of the divisors,
    of either sign, and zero where a divisor is (the quotient is then unknown); ``normalized``
    turns it positive once, rather than at every division. ``within`` holds, by name, the
    checks that every input is below 2**GUARDED_BITS (``check`` joins them).
    """

    num: Term
    den: Term
    num_bound: Bound
    den_bound: Bound
    within: tuple[tuple[str, pl.Expr], ...] = ()
    signed: bool = False

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


def integer_column(name: str) -> Exact:
    """A 64-bit integer input (fen, a count, days)."""
    expr = pl.col(name)
    return Exact(
        expr.cast(pl.Int128),
        1,
        Bound(1, 0),
        Bound(0, 1),
        within=((name, expr.abs() < 2**GUARDED_BITS),),
    )


def hundredths_column(name: str) -> Exact:
    """A floating-point input exact to two places (a yearly average headcount, 195号 三(五)),
    stored as a 64-bit count of hundredths (model/base.py Headcount)."""
    expr = pl.col(name)
    return Exact(
        (expr * 100).round().cast(pl.Int128, strict=False),
        100,
        Bound(1, 0),
        _constant_bound(100),
        within=((name, expr.abs() * 100 < 2**GUARDED_BITS),),
    )


def normalized(value: Exact) -> Exact:
    """The same fraction over a positive denominator (unknown where it was zero)."""
    if not value.signed:
        return value
    den = as_expr(value.den)
    return Exact(
        as_expr(value.num) * den.sign(),
        den.abs().replace(0, None),
        value.num_bound,
        value.den_bound,
        value.within,
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


def _sub(a: Term, b: Term) -> Term:
    if isinstance(a, int) and isinstance(b, int):
        return a - b
    if isinstance(b, int) and b == 0:
        return a
    return as_expr(a) - as_expr(b)


def _neg(a: Term) -> Term:
    # Polars has no negation for 128-bit integers; subtraction from zero is the same.
    return -a if isinstance(a, int) else pl.lit(0, dtype=pl.Int128) - a


def all_within(parts: list[Exact]) -> tuple[tuple[str, pl.Expr], ...]:
    return _within(*parts)


def _within(*parts: Exact) -> tuple[tuple[str, pl.Expr], ...]:
    checks: dict[str, pl.Expr] = {}
    for part in parts:
        checks.update(part.within)
    return tuple(checks.items())


def check(value: Exact) -> pl.Expr | None:
    """True where every input of ``value`` is within the bound; None if it reads none."""
    if not value.within:
        return None
    expressions = [expr for _, expr in value.within]
    return expressions[0] if len(expressions) == 1 else pl.all_horizontal(expressions)


def add(left: Exact, right: Exact, *, subtract: bool = False) -> Exact:
    combine = _sub if subtract else _add
    signed = left.signed or right.signed
    if isinstance(left.den, int) and isinstance(right.den, int) and left.den == right.den:
        return Exact(
            combine(left.num, right.num),
            left.den,
            left.num_bound.plus(right.num_bound),
            left.den_bound,
            _within(left, right),
            signed,
        )
    return Exact(
        combine(_mul(left.num, right.den), _mul(right.num, left.den)),
        _mul(left.den, right.den),
        left.num_bound.times(right.den_bound).plus(right.num_bound.times(left.den_bound)),
        left.den_bound.times(right.den_bound),
        _within(left, right),
        signed,
    )


def multiply(left: Exact, right: Exact) -> Exact:
    return Exact(
        _mul(left.num, right.num),
        _mul(left.den, right.den),
        left.num_bound.times(right.num_bound),
        left.den_bound.times(right.den_bound),
        _within(left, right),
        left.signed or right.signed,
    )


def negate(value: Exact) -> Exact:
    return Exact(
        _neg(value.num), value.den, value.num_bound, value.den_bound, value.within, value.signed
    )


def divide(left: Exact, right: Exact) -> Exact | None:
    """``left / right``; unknown where the divisor is zero, as in the floating-point path.

    The divisor's numerator becomes a factor of the denominator as it is, sign and zero
    included; its denominator must be positive first, or a zero there would vanish into the
    numerator.
    """
    right = normalized(right)
    left_den, right_den = left.den, right.den
    if isinstance(left_den, int) and isinstance(right_den, int):
        common = gcd(left_den, right_den)  # (a/100) / (b/100) is a/b
        left_den, right_den = left_den // common, right_den // common
    num = _mul(left.num, right_den)
    den = _mul(left_den, right.num)
    num_bound = left.num_bound.times(right.den_bound)
    den_bound = left.den_bound.times(right.num_bound)
    within = _within(left, right)
    if isinstance(right.num, int):
        if right.num == 0:
            return None
        if right.num < 0:
            num, den = _neg(num), _neg(den)
        return Exact(num, den, num_bound, den_bound, within, left.signed)
    return Exact(num, den, num_bound, den_bound, within, signed=True)


def fits(value: Exact) -> bool:
    """Whether ``value`` against a small constant fits 128 bits for any 64-bit inputs."""
    margin = 16  # a threshold's numerator or denominator up to 2**16
    widest = max(value.num_bound.at(INPUT_BITS), value.den_bound.at(INPUT_BITS))
    return widest + margin <= INT128_BITS


OPERATORS: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


def compare(operator: str, left: Exact, right: Exact, fallback: pl.Expr) -> pl.Expr | None:
    """``left <op> right`` decided on integers, or None where plain comparison is as exact.

    ``fallback`` is the floating-point comparison, used on rows beyond the checked bound.
    """
    if left.is_integer and right.is_integer:
        return None  # integers (and whole literals) already compare exactly
    left, right = normalized(left), normalized(right)
    lhs_bound = left.num_bound.times(right.den_bound)
    rhs_bound = right.num_bound.times(left.den_bound)
    widest = max(lhs_bound.at(INPUT_BITS), rhs_bound.at(INPUT_BITS))
    guarded = max(lhs_bound.at(GUARDED_BITS), rhs_bound.at(GUARDED_BITS))
    if guarded > INT128_BITS:
        return None
    lhs = as_expr(_mul(left.num, right.den))
    rhs = as_expr(_mul(right.num, left.den))
    result = OPERATORS[operator](lhs, rhs)
    if widest <= INT128_BITS:
        return result
    within = check(Exact(0, 1, Bound(0, 0), Bound(0, 0), _within(left, right)))
    if within is None:
        return result
    return pl.when(within).then(result).otherwise(fallback)
