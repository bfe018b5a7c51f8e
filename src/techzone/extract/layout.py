"""The layout of a policy text: article numbers, sentences and the clauses inside them.

Article markers count only at the start of a line: 第三条, (五), 14. or 14、 — the nearest one
before a money phrase is its article. Chapter headings (一、技术创新) are not articles.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from techzone.extract.grammar import rule

ARTICLE = re.compile(
    r"^[ \t]*(第[一二三四五六七八九十百零〇\d]+条|\([一二三四五六七八九十]+\)|\d{1,3}[.、](?!\d))",
    re.MULTILINE,
)
SENTENCE_END = re.compile(r"[。!?]|\n")
# A line break inside a paragraph (a PDF wraps its lines) does not end a sentence; one after a
# short line (a heading, a menu item), after 。;: or before a numbered article does.
LONG_LINE = 20
LINE_END = re.compile(r"[。!?;:]\s*$")
LINE_START = re.compile(
    r"^\s*(?:$|第[一二三四五六七八九十百零〇\d]+[条章]|\([一二三四五六七八九十]+\)|\d{1,3}[.、](?!\d)"
    r"|[一二三四五六七八九十]+、)"
)
# A line that stops in the middle of a phrase: a comma, 给予, 按, 的, 最高, 不超过 …
OPEN_END = re.compile(r"(?:[,、]|给予|按照|按|的|对|和|及|与|最|最高|不超过|每)$")
# A sentence holds several clauses: "…给予50万元奖补;对…给予10万元", "…补贴,对企业…".
CLAUSE_BREAK = re.compile(r";|,\s*(?=(?:以及|并|同时)?对)")


@dataclass(frozen=True)
class Segment:
    """A [start, end) stretch of the normalised text."""

    start: int
    end: int


class Articles:
    """The article markers of a text, found once, looked up by position."""

    def __init__(self, text: str) -> None:
        found = [(match.start(1), match.group(1)) for match in ARTICLE.finditer(text)]
        self._starts = [start for start, _ in found]
        self._labels = [label.replace("、", ".") for _, label in found]

    def at(self, position: int) -> str | None:
        index = bisect.bisect_right(self._starts, position) - 1
        return self._labels[index] if index >= 0 else None


def sentences(text: str) -> list[Segment]:
    found = []
    start = 0
    for end in SENTENCE_END.finditer(text):
        if end.group() == "\n" and _wrapped(text, end.start()):
            continue
        if text[start : end.start()].strip():
            found.append(Segment(start, end.end()))
        start = end.end()
    if text[start:].strip():
        found.append(Segment(start, len(text)))
    return found


def _wrapped(text: str, newline: int) -> bool:
    """Whether the line break at ``newline`` only wraps a paragraph's line."""
    line = text[text.rfind("\n", 0, newline) + 1 : newline]
    following = text[newline + 1 : newline + 12]
    return (
        len(line.strip()) >= LONG_LINE
        and LINE_END.search(line) is None
        and LINE_START.match(following) is None
        and not ends_paragraph(line, next_line(text, newline))
    )


def next_line(text: str, newline: int) -> str:
    """The line after the line break at ``newline``."""
    end = text.find("\n", newline + 1)
    return text[newline + 1 : len(text) if end < 0 else end]


def ends_paragraph(line: str, following: str, width: int = LONG_LINE) -> bool:
    """Whether a long line without an end mark still ends its paragraph: a heading follows
    (资金扶持政策), or it stops on its award and the next line opens a clause of its own
    (…各50万元奖励政策 / 对通过金融机构借款…给予30%).

    In a text wrapped narrower than LONG_LINE (``width``), a short line as wide as the column, or
    one that stops open (…最高不超过), is the paragraph going on, not a heading."""
    tail = following.strip()
    narrow_line = width < LONG_LINE and (
        len(tail) >= width - 1 or OPEN_END.search(tail) is not None
    )
    if rule("heading_line").match(following) and not narrow_line:
        return True
    return (
        rule("award_line_end").search(line) is not None
        and rule("clause_line_start").match(following) is not None
    )


# A part after a semicolon that only sets a ceiling (单笔贴息不超过10万元, 每家企业最高50万元)
# belongs to the clause before it: "给予贷款额1%的补贴；单笔贴息不超过10万元" is one rate
# with its cap.
CEILING_ONLY = re.compile(
    r"\s*(?:单笔|单个|单家|单项|每笔|每家|每个|每项|同一|每年|年度|累计)[^;,对]{0,10}?"
    r"(?:最高|不超过|不高于|最多|上限)"
)


def clauses(text: str, sentence: Segment) -> list[Segment]:
    """The clauses of a sentence: split at semicolons and at ",对…" that opens a new condition."""
    found = []
    start = sentence.start
    for split in CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if split.group() == ";" and CEILING_ONLY.match(text, split.end()):
            continue
        if split.group() != ";" and rule("base_of_award").match(text, split.end()):
            continue  # …为基数,对超基数部分给予95%的奖励: the base of this clause's rate
        if split.group() != ";" and rule("dui_same_award").match(text, split.end()):
            continue  # …的5%给予奖励,对同一项目投资给予的奖励最高100万元: the same award
        if (
            split.group() == ";"
            and "部分" in text[start : split.start()]
            and rule("band_next").match(text, split.end())
        ):
            continue  # …以下的部分,按3%;…以上的部分,按2%: the bands of one award
        found.append(Segment(start, split.start()))
        start = split.end()
    found.append(Segment(start, sentence.end))
    return [segment for segment in found if text[segment.start : segment.end].strip()]
