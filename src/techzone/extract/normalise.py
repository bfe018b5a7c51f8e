"""Normalising a document's text for matching, keeping the way back to the text as read.

Matching runs on the normalised text; every span reported is mapped back through ``origin`` to
the text as read, so an officer finds "５O 万元" where the document wrote it.

What is normalised:

- full-width letters, digits and punctuation to half-width (NFKC): ５０万元 → 50万元, ，→ ,;
- variant characters: 髙 → 高, 萬 → 万, 億 → 亿, 圓 → 元, ○ → 〇, ∶ → :;
- a letter O typed for a zero inside a number: 5O万元 → 50万元, 1OO万元 → 100万元; also 〇 among
  Arabic digits (1〇万元, 〇.5万元) and the letter l or I for a one (l0万元);
- spaces and line breaks inside an amount: "50\\n万元", "5 0万元", "50万\\n元" → 50万元; the
  currency said again after 元 (170万元人民币) is left out;
- spaces between Chinese characters (给 予 最 高, a page laid out by a PDF converter), and a line
  break with its indentation where a paragraph's line only wraps (给予一次性奖励最\\n    高50万元):
  a long line without an end mark, or a line ending open (给予, 按, 的, a comma), followed by words
  rather than a new article. Tabs stay: they separate a table's cells;
- a page break between two lines of one sentence, as a PDF or a page-flip brochure leaves it: a
  page number (…的企\\n— 10 —\\n业，给予…), a page-flip button (上一页, 下一页) or an unfilled
  page template (${data[i].page}), with the running head the document prints at its page breaks
  beside it (…当年分\\n${data[i].page}\\n下一页\\n培育农业农村新动能\\n…政策意见\\n别鼓励3万元…):
  the sentence goes on after it;
- footers counted in other ways (第 3 页 共 12 页, 共12页 第3页, 3/12 where the
  pages are counted so more than once, Page 3 of 12), the blank
  line a reader leaves at a page's end, and an issuer's name heading the next page after a page
  mark are page furniture of the same kind;
- invisible marks inside words and figures (zero-width space and joiners, a byte-order mark
  mid-text, the soft hyphen) are left out;
- a text wrapped in a narrow column (most open lines share one length under LONG_LINE and none is
  much wider) wraps at that width: its short lines are not headings;
- a 方正-font PDF's punctuation read as Yi syllables (ꎬ → ，, ꎮ → 。, ꎻ → ；: the font's GB2312
  code taken for a code point) and its decimal point read as a private-use character; any
  private-use character between two digits (a Word file's symbol-font point: 0\ue01002元) is a
  decimal point too — the smallest reading of the figure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from techzone.extract.furniture import is_furniture
from techzone.extract.layout import (
    LINE_END,
    LINE_START,
    LONG_LINE,
    OPEN_END,
    ends_paragraph,
    next_line,
)
from techzone.extract.numbers import CHINESE_NUMERAL

VARIANTS = {
    "髙": "高",
    "萬": "万",
    "億": "亿",
    "圓": "元",
    "○": "〇",
    "◯": "〇",
    "∶": ":",
    "\u3000": " ",
    # Invisible marks a web editor or a PDF leaves inside words and numbers (3\u200b0万元): the
    # zero-width space and joiners, a byte-order mark mid-text, the soft hyphen.
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "",
    # A 方正-font PDF's decimal point, read from its text layer as a private-use character
    # (５􀆰５％): a point, not a gap between two numbers.
    "\U001001b0": ".",
}
# The same PDFs' punctuation comes out as Yi syllables: the font's GB2312 code read as a code
# point (，= A3AC → ꎬ, 。→ ꎮ, ； → ꎻ). Rows A1–A3 of GB2312 are punctuation, enumeration marks
# and full-width ASCII; Yi syllables in a Chinese policy text are always such codes.
_GB_PUNCTUATION = range(0xA1A1, 0xA3FF)
_GB_FULL_STOP = 0xA3AE  # ．, which these fonts use for the 句号

# A number typed with look-alikes of digits: the letter O or 〇 for 0 (5O万元, 1〇万元, Ｏ.5万元),
# the letter l or I for 1 (l0万元) — never inside an English word (ISO, Level).
_LOOKALIKE_RUN = re.compile(r"(?<![A-Za-z])[\dOo〇lI][\dOo〇lI.]*(?![A-Za-z])")
_LOOKALIKES = {"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"}
_NUMERAL_CHARS = rf"0-9.{CHINESE_NUMERAL}"
# A tab is no gap inside a sum: it parts a table's cells (序号 1 | 50万元 is not 150万元) and a
# Word list's number from its text (1.|500万元以上 is not 1.500万元); a PDF's gaps are spaces.
_GAP = r"[^\S\t]"
_INSIDE_AMOUNT = re.compile(
    rf"(?<=[{_NUMERAL_CHARS}万亿]){_GAP}+(?=(?:[{_NUMERAL_CHARS}]|{_GAP})*[万亿元%])"
)


HAN = r"\u4e00-\u9fff"
_SPACE_BETWEEN_WORDS = re.compile(
    rf"(?<=[{HAN}])[ \u00a0]+(?=[{HAN}0-9])|(?<=[0-9])[ \u00a0]+(?=[{HAN}])"
)
# \r\n as well as \n: a document saved on Windows wraps its lines the same way.
_LINE_BREAK = re.compile(rf"(?<=[^\s])[ \u00a0]*\r?\n[ \u00a0]*(?=[{HAN}0-9])")
# A line only a page prints: its number (— 10 —, 第3页), a page-flip button (上一页, 下一页), an
# unfilled page template (${data[i].page}, {{page}}).
# A footer counts pages in several ways: 第 3 页 共 12 页, 共12页 第3页, 3/12, Page 3 of 12.
_PAGE_MARK = re.compile(
    r"[—–-]+\s*\d+\s*[—–-]+|上一页|下一页|\$\{[^}]*\}|\{\{[^}]*\}\}"
    r"|第\s*\d+\s*页(?:\s*[,/、]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,/、]?\s*第\s*\d+\s*页"
    r"|(?i:page)\s*\d+(?:\s*(?i:of|/)\s*\d+)?"
)
# 3/12 alone on a line is a footer only where the document counts its pages so more than once
# (1/12 … 12/12): once, it may be a share (按设备投资额的 | 1/3 | 给予补助).
_PAGE_OF = re.compile(r"\d{1,4}\s*/\s*(\d{1,4})")
_CURRENCY_AFTER = re.compile(r"(?<=元)人民币")
# A running head is printed at every page break: a short line the document repeats this often.
RUNNING_HEAD_REPEATS = 2
RUNNING_HEAD_LENGTH = 40
_ISSUER_HEAD = re.compile(rf"[{HAN}()]{{2,30}}(?:委员会|人民政府|政府|办公室|办公厅|局|厅|委)")
_CONTINUES = re.compile(rf"[{HAN}0-9“(（]")
_WORDED = re.compile(r"对.{2,}|给予")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the index it came from."""

    text: str
    origin: tuple[int, ...]
    length: int

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The [start, end) span in the text as read of normalised [start, end)."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else self.length
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> Normalised:
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for out in normalise_char(ch):
            chars.append(out)
            origin.append(index)
    _letter_o_as_zero(chars)
    _private_point(chars)
    joined = "".join(chars)
    gaps = [(m.start(), m.end()) for m in _SPACE_BETWEEN_WORDS.finditer(joined)]
    width = wrap_width(joined)
    gaps += [(m.start(), m.end()) for m in _LINE_BREAK.finditer(joined) if _wraps(joined, m, width)]
    gaps += _page_breaks(joined)
    # 170万元人民币: the currency said again after 元 is no word of the clause
    gaps += [(m.start(), m.end()) for m in _CURRENCY_AFTER.finditer(joined)]
    joined, origin = _drop(joined, origin, sorted(set(gaps)))
    return _drop_space_inside_amounts(joined, origin, len(text))


