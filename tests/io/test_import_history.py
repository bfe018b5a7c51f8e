"""An import that overwrites stored values keeps what they were: an older export imported over
newer data (a colleague's copy from last month) puts the old values back, and before this the
newer ones were gone without a trace — the command line wrote no audit entry at all, the web
only how many records changed."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from techzone import audit
from techzone.cli import app
from techzone.io.importer import import_file
from techzone.model import AuditEntry
from techzone.store import Store, open_store
from tests.io.factory import sample, uscc, write_xlsx

ACTOR = audit.Actor(name="王科员", source="网页", role="zone")


def _entries(store: Store, action: str) -> list[AuditEntry]:
    with store.transaction() as session:
        found = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        session.expunge_all()
        return list(found)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    older = sample(3)
    newer = copy.deepcopy(older)
    newer["企业"][1]["企业名称"] = "示例科技有限公司（更名）"
    newer["年度数据"][0]["职工总数"] = 99
    return write_xlsx(tmp_path / "上月.xlsx", older), write_xlsx(tmp_path / "本月.xlsx", newer)


def test_an_older_export_over_newer_data_keeps_the_newer_values_in_the_audit_log(
    store: Store, files: tuple[Path, Path]
) -> None:
    older, newer = files
    import_file(store, older, actor=ACTOR)
    assert _entries(store, "records.change") == []  # new records: nothing overwritten
    import_file(store, newer, actor=ACTOR)
    import_file(store, older, actor=ACTOR)

    changes = _entries(store, "records.change")
    renamed = [e for e in changes if e.entity == "企业"]
    assert [(e.entity_key, e.before, e.after) for e in renamed] == [
        (uscc(1), {"企业名称": "示例科技有限公司00001"}, {"企业名称": "示例科技有限公司（更名）"}),
        (uscc(1), {"企业名称": "示例科技有限公司（更名）"}, {"企业名称": "示例科技有限公司00001"}),
    ]
    staff = [e for e in changes if e.entity == "年度数据"]
    assert len(staff) == 2
    assert staff[0].after == {"职工总数": "99.00"} and staff[1].before == {"职工总数": "99.00"}
    assert staff[0].before == staff[1].after != staff[0].after
    assert {e.actor for e in changes} == {"王科员"}
    assert len(changes) == 4  # only what changed: the other records and fields have no entry


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_same_file_imported_twice_leaves_no_change_entry(
    store: Store, files: tuple[Path, Path]
) -> None:
    older, _ = files
    import_file(store, older, actor=ACTOR)
    import_file(store, older, actor=ACTOR)
    assert _entries(store, "records.change") == []
    assert len(_entries(store, "records.import")) == 2


def test_an_import_at_the_command_line_is_in_the_audit_log_with_what_it_overwrote(
    data_dir: Path, files: tuple[Path, Path]
) -> None:
    older, newer = files
    runner = CliRunner()
    for path in (older, newer):
        result = runner.invoke(app, ["import", str(path)])
        assert result.exit_code == 0, result.output
    store = open_store()
    try:
        imports = _entries(store, "records.import")
        changes = _entries(store, "records.change")
    finally:
        store.dispose()
    assert [(e.source, e.entity_key) for e in imports] == [
        (audit.CLI_SOURCE, "上月.xlsx"),
        (audit.CLI_SOURCE, "本月.xlsx"),
    ]
    assert {(e.entity, e.source) for e in changes} == {
        ("企业", audit.CLI_SOURCE),
        ("年度数据", audit.CLI_SOURCE),
    }
