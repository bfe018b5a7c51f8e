"""The one write path for records: validated sheet rows upserted by their natural keys.

Import and the demo generator both write through here, so a record written twice is the same
record (upsert by 统一社会信用代码, by 统一社会信用代码 + 年度, …) and re-importing a file
changes nothing. The caller owns the transaction: a failure anywhere writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from sqlalchemy import Dialect, Table, select
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from techzone.io.sheets import (
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
from techzone.model.base import Fixed

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

CHUNK = 2_000

Progress = Callable[[str, int], None]
"""Called with a sheet name and how many of its rows were just written."""


@dataclass(frozen=True)
class Target:
    """Where a sheet's rows go: the table, its natural key, and how references resolve."""

    model: type[Base]
    conflict: tuple[str, ...]


TARGETS: dict[type[Sheet], Target] = {
    ZoneRow: Target(Zone, ("code",)),
    ParkRow: Target(Park, ("zone_id", "code")),
    EnterpriseRow: Target(Enterprise, ("uscc",)),
    YearlyFiguresRow: Target(YearlyFigures, ("enterprise_id", "year")),
    IntellectualPropertyRow: Target(IntellectualProperty, ("enterprise_id", "number")),
    QualificationRow: Target(Qualification, ("enterprise_id", "kind", "certificate_no")),
    PlatformRow: Target(Platform, ("enterprise_id", "kind", "name")),
    AwardEventRow: Target(AwardEvent, ("enterprise_id", "ref")),
    IncidentRow: Target(Incident, ("enterprise_id", "ref")),
    ZoneEventRow: Target(ZoneEvent, ("zone_id", "ref")),
    DeclarationRow: Target(Declaration, ("enterprise_id", "item", "declared_on")),
}


class References:
    """Natural keys → database ids, loaded once per write and extended as rows are written."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.zones: dict[str, int] = {}
        self.parks: dict[tuple[str, str], int] = {}
        self.enterprises: dict[str, int] = {}

    def load_zones(self) -> None:
        self.zones = {code: id_ for code, id_ in self.session.execute(select(Zone.code, Zone.id))}

    def load_parks(self) -> None:
        rows = self.session.execute(select(Zone.code, Park.code, Park.id).join(Park.zone))
        self.parks = {(zone, park): park_id for zone, park, park_id in rows}

    def load_enterprises(self) -> None:
        rows = self.session.execute(select(Enterprise.uscc, Enterprise.id))
        self.enterprises = {uscc: id_ for uscc, id_ in rows}


Column = Sequence[Any]
BindProcessor = Callable[[Any], Any]
ColumnBinder = Callable[[Column], Column]


@runtime_checkable
class ColumnChunks(Protocol):
    """Rows that can be handed over as columns without being built (the demo generator's).

    Each chunk holds one sequence per field, every field in field order. Written so, a million
    enterprises skip building twelve million row objects only to take them apart again.
    """

    def column_chunks(self) -> Iterator[dict[str, Sequence[Any]]]: ...


def _industries(text: str | None) -> list[str]:
    parts = re.split(r"[、，,；;]", text or "")
    return [item.strip() for item in parts if item.strip()]


def _field_columns(chunk: Sequence[Sheet], fields: tuple[str, ...]) -> dict[str, Column]:
    """The chunk's values one column per field: rows are read once, at C speed, not per field."""
    values = itemgetter(*fields)
    rows = [values(row.__dict__) for row in chunk]
    if len(fields) == 1:
        return {fields[0]: rows}
    return dict(zip(fields, zip(*rows, strict=True), strict=True))


def _column_chunks(source: Iterable[Sheet], fields: tuple[str, ...]) -> Iterator[dict[str, Column]]:
    if not isinstance(source, ColumnChunks):
        for chunk in _chunks(source, CHUNK):
            yield _field_columns(chunk, fields)
        return
    for columns in source.column_chunks():
        if tuple(columns) != fields:
            raise ValueError(f"columns {tuple(columns)} are not the fields {fields}")
        yield dict(columns)


def _stored_columns(sheet: type[Sheet], columns: dict[str, Column], refs: References) -> None:
    """Turn a chunk's field columns into record columns: references become ids, 主导产业 a list."""
    if sheet is ZoneRow:
        columns["focus_industries"] = [_industries(text) for text in columns["focus_industries"]]
    elif sheet in (ParkRow, ZoneEventRow):
        zones = refs.zones
        columns["zone_id"] = [zones[code] for code in columns.pop("zone_code")]
    elif sheet is EnterpriseRow:
        parks = refs.parks
        keys = zip(columns.pop("zone_code"), columns.pop("park_code"), strict=True)
        columns["park_id"] = [parks[key] for key in keys]
    else:
        enterprises = refs.enterprises
        columns["enterprise_id"] = [enterprises[uscc] for uscc in columns.pop("uscc")]


def _stored_fields(sheet: type[Sheet], fields: frozenset[str]) -> frozenset[str]:
    """Sheet fields as record columns: references become ids, 主导产业 its list."""
    renamed = {"zone_code": "zone_id", "park_code": "park_id", "uscc": "enterprise_id"}
    return frozenset(renamed.get(name, name) for name in fields)


@dataclass(frozen=True)
class _Upsert:
    """A sheet's upsert compiled once per write, and how to hand it a chunk's columns.

    The driver gets the SQL and the values directly, converted column by column by each column
    type's own bind processor (amounts already in hundredths go as they are): what SQLAlchemy
    would bind, without a dictionary per row and SQLAlchemy's handling of each (together near a
    third of the time to load the demo).
    """

    sql: str
    columns: tuple[str, ...]
    binders: tuple[ColumnBinder, ...]
    names: tuple[str, ...] | None
    """The parameter names when the driver takes a mapping per row (psycopg), else None."""

    def parameters(self, columns: Mapping[str, Column]) -> list[Any]:
        bound = [bind(columns[name]) for name, bind in zip(self.columns, self.binders, strict=True)]
        rows = list(zip(*bound, strict=True))
        if self.names is None:
            return rows
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in rows]


