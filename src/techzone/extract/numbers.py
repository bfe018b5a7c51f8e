"""Numbers as documents write them: Arabic or Chinese numerals, money units, rates.

Exact throughout: values are ``Decimal``; 1.5万元 is 15000 yuan, 百分之十 is 0.1.
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

# Character classes for the patterns that find amounts.
CHINESE_NUMERAL = "〇零一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟"
NUMBER = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CHINESE_NUMERAL}]+(?:点[{CHINESE_NUMERAL}]+)?)"
# 元, 千元, 万元, 百万元, 千万元, 亿元 (the 元 is optional inside a list: 50、30、20万元).
MONEY_UNIT = r"(?:(?:百|千)?(?:万|亿)|千|百)?元"

UNIT_FACTORS = {
    "元": 1,
    "百元": 100,
    "千元": 1000,
    "万元": 10_000,
    "百万元": 1_000_000,
    "千万元": 10_000_000,
    "亿元": 100_000_000,
    "百亿元": 10_000_000_000,
    "千亿元": 100_000_000_000,
}


def chinese_integer(text: str) -> int:
    """二〇二七 → 2027 (digit by digit); 一百二十 → 120; 十五 → 15; 一亿二千万 → 120000000."""
    if not any(ch in SMALL_UNITS or ch in LARGE_UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = number = 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * LARGE_UNITS[ch]
            section = number = 0
        else:
            total = (total + section + number) * LARGE_UNITS[ch]
            section = number = 0
    return total + section + number


def parse_number(text: str) -> Decimal:
    """An Arabic (1,000 · 1.5) or Chinese (五十 · 一点五 · 二〇二七) number, exactly."""
    text = text.strip()
    if text[:1].isdigit():
        return Decimal(text.replace(",", ""))
    whole, _, fraction = text.partition("点")
    value = Decimal(chinese_integer(whole)) if whole else Decimal(0)
    if fraction:
        value += Decimal("0." + "".join(str(DIGITS[ch]) for ch in fraction))
    return value


def to_yuan(number: str, unit: str) -> Decimal:
    """An amount in yuan: ``to_yuan("1.5", "万元") == Decimal(15000)``."""
    value = parse_number(number) * UNIT_FACTORS[unit]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def percent(number: str) -> Decimal:
    """A percentage as a ratio: ``percent("10") == Decimal("0.1")``."""
    return (parse_number(number) / 100).normalize()
