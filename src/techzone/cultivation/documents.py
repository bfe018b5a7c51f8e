"""The weekly report as a Word document laid out as an official document (GB/T 9704-2012).

A4 paper with the standard's margins (top 37 mm, bottom 35 mm, binding side 28 mm, outer side
26 mm: a 156 mm × 225 mm text area), 22 lines of 28 characters; the title in 2号 小标宋 centred,
body text in 3号 仿宋; headings 一、 in 3号 黑体, （一） in 3号 楷体, 1. and （1） in 3号 仿宋;
page numbers in 4号 半角宋体 as "— 1 —", odd pages on the right and even pages on the left, one
character in from the edge, their dashes about 7 mm below the text area. The fonts are named in
the East Asian font slot (``w:eastAsia``) and embedded nowhere: Word or LibreOffice substitutes
what a machine lacks. 方正小标宋简体 is often absent, so the document's font table names 宋体 as
its stand-in. The tables come from ``report_tables``, as in the workbook.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import Section as PageSection
from docx.shared import Emu, Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from techzone.cultivation.report_tables import (
    Cell,
    Section,
    chinese_date,
    weekly_period,
    weekly_sections,
    weekly_title,
)
from techzone.cultivation.weekly import WeeklyReport
from techzone.glossary import cell_text
from techzone.io.files import atomic_path

TITLE_FONT = "方正小标宋简体"
# What Word shows for the title where 方正小标宋简体 is not installed (the reference's fallback).
TITLE_STAND_IN = "宋体"
# 仿宋 rather than 仿宋_GB2312: the standard's name, and the one every Windows since Vista ships.
BODY_FONT = "仿宋"
# The standard's heading fonts by level: 一、 黑体, （一） 楷体, 1. and （1） as the body.
HEADING_FONTS = {1: "黑体", 2: "楷体", 3: BODY_FONT, 4: BODY_FONT}
HEADING_FONT = HEADING_FONTS[1]
PAGE_NUMBER_FONT = "宋体"
TABLE_FONT = BODY_FONT

# Chinese type sizes in points: 2号, 3号, 4号, 5号.
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = 22.0, 16.0, 14.0, 10.5

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, INSIDE, OUTSIDE = Mm(37), Mm(35), Mm(28), Mm(26)
LINES, CHARACTERS = 22, 28
# Word keeps lengths in whole twips (1/20 pt): the page and margins as stored, and a line pitch
# rounded down, for a pitch rounded up (580 for 579.8) lets only 21 lines into the text area.
TEXT_HEIGHT_TWIPS = PAGE_HEIGHT.twips - TOP.twips - BOTTOM.twips
TEXT_WIDTH_TWIPS = PAGE_WIDTH.twips - INSIDE.twips - OUTSIDE.twips
LINE_PITCH = Twips(TEXT_HEIGHT_TWIPS // LINES)
# The page number's line, its dashes at mid-height about 7 mm below the text area: the footer
# is placed by its lower edge, half a 4号 line under that.
PAGE_NUMBER_GAP = Mm(7)
FOOTER_DISTANCE = Emu(BOTTOM - PAGE_NUMBER_GAP - Pt(SIZE_4 / 2))


def _font(run: Run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    document: DocumentObject,
    text: str,
    font: str,
    size: float = SIZE_3,
    centred: bool = False,
    indent: bool = False,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = LINE_PITCH
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size)
    return paragraph


def _table(document: DocumentObject, header: list[str], rows: list[list[Cell]]) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, text in enumerate(header):
        cell = table.rows[0].cells[column]
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, SIZE_5)
    for index, values in enumerate(rows, start=1):
        cells = table.rows[index].cells
        for column, value in enumerate(values):
            _font(cells[column].paragraphs[0].add_run(cell_text(value)), TABLE_FONT, SIZE_5)


def _heading(document: DocumentObject, text: str, level: int = 1) -> Paragraph:
    """A heading of the body (一、 / （一） / 1. / （1）) in 3号, the font its level takes."""
    return _paragraph(document, text, HEADING_FONTS[level], indent=True)


def _section(document: DocumentObject, index: int, section: Section) -> None:
    _heading(document, section.numbered(index))
    for text in section.paragraphs:
        _paragraph(document, text, BODY_FONT, indent=True)
    for table in section.tables:
        _table(document, table.header, table.rows)


def _page(section: PageSection) -> None:
    """A4, the standard's margins, and a grid of 22 lines × 28 characters."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = INSIDE, OUTSIDE
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    # Space added to each character, in 1/4096 pt, over the 3号 body size (the Normal style's):
    # rounded down, so that the 28th character still fits the line.
    pitch = TEXT_WIDTH_TWIPS / 20 / CHARACTERS
    grid.set(qn("w:charSpace"), str(math.floor((pitch - SIZE_3) * 4096)))


def _page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" in 4号 半角宋体, N a PAGE field so that Word numbers every page; one character
    in from the outer edge (the standard's 空一字), on a line exactly 4号 high so that the
    footer distance places it."""
    paragraph.alignment = alignment
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(SIZE_4)
    layout.space_before = layout.space_after = Pt(0)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        layout.right_indent = Pt(SIZE_4)
    else:
        layout.left_indent = Pt(SIZE_4)
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = paragraph.add_run()
        _font(run, PAGE_NUMBER_FONT, SIZE_4)
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._element.append(element)
    _font(paragraph.add_run("1"), PAGE_NUMBER_FONT, SIZE_4)
    end = paragraph.add_run()
    _font(end, PAGE_NUMBER_FONT, SIZE_4)
    closing = OxmlElement("w:fldChar")
    closing.set(qn("w:fldCharType"), "end")
    end._element.append(closing)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def _page_numbers(document: DocumentObject, section: PageSection) -> None:
    """Odd pages numbered at the right, even pages at the left (the binding side is left)."""
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _body_style(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(SIZE_3)
    properties = normal.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    # Chinese text, so that Word lays out its punctuation and picks the East Asian font slot.
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")
    # The template's 10 pt after each paragraph would push the tables' lines off the grid.
    normal.paragraph_format.space_after = Pt(0)
    _stand_in(document, TITLE_FONT, TITLE_STAND_IN)


def _stand_in(document: DocumentObject, font: str, stand_in: str) -> None:
    """Name in the font table what Word may show where ``font`` is not installed."""
    part = next(
        (p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"),
        None,
    )
    if part is None:
        return
    table = parse_xml(part.blob)
    entry = OxmlElement("w:font")
    entry.set(qn("w:name"), font)
    alternative = OxmlElement("w:altName")
    alternative.set(qn("w:val"), stand_in)
    entry.append(alternative)
    charset = OxmlElement("w:charset")
    charset.set(qn("w:val"), "86")  # GB2312
    entry.append(charset)
    table.append(entry)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_weekly_document(report: WeeklyReport, path: Path, written_on: date) -> None:
    """The weekly report as .docx; ``written_on`` is the date printed under the title."""
    document = Document()
    _body_style(document)
    section = document.sections[0]
    _page(section)
    _page_numbers(document, section)
    _paragraph(document, weekly_title(report), TITLE_FONT, SIZE_2, centred=True)
    _paragraph(document, f"（{weekly_period(report)}）", BODY_FONT, centred=True)
    _paragraph(document, f"编制日期：{chinese_date(written_on)}", BODY_FONT, centred=True)
    for index, section_content in enumerate(weekly_sections(report)):
        _section(document, index, section_content)
    with atomic_path(path) as temporary:
        document.save(str(temporary))