def _page_breaks(text: str) -> list[tuple[int, int]]:
    """The page breaks inside sentences (see the module doc): from the end of the words before to
    the words after, over lines that only a page prints — at least one page mark among them, so
    that a heading the document repeats (申报条件) is never taken for a running head."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    repeats = Counter(line.strip() for line in lines)
    counted = Counter(m.group(1) for m in map(_PAGE_OF.fullmatch, repeats.elements()) if m)

    def page_mark(line: str) -> bool:
        head = line.strip()
        of = _PAGE_OF.fullmatch(head)
        if of is not None:
            return counted[of.group(1)] >= 2
        return _PAGE_MARK.fullmatch(head) is not None

    def running_head(line: str) -> bool:
        head = line.strip()
        return (
            0 < len(head) <= RUNNING_HEAD_LENGTH
            and repeats[head] >= RUNNING_HEAD_REPEATS
            and not LINE_END.search(head)
        )

    gaps = []
    for index, line in enumerate(lines):
        words = line.rstrip(" \u00a0\r")
        if not words or words[-1] in "。!?;:" or page_mark(words) or running_head(words):
            continue
        after = index + 1
        # A blank line beside them is the page's end as a reader gives it (pypdf ends a page
        # with a line break of its own).
        # An issuer's name after a page mark heads the new page even where the document has only
        # that one page break (…给予10 | 第1页 共2页 | 某某管理委员会 | 0万元奖励).
        marked = False
        while after < len(lines) and (
            page_mark(lines[after])
            or running_head(lines[after])
            or not lines[after].strip()
            or (marked and _ISSUER_HEAD.fullmatch(lines[after].strip()) is not None)
        ):
            marked = marked or page_mark(lines[after])
            after += 1
        if after == len(lines) or not any(page_mark(lines[i]) for i in range(index + 1, after)):
            continue
        following = lines[after].lstrip(" \u00a0")
        if not _CONTINUES.match(following) or LINE_START.match(following[:16]):
            continue
        resumes = starts[after] + len(lines[after]) - len(following)
        gaps.append((starts[index] + len(words), resumes))
    return gaps


# A narrow column (a two-column brochure, a table cell, a phone-sized page) wraps its lines at a
# width under LONG_LINE: most lines that do not end a sentence then share one length, give or
# take a half-width digit. That width is where such a text's lines wrap.
NARROWEST_WRAP = 6
WRAPPED_LINES = 4
WRAPPED_SHARE = 0.5
WIDER_BY = 4
WIDER_SHARE = 0.1


def wrap_width(text: str) -> int:
    """The width at which ``text``'s lines wrap, if narrower than LONG_LINE; else LONG_LINE.

    Only where (almost) no line is wider: short headings over long paragraphs share a length too,
    and they are no wrapped column."""
    lines = [line for line in (raw.strip() for raw in text.split("\n")) if line]
    lengths = [
        len(line) for line in lines if len(line) >= NARROWEST_WRAP and not LINE_END.search(line)
    ]
    if len(lengths) < WRAPPED_LINES:
        return LONG_LINE
    counts = Counter(lengths)
    best = max(range(NARROWEST_WRAP, LONG_LINE), key=lambda n: (counts[n] + counts[n + 1], n))
    support = counts[best] + counts[best + 1]
    # a line may be a few characters wider than the column: half-width digits and marks
    wider = sum(1 for line in lines if len(line) > best + WIDER_BY)
    if (
        support >= WRAPPED_LINES
        and support >= WRAPPED_SHARE * len(lengths)
        and wider <= WIDER_SHARE * len(lines)
    ):
        return best
    return LONG_LINE


def _wraps(text: str, gap: re.Match[str], width: int = LONG_LINE) -> bool:
    """Whether the line break in ``gap`` only wraps a paragraph's line (see the module doc)."""
    line = text[text.rfind("\n", 0, gap.start()) + 1 : gap.start()].strip()
    # (a slice: LINE_START's ^ would not match at a position inside the text)
    if not line or LINE_END.search(line) or LINE_START.match(text[gap.end() : gap.end() + 16]):
        return False
    if is_furniture(line):  # a menu or an advert is not joined to the paragraph after it
        return False
    # A short line worded as a clause (对…, 给予…) that stops without an end mark is cut mid-phrase
    # (对新认定的企\n业给予奖励): a heading or a menu item says neither.
    if OPEN_END.search(line) is not None:
        return True
    if len(line) >= width:
        return not ends_paragraph(line, next_line(text, text.find("\n", gap.start())), width)
    return _WORDED.search(line) is not None


