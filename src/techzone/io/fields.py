"""Cell types for the sheets: how a value an officer typed becomes an exact, typed value.

Each type accepts what Excel and CSV actually hold (numbers typed as text, thousands separators,
dates as ``2021/3/5`` or ``2021年3月5日``) and rejects anything else with a Chinese reason.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer
from stdnum.cn import uscc as uscc_standard
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from techzone.model.base import to_yuan
from techzone.model.codes import CodedEnum

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
# GB/T 4754: a section letter, optionally followed by 2-, 3- or 4-digit division/group/class.
_INDUSTRY_CODE = re.compile(r"^[A-T](\d{2}|\d{3}|\d{4})?$")
# GB 32100-2015: 8 digits (登记管理部门、机构类别、登记管理机关行政区划码), then 10 characters of
# the code alphabet (no I, O, Z, S, V), the last a check character (weighted sum modulo 31).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_FORM = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUWXY]{10}")
_USCC_VALUE = {character: value for value, character in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CENT = Decimal("0.01")
_MILLIONTH = Decimal("0.000001")
# The largest amount whose hundredths fit a signed 64-bit integer (the stored form).
LARGEST_AMOUNT = Decimal(2**63 - 1) / 100
# √ and × are how paper forms mark yes and no; ✓ and ✗ are the same marks in other fonts. A
# letter X is left out: a tick in a box to some, a cross to others.
_TRUE = {"是", "Y", "YES", "TRUE", "1", "√", "✓", "✔"}
_FALSE = {"否", "N", "NO", "FALSE", "0", "", "×", "✗", "✘"}


class ColumnError(ValueError):
    """A row-level problem that belongs to one column (so the error report can point at it)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class ColumnErrors(ValueError):
    """Several row-level problems found together, each with its column, so all are reported."""

    def __init__(self, errors: list[ColumnError]) -> None:
        super().__init__("；".join(str(error) for error in errors))
        self.errors = errors


# How Excel shows a long number (9.16204E+17), or its text with a point: a code has neither.
_AS_NUMBER = re.compile(r"\d(\.\d+)?E\+\d+|\d{15,}\.\d*")


# Characters that take no space on screen, which a code copied from a web page or a chat carries
# (zero-width space and joiners, word joiner, the byte-order mark): the officer cannot see them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def parse_uscc(value: Any) -> str:
    text = str(value).translate(_INVISIBLE).strip().upper()
    if not text:  # a form sent before the code was typed: missing, not 「实为0位」
        raise ValueError("请填写统一社会信用代码")
    if isinstance(value, float) or _AS_NUMBER.fullmatch(text):
        # An all-digit code kept as a number by Excel (9.16204E+17): its last digits are lost.
        raise ValueError(
            f"统一社会信用代码被Excel当作数字保存（「{text}」），末几位已丢失："
            "请把该列设为「文本」格式后重新填写"
        )
    # Every row of every enterprise's sheet names one: a code already in its compact form with
    # a right check character is what python-stdnum returns, at a tenth of its cost. Anything
    # else (separators to drop, a wrong character) goes to stdnum for its answer and reason.
    if _is_valid_compact_uscc(text):
        return text
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


def _uscc_fault(code: str) -> str:
    """What is wrong with an 18-character code python-stdnum refuses as malformed."""
    for position, character in enumerate(code, start=1):
        if position <= 8 and not character.isdigit():
            part = (
                "第1—2位（登记管理部门代码、机构类别代码）"
                if position <= 2
                else "第3—8位（登记管理机关行政区划码）"
            )
            return f"统一社会信用代码{part}应为数字，第{position}位是「{character}」"
        if position > 8 and character not in _USCC_VALUE:
            if character in "IOZSV":
                return (
                    f"统一社会信用代码第{position}位是字母「{character}」："
                    "第9—18位不使用I、O、Z、S、V"
                )
            if "\uff01" <= character <= "\uff5e":
                # Typed with a Chinese input method in full-width mode: Ｍ looks like M.
                return (
                    f"统一社会信用代码第{position}位「{character}」是全角字符，"
                    "请切换到半角（英文）输入"
                )
            return f"统一社会信用代码第{position}位「{character}」不是数字或大写字母"
    return "统一社会信用代码格式不符合GB 32100-2015"


