"""The cell parsers' fast paths give what the general paths give, and refuse with the same reason.

The references below are the parsers as they were before their fast paths: every code through
python-stdnum, every number through its text.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from stdnum.cn import uscc as uscc_standard
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from techzone.demo.identity import synthetic_uscc
from techzone.io.fields import LARGEST_AMOUNT, _uscc_fault, parse_decimal, parse_uscc
from techzone.model.base import to_yuan


def _reference_uscc(value: Any) -> str:
    text = str(value).strip().upper()
    try:
        return str(uscc_standard.validate(text))
    except InvalidLength as error:
        raise ValueError(f"统一社会信用代码应为18位，实为{len(text)}位") from error
    except InvalidChecksum as error:
        expected = uscc_standard.calc_check_digit(text[:17])
        raise ValueError(
            f"统一社会信用代码校验位错误（按GB 32100-2015应为「{expected}」）"
        ) from error
    except (InvalidFormat, InvalidComponent) as error:
        raise ValueError(_uscc_fault(uscc_standard.compact(text))) from error


def _reference_decimal(value: Any) -> Decimal:
    """The general path (through the text), with the stored range as the one outer rule."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"「{value}」不是数字")
    try:
        number = _through_text(value)
    except InvalidOperation as error:
        raise ValueError(f"「{value}」超出可以记录的数值范围") from error
    if abs(number) > LARGEST_AMOUNT:
        raise ValueError(f"「{value}」超出可以记录的数值范围")
    return number


def _through_text(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("应为数字")
    if isinstance(value, float):
        shortest = Decimal(repr(value))
        nearest = shortest.quantize(Decimal("0.01"))
        value = nearest if abs(shortest - nearest) < Decimal("0.000001") else shortest
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"「{text}」不是数字") from error
    if not number.is_finite():
        raise ValueError(f"「{text}」不是数字")
    if to_yuan(number) != number:
        raise ValueError(f"「{text}」超过两位小数")
    return to_yuan(number)


def _outcome(parse: Any, value: Any) -> tuple[str, Any]:
    """What parsing gives: the value with its exact form, or the reason it was refused."""
    try:
        parsed = parse(value)
    except ValueError as error:
        return "refused", str(error)
    except ArithmeticError as error:  # beyond Decimal's precision: not a reason, but the same
        return "failed", type(error).__name__
    return type(parsed).__name__, repr(parsed)


def _wrong_check(code: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return code[:17] + next(c for c in alphabet if c != code[17])


CODES = [synthetic_uscc(number) for number in range(0, 600, 10)]
USCC_CELLS: list[Any] = [
    *CODES,
    *(code.lower() for code in CODES[:20]),
    *(f" {code}\t" for code in CODES[:20]),
    *(_wrong_check(code) for code in CODES[:50]),
    "91110000600037341L",
    "9111 0000 6000 3734 1L",
    "91110000-600037341L",
    "91110000600037341",
    "91110000600037341LL",
    "9111000060003734IL",
    "A1110000600037341L",
    "91110000600037341Ｌ",
    "９1110000600037341L",
    "",
    911100006000373410,
]


@pytest.mark.parametrize("value", USCC_CELLS, ids=repr)
def test_a_uscc_parses_as_stdnum_parses_it(value: Any) -> None:
    assert _outcome(parse_uscc, value) == _outcome(_reference_uscc, value)


@pytest.mark.parametrize(
    ("code", "fault"),
    [
        ("9162A4001A7AB1CD2X", "第3—8位（登记管理机关行政区划码）应为数字，第5位是「A」"),
        ("A1110000600037341L", "第1—2位（登记管理部门代码、机构类别代码）应为数字，第1位是「A」"),
        ("9111000060003734IL", "第17位是字母「I」：第9—18位不使用I、O、Z、S、V"),
        ("91110000600037341Ｌ", "第18位「Ｌ」是全角字符，请切换到半角（英文）输入"),
        ("91110000600037341?", "第18位「?」不是数字或大写字母"),
    ],
)
def test_a_malformed_uscc_is_told_its_real_fault(code: str, fault: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_uscc(code)
    assert str(raised.value) == f"统一社会信用代码{fault}"
    assert "I、O" not in str(raised.value) or "I" in code


def test_valid_codes_pass_and_a_wrong_check_character_is_named() -> None:
    assert parse_uscc(f" {CODES[3].lower()} ") == CODES[3]
    assert parse_uscc("9111 0000 6000 3734 1L") == "91110000600037341L"
    with pytest.raises(ValueError, match="校验位错误（按GB 32100-2015应为「L」）"):
        parse_uscc("91110000600037341M")


DECIMAL_CELLS: list[Any] = [
    0,
    7,
    -12,
    12345678901234,
    10**24,
    0.1 + 0.2,
    1234.5600000000002,
    123.456,
    -0.5,
    1e-07,
    1.5e20,
    -0.0,
    float("nan"),
    float("inf"),
    1e30,
    10**30,
    Decimal("1.5"),
    Decimal("1.500"),
    Decimal("1.505"),
    Decimal("-0"),
    Decimal("1E+3"),
    Decimal("NaN"),
    Decimal("Infinity"),
    "1,234.5",
    " 99 ",
    "1，000",
    "1.001",
    "abc",
    "nan",
    "-inf",
    True,
]


@pytest.mark.parametrize("value", DECIMAL_CELLS, ids=repr)
def test_a_number_parses_as_through_its_text(value: Any) -> None:
    assert _outcome(parse_decimal, value) == _outcome(_reference_decimal, value)


def test_numbers_keep_two_places_and_refuse_a_third() -> None:
    assert repr(parse_decimal(7)) == "Decimal('7.00')"
    assert repr(parse_decimal(Decimal("1.5"))) == "Decimal('1.50')"
    with pytest.raises(ValueError, match=r"^「1\.505」超过两位小数$"):
        parse_decimal(Decimal("1.505"))
    with pytest.raises(ValueError, match=r"^「Infinity」不是数字$"):
        parse_decimal(Decimal("Infinity"))


def test_an_amount_beyond_what_is_stored_is_a_cell_problem_not_a_crash() -> None:
    # Stored as a signed 64-bit count of hundredths: 92233720368547758.07 is the largest.
    assert parse_decimal("92233720368547758.07") == Decimal("92233720368547758.07")
    assert parse_decimal("-92233720368547758.07") == Decimal("-92233720368547758.07")
    for value in ("92233720368547758.08", 1e30, 10**26, "1e30"):
        with pytest.raises(ValueError, match="超出可以记录的数值范围"):
            parse_decimal(value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,234.56", Decimal("1234.56")),
        ("1，234，567", Decimal("1234567.00")),
        ("-12,000", Decimal("-12000.00")),
        ("100", Decimal("100.00")),
        ("12,5", None),  # 12.5 written with a decimal comma was read as 125
        ("1,00", None),  # 1.00 was read as 100: a payment a hundred times too large
        ("1,2,3", None),
        ("1234,567", None),
        (",100", None),
        ("100,", None),
    ],
)
def test_a_comma_is_read_only_as_a_thousands_separator(
    typed: str, expected: Decimal | None
) -> None:
    if expected is not None:
        assert parse_decimal(typed) == expected
        return
    with pytest.raises(ValueError, match="千位分隔"):
        parse_decimal(typed)
