"""The numbers Word draws in front of a paragraph: 第一条, 一、, (一), 1. kept in the list style or
the paragraph's numbering rather than in its text.

A policy typed in Word often numbers its articles and items automatically: the number is on the
page but not in the paragraph's text, so a reader that takes the text alone loses the article a
reward is in. Each numbered paragraph gets its number written in front, as the page shows it:
counters per list, a deeper level restarting when a shallower one moves on, the level's
start, format (decimal, chineseCounting …) and text (第%1条, %1、, （%1）). Bullets and
formats not used for numbering articles give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_PLACEHOLDER = re.compile(r"%([1-9])")


def chinese_count(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting)."""
    if value <= 0:
        return str(value)
    if value < 10:
        return _DIGITS[value]
    if value < 20:
        return "十" + (_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return _DIGITS[value // 10] + "十" + (_DIGITS[value % 10] if value % 10 else "")
    if value < 1000:
        rest = value % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else chinese_count(rest))
        if 10 <= rest < 20:
            tail = "一" + tail  # 一百一十二, not 一百十二
        return _DIGITS[value // 100] + "百" + tail
    return str(value)


def _letters(value: int) -> str:
    return chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_DECIMAL = ("decimal", "decimalZero", "decimalHalfWidth", "decimalFullWidth", "decimalFullWidth2")


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)


def formatted(value: int, fmt: str) -> str | None:
    """``value`` in Word's number format ``fmt``; None for a bullet or a format not known."""
    if fmt in _DECIMAL:
        return f"{value:02d}" if fmt == "decimalZero" else str(value)
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographDigital", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand"):  # fmt: skip
        return chinese_count(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[value - 1] if 0 < value <= len(_CIRCLED) else str(value)
    if fmt in ("decimalEnclosedParen", "decimalEnclosedFullstop"):
        return str(value)
    if fmt in ("ideographTraditional",):
        return _HEAVENLY[value - 1] if 0 < value <= len(_HEAVENLY) else str(value)
    if fmt == "upperLetter":
        return _letters(value)
    if fmt == "lowerLetter":
        return _letters(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    return None  # bullet, none, and whatever else is no article number


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


class Numbering:
    """The numbers of one document's paragraphs, counted in document order."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._starts: dict[str, dict[int, int]] = {}
        self._styles: dict[str, tuple[str, int] | None] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._document = document
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is numbered automatically
        abstract = {
            node.get(qn("w:abstractNumId")): _levels_of(node)
            for node in root.iterfind(qn("w:abstractNum"))
        }
        for num in root.iterfind(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            link = num.find(qn("w:abstractNumId"))
            if num_id is None or link is None:
                continue
            self._levels[num_id] = dict(abstract.get(link.get(qn("w:val")), {}))
            overrides = {}
            for override in num.iterfind(qn("w:lvlOverride")):
                level = _int(override.get(qn("w:ilvl")), 0)
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[level] = _int(start.get(qn("w:val")), 1)
                redefined = override.find(qn("w:lvl"))
                if redefined is not None:
                    self._levels[num_id].update(_levels_of_one(redefined))
            self._starts[num_id] = overrides

    def label(self, paragraph: Any) -> str:
        """The number Word shows in front of ``paragraph`` ("" when none), counting it."""
        found = self._num_of(paragraph)
        if found is None:
            return ""
        num_id, level = found
        levels = self._levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        start = self._starts.get(num_id, {}).get(level, levels[level].start)
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]  # 一、 moves on: its (一) starts again
        values: dict[int, str] = {}
        for shown in range(level + 1):
            if shown not in levels:
                continue
            value = counters.get(shown, levels[shown].start)
            text = formatted(value, levels[shown].fmt)
            if text is None:
                return ""
            values[shown] = text
        missing = False

        def place(match: re.Match[str]) -> str:
            nonlocal missing
            shown = int(match.group(1)) - 1
            if shown not in values:
                missing = True
                return ""
            return values[shown]

        label = _PLACEHOLDER.sub(place, levels[level].text)
        if missing or not label.strip():
            return ""
        # Word puts a tab or a space after the number; an article's text follows a space.
        return label if label.endswith(("、", ".", "．", "）", ")", " ")) else label + " "

    def _num_of(self, paragraph: Any) -> tuple[str, int] | None:
        properties = paragraph._p.pPr
        num_pr = properties.numPr if properties is not None else None
        if num_pr is not None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
            level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return None if num_id == "0" else (num_id, int(level))
        style = paragraph.style
        return self._style_num(style) if style is not None else None

    def _style_num(self, style: Any) -> tuple[str, int] | None:
        """A list style's numbering, through the styles it is based on."""
        key = style.style_id
        if key in self._styles:
            return self._styles[key]
        self._styles[key] = None  # a style based on itself stops here
        found: tuple[str, int] | None = None
        properties = style.element.pPr
        num_pr = properties.numPr if properties is not None else None
        if num_pr is not None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
            level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
            found = None if num_id == "0" else (num_id, level)
        elif style.base_style is not None:
            found = self._style_num(style.base_style)
        self._styles[key] = found
        return found


def _levels_of(abstract: Any) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for node in abstract.iterfind(qn("w:lvl")):
        levels.update(_levels_of_one(node))
    return levels


def _levels_of_one(node: Any) -> dict[int, _Level]:
    def value(tag: str, default: str) -> str:
        child = node.find(qn(tag))
        found = child.get(qn("w:val")) if child is not None else None
        return default if found is None else str(found)

    level = _int(node.get(qn("w:ilvl")), 0)
    return {
        level: _Level(
            _int(value("w:start", "1"), 1),
            value("w:numFmt", "decimal"),
            value("w:lvlText", ""),
        )
    }


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
