"""The weekly report as a Word document in the manner of a government work report.

Title centred in a large bold face, the period and date beneath it, numbered sections (一、二、…)
in 黑体, body text in 仿宋, and the tables with a header row, all from ``report_tables``. The fonts
are named for Chinese text (East Asian font slots); Word or LibreOffice substitutes what a machine
lacks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from techzone.cultivation.report_tables import (
    Cell,
    Section,
    chinese_date,
    weekly_period,
    weekly_sections,
    weekly_title,
)
from techzone.cultivation.weekly import WeeklyReport
from techzone.io.files import atomic_path

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"


def _font(run: Run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    document: DocumentObject,
    text: str,
    font: str,
    size: float,
    bold: bool = False,
    centred: bool = False,
    indent: bool = False,
) -> None:
    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)


def cell_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _table(document: DocumentObject, header: list[str], rows: list[list[Cell]]) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, text in enumerate(header):
        cell = table.rows[0].cells[column]
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5, bold=True)
    for index, values in enumerate(rows, start=1):
        cells = table.rows[index].cells
        for column, value in enumerate(values):
            _font(cells[column].paragraphs[0].add_run(cell_text(value)), TABLE_FONT, 10.5)


def _section(document: DocumentObject, index: int, section: Section) -> None:
    _paragraph(document, section.numbered(index), HEADING_FONT, 16)
    for text in section.paragraphs:
        _paragraph(document, text, BODY_FONT, 16, indent=True)
    for table in section.tables:
        _table(document, table.header, table.rows)


def write_weekly_document(report: WeeklyReport, path: Path, written_on: date) -> None:
    """The weekly report as .docx; ``written_on`` is the date printed under the title."""
    document = Document()
    _paragraph(document, weekly_title(report), TITLE_FONT, 22, bold=True, centred=True)
    _paragraph(document, f"（{weekly_period(report)}）", BODY_FONT, 16, centred=True)
    _paragraph(document, f"编制日期：{chinese_date(written_on)}", BODY_FONT, 14, centred=True)
    for index, section in enumerate(weekly_sections(report)):
        _section(document, index, section)
    with atomic_path(path) as temporary:
        document.save(str(temporary))
