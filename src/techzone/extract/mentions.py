"""Every number that could be money in a normalised text: amounts, rates, matching ratios.

A mention is only a candidate; ``clauses`` decides from its words whether it is a reward.
Dates (二〇二七年), counts (35家) and phone numbers never carry a money unit or a percent sign,
so they are not mentions at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from techzone.extract.grammar import rule
from techzone.extract.numbers import (
    CHINESE_NUMERAL,
    MONEY_UNIT,
    NUMBER,
    parse_number,
    percent,
    to_yuan,
)

MONEY = re.compile(rf"({NUMBER})({MONEY_UNIT})")
# A bare item of a list whose unit is written once at the end: 50、30、20、10万元 · 20万、10万元.
BARE_ITEM = re.compile(rf"({NUMBER})((?:百|千)?(?:万|亿))?\s*[、,]\s*$")
# The lower end of a range that writes its unit once, at the upper end: 每人5-10万元, 20-40万元 —
# or its 万 without 元 (20万~100万元: read alone, the upper end was paid as stated).
LOWER_END = re.compile(
    r"(?<![\d.,])(\d+(?:\.\d+)?)((?:百|千)?(?:万|亿))?\s*(?:—|-|–|~|～|至|到)\s*$"
)
RATE = re.compile(
    rf"(\d+(?:\.\d+)?)%|百分之([{CHINESE_NUMERAL}]+(?:点[{CHINESE_NUMERAL}]+)?)"
    rf"|(\d+(?:\.\d+)?)‰|千分之([{CHINESE_NUMERAL}]+(?:点[{CHINESE_NUMERAL}]+)?)"
)
# 最低工资标准的2/3, 三分之二: a share written as a fraction — a rate, kept to four places (0.6667),
# the evaluation labels' convention. Not a date (2019/1/3) nor a unit (元/人).
FRACTION = re.compile(
    r"(?<![\d/.])([1-9])/([1-9])(?![\d/.])|(?<![百千万])([二三四五六七八九十])分之([一二三四五六七八九])"
)
FRACTION_PLACES = Decimal("0.0001")
RATIO = re.compile(r"(?<![\d:])(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)(?![\d:])")
# 按照省财政补助额的2倍进行配套支持: a multiple of the award it matches — 2 per yuan. Only after
# 的 (the base named before it): 增长2倍 measures, it does not match.
MULTIPLE = re.compile(r"(?<=的)(\d+(?:\.\d+)?|[一二两三四五六七八九十])倍")

MentionKind = Literal["money", "rate", "ratio"]


@dataclass(frozen=True)
class Mention:
    """A number with its unit at normalised [start, end): yuan, a ratio, or a matching ratio."""

    kind: MentionKind
    start: int
    end: int
    value: Decimal
    unit_from_list: bool = False


SUM_WITHOUT_YUAN = rule("sum_without_yuan")
# The next items of such a list: 分别一次性给予企业10万、20万、30万.
NEXT_WITHOUT_YUAN = re.compile(rf"\s*、\s*({NUMBER})((?:百|千)?(?:万|亿))(?![元\d])")


def find_mentions(text: str) -> list[Mention]:
    found = [*_money(text), *_sums_without_yuan(text), *_rates(text)]
    found += [*_fractions(text), *_ratios(text)]
    return sorted(found, key=lambda mention: mention.start)


def _sums_without_yuan(text: str) -> list[Mention]:
    """奖励企业50万: an award's sum whose 元 was dropped at the end of its clause."""
    found = []
    for match in SUM_WITHOUT_YUAN.finditer(text):
        figure = re.match(rf"({NUMBER})(.*)", match.group("figure"))
        assert figure is not None
        start, end = match.span("figure")
        found.append(Mention("money", start, end, to_yuan(figure.group(1), f"{figure.group(2)}元")))
        while (item := NEXT_WITHOUT_YUAN.match(text, end)) is not None:
            value = to_yuan(item.group(1), f"{item.group(2)}元")
            found.append(Mention("money", item.start(1), item.end(2), value))
            end = item.end()
    return found


def _money(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in MONEY.finditer(text):
        unit = match.group(2)
        found.extend(_bare_items_before(text, match.start(), unit))
        lower = LOWER_END.search(text, max(0, match.start() - 16), match.start())
        if lower is not None:
            # Read alone, the upper end would be paid as stated; as a range it is the ceiling.
            own = lower.group(2)
            value = to_yuan(lower.group(1), f"{own}元" if own else unit)
            end = lower.end(2) if own else lower.end(1)
            found.append(Mention("money", lower.start(), end, value, unit_from_list=True))
        found.append(Mention("money", match.start(), match.end(), to_yuan(match.group(1), unit)))
    return found


def _bare_items_before(text: str, start: int, unit: str) -> list[Mention]:
    items: list[Mention] = []
    position = start
    while True:
        match = BARE_ITEM.search(text, max(0, position - 20), position)
        if match is None:
            return items
        own = match.group(2)
        value = to_yuan(match.group(1), f"{own}元" if own else unit)
        end = match.end(2) if own else match.end(1)
        items.insert(0, Mention("money", match.start(), end, value, unit_from_list=True))
        position = match.start()


def _rates(text: str) -> list[Mention]:
    found = []
    for match in RATE.finditer(text):
        number = match.group(1) or match.group(2)
        # ‰ and 千分之: per mille, a tenth of a percent.
        value = percent(number) if number else (percent(match.group(3) or match.group(4)) / 10)
        found.append(Mention("rate", match.start(), match.end(), value.normalize()))
    return found


def _fractions(text: str) -> list[Mention]:
    found = []
    for match in FRACTION.finditer(text):
        if match.group(1):
            part, whole = Decimal(match.group(1)), Decimal(match.group(2))
        else:
            part, whole = parse_number(match.group(4)), parse_number(match.group(3))
        if part < whole:
            value = (part / whole).quantize(FRACTION_PLACES, rounding=ROUND_HALF_UP)
            found.append(Mention("rate", match.start(), match.end(), value.normalize()))
    return found


def _ratios(text: str) -> list[Mention]:
    """1:0.5 配套 → 0.5: what is paid for each yuan of the award it matches."""
    found = []
    for match in RATIO.finditer(text):
        base, matched = Decimal(match.group(1)), Decimal(match.group(2))
        if base:
            found.append(Mention("ratio", match.start(), match.end(), (matched / base).normalize()))
    for match in MULTIPLE.finditer(text):
        times = parse_number(match.group(1))
        if times:
            found.append(Mention("ratio", match.start(), match.end(), times.normalize()))
    return found
