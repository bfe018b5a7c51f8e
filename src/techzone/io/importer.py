"""Importing a file all or nothing: every row is checked before any is written.

Reading finds the rows, each row is validated against its sheet model, then the file is checked
as a whole (duplicate keys, references to zones, parks and enterprises in the file or already
stored). Any problem rejects the whole file with the complete list; otherwise every row is
upserted in one transaction, so a file with any error leaves the database unchanged.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.io.declared import Vocabulary, normalised
from techzone.io.fields import ColumnError, parse_uscc
from techzone.io.messages import reason
from techzone.io.problems import ImportRejected, Problem
from techzone.io.reader import RawFile, RawRow, read_file, shown
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
    ZoneRow,
)
from techzone.io.writer import CHUNK, Progress, write_rows
from techzone.model import Enterprise, Park, Zone
from techzone.store import Store

ValidRows = dict[type[Sheet], list[Sheet]]


class Validated(NamedTuple):
    """A file's valid rows by sheet, its problems, and the fields each sheet's columns carry."""

    rows: ValidRows
    problems: list[Problem]
    carried: dict[type[Sheet], frozenset[str]]


# The sheets whose rows belong to an enterprise, named by its 统一社会信用代码.
_CHILD_SHEETS = (
    YearlyFiguresRow,
    IntellectualPropertyRow,
    QualificationRow,
    PlatformRow,
    AwardEventRow,
    IncidentRow,
    DeclarationRow,
)


@dataclass(frozen=True)
class _Checked:
    """A validated row and where it came from."""

    number: int
    row: Sheet
    raw: RawRow


def validate_file(
    path: Path,
    session: Session,
    progress: Progress | None = None,
    declared: Vocabulary | None = None,
) -> Validated:
    """The valid rows of ``path`` by sheet, and every problem with the file.

    ``session`` is only read, to resolve references to records already stored. ``progress`` is
    called with a sheet name and how many of its rows were just checked. ``declared`` (the
    packs' declarations) checks the 企业声明 sheet's items and values.
    """
    raw = read_file(path)
    checked: dict[type[Sheet], list[_Checked]] = {}
    problems = list(raw.problems)
    pending = _Pending()
    for sheet in SHEETS:
        raw_sheet = raw.sheets.get(sheet)
        if raw_sheet is None:
            continue
        rows: list[_Checked] = []
        for chunk in _chunks(raw_sheet.rows, CHUNK):
            for raw_row in chunk:
                row, row_problems = _validate_row(sheet, raw_row)
                if isinstance(row, DeclarationRow):
                    row, row_problems = _declaration(row, raw_row, declared)
                if row is None:
                    problems.extend(row_problems)
                    pending.note(sheet, raw_row)
                else:
                    rows.append(_Checked(raw_row.number, row, raw_row))
            if progress is not None:
                progress(sheet.sheet_name, len(chunk))
        checked[sheet] = rows
    problems.extend(_duplicates(checked))
    problems.extend(_References(session, raw, checked, pending).problems())
    order = {sheet.sheet_name: index for index, sheet in enumerate(SHEETS)}
    problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
    valid: ValidRows = {sheet: [item.row for item in rows] for sheet, rows in checked.items()}
    carried = {
        sheet: sheet.fields_carried(raw_sheet.headers) for sheet, raw_sheet in raw.sheets.items()
    }
    return Validated(valid, problems, carried)


def import_file(
    store: Store,
    path: Path,
    progress: Progress | None = None,
    *,
    checked: Progress | None = None,
    declared: Vocabulary | None = None,
) -> dict[str, int]:
    """Import ``path`` whole or not at all; return how many rows each sheet wrote.

    Raises :class:`ImportRejected` with every problem found, having written nothing.
    ``progress`` is called as rows are written (sheet name, rows just written), ``checked``
    as rows are validated (sheet name, rows just checked); validation finishes before writing.
    """
    with store.transaction() as session:
        validated = validate_file(path, session, checked, declared)
        if validated.problems:
            raise ImportRejected(validated.problems)
        return write_rows(session, validated.rows, progress, validated.carried)


def _chunks(items: Sequence[RawRow], size: int) -> Iterator[Sequence[RawRow]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# ---------------------------------------------------------------------------- one row


def _is_text_field(annotation: Any) -> bool:
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return str in typing.get_args(annotation)
    return False


_TEXT_FIELDS: dict[type[Sheet], frozenset[str]] = {
    sheet: frozenset(
        info.alias or name
        for name, info in sheet.model_fields.items()
        if _is_text_field(info.annotation)
    )
    for sheet in SHEETS
}


def _prepared(sheet: type[Sheet], raw: RawRow) -> dict[str, Any]:
    """The row's cells as the model takes them: blanks left out, numbers in text columns as text.

    Excel keeps a code typed as digits (园区代码 7) as a number unless the cell is text.
    """
    text_fields = _TEXT_FIELDS[sheet]
    values: dict[str, Any] = {}
    for header, value in raw.cells.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if header in text_fields and isinstance(value, int | float) and not isinstance(value, bool):
            value = shown(value)
        values[header] = value
    return values


def _validate_row(sheet: type[Sheet], raw: RawRow) -> tuple[Sheet | None, list[Problem]]:
    try:
        return sheet.model_validate(_prepared(sheet, raw)), []
    except ValidationError as error:
        return None, [_problem(sheet, raw, detail) for detail in error.errors()]


def _declaration(
    row: DeclarationRow, raw: RawRow, declared: Vocabulary | None
) -> tuple[Sheet | None, list[Problem]]:
    """The row with its item and value checked against the packs' declarations."""
    try:
        if declared is None:
            raise ColumnError("声明事项", "未载入规则包，无法核对声明事项")
        return normalised(declared, row), []
    except ColumnError as error:
        problem = Problem(
            sheet=DeclarationRow.sheet_name,
            row=raw.number,
            column=error.column,
            value=shown(raw.cells.get(error.column)),
            reason=str(error),
        )
        return None, [problem]


def _problem(sheet: type[Sheet], raw: RawRow, detail: ErrorDetails) -> Problem:
    column, text = reason(detail)
    if detail["type"] == "extra_forbidden":
        text = "未知列"
    value = shown(raw.cells.get(column)) if column is not None else ""
    return Problem(sheet=sheet.sheet_name, row=raw.number, column=column, value=value, reason=text)


# ---------------------------------------------------------------------------- the whole file


def _header(sheet: type[Sheet], name: str) -> str:
    return sheet.model_fields[name].alias or name


def _duplicates(checked: dict[type[Sheet], list[_Checked]]) -> list[Problem]:
    problems: list[Problem] = []
    for sheet, rows in checked.items():
        first: dict[tuple[Any, ...], int] = {}
        headers = [_header(sheet, name) for name in sheet.key]
        for item in rows:
            key = item.row.key_values()
            if key not in first:
                first[key] = item.number
                continue
            if len(headers) == 1:
                column: str | None = headers[0]
                value = shown(item.raw.cells.get(headers[0]))
                same = f"「{headers[0]}」相同"
            else:
                column = None
                value = " / ".join(shown(item.raw.cells.get(header)) for header in headers)
                same = "「" + "」「".join(headers) + "」均相同"
            problems.append(
                Problem(
                    sheet=sheet.sheet_name,
                    row=item.number,
                    column=column,
                    value=value,
                    reason=f"与第{first[key]}行重复（{same}），同一记录只能出现一次",
                )
            )
    return problems


class _Pending:
    """Keys of rows that failed validation, so rows referring to them are not blamed as well."""

    def __init__(self) -> None:
        self.zones: set[str] = set()
        self.parks: set[tuple[str, str]] = set()
        self.enterprises: set[str] = set()

    def note(self, sheet: type[Sheet], raw: RawRow) -> None:
        cells = _prepared(sheet, raw)
        if sheet is ZoneRow:
            self.zones.add(str(cells.get(_header(ZoneRow, "code"), "")))
        elif sheet is ParkRow:
            zone = str(cells.get(_header(ParkRow, "zone_code"), ""))
            self.parks.add((zone, str(cells.get(_header(ParkRow, "code"), ""))))
        elif sheet is EnterpriseRow:
            with suppress(ValueError):  # an invalid code cannot be referred to anyway
                self.enterprises.add(parse_uscc(cells.get(_header(EnterpriseRow, "uscc"), "")))


class _References:
    """Checks that every park, enterprise and child row refers to something that exists."""

    def __init__(
        self,
        session: Session,
        raw: RawFile,
        checked: dict[type[Sheet], list[_Checked]],
        pending: _Pending,
    ) -> None:
        self.session = session
        self.raw = raw
        self.checked = checked
        self.pending = pending

    def _rows(self, sheet: type[Sheet]) -> list[_Checked]:
        return self.checked.get(sheet, [])

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        zones = self._zones()
        parks = self._parks()
        enterprises = self._enterprises()
        if ZoneRow not in self.raw.broken:
            for item in self._rows(ParkRow):
                assert isinstance(item.row, ParkRow)
                if item.row.zone_code not in zones:
                    problems.append(self._unknown_zone(ParkRow, item, item.row.zone_code))
        for item in self._rows(EnterpriseRow):
            assert isinstance(item.row, EnterpriseRow)
            zone, park = item.row.zone_code, item.row.park_code
            if zone not in zones:
                if ZoneRow not in self.raw.broken:
                    problems.append(self._unknown_zone(EnterpriseRow, item, zone))
            elif (zone, park) not in parks and ParkRow not in self.raw.broken:
                column = _header(EnterpriseRow, "park_code")
                problems.append(
                    Problem(
                        sheet=EnterpriseRow.sheet_name,
                        row=item.number,
                        column=column,
                        value=shown(item.raw.cells.get(column)),
                        reason=f"园区代码「{park}」不是高新区「{zone}」的园区"
                        "（「园区」表和数据库中都没有）",
                    )
                )
        if EnterpriseRow not in self.raw.broken:
            for sheet in _CHILD_SHEETS:
                column = _header(sheet, "uscc")
                for item in self._rows(sheet):
                    assert isinstance(item.row, _CHILD_SHEETS)
                    uscc = item.row.uscc
                    if uscc not in enterprises:
                        problems.append(
                            Problem(
                                sheet=sheet.sheet_name,
                                row=item.number,
                                column=column,
                                value=shown(item.raw.cells.get(column)),
                                reason=f"统一社会信用代码「{uscc}」在「企业」表和数据库中都不存在",
                            )
                        )
        return problems

    def _unknown_zone(self, sheet: type[Sheet], item: _Checked, zone: str) -> Problem:
        column = _header(sheet, "zone_code")
        return Problem(
            sheet=sheet.sheet_name,
            row=item.number,
            column=column,
            value=shown(item.raw.cells.get(column)),
            reason=f"高新区代码「{zone}」在「高新区」表和数据库中都不存在",
        )

    def _zones(self) -> set[str]:
        in_file = {item.row.code for item in self._rows(ZoneRow) if isinstance(item.row, ZoneRow)}
        if not self._rows(ParkRow) and not self._rows(EnterpriseRow):
            return in_file
        stored = set(self.session.scalars(select(Zone.code)))
        return in_file | stored | self.pending.zones

    def _parks(self) -> set[tuple[str, str]]:
        in_file = {
            (item.row.zone_code, item.row.code)
            for item in self._rows(ParkRow)
            if isinstance(item.row, ParkRow)
        }
        if not self._rows(EnterpriseRow):
            return in_file
        stored = self.session.execute(select(Zone.code, Park.code).join(Park.zone))
        return in_file | {(zone, park) for zone, park in stored} | self.pending.parks

    def _enterprises(self) -> set[str]:
        in_file = {
            item.row.uscc
            for item in self._rows(EnterpriseRow)
            if isinstance(item.row, EnterpriseRow)
        }
        children = any(self._rows(sheet) for sheet in _CHILD_SHEETS)
        if not children:
            return in_file
        stored = set(self.session.scalars(select(Enterprise.uscc)))
        return in_file | stored | self.pending.enterprises
