"""Importing a file all or nothing: every row is checked before any is written.

Reading finds the rows, each row is validated against its sheet model, then the file is checked
as a whole (duplicate keys, references to zones, parks and enterprises in the file or already
stored). Any problem rejects the whole file with the complete list; otherwise every row is
upserted in one transaction, so a file with any error leaves the database unchanged.

Re-importing a record already stored (docs/import.md): a blank optional cell changes nothing,
exactly like a column left out of the file; the word 清空 in a cell clears the stored value. The
row is merged with the stored record and checked again as a whole, and the import counts each
record as new, changed or unchanged.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone import audit
from techzone.access.queries import where, with_owner
from techzone.access.scope import Scope
from techzone.bounds import OutOfBounds, fact_date, fact_year
from techzone.io.bulk import collecting_later
from techzone.io.declared import Vocabulary, normalised
from techzone.io.exporter import sheet_rows
from techzone.io.fields import ColumnError, ColumnErrors, parse_uscc
from techzone.io.messages import reason
from techzone.io.problems import ImportRejected, Problem
from techzone.io.reader import RawFile, RawRow, Unusable, read_file, shown
from techzone.io.sheets import (
    DERIVED_FIELDS,
    FACT_FIELDS,
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
from techzone.io.writer import CHUNK, Progress, write_rows
from techzone.model import Enterprise, Park, Zone
from techzone.store import Store

ValidRows = dict[type[Sheet], list[Sheet]]

CLEAR = "清空"
"""Typed in a cell, clears the stored value (a blank cell leaves it as it is)."""


@dataclass
class Changes:
    """How many of a sheet's records the file adds, changes, or leaves as they were."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    overwritten: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(
        default_factory=list, compare=False, repr=False
    )
    """Each changed record's key, and its changed fields as stored and as imported (the audit
    log keeps both: an older export imported over newer data must not lose the newer values)."""

    def __str__(self) -> str:
        return f"新增{self.new}条，修改{self.changed}条，未变{self.unchanged}条"


class Validated(NamedTuple):
    """A file's valid rows by sheet, its problems, the fields each sheet's columns carry, and
    what the rows would do to the stored records."""

    rows: ValidRows
    problems: list[Problem]
    carried: dict[type[Sheet], frozenset[str]]
    changes: dict[str, Changes]


class Imported(dict[str, int]):
    """Rows written per sheet, with each sheet's :class:`Changes`."""

    def __init__(self, written: dict[str, int], changes: dict[str, Changes]) -> None:
        super().__init__(written)
        self.changes = changes


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


@dataclass
class _Checked:
    """A validated row, where it came from, and its blank and cleared cells (field names)."""

    number: int
    row: Sheet
    raw: RawRow
    blank: frozenset[str]
    cleared: frozenset[str]


def validate_file(
    path: Path,
    session: Session,
    progress: Progress | None = None,
    declared: Vocabulary | None = None,
    *,
    scope: Scope | None = None,
) -> Validated:
    """The valid rows of ``path`` by sheet, and every problem with the file.

    ``session`` is only read, to resolve references to records already stored. ``progress`` is
    called with a sheet name and how many of its rows were just checked. ``declared`` (the
    packs' declarations) checks the 企业声明 sheet's items and values. ``scope``: the caller's;
    a row about a zone, park or enterprise outside it is a problem of its row.
    """
    with collecting_later():
        return _validate_file(path, session, progress, declared, scope)


def _validate_file(
    path: Path,
    session: Session,
    progress: Progress | None,
    declared: Vocabulary | None,
    scope: Scope | None,
) -> Validated:
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
                item, row_problems = _validate_row(sheet, raw_row, raw_sheet.headers)
                if item is not None and isinstance(item.row, DeclarationRow):
                    item, row_problems = _declaration(item, declared)
                if item is None:
                    problems.extend(row_problems)
                    pending.note(sheet, raw_row)
                else:
                    rows.append(item)
            if progress is not None:
                progress(sheet.sheet_name, len(chunk))
        checked[sheet] = rows
    problems.extend(_duplicates(checked))
    problems.extend(_References(session, raw, checked, pending).problems())
    if scope is not None:
        problems.extend(_outside(session, checked, scope))
    carried = {
        sheet: sheet.fields_carried(raw_sheet.headers) for sheet, raw_sheet in raw.sheets.items()
    }
    changes: dict[str, Changes] = {}
    if not problems:  # a rejected file is not compared with the database
        for sheet, rows in checked.items():
            found, changes[sheet.sheet_name] = _merge(session, sheet, rows, carried[sheet])
            problems.extend(found)
    order = {sheet.sheet_name: index for index, sheet in enumerate(SHEETS)}
    problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
    valid: ValidRows = {sheet: [item.row for item in rows] for sheet, rows in checked.items()}
    return Validated(valid, problems, carried, changes)


