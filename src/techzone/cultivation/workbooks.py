"""The weekly report and the monitoring lists as Excel workbooks: a sheet per section."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from techzone.cultivation.lists import MonitoringLists
from techzone.cultivation.report_tables import (
    Section,
    chinese_date,
    list_sections,
    weekly_period,
    weekly_sections,
    weekly_title,
)
from techzone.cultivation.weekly import WeeklyReport
from techzone.io.output import save_workbook

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
COLUMN_WIDTH = 18


def _write_section(sheet: Worksheet, title: str, subtitle: str, section: Section) -> None:
    sheet.cell(row=1, column=1, value=title).font = TITLE
    sheet.cell(row=2, column=1, value=subtitle)
    row = 3
    for paragraph in section.paragraphs:
        sheet.cell(row=row, column=1, value=paragraph)
        row += 1
    widest = 1
    for table in section.tables:
        row += 1
        for column, text in enumerate(table.header, start=1):
            cell = sheet.cell(row=row, column=column, value=text)
            cell.font = BOLD
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for values in table.rows:
            row += 1
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        widest = max(widest, len(table.header))
        row += 1
    for column in range(1, widest + 1):
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTH


def _save(book: Workbook, path: Path) -> None:
    save_workbook(book, path)


def _sections_workbook(title: str, subtitle: str, sections: list[Section]) -> Workbook:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for index, section in enumerate(sections):
        sheet = book.create_sheet(section.sheet)
        _write_section(sheet, f"{title} · {section.numbered(index)}", subtitle, section)
    return book


def write_weekly_workbook(report: WeeklyReport, path: Path) -> None:
    """The weekly report, one sheet per numbered section."""
    book = _sections_workbook(weekly_title(report), weekly_period(report), weekly_sections(report))
    _save(book, path)


def write_lists_workbook(lists: MonitoringLists, path: Path) -> None:
    """The three lists and the two candidate lists, one sheet each."""
    zone = lists.zone or "全部高新区"
    title = f"科技型企业统计监测清单（{zone}）"
    book = _sections_workbook(title, f"统计日期：{chinese_date(lists.as_of)}", list_sections(lists))
    _save(book, path)
