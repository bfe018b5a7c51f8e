"""Exporting every record as the workbook an officer would have typed, ready to edit and re-import.

Each sheet holds its records sorted by natural key, with code-list values as Chinese labels,
dates as real date cells, money as numbers and yes/no as 是/否; the CSV export holds the
same values as text. Exported files re-import cleanly and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from techzone.access.queries import where, whole_zones, zone_conditions
from techzone.access.scope import Scope
from techzone.io.bulk import collecting_later
from techzone.io.declared import Vocabulary, shown
from techzone.io.files import atomic_path, ensure_folder
from techzone.io.output import (
    CSV_ENCODING,
    DATE_FORMAT,
    MONEY_FORMAT,
    StreamingBook,
    streaming_workbook,
    write_csv_into,
)
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

__all__ = ["CSV_ENCODING", "DATE_FORMAT", "MONEY_FORMAT", "export_csv", "export_workbook"]
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
        given = {"zone_code": Zone.code, "park_code": Park.code}
        statement = _columns(sheet, Enterprise, given).join(Enterprise.park).join(Park.zone)
        yield from _constructed(session, sheet, statement)
    else:
        model = _CHILDREN[sheet]
        # The join follows the record's one foreign key to its enterprise.
        statement = _columns(sheet, model, {"uscc": Enterprise.uscc}).join(Enterprise)
        yield from _constructed(session, sheet, statement)


def _columns(sheet: type[Sheet], model: type[Base], given: dict[str, Any]) -> Select[Any]:
    """The sheet's fields as columns of ``model`` (or ``given``), in the sheet's order.

    Columns rather than ORM objects: an export reads every record once, and building an object
    per record took longer than writing the workbook.
    """
    return select(
        *(
            (given[name] if name in given else getattr(model, name)).label(name)
            for name in sheet.model_fields
        )
    )


def _constructed(session: Session, sheet: type[Sheet], statement: Select[Any]) -> Iterator[Sheet]:
    # Stored records were validated when written; constructing skips re-deriving them.
    for row in session.execute(statement).mappings():
        yield sheet.model_construct(**row)


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


@cache
def _column_dumpers(sheet: type[Sheet]) -> tuple[TypeAdapter[list[Any]], ...]:
    """Each field's own serializer (labels, 是/否, JSON text), applied to a whole column at once."""
    return tuple(
        TypeAdapter(list[field.rebuild_annotation()])  # type: ignore[arg-type, misc]
        for field in sheet.model_fields.values()
    )


def _in_scope_zones(session: Session, scope: Scope) -> set[str]:
    """The zones whose own rows (zone, parks, zone events) ``scope`` reaches: only a scope of
    whole zones, as only it may import them again (``importer._outside``)."""
    if not whole_zones(scope):
        return set()
    return set(session.scalars(select(Zone.code).where(*zone_conditions(scope))))


def _zone_code(row: Sheet) -> str:
    return str(getattr(row, "code" if isinstance(row, ZoneRow) else "zone_code"))


def sheet_cells(
    session: Session,
    sheet: type[Sheet],
    declared: Vocabulary | None = None,
    scope: Scope | None = None,
) -> list[list[Any]]:
    """``_cells`` of every row of ``sheet_rows``, the same values in the same order; only the
    rows ``scope`` reaches when it is given (the caller's: applied in the query).

    The sheets of enterprises and their records (tens of thousands of rows) are read as tuples
    and serialised column by column through each field's own serializer: building and dumping
    a model per row took longer than writing the workbook.
    """
    if sheet in (ZoneRow, ParkRow, ZoneEventRow):
        rows = sheet_rows(session, sheet, declared)
        if scope is not None:
            zones = _in_scope_zones(session, scope)
            rows = [row for row in rows if _zone_code(row) in zones]
        return [_cells(row) for row in rows]
    if sheet is EnterpriseRow:
        given = {"zone_code": Zone.code, "park_code": Park.code}
        statement = _columns(sheet, Enterprise, given).join(Enterprise.park).join(Park.zone)
    else:
        statement = (
            _columns(sheet, _CHILDREN[sheet], {"uscc": Enterprise.uscc}).join(Enterprise)
            if scope is None
            else _columns(sheet, _CHILDREN[sheet], {"uscc": Enterprise.uscc})
            .join(Enterprise)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
        )
    if scope is not None:
        statement = where(statement, scope)
    names = list(sheet.model_fields)
    key = [names.index(name) for name in sheet.key]
    records = sorted(session.execute(statement).all(), key=lambda r: [r[i] for i in key])
    if not records:
        return []
    columns = [
        dumper.dump_python(list(values))
        for dumper, values in zip(_column_dumpers(sheet), zip(*records, strict=True), strict=True)
    ]
    if sheet is DeclarationRow and declared is not None:
        item = names.index("item")
        columns[item] = [
            declared[name].label if name in declared else name for name in columns[item]
        ]
    return [[None if value == "" else value for value in row] for row in zip(*columns, strict=True)]


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


def _write_sheet(book: StreamingBook, sheet: type[Sheet], values: list[list[Any]]) -> None:
    worksheet = book.sheet(sheet.sheet_name)
    headers = sheet.headers()
    worksheet.widths(_widths(headers, values))
    worksheet.freeze()
    worksheet.money(index for index, header in enumerate(headers) if _is_money(header))
    worksheet.header(headers)
    for row in values:
        worksheet.append(row)


def export_workbook(
    session: Session,
    path: Path,
    declared: Vocabulary | None = None,
    *,
    scope: Scope | None = None,
) -> dict[str, int]:
    """Write every record to an .xlsx workbook, one sheet per record kind; rows per sheet.

    ``scope`` (the caller's) keeps the rows it reaches: a park's enterprises and their records
    (the zone's own sheets then have their headers only), a zone's or a province's zones too."""
    written: dict[str, int] = {}
    with collecting_later(), streaming_workbook(path) as book:
        for sheet in SHEETS:
            rows = sheet_cells(session, sheet, declared, scope)
            _write_sheet(book, sheet, rows)
            written[sheet.sheet_name] = len(rows)
    return written


def export_csv(
    session: Session, folder: Path, declared: Vocabulary | None = None
) -> dict[str, int]:
    """Write every record as one ``<表名>.csv`` per sheet (UTF-8 with BOM) in ``folder``.

    Text that a spreadsheet would read as a formula is prefixed with an apostrophe, which the
    importer removes again (``io.output.csv_escaped``).
    """
    ensure_folder(folder)
    written: dict[str, int] = {}
    # Every file is written to its temporary first and all replace the old ones together at the
    # end: a failure part-way (a target that is a folder, a full disk) left a folder holding
    # part of this export and part of the last, which imports as neither.
    with collecting_later(), ExitStack() as files:
        temporaries = [
            files.enter_context(atomic_path(folder / f"{sheet.sheet_name}.csv")) for sheet in SHEETS
        ]
        for sheet, temporary in zip(SHEETS, temporaries, strict=True):
            rows = sheet_cells(session, sheet, declared)
            write_csv_into(temporary, sheet.headers(), rows)
            written[sheet.sheet_name] = len(rows)
    return written
