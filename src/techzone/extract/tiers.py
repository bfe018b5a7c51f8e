"""Tiered lists: 按照特等奖、一、二、三等奖分别给予50万元、30万元、20万元、10万元.

The grades are the last enumeration (items joined by 、) before the amounts.

- shared suffixes are spread: 一、二、三等奖 → 一等奖, 二等奖, 三等奖;
- a long first item loses its lead-in: 中国专利奖金奖、银奖、优秀奖 → 金奖, 银奖, 优秀奖;
- a long last item loses the shared noun: 国家级、省级孵化器 → 国家级, 省级 (also 国家、省级工程
  技术研究中心 → 国家, 省级: a list of levels).
"""

from __future__ import annotations

import re

NUMERALS = "一二三四五六七八九十"
# Where an enumeration of grades ends (after its last item) and where it starts.
LIST_END = re.compile(r"的|分别|给予|,|:|按")
# 获批/入选/评为 …: the verb before the first grade is not part of it (获批国家级 → 国家级).
LIST_START = re.compile(r"按照|按|对|获得|获批|入选|评为|列入|获|的|为|突破|达到|超过|[,:;(]")
NUMBERED = re.compile(rf"^([{NUMERALS}A-Z]+)(等奖|等|级|档|类)$")


def grades(text: str, start: int, end: int, count: int) -> list[str] | None:
    """The ``count`` grades enumerated in ``text[start:end]`` (before the amounts), if found."""
    lead_in = text[start:end]
    cut = lead_in.rfind("分别")
    if cut >= 0:
        lead_in = lead_in[:cut]
    last = lead_in.rfind("、")
    if last < 0:
        return None
    tail = LIST_END.search(lead_in, last + 1)
    items_end = tail.start() if tail else len(lead_in)
    head = lead_in[:last]
    starts = [match.end() for match in LIST_START.finditer(head)]
    items_start = max(starts, default=0)
    items = [item.strip() for item in lead_in[items_start:items_end].split("、")]
    if len(items) != count or not all(items):
        return None
    return _trim_last(_trim_first(_spread_suffix(items)))


def _spread_suffix(items: list[str]) -> list[str]:
    numbered = NUMBERED.match(items[-1])
    if numbered is None:
        return items
    suffix = numbered.group(2)
    spread = []
    for item in items:
        if (item[-1] in NUMERALS or "A" <= item[-1] <= "Z") and not item.endswith(suffix):
            spread.append(item[-1] + suffix if len(item) > 1 else item + suffix)
        else:
            spread.append(item)
    return spread


SHORT_GRADE = 3  # 金奖, 银奖, 优秀奖


def _trim_first(items: list[str]) -> list[str]:
    first, rest = items[0], items[1:]
    longest = max(len(item) for item in rest)
    short = longest <= SHORT_GRADE and len(first) > longest + 2
    if short and all(item[-1] == first[-1] for item in rest):
        items = [first[-len(rest[0]) :], *rest]
    return items


LEVEL = re.compile(r"^(?:国家|省|自治区|市|州|区|县|镇)级?")


def _trim_last(items: list[str]) -> list[str]:
    *rest, last = items
    level = LEVEL.match(last)
    if level is not None and all(LEVEL.fullmatch(item) for item in rest):
        # 国家、省级工程技术研究中心: levels, the shared noun written after the last one only
        return [*rest, level.group()]
    ending = rest[0][-1]
    if len(last) > max(len(item) for item in rest) + 1 and all(i[-1] == ending for i in rest):
        cut = last.find(ending)
        if 0 <= cut < len(last) - 1:
            items = [*rest, last[: cut + 1]]
    return items
