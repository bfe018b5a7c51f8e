"""Columnar (ADBC) reads give exactly what reading through the session gives, or are not used."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import String, insert, select, type_coerce, update

from techzone.demo.load import load_demo
from techzone.model import Enterprise, Qualification, YearlyFigures, Zone
from techzone.model.codes import QualificationKind
from techzone.rules.frame import Records
from techzone.rules.records import read_records
from techzone.store import Store, open_store
from techzone.store.columnar import columnar_source, read_frame


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    # Child tables come in the database's order; compare them as sets of rows.
    return frame.sort(frame.columns, nulls_last=True)


def assert_records_equal(left: Records, right: Records) -> None:
    for item in fields(Records):
        a, b = getattr(left, item.name), getattr(right, item.name)
        if isinstance(a, pl.DataFrame):
            assert_frame_equal(_sorted(a), _sorted(b))
        else:
            assert a == b, item.name


@pytest.fixture
def demo_store(store: Store) -> Store:
    load_demo(store, enterprises=400, seed=3)
    return store


def test_columnar_and_row_reads_agree_on_both_backends(demo_store: Store) -> None:
    with demo_store.transaction() as session:
        assert columnar_source(session) is not None
        columnar = read_records(session)
        rows = read_records(session, columnar=False)
    assert columnar.enterprises.height == 400
    assert columnar.events.height > 0 and columnar.qualifications.height > 0
    assert columnar.events["attributes"].str.json_path_match("$.级别").drop_nulls().len() > 0
    assert_records_equal(columnar, rows)


def test_a_zone_reads_the_same_both_ways(demo_store: Store) -> None:
    with demo_store.transaction() as session:
        zone = session.scalars(select(Zone.code).order_by(Zone.code)).first()
        assert zone is not None
        columnar = read_records(session, zone=zone)
        rows = read_records(session, zone=zone, columnar=False)
        everyone = read_records(session, columnar=False)
    assert 0 < columnar.enterprises.height < everyone.enterprises.height
    assert set(columnar.enterprises["zone_code"]) == {zone}
    assert_records_equal(columnar, rows)


def test_a_session_that_has_written_reads_its_own_writes(demo_store: Store) -> None:
    with demo_store.transaction() as session:
        session.execute(update(Enterprise).values(name="改名后的企业"))
        # A second connection would not see the uncommitted names: the session reads them.
        assert columnar_source(session) is None
        records = read_records(session)
        assert set(records.enterprises["name"]) == {"改名后的企业"}
        session.rollback()


def test_no_columnar_source_for_an_in_memory_database() -> None:
    store = open_store("sqlite://")
    try:
        with store.transaction() as session:
            assert columnar_source(session) is None
            assert read_records(session).enterprises.is_empty()
    finally:
        store.dispose()


def test_a_column_empty_in_its_first_thousands_of_rows_still_reads(sqlite_store: Store) -> None:
    # The ADBC SQLite driver infers a column's type from its first batch of rows; a date that
    # only appears after 1,024 empty ones must still come back as a date.
    load_demo(sqlite_store, enterprises=1, seed=3)
    with sqlite_store.transaction() as session:
        enterprise_id = session.scalars(select(Enterprise.id)).one()
        session.execute(
            insert(Qualification),
            [
                {
                    "enterprise_id": enterprise_id,
                    "kind": "tech_sme",
                    "certificate_no": f"T{number:05d}",
                    "issued_on": date(2020, 1, 1),
                    "expires_on": None if number < 3000 else date(2030, 1, 1),
                    "status": "valid",
                    "level": "national",
                }
                for number in range(3001)
            ],
        )
    with sqlite_store.transaction() as session:
        records = read_records(session)
    expires = records.qualifications.filter(pl.col("kind") == "tech_sme")["expires_on"]
    assert expires.dtype == pl.Date
    assert expires.drop_nulls().to_list()[-1:] == [date(2030, 1, 1)]


def test_a_path_with_spaces_and_chinese_reads_columnar(tmp_path: Path) -> None:
    folder = tmp_path / "高新区 数据"
    store = open_store(f"sqlite:///{folder / 'techzone.sqlite'}")
    try:
        load_demo(store, enterprises=20, seed=1)
        with store.transaction() as session:
            assert columnar_source(session) is not None
            assert read_records(session).enterprises.height == 20
    finally:
        store.dispose()


def test_one_query_reads_the_same_columnar_and_row_by_row(demo_store: Store) -> None:
    query = select(
        Qualification.enterprise_id,
        type_coerce(Qualification.kind, String).label("kind"),
        Qualification.expires_on,
        Enterprise.above_scale,
    ).join(Enterprise)
    schema = {
        "enterprise_id": pl.Int64(),
        "kind": pl.String(),
        "expires_on": pl.Date(),
        "above_scale": pl.Boolean(),
    }
    with demo_store.transaction() as session:
        columnar = read_frame(session, query, schema)
        # Any write of its own sends the session's reads through its own connection.
        session.execute(update(Zone).values(name=Zone.name))
        assert columnar_source(session) is None
        rows = read_frame(session, query, schema)
    assert columnar.height > 0 and columnar["expires_on"].null_count() < columnar.height
    assert_frame_equal(_sorted(columnar), _sorted(rows))


def test_parameters_are_bound_as_the_session_binds_them(demo_store: Store) -> None:
    # Money is stored in fen, a code as its code, a date (on SQLite) as text: a columnar read
    # must convert its parameters the same way or select the wrong rows.
    query = (
        select(YearlyFigures.enterprise_id, YearlyFigures.year)
        .where(YearlyFigures.rd_expense > Decimal("1000000.00"))
        .union_all(
            select(Qualification.enterprise_id, Qualification.id).where(
                Qualification.kind == QualificationKind.HNTE,
                Qualification.issued_on >= date(2024, 1, 1),
            )
        )
    )
    schema = {"enterprise_id": pl.Int64(), "number": pl.Int64()}
    with demo_store.transaction() as session:
        columnar = read_frame(session, select(query.subquery()), schema)
        session.execute(update(Zone).values(name=Zone.name))
        rows = read_frame(session, select(query.subquery()), schema)
    assert columnar.height > 0
    assert_frame_equal(_sorted(columnar), _sorted(rows))
