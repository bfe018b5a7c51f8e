"""The writer stores exactly what SQLAlchemy's own executemany stored, on both backends.

The writer hands the driver values it converted column by column; the reference below is the
writer as it was, a dictionary per row bound by SQLAlchemy. Both write the same rows into two
empty databases, and every stored value (and on SQLite its storage class) must agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from techzone.demo.generator import generate
from techzone.io.sheets import (
    SHEET_BY_NAME,
    EnterpriseRow,
    ParkRow,
    Sheet,
    YearlyFiguresRow,
    ZoneEventRow,
    ZoneRow,
)
from techzone.io.writer import TARGETS, References, Target, _stored_fields, write_rows
from techzone.model import Base
from techzone.store import Store, open_store
from tests.io.factory import sample
from tests.postgres import PostgresServer

Rows = Mapping[type[Sheet], Sequence[Sheet]]
_other_databases = itertools.count(1)


def _reference_values(row: Sheet, refs: References) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in type(row).model_fields}
    if isinstance(row, ZoneRow):
        parts = re.split(r"[、，,；;]", values.pop("focus_industries") or "")
        values["focus_industries"] = [item.strip() for item in parts if item.strip()]
    elif isinstance(row, ParkRow | ZoneEventRow):
        values["zone_id"] = refs.zones[values.pop("zone_code")]
    elif isinstance(row, EnterpriseRow):
        values["park_id"] = refs.parks[(values.pop("zone_code"), values.pop("park_code"))]
    else:
        values["enterprise_id"] = refs.enterprises[values.pop("uscc")]
    return values


def _reference_upsert(
    session: Session, target: Target, records: list[dict[str, Any]], carried: frozenset[str] | None
) -> None:
    table = target.model.__table__
    assert isinstance(table, Table)
    postgres = session.get_bind().dialect.name == "postgresql"
    statement = (postgresql.insert if postgres else sqlite.insert)(table)
    updated = {
        name: statement.excluded[name]
        for name in records[0]
        if name not in target.conflict and name != "id" and (carried is None or name in carried)
    }
    if updated:
        upsert = statement.on_conflict_do_update(index_elements=target.conflict, set_=updated)
    else:
        upsert = statement.on_conflict_do_nothing(index_elements=target.conflict)
    session.execute(upsert, records)


def _chunks(rows: Iterable[Sheet]) -> Iterator[list[Sheet]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, 2_000)):
        yield chunk


def _reference_write(
    session: Session, rows: Rows, carried: Mapping[type[Sheet], frozenset[str]] | None = None
) -> None:
    refs = References(session)
    for sheet, target in TARGETS.items():
        if sheet is ParkRow:
            refs.load_zones()
        elif sheet is EnterpriseRow:
            refs.load_parks()
        elif sheet is YearlyFiguresRow:
            refs.load_enterprises()
        for chunk in _chunks(rows.get(sheet, ())):
            fields = None if carried is None else _stored_fields(sheet, carried[sheet])
            _reference_upsert(session, target, [_reference_values(r, refs) for r in chunk], fields)


def _stored(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every value as the database holds it (SQLite: with its storage class), in id order."""
    stored = {}
    with store.engine.connect() as connection:
        sqlite_file = connection.dialect.name == "sqlite"
        for table in Base.metadata.sorted_tables:
            if table.name not in {target.model.__tablename__ for target in TARGETS.values()}:
                continue
            names = [column.name for column in table.columns]
            shown = [f"typeof({name}), {name}" if sqlite_file else name for name in names]
            query = f"SELECT {', '.join(shown)} FROM {table.name} ORDER BY id"
            stored[table.name] = [tuple(row) for row in connection.exec_driver_sql(query)]
    return stored


@pytest.fixture
def reference_store(store_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """A second empty store on the same backend as ``store``."""
    if store_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"techzone_reference_{next(_other_databases)}")
    opened = open_store(url)
    request.addfinalizer(opened.dispose)
    return opened


def _validated(book: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[type[Sheet], list[Sheet]]:
    return {
        SHEET_BY_NAME[name]: [SHEET_BY_NAME[name].model_validate(row) for row in rows]
        for name, rows in book.items()
    }


def _both(store: Store, reference: Store, rows: Rows, carried: Any = None) -> None:
    with store.transaction() as session:
        write_rows(session, rows, carried=carried)
    with reference.transaction() as session:
        _reference_write(session, rows, carried)


def test_demo_rows_are_stored_as_sqlalchemy_stored_them(
    store: Store, reference_store: Store
) -> None:
    rows = generate(150, seed=4)
    _both(store, reference_store, rows)
    stored = _stored(store)
    assert len(stored["yearly_figures"]) > 300
    assert stored == _stored(reference_store)
    _both(store, reference_store, rows)  # the same rows again: every one an update
    assert _stored(store) == stored == _stored(reference_store)


def test_imported_rows_and_partial_updates_are_stored_alike(
    store: Store, reference_store: Store
) -> None:
    rows = _validated(sample(40))
    _both(store, reference_store, rows)
    assert _stored(store) == _stored(reference_store)

    # A second file with only some columns: those columns change, the others stay as stored.
    figures = [
        row.model_copy(update={"employees": (row.employees or Decimal(0)) + Decimal("0.5")})
        for row in rows[YearlyFiguresRow]
        if isinstance(row, YearlyFiguresRow)
    ]
    renamed = [row.model_copy(update={"name": "改名"}) for row in rows[EnterpriseRow]]
    carried = {
        YearlyFiguresRow: frozenset({"uscc", "year", "employees"}),
        EnterpriseRow: frozenset({"uscc", "zone_code", "park_code"}),
    }
    before = _stored(store)
    _both(store, reference_store, {EnterpriseRow: renamed, YearlyFiguresRow: figures}, carried)
    after = _stored(store)
    assert after == _stored(reference_store)
    assert after["enterprise"] == before["enterprise"]  # 企业名称 was not carried
    assert after["yearly_figures"] != before["yearly_figures"]
    assert len(after["yearly_figures"]) == len(before["yearly_figures"])
