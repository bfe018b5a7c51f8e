"""The one write path for records: validated sheet rows upserted by their natural keys.

Import and the demo generator both write through here, so a record written twice is the same
record (upsert by 统一社会信用代码, by 统一社会信用代码 + 年度, …) and re-importing a file
changes nothing. The caller owns the transaction: a failure anywhere writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from techzone.io.sheets import (
    AwardEventRow,
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
from techzone.model import (
    AwardEvent,
    Base,
    Enterprise,
    Incident,
    IntellectualProperty,
    Park,
    Platform,
    Qualification,
    YearlyFigures,
    Zone,
)

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
    IncidentRow: Target(Incident, ("enterprise_id", "kind", "occurred_on")),
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


def _values(row: Sheet, refs: References) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in type(row).model_fields}
    if isinstance(row, ZoneRow):
        text = values.pop("focus_industries") or ""
        parts = re.split(r"[、，,；;]", text)
        values["focus_industries"] = [item.strip() for item in parts if item.strip()]
    elif isinstance(row, ParkRow):
        values["zone_id"] = refs.zones[values.pop("zone_code")]
    elif isinstance(row, EnterpriseRow):
        values["park_id"] = refs.parks[(values.pop("zone_code"), values.pop("park_code"))]
    else:
        values["enterprise_id"] = refs.enterprises[values.pop("uscc")]
    return values


def _stored_fields(sheet: type[Sheet], fields: frozenset[str]) -> frozenset[str]:
    """Sheet fields as record columns: references become ids, 主导产业 its list."""
    renamed = {"zone_code": "zone_id", "park_code": "park_id", "uscc": "enterprise_id"}
    return frozenset(renamed.get(name, name) for name in fields)


def _upsert(
    session: Session,
    target: Target,
    records: Sequence[dict[str, Any]],
    carried: frozenset[str] | None,
) -> None:
    table = target.model.__table__
    assert isinstance(table, Table)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    updated = {
        name: statement.excluded[name]
        for name in records[0]
        if name not in target.conflict and name != "id" and (carried is None or name in carried)
    }
    if not updated:
        session.execute(
            statement.on_conflict_do_nothing(index_elements=target.conflict), list(records)
        )
        return
    statement = statement.on_conflict_do_update(index_elements=target.conflict, set_=updated)
    session.execute(statement, list(records))


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
    """Upsert every row, sheets in dependency order; return how many rows each sheet wrote.

    ``carried`` names, per sheet, the fields the source actually held: a stored record's other
    fields are left as they are (default: every field is written).
    """
    refs = References(session)
    written: dict[str, int] = {}
    for sheet, target in TARGETS.items():
        if sheet is ParkRow:
            refs.load_zones()
        elif sheet is EnterpriseRow:
            refs.load_parks()
        elif sheet is YearlyFiguresRow:
            refs.load_enterprises()
        count = 0
        for chunk in _chunks(rows.get(sheet, ()), CHUNK):
            fields = None if carried is None else _stored_fields(sheet, carried[sheet])
            _upsert(session, target, [_values(row, refs) for row in chunk], fields)
            count += len(chunk)
            if progress is not None:
                progress(sheet.sheet_name, len(chunk))
        written[sheet.sheet_name] = count
    return written
