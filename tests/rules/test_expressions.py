"""The expression language: SQL text to Polars, unknown kept unknown, only what is allowed."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from techzone.rules.expressions import Compiler, ExpressionError, Scale

SCALE = Scale(((50_000_000.0, True, 0.05), (200_000_000.0, True, 0.04), (None, True, 0.03)))
BELOW = Scale(((50_000_000.0, False, 0.0), (100_000_000.0, False, 0.06), (None, True, 0.03)))


def _eval(text: str, **columns: list[Any]) -> list[Any]:
    compiler = Compiler(pl.col, {"rd_min": SCALE, "tier": BELOW})
    frame = pl.DataFrame(columns, strict=False)
    return frame.select(compiler.compile(text).alias("out"))["out"].to_list()


def test_comparison_with_unknown_is_unknown() -> None:
    assert _eval("a >= 0.1", a=[0.1, 0.0999, None]) == [True, False, None]


def test_and_or_follow_kleene() -> None:
    assert _eval("a AND b", a=[None, None], b=[False, True]) == [False, None]
    assert _eval("a OR b", a=[None, None], b=[True, False]) == [True, None]


def test_case_stops_at_an_unknown_condition() -> None:
    text = "CASE WHEN a >= 5 THEN 'A' WHEN a >= 4 THEN 'B' ELSE 'C' END"
    assert _eval(text, a=[5, 4.5, 1, None]) == ["A", "B", "C", None]


def test_case_takes_an_earlier_true_branch_even_if_a_later_condition_is_unknown() -> None:
    assert _eval("CASE WHEN a = 0 THEN 'zero' WHEN b > 1 THEN 'big' END", a=[0], b=[None]) == [
        "zero"
    ]


# A CASE whose conditions read the same columns checks them once (a band ladder); these hold
# the shortcut to the CASE's meaning wherever conditions read other columns or are not simple.
LADDER = "CASE WHEN a = 0 THEN 'zero' WHEN b >= 2 THEN 'big' WHEN b >= 1 THEN 'mid' ELSE 'low' END"


def test_a_ladder_is_unknown_on_its_own_unknown_only() -> None:
    a = [0, 1, 1, 1, 1, None]
    b = [None, None, 3, 1.5, 0, 3]
    assert _eval(LADDER, a=a, b=b) == ["zero", None, "big", "mid", "low", None]


def test_a_ladder_checks_its_columns_once() -> None:
    compiler = Compiler(pl.col, {})
    ladder = compiler.compile("CASE WHEN b >= 2 THEN 'big' WHEN b >= 1 THEN 'mid' ELSE 'low' END")
    assert str(ladder).count("is_null") == 1


def test_a_ladder_on_two_columns_is_unknown_when_either_is() -> None:
    text = "CASE WHEN a - b >= 1 THEN 'x' WHEN a - b >= 0 THEN 'y' ELSE 'z' END"
    rows = {"a": [3, 1, 0, None, 3], "b": [1, 1, 1, 1, None]}
    assert _eval(text, **rows) == ["x", "y", "z", None, None]


def test_a_ladder_against_a_parameter_is_unknown_on_its_subject_only() -> None:
    def resolve(name: str) -> pl.Expr:
        return pl.lit(2.0) if name == "t" else pl.col(name)

    compiler = Compiler(resolve, {})
    text = "CASE WHEN a >= t THEN 'high' WHEN a >= t - 1 THEN 'mid' ELSE 'low' END"
    frame = pl.DataFrame({"a": [2.5, 1.0, 0.0, None]})
    result = frame.select(compiler.compile(text).alias("out"))["out"].to_list()
    assert result == ["high", "mid", "low", None]
    assert str(compiler.compile(text)).count("is_null") == 1


def test_conditions_that_are_not_simple_keep_their_own_checks() -> None:
    # Kleene AND: false even with an unknown side, so a missing b alone decides nothing.
    kleene = "CASE WHEN a > 1 AND b > 1 THEN 'both' WHEN a > 0 THEN 'a' ELSE 'none' END"
    assert _eval(kleene, a=[0, 2, 2, 1], b=[None, None, 2, None]) == ["none", None, "both", "a"]
    # Division by zero is unknown although both columns are known.
    division = "CASE WHEN a / b >= 1 THEN 'x' WHEN a >= 0 THEN 'y' ELSE 'z' END"
    assert _eval(division, a=[1, 1, 0], b=[0, 1, 2]) == [None, "x", "y"]


def test_division_by_zero_is_unknown() -> None:
    assert _eval("a / b", a=[1, 1], b=[0, 4]) == [None, 0.25]
    assert _eval("a / 0", a=[1, None]) == [None, None]
    assert _eval("a / 0.0", a=[1, None]) == [None, None]
    assert _eval("a / 2", a=[1, None]) == [0.5, None]


def test_scale_brackets_are_inclusive_at_their_bounds() -> None:
    bases = [50_000_000, 50_000_001, 200_000_000, 200_000_001, None]
    assert _eval("scale(rd_min, s)", s=bases) == [0.05, 0.04, 0.04, 0.03, None]


def test_below_brackets_exclude_their_bounds() -> None:
    # 小巨人: <5000万 / 5000万–1亿 / ≥1亿 — the bound itself belongs to the next bracket.
    bases = [49_999_999, 50_000_000, 99_999_999, 100_000_000]
    assert _eval("scale(tier, s)", s=bases) == [0.0, 0.06, 0.06, 0.03]


def test_least_and_greatest_are_unknown_when_any_argument_is() -> None:
    assert _eval("least(a, 3)", a=[1, 5, None]) == [1, 3, None]
    assert _eval("greatest(a, 3)", a=[1, 5, None]) == [3, 5, None]


def test_is_null_and_in_and_between() -> None:
    assert _eval("a IS NULL", a=[None, 1]) == [True, False]
    assert _eval("a IS NOT NULL", a=[None, 1]) == [False, True]
    assert _eval("a IN (1, 3)", a=[1, 2, None]) == [True, False, None]
    assert _eval("a BETWEEN 1 AND 3", a=[0, 1, 3, 4]) == [False, True, True, False]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("sum(a)", "不支持的写法"),
        ("foo(a)", "未知函数 foo"),
        ("a >=", "表达式无法解析"),
        ("CASE a WHEN 1 THEN 2 END", "CASE 后请直接写 WHEN"),
        ("a IS 3", "IS 之后只能写 NULL"),
        ("scale(nope, a)", "不是已声明的分段参数"),
    ],
)
def test_what_is_not_allowed_is_refused_in_chinese(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError, match=fragment):
        _eval(text, a=[1])
