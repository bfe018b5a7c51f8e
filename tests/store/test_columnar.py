"""Columnar (ADBC) reads give exactly what reading through the session gives, or are not used."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import String, create_engine, insert, select, text, type_coerce, update
from sqlalchemy.orm import Session

from techzone.demo.load import load_demo
from techzone.model import Enterprise, Qualification, YearlyFigures, Zone
from techzone.model.codes import QualificationKind
from techzone.rules import records as records_module
from techzone.rules.frame import Records
from techzone.rules.records import read_records
from techzone.store import Store, columnar, open_store
from techzone.store.columnar import ColumnarSource, columnar_source, conninfo, read_frame
from tests.postgres import PostgresServer


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


def test_the_second_connection_really_opens(demo_store: Store) -> None:
    # A source that silently fell back would pass every equality test above.
    with demo_store.transaction() as session:
        source = columnar_source(session)
        assert source is not None
        with source.connection() as connection:
            assert connection is not None


def test_a_connection_that_cannot_open_falls_back_to_the_session(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_store.transaction() as session:
        real = columnar_source(session)
        assert real is not None
        broken = ColumnarSource(real.backend, "file:/nonexistent/x.sqlite?mode=ro", real.dialect)
        if real.backend == "postgresql":
            broken = ColumnarSource(real.backend, "host=/nonexistent dbname=x", real.dialect)
        monkeypatch.setattr(columnar, "columnar_source", lambda _session: broken)
        monkeypatch.setattr(records_module, "columnar_source", lambda _session: broken)
        query = select(Enterprise.id)
        assert read_frame(session, query, {"id": pl.Int64()}).height == 400
        assert read_records(session).enterprises.height == 400


def test_in_lists_are_expanded_for_the_columnar_read(demo_store: Store) -> None:
    with demo_store.transaction() as session:
        wanted = session.scalars(select(Enterprise.uscc).limit(3)).all()
        query = select(Enterprise.uscc).where(Enterprise.uscc.in_(wanted))
        assert columnar_source(session) is not None
        found = read_frame(session, query, {"uscc": pl.String()})
        # Coded items are bound as their codes, each through the list's type.
        kinds = select(Qualification.id).where(
            Qualification.kind.in_([QualificationKind.HNTE, QualificationKind.TECH_SME])
        )
        columnar_ids = read_frame(session, kinds, {"id": pl.Int64()})
        expected = session.scalars(kinds).all()
    assert sorted(found["uscc"]) == sorted(wanted)
    assert len(expected) > 0 and sorted(columnar_ids["id"]) == sorted(expected)


def test_a_relative_sqlite_path_is_the_file_the_session_has_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store("sqlite:///relative.sqlite")
    try:
        load_demo(store, enterprises=10, seed=1)
        with store.transaction() as session:
            session.connection()  # the session opens the file here …
            (tmp_path / "elsewhere").mkdir()
            monkeypatch.chdir(tmp_path / "elsewhere")  # … and the working folder moves on
            source = columnar_source(session)
            assert source is not None and str(tmp_path) in unquote(source.uri)
            assert read_records(session).enterprises.height == 10
    finally:
        store.dispose()


@pytest.mark.postgres
def test_a_repeatable_read_session_reads_through_itself(postgres: PostgresServer) -> None:
    store = open_store(postgres.create_database("techzone_columnar_rr"))
    try:
        engine = store.engine.execution_options(isolation_level="REPEATABLE READ")
        with Session(engine) as session:
            # Its snapshot is older than what a second connection would see.
            assert columnar_source(session) is None
    finally:
        store.dispose()


@pytest.mark.postgres
def test_the_session_search_path_goes_with_the_columnar_read(postgres: PostgresServer) -> None:
    store = open_store(postgres.create_database("techzone_columnar_path"))
    try:
        load_demo(store, enterprises=30, seed=1)
        with store.transaction() as session:
            session.execute(text("CREATE SCHEMA other"))
            for table in ("zone", "park", "enterprise"):
                session.execute(text(f"CREATE TABLE other.{table} (LIKE public.{table})"))
        with store.transaction() as session:
            session.execute(text("SET LOCAL search_path TO other, public"))
            source = columnar_source(session)
            assert source is not None and source.settings["search_path"] == "other, public"
            # other.enterprise is empty: both reads must see it, not public's 30.
            assert read_records(session).enterprises.height == 0
            assert read_records(session, columnar=False).enterprises.height == 0
    finally:
        store.dispose()


def test_a_password_with_spaces_reaches_libpq_quoted() -> None:
    engine = create_engine("postgresql+psycopg://techzone:p%20w%2Bx%40y@/db?host=/tmp/socket")
    info = conninfo_to_dict(conninfo(engine.dialect, engine.url))
    assert info["password"] == "p w+x@y" and info["host"] == "/tmp/socket"
    assert "context" not in info