def _drop(text: str, origin: list[int], gaps: list[tuple[int, int]]) -> tuple[str, list[int]]:
    kept_text: list[str] = []
    kept_origin: list[int] = []
    position = 0
    for start, end in gaps:
        if start < position:
            # Gaps overlap where a wrapped line runs into a page break (最高\n第3页 共12页\n…):
            # what is dropped is their union, or the footer would stay inside the sentence.
            position = max(position, end)
            continue
        kept_text.append(text[position:start])
        kept_origin.extend(origin[position:start])
        position = end
    kept_text.append(text[position:])
    kept_origin.extend(origin[position:])
    return "".join(kept_text), kept_origin


def normalise_char(ch: str) -> str:
    """One character's width and variant normalised (may be several: ㎡ → m2)."""
    if ord(ch) in _GB_PUNCTUATION and 0xA1 <= ord(ch) & 0xFF <= 0xFE:
        if ord(ch) == _GB_FULL_STOP:
            return "。"
        try:
            ch = bytes((ord(ch) >> 8, ord(ch) & 0xFF)).decode("gb2312")
        except UnicodeDecodeError:
            return ch
    if ch in VARIANTS:
        return VARIANTS[ch]
    return unicodedata.normalize("NFKC", ch)


# A character of a symbol font between two digits (0\ue01002元 in a Word file): the font's decimal
# point. Read as one it gives the smallest figure the digits can mean (0.02元, never 2元).
_PRIVATE_USE = re.compile(r"(?<=\d)[\ue000-\uf8ff](?=\d)")