@lru_cache(maxsize=1 << 16)
def _is_valid_compact_uscc(text: str) -> bool:
    # An enterprise's code is on each of its rows in every sheet: its check sum is done once.
    return _USCC_FORM.fullmatch(text) is not None and _uscc_check_character(text) == text[17]


def _uscc_check_character(text: str) -> str:
    total = sum(_USCC_VALUE[c] * weight for c, weight in zip(text, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[-total % 31]


# A time after the day, as a date cell saved as text by another program has it (2020-03-01
# 00:00:00): the day is the fact, the time of day nothing a record keeps.
_TIME_OF_DAY = re.compile(r"^(\S+)\s+([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$")
# Excel counts days from 1899-12-30 (its 1900 leap-year error included): a date cell whose format
# was set back to 常规 shows this count.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_DAYS = range(
    (date(1949, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 12, 31) - _EXCEL_EPOCH).days
)


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    # The input method's full-width －／． between the parts; its digits \d reads already.
    text = half_width(str(value)).strip()
    timed = _TIME_OF_DAY.match(text)
    day_text = timed.group(1) if timed else text
    if re.fullmatch(r"\d{8}", day_text):  # 20200301, as many government systems write a day
        day_text = f"{day_text[:4]}-{day_text[4:6]}-{day_text[6:]}"
    for pattern in _DATE_PATTERNS:
        match = pattern.match(day_text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError as error:
                raise ValueError(f"「{text}」不是有效日期") from error
    serial = _excel_day(value)
    if serial is not None:
        # Named, not taken: a number in a day column may as well be a mistake.
        raise ValueError(
            f"「{text}」像是Excel的日期序号（即{serial.isoformat()}）：请写作 "
            f"{serial.isoformat()}，或在Excel中把单元格设为日期格式"
        )
    raise ValueError(f"「{text}」不是日期，应写作 YYYY-MM-DD")


def _excel_day(value: Any) -> date | None:
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else math.nan
    except ValueError:
        return None
    if not number.is_integer() or int(number) not in _EXCEL_DAYS:
        return None
    return date.fromordinal(_EXCEL_EPOCH.toordinal() + int(number))


def parse_decimal(value: Any) -> Decimal:
    """An exact decimal with at most two places; floats are read by their shortest repr.

    Amounts are stored as 64-bit counts of hundredths: a larger one is refused here, with the
    cell, rather than failing the whole import when it is written.
    """
    try:
        number = _parse_decimal(value)
    except InvalidOperation as error:  # more digits than a Decimal context holds
        raise ValueError(f"「{value}」超出可以记录的数值范围") from error
    if abs(number) > LARGEST_AMOUNT:
        raise ValueError(f"「{value}」超出可以记录的数值范围")
    return number


# Digits grouped by three from the point, with a comma (or a full-width one) between groups.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d*)?")


def ungrouped(text: str) -> str:
    """``text`` without its thousands separators (1,234.56 → 1234.56). Any other comma is
    refused: 12,5 is 12.5 with a decimal comma to some and 125 to others — asked, never
    guessed (dropping it read 「1,0」 as 10). The one rule for every amount typed or read."""
    text = text.strip()
    if "," in text or "，" in text:
        if not _GROUPED.fullmatch(text):
            raise ValueError(f"「{text}」中的逗号只能作千位分隔符（如 1,234.56），小数点请用“.”")
        text = text.replace(",", "").replace("，", "")
    return text


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("应为数字")
    # Most money cells arrive as numbers: an integer needs no checking, a float near a fen-exact
    # amount is that amount, and any other Decimal no round trip through its text, which is
    # all the text would give back.
    if type(value) is int:
        return to_yuan(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"「{value}」不是数字")
        # A sum computed in Excel arrives as 1234.5600000000002: within a millionth of a
        # fen-exact amount, it is that amount.
        shortest = Decimal(repr(value))
        nearest = shortest.quantize(_CENT)
        if abs(shortest - nearest) < _MILLIONTH:
            return nearest
        value = shortest
    if type(value) is Decimal:
        return _two_places(value, None)
    text = number_text(value)
    if _AS_EXCEL_SHOWS.fullmatch(text):
        raise ValueError(
            f"「{text}」是Excel以科学计数法显示的数值，只剩6位有效数字，其余已丢失："
            "请在Excel中把该列设为「数值」格式（两位小数）后重新保存"
        )
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"「{text}」不是数字") from error
    return _two_places(number, text)


# How Excel's 常规 format shows a number too long for its cell (1.23457E+11), which a CSV saved
# from it keeps as text: six significant digits of the amount. A number cell comes whole.
_AS_EXCEL_SHOWS = re.compile(r"[+-]?\d(\.\d{1,5})?E\+\d{2}")


# The full-width forms of ASCII (a Chinese input method's １２３４．５, ，, －), its space, and ￥.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xFFE5: 0xA5}


def half_width(text: str) -> str:
    """Full-width forms (a Chinese input method's ３０００００, ．, －) as half width; nothing else
    changed: NFKC would also make a footnote mark or a superscript a digit (1200① → 12001)."""
    return text.translate(_HALF_WIDTH)


def number_text(value: Any) -> str:
    """A number as typed, ready for ``Decimal``: full-width digits, point, comma and minus (a
    Chinese input method) as in half width, thousands separators dropped. ``ValueError``
    saying what to type for a unit or currency sign (50万元, ¥1,234) or a stray comma."""
    # Decimal alone took full-width digits but refused the full-width point. Only the
    # full-width forms are turned: NFKC would also make a footnote mark a digit (1200① → 12001).
    text = half_width(str(value)).strip()
    fault = _unit_fault(text)
    if fault is not None:
        raise ValueError(fault)
    negative = _ACCOUNTING_NEGATIVE.fullmatch(text)
    if negative is not None and _GROUPED_OR_PLAIN.fullmatch(
        figure := negative.group(1) or negative.group(2)
    ):
        # Said, not taken: the comma was blamed before, and a sign is not guessed.
        raise ValueError(f"「{text}」像是会计格式的负数：如是负数，请写作 -{ungrouped(figure)}")
    return ungrouped(text)


# (1,234.00) as a report shows a negative, 1,234.00- as some finance systems print it.
_ACCOUNTING_NEGATIVE = re.compile(r"\(\s*([\d.,]+)\s*\)|([\d.,]+)-")
_GROUPED_OR_PLAIN = re.compile(r"\d+(?:\.\d*)?|\d{1,3}(?:,\d{3})+(?:\.\d*)?")


_WITH_UNIT = re.compile(r"([+-]?[\d.,]*\d)\s*(万元|万|亿元|亿|元|人|家|个|件|项|名)")
_MULTIPLES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_CURRENCY = ("¥", "$", "RMB", "CNY")


def _unit_fault(text: str) -> str | None:
    """What to write instead of an amount typed with its unit or currency sign (50万元, ¥1,234).

    万 and 亿 multiply: the figure is said, never taken, as the column may count 元 or 人."""
    for sign in _CURRENCY:
        if text.upper().startswith(sign) and len(text) > len(sign):
            rest = text[len(sign) :].strip()
            if re.fullmatch(r"[+-]?[\d.,]*\d", rest):
                return f"「{text}」带有货币符号：请只填数字 {rest}"
    match = _WITH_UNIT.fullmatch(text)
    if match is None:
        return None
    figure, unit = match.groups()
    multiple = _MULTIPLES.get(unit[0])
    if multiple is None:
        return f"「{text}」带有单位「{unit}」：请只填数字 {figure}"
    try:
        written = Decimal(ungrouped(figure)) * multiple
    except (ValueError, InvalidOperation):
        return f"「{text}」带有单位「{unit}」：请只填数字"
    return f"「{text}」带有单位「{unit}」：请只填数字，{figure}{unit}应写作 {written.normalize():f}"


def _two_places(number: Decimal, text: str | None) -> Decimal:
    """``number`` to the fen if it has no more places; ``text`` is how the cell showed it."""
    if not number.is_finite():
        raise ValueError(f"「{number if text is None else text}」不是数字")
    cents = to_yuan(number)
    if cents != number:
        raise ValueError(f"「{number if text is None else text}」超过两位小数")
    return cents


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = half_width(str(value)).strip().upper()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"「{value}」应填写「是」或「否」")


