"""The store on both backends: migrations match the models, money stays exact, writes upsert."""

from __future__ import annotations

from decimal import Decimal

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from techzone.io.sheets import EnterpriseRow, ParkRow, YearlyFiguresRow, ZoneRow
from techzone.io.writer import write_rows
from techzone.model import Base, Enterprise, YearlyFigures
from techzone.store import Store, open_store
from techzone.store.database import (
    MIGRATIONS,
    create_store_engine,
    head_revision,
    in_models,
    is_current,
    migrate,
)

USCC = "91110000600037341L"


def _rows() -> dict[type, list]:  # type: ignore[type-arg]
    return {
        ZoneRow: [
            ZoneRow.model_validate(
                {
                    "高新区代码": "GS-BY",
                    "高新区名称": "白银高新区",
                    "级别": "国家级",
                    "省份": "甘肃省",
                    "城市": "白银市",
                    "主导产业": "循环化工、生物医药",
                }
            )
        ],
        ParkRow: [
            ParkRow.model_validate(
                {"高新区代码": "GS-BY", "园区代码": "YD", "园区名称": "银东工业园"}
            )
        ],
        EnterpriseRow: [
            EnterpriseRow.model_validate(
                {
                    "统一社会信用代码": USCC,
                    "企业名称": "白银示例科技有限公司",
                    "高新区代码": "GS-BY",
                    "园区代码": "YD",
                    "成立日期": "2019-03-05",
                    "所有制": "民营",
                    "规上企业": "是",
                    "上市状态": "未上市",
                }
            )
        ],
        YearlyFiguresRow: [
            YearlyFiguresRow.model_validate(
                {
                    "统一社会信用代码": USCC,
                    "年度": 2025,
                    "职工总数": "86.42",
                    # More fen than a float carries exactly (2**53): 12,345,678,901,234.57 yuan.
                    "主营业务收入(元)": "12345678901234.56",
                    "其他业务收入(元)": "0.01",
                }
            )
        ],
    }


def test_migrations_create_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": in_models}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_money_and_headcounts_are_exact(store: Store) -> None:
    with store.transaction() as session:
        write_rows(session, _rows())
    with store.transaction() as session:
        figures = session.scalars(select(YearlyFigures)).one()
        assert figures.sales_revenue == Decimal("12345678901234.57")
        assert figures.employees == Decimal("86.42")
        stored = session.execute(text("SELECT sales_revenue FROM yearly_figures")).scalar_one()
        assert stored == 1234567890123457


def test_writing_the_same_rows_twice_changes_nothing(store: Store) -> None:
    with store.transaction() as session:
        write_rows(session, _rows())
    with store.transaction() as session:
        first = [(e.id, e.uscc, e.name) for e in session.scalars(select(Enterprise))]
        write_rows(session, _rows())
    with store.transaction() as session:
        again = [(e.id, e.uscc, e.name) for e in session.scalars(select(Enterprise))]
        assert again == first
        assert session.scalar(select(YearlyFigures.id)) is not None
        assert len(session.scalars(select(YearlyFigures)).all()) == 1


def test_a_failed_write_leaves_nothing(store: Store) -> None:
    rows = _rows()
    broken = dict(rows)
    # A park row naming a zone that is neither in the batch nor stored fails midway.
    broken[ParkRow] = [
        *rows[ParkRow],
        ParkRow.model_validate({"高新区代码": "NOPE", "园区代码": "X", "园区名称": "无"}),
    ]
    try:
        with store.transaction() as session:
            write_rows(session, broken)
    except KeyError:
        pass
    with store.transaction() as session:
        assert session.scalars(select(Enterprise)).all() == []
        assert session.execute(text("SELECT count(*) FROM zone")).scalar_one() == 0


def test_reopening_a_store_does_not_migrate_twice(store_url: str) -> None:
    first = open_store(store_url)
    first.dispose()
    second = open_store(store_url)
    with second.engine.connect() as connection:
        version = (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        )
    second.dispose()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert sorted(version) == sorted(ScriptDirectory.from_config(config).get_heads())


def test_the_newest_migration_file_is_alembics_one_head() -> None:
    # The fast check (``is_current``) takes the head from the file names, not from Alembic.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [head_revision()]


def test_an_older_database_is_still_upgraded(store_url: str) -> None:
    engine = create_store_engine(store_url)
    migrate(engine, "0004")
    assert not is_current(engine)
    engine.dispose()
    store = open_store(store_url)
    try:
        assert is_current(store.engine)
        with store.engine.connect() as connection:
            stamped = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            tables = set(inspect(connection).get_table_names())
        assert [row[0] for row in stamped] == [head_revision()]
        assert {"audit_log", "account", "declaration"} <= tables  # from 0007, 0008 and 0009
    finally:
        store.dispose()


def test_an_empty_database_is_not_current(store_url: str) -> None:
    engine = create_store_engine(store_url)
    try:
        assert not is_current(engine)
    finally:
        engine.dispose()


def test_a_current_database_opens_without_alembic(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(store_url).dispose()

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("Alembic ran on a database already at the newest revision")

    monkeypatch.setattr(command, "upgrade", refuse)
    store = open_store(store_url)
    store.dispose()


def test_every_migration_is_known_to_the_check_for_a_newer_database() -> None:
    # A revision missing here would refuse an older database as made by a newer techzone.
    from techzone.store.database import _known_revisions

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    walked = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    assert _known_revisions() == walked