def _private_point(chars: list[str]) -> None:
    for found in _PRIVATE_USE.finditer("".join(chars)):
        chars[found.start()] = "."


def _letter_o_as_zero(chars: list[str]) -> None:
    joined = "".join(chars)
    for run in _LOOKALIKE_RUN.finditer(joined):
        digits = run.group().rstrip(".")
        if not any(ch in _LOOKALIKES for ch in digits) or not any(ch.isdigit() for ch in digits):
            continue  # 二〇二七 stays a Chinese numeral; a lone O or 〇 is not a number
        after = joined[run.start() + len(digits) : run.start() + len(digits) + 1]
        if digits[-1].isdigit() or after in ("万", "亿", "千", "百", "元", "%", "‰"):
            for position in range(run.start(), run.start() + len(digits)):
                chars[position] = _LOOKALIKES.get(chars[position], chars[position])


def _drop_space_inside_amounts(text: str, origin: list[int], length: int) -> Normalised:
    kept_text: list[str] = []
    kept_origin: list[int] = []
    position = 0
    for gap in _INSIDE_AMOUNT.finditer(text):
        kept_text.append(text[position : gap.start()])
        kept_origin.extend(origin[position : gap.start()])
        position = gap.end()
    kept_text.append(text[position:])
    kept_origin.extend(origin[position:])
    return Normalised("".join(kept_text), tuple(kept_origin), length)