def import_file(
    store: Store,
    path: Path,
    progress: Progress | None = None,
    *,
    checked: Progress | None = None,
    declared: Vocabulary | None = None,
    scope: Scope | None = None,
    actor: audit.Actor | None = None,
) -> Imported:
    """Import ``path`` whole or not at all; return how many rows each sheet wrote, with how many
    records are new, changed and unchanged.

    Raises :class:`ImportRejected` with every problem found, having written nothing.
    ``progress`` is called as rows are written (sheet name, rows just written), ``checked``
    as rows are validated (sheet name, rows just checked); validation finishes before writing.
    ``scope``: the caller's (rows outside it are refused, see ``validate_file``); ``actor``: who
    imports, for the audit row written in the import's own transaction.
    """
    with collecting_later():
        # The rows go with ``_import``'s frame, before the collector is on again: its first pass
        # then has only what outlives the import to look at.
        return _import(store, path, progress, checked, declared, scope, actor)


def _import(
    store: Store,
    path: Path,
    progress: Progress | None,
    checked: Progress | None,
    declared: Vocabulary | None,
    scope: Scope | None,
    actor: audit.Actor | None,
) -> Imported:
    with store.transaction() as session:
        validated = validate_file(path, session, checked, declared, scope=scope)
        if validated.problems:
            raise ImportRejected(validated.problems)
        written = write_rows(session, validated.rows, progress, validated.carried)
        if actor is not None:
            audit.record(
                session,
                actor,
                "records.import",
                "file",
                path.name,
                after={
                    sheet: {"rows": count, "changes": str(validated.changes.get(sheet, ""))}
                    for sheet, count in written.items()
                    if count
                },
                zone=scope.zone if scope is not None else None,
            )
            audit.record_all(
                session,
                actor,
                "records.change",
                (
                    (sheet_name, key, before, after)
                    for sheet_name, sheet_changes in validated.changes.items()
                    for key, before, after in sheet_changes.overwritten
                ),
                zone=scope.zone if scope is not None else None,
            )
        return Imported(written, validated.changes)


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


_FIELDS: dict[type[Sheet], dict[str, str]] = {
    sheet: {info.alias or name: name for name, info in sheet.model_fields.items()}
    for sheet in SHEETS
}
_REQUIRED: dict[type[Sheet], frozenset[str]] = {
    sheet: frozenset(name for name, info in sheet.model_fields.items() if info.is_required())
    for sheet in SHEETS
}


class _Prepared(NamedTuple):
    values: dict[str, Any]
    blank: list[str]
    cleared: list[str]
    unusable: dict[str, Unusable]


def _prepared(sheet: type[Sheet], raw: RawRow, headers: Sequence[str] = ()) -> _Prepared:
    """The row's cells as the model takes them: blanks and 清空 left out (their headers listed,
    with those of ``headers`` the row stops short of), numbers in text columns as text.

    Excel keeps a code typed as digits (园区代码 7) as a number unless the cell is text.
    """
    text_fields = _TEXT_FIELDS[sheet]
    values: dict[str, Any] = {}
    blank: list[str] = []
    cleared: list[str] = []
    unusable: dict[str, Unusable] = {}
    for header, value in raw.cells.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            blank.append(header)
            continue
        if isinstance(value, Unusable):
            unusable[header] = value
            continue
        if value == CLEAR:
            cleared.append(header)
            continue
        if header in text_fields and isinstance(value, int | float) and not isinstance(value, bool):
            value = shown(value)
        values[header] = value
    if len(raw.cells) < len(headers):  # a row read short of its last, blank, cells
        blank.extend(header for header in headers if header not in raw.cells)
    return _Prepared(values, blank, cleared, unusable)


