"""Exporting every record as the workbook an officer would have typed, ready to edit and re-import.

Each sheet holds its records sorted by natural key, with code-list values as Chinese labels,
dates as real date cells, money as numbers and yes/no as 是/否; the CSV export holds the
same values as text. Exported files re-import cleanly and change nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.io.declared import Vocabulary, shown
from techzone.io.files import atomic_path
from techzone.io.sheets import (
    SHEETS,
    AwardEventRow,
    DeclarationRow,
    EnterpriseRow,
    IncidentRow,
    IntellectualPropertyRow,
    ParkRow,
    PlatformRow,
    QualificationRow,
    Sheet,
    YearlyFiguresRow,
    ZoneEventRow,
    ZoneRow,
)
from techzone.model import (
    AwardEvent,
    Base,
    Declaration,
    Enterprise,
    Incident,
    IntellectualProperty,
    Park,
    Platform,
    Qualification,
    YearlyFigures,
    Zone,
    ZoneEvent,
)

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
CSV_ENCODING = "utf-8-sig"  # the byte order mark makes Excel read the file as UTF-8
_WIDTH_SAMPLE = 200
_MAX_WIDTH = 50

_CHILDREN: dict[type[Sheet], type[Base]] = {
    YearlyFiguresRow: YearlyFigures,
    IntellectualPropertyRow: IntellectualProperty,
    QualificationRow: Qualification,
    PlatformRow: Platform,
    AwardEventRow: AwardEvent,
    IncidentRow: Incident,
    DeclarationRow: Declaration,
}


def _row(sheet: type[Sheet], record: Base, **given: Any) -> Sheet:
    """A sheet row from a stored record: the fields it shares with the sheet, plus ``given``."""
    values = {
        name: given[name] if name in given else getattr(record, name) for name in sheet.model_fields
    }
    # Stored records were validated when written; constructing skips re-deriving them.
    return sheet.model_construct(**values)


def _records(session: Session, sheet: type[Sheet]) -> Iterator[Sheet]:
    if sheet is ZoneRow:
        for zone in session.scalars(select(Zone)):
            industries = "、".join(zone.focus_industries or []) or None
            yield _row(sheet, zone, focus_industries=industries)
    elif sheet is ParkRow:
        for park, zone_code in session.execute(select(Park, Zone.code).join(Park.zone)):
            yield _row(sheet, park, zone_code=zone_code)
    elif sheet is ZoneEventRow:
        for event, zone_code in session.execute(select(ZoneEvent, Zone.code).join(Zone)):
            yield _row(sheet, event, zone_code=zone_code)
    elif sheet is EnterpriseRow:
        statement = select(Enterprise, Zone.code, Park.code).join(Enterprise.park).join(Park.zone)
        for enterprise, zone_code, park_code in session.execute(statement):
            yield _row(sheet, enterprise, zone_code=zone_code, park_code=park_code)
    else:
        model = _CHILDREN[sheet]
        # The join follows the record's one foreign key to its enterprise.
        for record, uscc in session.execute(select(model, Enterprise.uscc).join(Enterprise)):
            yield _row(sheet, record, uscc=uscc)


def sheet_rows(
    session: Session, sheet: type[Sheet], declared: Vocabulary | None = None
) -> list[Sheet]:
    """Every stored record of one sheet as sheet rows, sorted by the sheet's natural key.

    ``declared`` (the packs' declarations) shows each 企业声明 item by its label."""
    rows = sorted(_records(session, sheet), key=lambda row: row.key_values())
    if sheet is DeclarationRow:
        return [shown(declared, row) for row in rows if isinstance(row, DeclarationRow)]
    return rows


def _cells(row: Sheet) -> list[Any]:
    """A row's values as an officer would type them (labels, 是/否, JSON text)."""
    dumped = row.model_dump(by_alias=True)
    return [None if value == "" else value for value in dumped.values()]


def _is_money(header: str) -> bool:
    return header.endswith("(元)")


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    text = str(value)
    # CJK characters take two columns.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _widths(headers: list[str], rows: list[list[Any]]) -> list[float]:
    widths: list[float] = []
    for index, header in enumerate(headers):
        sample = [row[index] for row in rows[:_WIDTH_SAMPLE]]
        longest = max([_display_width(header), *(_display_width(value) for value in sample)])
        if _is_money(header):
            longest = max(longest, 16)
        widths.append(min(max(longest + 2, 8), _MAX_WIDTH))
    return widths


def _write_sheet(book: Workbook, sheet: type[Sheet], rows: list[Sheet]) -> None:
    worksheet = book.create_sheet(sheet.sheet_name)
    headers = sheet.headers()
    values = [_cells(row) for row in rows]
    for index, width in enumerate(_widths(headers, values), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(worksheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    worksheet.append(header_cells)
    money = [_is_money(header) for header in headers]
    for row in values:
        cells: list[Any] = []
        for value, is_money in zip(row, money, strict=True):
            if isinstance(value, date):
                cell = WriteOnlyCell(worksheet, value=value)
                cell.number_format = DATE_FORMAT
            elif isinstance(value, Decimal) and is_money:
                cell = WriteOnlyCell(worksheet, value=value)
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(worksheet, value=value)
                # Text such as "=…" is data, never a formula for Excel to evaluate.
                cell.data_type = "s"
            else:
                cells.append(value)
                continue
            cells.append(cell)
        worksheet.append(cells)


def export_workbook(
    session: Session, path: Path, declared: Vocabulary | None = None
) -> dict[str, int]:
    """Write every record to an .xlsx workbook, one sheet per record kind; rows per sheet."""
    book = Workbook(write_only=True)
    written: dict[str, int] = {}
    for sheet in SHEETS:
        rows = sheet_rows(session, sheet, declared)
        _write_sheet(book, sheet, rows)
        written[sheet.sheet_name] = len(rows)
    with atomic_path(path) as temporary:
        book.save(temporary)
    return written


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_csv(
    session: Session, folder: Path, declared: Vocabulary | None = None
) -> dict[str, int]:
    """Write every record as one ``<表名>.csv`` per sheet (UTF-8 with BOM) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for sheet in SHEETS:
        rows = sheet_rows(session, sheet, declared)
        with (
            atomic_path(folder / f"{sheet.sheet_name}.csv") as temporary,
            temporary.open("w", encoding=CSV_ENCODING, newline="") as handle,
        ):
            writer = csv.writer(handle)
            writer.writerow(sheet.headers())
            for row in rows:
                writer.writerow([_csv_text(value) for value in _cells(row)])
        written[sheet.sheet_name] = len(rows)
    return written
