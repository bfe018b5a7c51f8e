"""The cell parsers' fast paths give what the general paths give, and refuse with the same reason.

The references below are the parsers as they were before their fast paths: every code through
python-stdnum, every number through its text.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from stdnum.cn import uscc as uscc_standard
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from techzone.demo.identity import synthetic_uscc
from techzone.io.fields import (
    LARGEST_AMOUNT,
    _uscc_fault,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_uscc,
)
from techzone.model.base import to_yuan


def _reference_uscc(value: Any) -> str:
    text = str(value).strip().upper()
    if not text:
        raise ValueError("请填写统一社会信用代码")
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


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # A Chinese input method in full-width mode: the point too, not only the digits.
        ("１２３４５．６", Decimal("12345.60")),
        ("１，２３４．５０", Decimal("1234.50")),
        ("－１２", Decimal("-12.00")),
    ],
)
def test_an_amount_typed_in_full_width_is_read(typed: str, expected: Decimal) -> None:
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize("typed", ["1200①", "1200¹", "10²", "₅00", "⑴200"])
def test_a_footnote_mark_or_superscript_is_no_digit_of_the_amount(typed: str) -> None:
    # 「1200①」 refers to a note under the table: read as a digit it is 12001, ten times more.
    # Only full-width forms are half-width digits; other marks that look like digits are not.
    with pytest.raises(ValueError):
        parse_decimal(typed)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # 万 multiplies by ten thousand: never guessed, said with the figure it would be.
        ("50万元", "「50万元」带有单位「万元」：请只填数字，50万元应写作 500000"),
        ("５０万", "「50万」带有单位「万」：请只填数字，50万应写作 500000"),
        ("1.5亿元", "「1.5亿元」带有单位「亿元」：请只填数字，1.5亿元应写作 150000000"),
        ("1234元", "「1234元」带有单位「元」：请只填数字 1234"),
        ("12 人", "「12 人」带有单位「人」：请只填数字 12"),
        ("¥1,234", "「¥1,234」带有货币符号：请只填数字 1,234"),
        ("￥1,234.5", "「¥1,234.5」带有货币符号：请只填数字 1,234.5"),
    ],
)
def test_an_amount_with_its_unit_is_refused_saying_what_to_write(typed: str, said: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_decimal(typed)
    assert str(refused.value) == said


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2020-03-01 00:00:00", date(2020, 3, 1)),  # a date cell saved as text by another tool
        ("2020/3/1 14:30", date(2020, 3, 1)),
        ("20200301", date(2020, 3, 1)),  # how many government systems write a day
        (20200301, date(2020, 3, 1)),
        ("２０２０年３月１日", date(2020, 3, 1)),
    ],
)
def test_a_day_as_other_systems_write_it_is_read(typed: Any, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", [43891, "43891", 43891.0])
def test_an_excel_day_number_is_refused_naming_its_day(typed: Any) -> None:
    # The cell lost its date format (常规): 43891 is 2020-03-01 to Excel, but a number in a day
    # column may as well be a mistake, so it is named, not taken.
    with pytest.raises(ValueError) as refused:
        parse_date(typed)
    said = str(refused.value)
    assert "2020-03-01" in said and "日期格式" in said


@pytest.mark.parametrize("typed", ["20201301", "2020-03-01 25:00", "20200230", "1", "2020"])
def test_what_is_no_day_stays_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["", "  ", "\u3000"])
def test_an_empty_uscc_is_said_to_be_missing_not_zero_characters_long(typed: str) -> None:
    # The invitation form sent before the code was typed said 「应为18位，实为0位」.
    with pytest.raises(ValueError, match=r"^请填写统一社会信用代码$"):
        parse_uscc(typed)


@pytest.mark.parametrize(
    "typed", ["9.16204E+17", "9.16204e+17", 9.162040000000001e17, "916204000000000000.0"]
)
def test_a_uscc_that_excel_turned_into_a_number_is_told_so(typed: object) -> None:
    # An all-digit code typed in a number cell, or a CSV opened and saved again in Excel: its
    # last digits are gone, which 「应为18位，实为11位」 did not say.
    with pytest.raises(ValueError) as refused:
        parse_uscc(typed)
    said = str(refused.value)
    assert "数字" in said and "文本" in said, said


@pytest.mark.parametrize("typed", ["1.23457E+11", "9.87654E+12", "-1.5E+11"])
def test_an_amount_as_excel_shows_a_long_number_is_refused(typed: str) -> None:
    # Excel's 常规 format shows 123456789012.34 as 1.23457E+11, and a CSV saved from it keeps
    # that text: read, it is 123,457,000,000, off by up to half a million yuan.
    with pytest.raises(ValueError, match="科学计数法"):
        parse_decimal(typed)


@pytest.mark.parametrize(("typed", "read"), [("1e3", "1000.00"), ("1.5e2", "150.00")])
def test_an_exponent_typed_by_hand_is_read(typed: str, read: str) -> None:
    assert parse_decimal(typed) == Decimal(read)


# robust8: what an officer types in WPS or Excel with a Chinese input method, or copies from a
# web page or a chat.


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2015－03－01", date(2015, 3, 1)),  # the input method's full-width minus
        ("２０１５／３／１", date(2015, 3, 1)),
        ("2015．3．1", date(2015, 3, 1)),
        ("2015.3.1", date(2015, 3, 1)),
        ("2015年3月1日", date(2015, 3, 1)),
    ],
)
def test_a_day_typed_with_full_width_separators_is_read(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["2015－13－01", "2015／2／30", "2015．3"])
def test_a_full_width_day_that_is_no_day_stays_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="日期"):
        parse_date(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("√", True),
        ("×", False),  # the mark beside √ on every paper form; only √ was read
        ("✓", True),
        ("✗", False),
        ("ｙ", True),
        ("Ｎ", False),
        ("１", True),
        ("０", False),
        ("是", True),
        ("否", False),
    ],
)
def test_yes_and_no_as_offices_mark_them_are_read(typed: str, expected: bool) -> None:
    assert parse_bool(typed) is expected


@pytest.mark.parametrize("typed", ["X", "2", "有", "-", "是否"])
def test_what_is_neither_yes_nor_no_stays_refused(typed: str) -> None:
    # 「X」 is a tick in a box to some and a cross to others: asked, not guessed.
    with pytest.raises(ValueError, match="应填写「是」或「否」"):
        parse_bool(typed)


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u200d", "\u2060", "\u00a0"])
def test_a_uscc_copied_with_an_invisible_character_is_read(invisible: str) -> None:
    # Copied from a web page or a chat, the code carried a zero-width character the officer
    # cannot see, and was refused as 「应为18位，实为19位」.
    code = synthetic_uscc(1, "450200")
    assert parse_uscc(code[:9] + invisible + code[9:] + invisible) == code


def test_a_uscc_with_an_invisible_character_and_a_wrong_check_digit_stays_refused() -> None:
    code = synthetic_uscc(1, "450200")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValueError, match="校验位错误"):
        parse_uscc("\u200b" + wrong)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("(1,234.00)", "-1234.00"),  # a negative as accounts show it (净利润 copied from a report)
        ("（1,234.00）", "-1234.00"),
        ("(500)", "-500"),
        ("1,234.00-", "-1234.00"),  # the minus after the figure, as some finance systems print
    ],
)
def test_an_accounting_negative_is_refused_saying_how_to_write_it(typed: str, said: str) -> None:
    # It was told its comma was wrong. Not taken as negative: asked, never guessed.
    with pytest.raises(ValueError) as refused:
        parse_decimal(typed)
    assert "负数" in str(refused.value) and said in str(refused.value)
    assert "逗号" not in str(refused.value)


@pytest.mark.parametrize("typed", ["(abc)", "()", "(1,2)", "-"])
def test_what_only_looks_like_an_accounting_negative_is_no_number(typed: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_decimal(typed)
    assert "负数" not in str(refused.value)