def _compiled_upsert(
    dialect: Dialect, target: Target, columns: tuple[str, ...], carried: frozenset[str] | None
) -> _Upsert:
    table = target.model.__table__
    assert isinstance(table, Table)
    # Imported here: a command on one database does not load the other's dialect.
    statement: postgresql.Insert | sqlite.Insert
    if dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        statement = postgresql_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table)
    updated = {
        name: statement.excluded[name]
        for name in columns
        if name not in target.conflict and name != "id" and (carried is None or name in carried)
    }
    if updated:
        statement = statement.on_conflict_do_update(index_elements=target.conflict, set_=updated)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=target.conflict)
    compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    # Values SQLAlchemy would fill in per row (Python-side defaults) would be missing here.
    if compiled.insert_prefetch:
        missing = ", ".join(column.name for column in compiled.insert_prefetch)
        raise RuntimeError(f"{table.name}: rows lack columns with defaults: {missing}")
    order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else columns
    if sorted(order) != sorted(columns):
        raise RuntimeError(f"{table.name}: statement binds {order}, rows hold {columns}")
    binders = tuple(_binder(table.c[name].type.dialect_impl(dialect), dialect) for name in order)
    escaped = compiled.escaped_bind_names
    names = None if compiled.positional else tuple(escaped.get(name, name) for name in order)
    return _Upsert(str(compiled), order, binders, names)


def _binder(column_type: TypeEngine[Any], dialect: Dialect) -> ColumnBinder:
    """How a column of values becomes what the driver takes: its type's processor on each."""
    if isinstance(column_type, Fixed):
        return partial(column_type.bind_column, dialect=dialect)  # takes Hundredths as they are
    process = column_type.bind_processor(dialect)
    if process is None:
        return _as_is
    return partial(_each, process)


def _as_is(column: Column) -> Column:
    return column


def _each(process: BindProcessor, column: Column) -> Column:
    return list(map(process, column))


T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterable[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_rows(
    session: Session,
    rows: Mapping[type[Sheet], Iterable[Sheet]],
    progress: Progress | None = None,
    carried: Mapping[type[Sheet], frozenset[str]] | None = None,
) -> dict[str, int]:
    """Upsert every row, sheets in dependency order; return how many rows each sheet given wrote.

    ``carried`` names, per sheet, the fields the source actually held: a stored record's other
    fields are left as they are (default: every field is written).
    """
    refs = References(session)
    connection = session.connection()
    dialect = connection.dialect
    written: dict[str, int] = {}
    for sheet, target in TARGETS.items():
        if sheet is ParkRow:
            refs.load_zones()
        elif sheet is EnterpriseRow:
            refs.load_parks()
        elif sheet is YearlyFiguresRow:
            refs.load_enterprises()
        fields = tuple(sheet.model_fields)
        upsert: _Upsert | None = None
        count = 0
        for columns in _column_chunks(rows.get(sheet, ()), fields):
            size = len(columns[fields[0]])
            if not size:  # nothing to bind: the driver would run the statement once, unbound
                continue
            _stored_columns(sheet, columns, refs)
            if upsert is None:  # compiled once per sheet, for the columns its rows hold
                kept = None if carried is None else _stored_fields(sheet, carried[sheet])
                upsert = _compiled_upsert(dialect, target, tuple(columns), kept)
            connection.exec_driver_sql(upsert.sql, upsert.parameters(columns))
            count += size
            if progress is not None:
                progress(sheet.sheet_name, size)
        if sheet in rows:  # a sheet the source does not have is not reported as written
            written[sheet.sheet_name] = count
    return written
