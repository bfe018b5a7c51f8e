"""Migration 0018 (the names' trigram indexes) on a store that already holds enterprises: they are
found by the search afterwards, the SQLite index follows every later write, downgrade removes it;
on PostgreSQL without the right to install pg_trgm the migration still succeeds."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from techzone.access import Scope
from techzone.demo.identity import synthetic_uscc
from techzone.io.sheets import EnterpriseRow
from techzone.io.writer import write_rows
from techzone.registry.search import search_enterprises
from techzone.store import open_store
from techzone.store.database import NAME_INDEX_TABLE, create_store_engine, migrate
from tests.postgres import PostgresServer

_numbers = itertools.count()
NAMES = {1: "兰州示例光伏科技有限公司", 2: "白银Alpha 材料有限公司", 3: "兰州百分%之_百有限公司"}
TRIGGERS = {
    "enterprise_name_fts_insert",
    "enterprise_name_fts_delete",
    "enterprise_name_fts_update",
}


def uscc(number: int) -> str:
    return synthetic_uscc(number, "620102")


def _old_register(url: str) -> None:
    """A store at 0017 holding three enterprises, written as that schema stood."""
    engine = create_store_engine(url)
    migrate(engine, "0017_audit_zone")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO zone (id, code, name, level, province, city, focus_industries) VALUES "
            "(1, 'GS-LZ', '兰州高新区', 'national', '甘肃省', '兰州市', '[]')"
        ))  # fmt: skip
        db.execute(
            sa.text("INSERT INTO park (id, zone_id, code, name) VALUES (1, 1, 'P1', '一园')")
        )
        for number, name in NAMES.items():
            db.execute(sa.text(
                "INSERT INTO enterprise (id, uscc, name, park_id, registered_on, ownership,"
                " above_scale, listing) VALUES (:id, :uscc, :name, 1, '2019-01-01', 'private',"
                " false, 'unlisted')"
            ), {"id": number, "uscc": uscc(number), "name": name})  # fmt: skip
    engine.dispose()


def _found(url: str, text: str) -> list[str]:
    store = open_store(url)
    try:
        with store.transaction() as session:
            page = search_enterprises(session, Scope.everything(), text=text, sort=("uscc", "asc"))
        assert page.total == len(page.items)
        return [row.name for row in page.items]
    finally:
        store.dispose()


def _integrity(url: str) -> None:
    """SQLite's own check that the index holds exactly the names of ``enterprise`` (rank 1:
    against the content table), which fails as "malformed" when a write passed it by."""
    engine = create_store_engine(url)
    try:
        with engine.begin() as db:
            table = NAME_INDEX_TABLE
            db.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    finally:
        engine.dispose()


def test_existing_enterprises_are_found_after_the_migration(empty_url: str) -> None:
    _old_register(empty_url)
    assert _found(empty_url, "示例光伏") == [NAMES[1]]  # through the index
    assert _found(empty_url, "兰州") == [NAMES[1], NAMES[3]]  # two characters: read as before
    assert _found(empty_url, "%之_") == [NAMES[3]]
    assert _found(empty_url, uscc(2)[:10]) == [NAMES[1], NAMES[2], NAMES[3]]
    alpha = (
        "alpha 材" if empty_url.startswith("sqlite") else "Alpha 材"
    )  # LIKE's case, per database
    assert _found(empty_url, alpha) == [NAMES[2]]
    if empty_url.startswith("sqlite"):
        _integrity(empty_url)
        engine = create_store_engine(empty_url)
        with engine.connect() as db:
            named = db.exec_driver_sql(
                f"SELECT rowid FROM {NAME_INDEX_TABLE} WHERE {NAME_INDEX_TABLE} MATCH '\"光伏科\"'"
            ).scalars()
            assert list(named) == [1]  # the old rows were indexed, not only read
        engine.dispose()
    else:
        engine = create_store_engine(empty_url)
        with engine.connect() as db:
            indexes = set(
                db.execute(
                    sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'enterprise'")
                ).scalars()
            )
        engine.dispose()
        assert {"ix_enterprise_name_trgm", "ix_enterprise_uscc_prefix"} <= indexes


def test_the_sqlite_index_follows_every_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _old_register(url)
    store = open_store(url)
    renamed = EnterpriseRow.model_validate(
        {
            "统一社会信用代码": uscc(1),
            "企业名称": "兰州改名新材料有限公司",
            "高新区代码": "GS-LZ",
            "园区代码": "P1",
            "成立日期": date(2019, 1, 1),
            "所有制": "民营",
            "规上企业": "否",
            "上市状态": "未上市",
        }
    )
    added = renamed.model_copy(update={"uscc": uscc(4), "name": "新登记的示例企业有限公司"})
    kept = renamed.model_copy(update={"uscc": uscc(2), "name": NAMES[2]})  # the same name again
    with store.transaction() as session:
        write_rows(session, {EnterpriseRow: [renamed, added, kept]})  # the imports' upsert
    with store.transaction() as session:
        session.execute(sa.text("UPDATE enterprise SET name = '直接改的名字有限公司' WHERE id = 2"))
        session.execute(sa.text("UPDATE enterprise SET above_scale = true WHERE id = 3"))
        session.execute(sa.text("DELETE FROM enterprise WHERE id = 3"))
    store.dispose()
    _integrity(url)
    assert _found(url, "示例光伏") == []
    assert _found(url, "改名新材料") == ["兰州改名新材料有限公司"]
    assert _found(url, "新登记的") == ["新登记的示例企业有限公司"]
    assert _found(url, "直接改的") == ["直接改的名字有限公司"]
    assert _found(url, "Alpha") == []
    assert _found(url, "百分%") == []


def test_the_sqlite_triggers_are_there_at_the_head(tmp_path: Path) -> None:
    # A later migration that rebuilds ``enterprise`` (batch mode) would drop them silently.
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    open_store(url).dispose()
    engine = create_store_engine(url)
    with engine.connect() as db:
        triggers = set(
            db.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enterprise'"
            ).scalars()
        )
    engine.dispose()
    assert triggers == TRIGGERS


def test_downgrade_removes_the_indexes_and_upgrade_builds_them_again(empty_url: str) -> None:
    _old_register(empty_url)
    engine = create_store_engine(empty_url)
    migrate(engine)
    migrate_down(engine, "0017_audit_zone")
    with engine.connect() as db:
        inspector = sa.inspect(db)
        assert not [t for t in inspector.get_table_names() if t.startswith(NAME_INDEX_TABLE)]
        assert {i["name"] for i in inspector.get_indexes("enterprise")}.isdisjoint(
            {"ix_enterprise_name_trgm", "ix_enterprise_uscc_prefix"}
        )
        if empty_url.startswith("sqlite"):
            assert not db.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                          " AND tbl_name = 'enterprise'").all()  # fmt: skip
    migrate(engine)
    engine.dispose()
    assert _found(empty_url, "示例光伏") == [NAMES[1]]


def migrate_down(engine: sa.Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from techzone.store.database import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@pytest.mark.postgres
def test_without_the_right_to_install_pg_trgm_the_migration_succeeds(
    postgres: PostgresServer,
) -> None:
    # A role that owns its schema but may not create extensions in the database: pg_trgm is a
    # trusted extension, so only the right to CREATE in the database stands in its way.
    name = f"trigrams_norights_{next(_numbers)}"
    role = f"{name}_user"
    postgres.create_database(name)
    owner = create_store_engine(postgres.url(name))
    with owner.begin() as db:
        db.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        db.exec_driver_sql(f"ALTER SCHEMA public OWNER TO {role}")
        db.exec_driver_sql(f"REVOKE CREATE ON DATABASE {name} FROM PUBLIC")
    owner.dispose()
    url = postgres.url(name).replace("techzone@", f"{role}@")
    _old_register(url)  # 0017 as that role
    assert _found(url, "示例光伏") == [NAMES[1]]  # migrated to the head, found by a scan
    engine = create_store_engine(url)
    with engine.connect() as db:
        indexes = set(
            db.execute(
                sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'enterprise'")
            ).scalars()
        )
        extensions = set(db.execute(sa.text("SELECT extname FROM pg_extension")).scalars())
    engine.dispose()
    assert "pg_trgm" not in extensions
    assert "ix_enterprise_name_trgm" not in indexes
    assert "ix_enterprise_uscc_prefix" in indexes