def parse_industry_code(value: Any) -> str:
    text = str(value).strip().upper()
    if not _INDUSTRY_CODE.match(text):
        raise ValueError(f"「{text}」不是GB/T 4754行业代码（如 C3985）")
    return text


def parse_year(value: Any) -> int:
    try:
        year = int(parse_decimal(value))
    except ValueError as error:
        raise ValueError(f"「{value}」不是年份") from error
    if Decimal(year) != parse_decimal(value) or not 1949 <= year <= 2100:
        raise ValueError(f"「{value}」不是有效年份")
    return year


def parse_attributes(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    text = str(value).strip()
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f'属性应为JSON对象，如 {{"等级": "一等奖"}}：{error.msg}') from error
    except RecursionError as error:
        raise ValueError("属性的嵌套层数过多") from error
    if not isinstance(parsed, dict):
        raise ValueError("属性应为JSON对象（用花括号）")
    return parsed


# Counts the award rules multiply or compare (人数 × 月数 × 每人每月3000元; 第一完成单位 = 排名1):
# each a whole number in its range, or the amount computed from it is no amount at all. 月数 are
# the months of the event's one year (a hire's months in that year), so never more than 12.
EVENT_COUNTS: dict[str, tuple[int, int | None]] = {
    "人数": (0, None),
    "月数": (0, 12),
    "排名": (1, None),
    # A zone's 全国综合排名 of the year before (高新区事件「年度评价结果」), compared with 排名.
    "上年排名": (1, None),
}


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = parse_decimal(value)
    except ValueError:
        return None
    return int(number) if number == number.to_integral_value() else None


