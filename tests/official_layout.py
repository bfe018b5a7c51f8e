"""The layout of official documents (GB/T 9704-2012, /work/shared/reference/official-layout.md),
checked on a .docx read back with python-docx: each document officers send upward is held to it
by the same checks.

Lengths are read as Word stores them (twips, 1/20 pt), so that "22 lines a page" is what Word
will lay out, not what the code meant."""

from __future__ import annotations

import math
import re

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph

MM = 1440 / 25.4  # twips in a millimetre

# Heading markers by level, and the font each level takes.
HEADINGS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), "黑体"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "楷体"),
    (re.compile(r"^\d+[.．]"), "仿宋"),
    (re.compile(r"^（\d+）"), "仿宋"),
]
BODY, TITLE = "仿宋", "方正小标宋简体"
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def twips(length: Length | None) -> int:
    assert length is not None
    return int(length.twips)


def east_asian(paragraph: Paragraph) -> set[str | None]:
    return {
        run._element.rPr.rFonts.get(qn("w:eastAsia"))
        if run._element.rPr is not None and run._element.rPr.rFonts is not None
        else None
        for run in paragraph.runs
        if run.text
    }


def sizes(paragraph: Paragraph) -> set[Length | None]:
    return {run.font.size for run in paragraph.runs if run.text}


def check_page(document: DocumentObject) -> None:
    """A4; top 37 mm ±1, binding side 28 mm ±1; a 156 × 225 mm text area; 22 × 28."""
    section = document.sections[0]
    width, height = twips(section.page_width), twips(section.page_height)
    top, bottom = twips(section.top_margin), twips(section.bottom_margin)
    left, right = twips(section.left_margin), twips(section.right_margin)
    assert abs(width - 210 * MM) < 1 and abs(height - 297 * MM) < 1
    assert abs(top - 37 * MM) <= MM and abs(left - 28 * MM) <= MM
    text_width, text_height = width - left - right, height - top - bottom
    assert abs(text_width - 156 * MM) < 2 and abs(text_height - 225 * MM) < 2
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None and grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    # 22 lines fit the text area and a 23rd does not.
    assert 22 * pitch <= text_height < 23 * pitch
    # The character pitch is the Normal style's East Asian size plus charSpace (1/4096 pt).
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    character = 16 * 20 + int(grid.get(qn("w:charSpace"))) / 4096 * 20
    assert math.floor(text_width / character) == 28
    # Body paragraphs set their own lines at the grid's pitch, exactly.
    for paragraph in document.paragraphs:
        if paragraph.text.strip():
            layout = paragraph.paragraph_format
            assert layout.line_spacing_rule == WD_LINE_SPACING.EXACTLY, paragraph.text
            assert twips(layout.line_spacing) == pitch, paragraph.text


def check_fonts(document: DocumentObject) -> set[int]:
    """Title 2号 小标宋 centred; headings by level; body 3号 仿宋. Returns the heading levels
    used, so that a caller can say which it expects."""
    normal = document.styles["Normal"].element.rPr
    assert normal is not None and normal.rFonts.get(qn("w:eastAsia")) == BODY
    title, *rest = [p for p in document.paragraphs if p.text.strip()]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(title) == {TITLE} and sizes(title) == {Pt(22)}
    levels: set[int] = set()
    for paragraph in rest:
        font = BODY
        for level, (marker, heading_font) in enumerate(HEADINGS, start=1):
            if marker.match(paragraph.text):
                levels.add(level)
                font = heading_font
                break
        assert east_asian(paragraph) == {font}, paragraph.text
        assert sizes(paragraph) == {Pt(16)}, paragraph.text
    return levels


def check_page_numbers(document: DocumentObject) -> None:
    """ "— N —" in 4号 半角宋体, odd pages right and even pages left, one character in; the
    dashes (mid-line) about 7 mm below the text area."""
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        assert not footer.is_linked_to_previous
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == side
        assert re.fullmatch(r"— 1 —", paragraph.text), paragraph.text
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert east_asian(paragraph) == {"宋体"} and sizes(paragraph) == {Pt(14)}
        layout = paragraph.paragraph_format
        outer = layout.right_indent if side == WD_ALIGN_PARAGRAPH.RIGHT else layout.left_indent
        assert outer == Pt(14)  # 空一字
        assert layout.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        line = twips(layout.line_spacing)
        assert twips(layout.space_after or Pt(0)) == 0
        # The footer distance is measured from the page's lower edge to the footer's.
        middle = twips(section.footer_distance) + line / 2
        gap = (twips(section.bottom_margin) - middle) / MM
        assert 6 <= gap <= 8, gap


def check_dates(document: DocumentObject, issued: str) -> None:
    """Every date written out in Arabic numerals without leading zeros; ``issued`` among them."""
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    for text in texts:
        assert "〇" not in text and "○" not in text, text
        for _year, month, day in DATE.findall(text):
            assert not month.startswith("0") and not day.startswith("0"), text
    assert any(issued in text for text in texts)


def check_official_layout(document: DocumentObject, issued: str) -> set[int]:
    check_page(document)
    check_page_numbers(document)
    check_dates(document, issued)
    return check_fonts(document)