def _validate_row(
    sheet: type[Sheet], raw: RawRow, headers: Sequence[str]
) -> tuple[_Checked | None, list[Problem]]:
    values, blank, cleared, unusable = _prepared(sheet, raw, headers)
    fields = _FIELDS[sheet]
    cleared_fields = frozenset(fields[header] for header in cleared if header in fields)
    problems = [
        Problem(sheet.sheet_name, raw.number, header, CLEAR, "必填项不能清空")
        for header in cleared
        if fields.get(header) in _REQUIRED[sheet]
    ]
    problems.extend(
        Problem(sheet.sheet_name, raw.number, header, cell.shown, cell.reason)
        for header, cell in unusable.items()
    )
    try:
        row = sheet.model_validate(values)
    except ValidationError as error:
        # 清空 in a required cell, or a formula's error there: said once, not also as missing
        said = {problem.column for problem in problems}
        problems.extend(p for p in _problems(sheet, raw, error) if p.column not in said)
        return None, problems
    for name in FACT_FIELDS.get(sheet.sheet_name, ()):
        value = getattr(row, name)
        if value is None:
            continue
        try:
            fact_year(value, "") if isinstance(value, int) else fact_date(value, "")
        except OutOfBounds as error:
            header = sheet.model_fields[name].alias or name
            problems.append(_at(sheet, raw, header, str(error)))
    if problems:
        return None, problems
    blank_fields = frozenset(fields[header] for header in blank if header in fields)
    return _Checked(raw.number, row, raw, blank_fields, cleared_fields), []


def _problems(
    sheet: type[Sheet], raw: RawRow, error: ValidationError, note: str = ""
) -> list[Problem]:
    found: list[Problem] = []
    for detail in error.errors():
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, ColumnErrors):  # several cross-field faults: one problem each
            found.extend(_at(sheet, raw, each.column, note + str(each)) for each in cause.errors)
            continue
        column, text = reason(detail)
        if detail["type"] == "extra_forbidden":
            text = "未知列"
        found.append(_at(sheet, raw, column, note + text))
    return found


def _declaration(
    item: _Checked, declared: Vocabulary | None
) -> tuple[_Checked | None, list[Problem]]:
    """The row with its item and value checked against the packs' declarations."""
    assert isinstance(item.row, DeclarationRow)
    try:
        if declared is None:
            raise ColumnError("声明事项", "未载入规则包，无法核对声明事项")
        return replace(item, row=normalised(declared, item.row)), []
    except ColumnError as error:
        return None, [_at(DeclarationRow, item.raw, error.column, str(error))]


def _at(sheet: type[Sheet], raw: RawRow, column: str | None, text: str) -> Problem:
    value = shown(raw.cells.get(column)) if column is not None else ""
    return Problem(sheet=sheet.sheet_name, row=raw.number, column=column, value=value, reason=text)


# ---------------------------------------------------------------------------- the stored records


def _merge(
    session: Session, sheet: type[Sheet], rows: list[_Checked], carried: frozenset[str]
) -> tuple[list[Problem], Changes]:
    """Merge each row with the record it updates (a blank cell keeps the stored value), check
    the merged row again, and count the records new, changed and unchanged."""
    changes = Changes()
    if not rows:
        return [], changes
    stored = {row.key_values(): row for row in sheet_rows(session, sheet)}
    derived = DERIVED_FIELDS.get(sheet.sheet_name, {})
    problems: list[Problem] = []
    for item in rows:
        old = stored.get(item.row.key_values())
        if old is None:
            changes.new += 1
            continue
        if item.blank:
            values = {name: getattr(item.row, name) for name in sheet.model_fields}
            for name in item.blank - derived.keys():
                values[name] = getattr(old, name)
            for name in item.blank & derived.keys():
                # Derived again from its parts when they are all known, else kept as stored.
                parts_known = all(values[part] is not None for part in derived[name])
                values[name] = None if parts_known else getattr(old, name)
            try:
                item.row = sheet.model_validate(values)
            except ValidationError as error:
                problems.extend(_problems(sheet, item.raw, error, "与系统中已有的值合并后："))
                continue
        changed = {name for name in carried if getattr(item.row, name) != getattr(old, name)}
        if changed:
            changes.changed += 1
            changes.overwritten.append(
                (
                    "|".join(str(part) for part in item.row.key_values()),
                    old.model_dump(by_alias=True, include=changed),
                    item.row.model_dump(by_alias=True, include=changed),
                )
            )
        else:
            changes.unchanged += 1
    return problems, changes


