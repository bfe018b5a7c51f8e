"""Comparisons decided on integers: one fen either side of a threshold at any scale."""

from __future__ import annotations

import random
from fractions import Fraction

import polars as pl
import pytest

from techzone.rules import exact
from techzone.rules.expressions import Compiler, Scale

INTEGERS = ("a", "b", "c")


def _exact(name: str) -> exact.Exact | None:
    if name in INTEGERS:
        return exact.integer_column(name)
    if name == "staff":
        return exact.hundredths_column(name)
    return None


def _compiler(scales: dict[str, Scale] | None = None) -> Compiler:
    return Compiler(pl.col, scales or {}, _exact)


def _evaluate(text: str, rows: dict[str, list[object]]) -> list[object]:
    schema = {name: pl.Float64 if name == "staff" else pl.Int64 for name in rows}
    frame = pl.DataFrame(rows, schema=schema)
    return frame.select(_compiler().compile(text).alias("out"))["out"].to_list()


def test_three_percent_of_300亿元_is_decided_to_the_fen() -> None:
    sales = 3 * 10_000_000_000 * 100  # three years of 100亿元, in fen
    required = sales * 3 // 100
    assert _evaluate(
        "a / b >= 0.03", {"a": [required - 1, required, required + 1], "b": [sales] * 3}
    ) == [
        False,
        True,
        True,
    ]


def test_a_float_rounded_to_12_places_would_pass_the_shortfall() -> None:
    # The defect this module removes: the rounded ratio equals the threshold.
    sales = 3 * 10_000_000_000 * 100
    assert round((sales * 3 // 100 - 1) / sales, 12) == 0.03


def test_in_and_between_compare_exactly() -> None:
    sales = 10**12
    rows: dict[str, list[object]] = {"a": [sales // 20 - 1, sales // 20], "b": [sales, sales]}
    assert _evaluate("a / b IN (0.05, 0.5)", rows) == [False, True]
    assert _evaluate("a / b BETWEEN 0.05 AND 0.06", rows) == [False, True]


def test_a_zero_divisor_stays_unknown() -> None:
    assert _evaluate("a / b >= 0.05", {"a": [0, 5], "b": [0, None]}) == [None, None]


def test_headcounts_compare_to_the_hundredth() -> None:
    rows: dict[str, list[object]] = {"staff": [99_999.99, 100_000.0], "a": [1_000_000, 1_000_000]}
    assert _evaluate("staff / a >= 0.1", rows) == [False, True]


def _growth(a: int, b: int, c: int) -> Fraction | None:
    if a == 0 or b == 0:
        return None
    return (Fraction(b, a) + Fraction(c, b)) / 2 - 1


def test_growth_rates_match_exact_fractions_for_any_sign() -> None:
    generator = random.Random(12)
    rows: dict[str, list[object]] = {"a": [], "b": [], "c": []}
    for _ in range(400):
        for name in INTEGERS:
            rows[name].append(generator.choice([0, -1, 1]) * generator.randrange(0, 10**13))
    rows["a"] += [10**12, 10**12]
    rows["b"] += [105 * 10**10, 105 * 10**10]
    rows["c"] += [11025 * 10**8, 11025 * 10**8 - 1]  # exactly 5%, then one fen short
    got = _evaluate("(b / a + c / b) / 2 - 1 >= 0.05", rows)
    triples = zip(rows["a"], rows["b"], rows["c"], strict=True)
    expected = []
    for a, b, c in triples:
        value = _growth(int(str(a)), int(str(b)), int(str(c)))
        expected.append(None if value is None else value >= Fraction(1, 20))
    assert got == expected
    assert got[-2:] == [True, False]


def test_amounts_beyond_the_exact_range_fall_back_without_overflowing() -> None:
    huge = 2**60
    rows: dict[str, list[object]] = {"a": [huge], "b": [2 * huge], "c": [4 * huge]}
    # Growth 100%: the squares need 121 bits, beyond 128 with 64-bit inputs in the worst case.
    assert _evaluate("(b / a + c / b) / 2 - 1 >= 0.05", rows) == [True]


def test_a_bracketed_threshold_compares_exactly() -> None:
    scale = Scale(((5_000_000_000.0, True, 0.05), (None, False, 0.03)))
    frame = pl.DataFrame({"a": [299_999_999_999, 300_000_000_000], "b": [10**13, 10**13]})
    compiled = _compiler({"rate": scale}).compile("a / b >= scale(rate, b)")
    assert frame.select(compiled.alias("out"))["out"].to_list() == [False, True]


@pytest.mark.parametrize("operator", ["=", "<>", "<", "<=", ">", ">="])
def test_every_operator_agrees_with_fractions(operator: str) -> None:
    rows: dict[str, list[object]] = {"a": [1, 2, 3, -3], "b": [20, 40, 40, -40]}
    got = _evaluate(f"a / b {operator} 0.05", rows)
    compare = {
        "=": Fraction.__eq__,
        "<>": Fraction.__ne__,
        "<": Fraction.__lt__,
        "<=": Fraction.__le__,
        ">": Fraction.__gt__,
        ">=": Fraction.__ge__,
    }[operator]
    expected = [
        compare(Fraction(int(str(a)), int(str(b))), Fraction(1, 20))
        for a, b in zip(rows["a"], rows["b"], strict=True)
    ]
    assert got == expected