def check_event_counts(attributes: dict[str, Any]) -> dict[str, Any]:
    """The attributes with each count as the whole number it was read as: the award reads a
    count as an integer, so 「１」, 1.0 or "1,000", taken here, are kept as 1 and 1000 — as
    typed, they were no count to it, and the award waited on a count the officer had given."""
    counts: dict[str, int] = {}
    for key, (low, high) in EVENT_COUNTS.items():
        if key not in attributes or attributes[key] is None:
            continue
        number = _whole(attributes[key])
        if number is None or number < low or (high is not None and number > high):
            bound = f"{low}至{high}" if high is not None else f"不小于{low}"
            raise ValueError(f"属性「{key}」应为{bound}的整数，而不是「{attributes[key]}」")
        counts[key] = number
    return {**attributes, **counts} if counts else attributes


def parsed_as(enum_cls: type[CodedEnum]) -> BeforeValidator:
    """Accept a code list member typed as its Chinese label or its code."""
    return BeforeValidator(lambda value: enum_cls.parse(str(value)))


def _label(member: CodedEnum) -> str:
    return member.label


# Code list cells are written out as their Chinese labels, the form officers read.
AS_LABEL = PlainSerializer(_label, return_type=str)


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _attributes_text(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


Uscc = Annotated[str, BeforeValidator(parse_uscc)]
Day = Annotated[date, BeforeValidator(parse_date)]
Exact = Annotated[Decimal, BeforeValidator(parse_decimal), PlainSerializer(lambda d: d)]
YesNo = Annotated[bool, BeforeValidator(parse_bool), PlainSerializer(_yes_no, return_type=str)]
IndustryCode = Annotated[str, BeforeValidator(parse_industry_code)]
Year = Annotated[int, BeforeValidator(parse_year)]
EventAttributes = Annotated[
    dict[str, Any],
    BeforeValidator(lambda value: check_event_counts(parse_attributes(value))),
    PlainSerializer(_attributes_text, return_type=str),
]