# ---------------------------------------------------------------------------- the whole file


def _header(sheet: type[Sheet], name: str) -> str:
    return sheet.model_fields[name].alias or name


_OUTSIDE = "不在您的管辖范围内，不能导入"
_PLACES = (ZoneRow, ParkRow, ZoneEventRow)


def _outside(
    session: Session, checked: dict[type[Sheet], list[_Checked]], scope: Scope
) -> list[Problem]:
    """Rows about a zone, park or enterprise the caller's scope does not reach.

    Zones, parks and zone events are a zone's own: only a scope of whole zones (no park, no
    enterprise) may import them. An enterprise row must lie in the scope where it is going and,
    if already stored, where it is now; a record of an enterprise must belong to one of those."""
    provinces = {
        code: province for code, province in session.execute(select(Zone.code, Zone.province))
    }
    for item in checked.get(ZoneRow, []):
        provinces.setdefault(item.row.code, item.row.province)  # type: ignore[attr-defined]
    whole_zones = scope.park is None and scope.uscc is None
    problems: list[Problem] = []
    for sheet in _PLACES:
        for item in checked.get(sheet, []):
            zone = item.row.code if sheet is ZoneRow else item.row.zone_code  # type: ignore[attr-defined]
            field = "code" if sheet is ZoneRow else "zone_code"
            if not (whole_zones and scope.admits(zone=zone, province=provinces.get(zone))):
                problems.append(_at(sheet, item.raw, _header(sheet, field), _OUTSIDE))
    stored = {
        uscc: (zone, park, province)
        for uscc, zone, park, province in session.execute(
            with_owner(select(Enterprise.uscc, Zone.code, Park.code, Zone.province))
        )
    }
    admitted: set[str] = set()
    for item in checked.get(EnterpriseRow, []):
        row: Any = item.row
        places = [(row.zone_code, row.park_code, provinces.get(row.zone_code))]
        if row.uscc in stored:
            places.append(stored[row.uscc])
        if all(scope.admits(zone=z, park=p, uscc=row.uscc, province=v) for z, p, v in places):
            admitted.add(row.uscc)
        else:
            problems.append(_at(EnterpriseRow, item.raw, _header(EnterpriseRow, "uscc"), _OUTSIDE))
    in_scope = set(session.scalars(where(with_owner(select(Enterprise.uscc)), scope))) | admitted
    for child in _CHILD_SHEETS:
        for item in checked.get(child, []):
            if item.row.uscc not in in_scope:  # type: ignore[attr-defined]
                problems.append(_at(child, item.raw, _header(child, "uscc"), _OUTSIDE))
    return problems


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
        cells = _prepared(sheet, raw).values
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
            for placed in (ParkRow, ZoneEventRow):
                for item in self._rows(placed):
                    assert isinstance(item.row, ParkRow | ZoneEventRow)
                    if item.row.zone_code not in zones:
                        problems.append(self._unknown_zone(placed, item, item.row.zone_code))
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
        if not any(self._rows(sheet) for sheet in (ParkRow, EnterpriseRow, ZoneEventRow)):
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


def checked_row(
    sheet: type[Sheet], raw: RawRow, headers: Sequence[str], declared: Vocabulary | None = None
) -> tuple[Sheet | None, list[Problem]]:
    """One row checked as an import checks it on its own (a file read for something other than
    the register, such as a self-assessment): the valid row, or None and its problems."""
    item, problems = _validate_row(sheet, raw, headers)
    if item is not None and isinstance(item.row, DeclarationRow):
        item, problems = _declaration(item, declared)
    return (None if item is None else item.row), problems
