"""数据导入 / 导出: uploads through the CLI's import (all or nothing, in scope, audited), refusals
of oversized files, and the export of the rows in the caller's scope."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from techzone.access import Role
from techzone.accounts.demo import DEMO_PARK, DEMO_ZONE
from techzone.io.exporter import export_workbook
from techzone.io.sheets import EnterpriseRow, ParkRow, YearlyFiguresRow, ZoneRow
from techzone.model import AuditEntry, Enterprise, Park, Zone
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.officer_data import usccs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def exported(web_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "all.xlsx"
    with web_store.transaction() as session:
        export_workbook(session, path)
    return path


def _enterprise_book(exported: Path, keep: set[str], change: dict[str, str] | None = None) -> bytes:
    """The export's 企业 sheet alone, with only the rows of ``keep``; ``change`` sets cells."""
    source = load_workbook(exported)
    sheet = source[EnterpriseRow.sheet_name]
    header = [cell.value for cell in sheet[1]]
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] in keep]
    book = Workbook()
    target = book.active
    assert target is not None
    target.title = EnterpriseRow.sheet_name
    target.append(header)
    for row in rows:
        for column, value in (change or {}).items():
            row[header.index(column)] = value
        target.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: SessionClient, url: str, content: bytes, name: str = "企业.xlsx") -> Any:
    """As a plain form would (no htmx: a refusal is a 422 page)."""
    return client.post(
        url, files={"file": (name, content, XLSX)}, headers={"X-CSRF-Token": client.csrf}
    )


def _names(store: Store) -> dict[str, str]:
    with store.transaction() as session:
        return {
            uscc: name for uscc, name in session.execute(select(Enterprise.uscc, Enterprise.name))
        }


def _imports(store: Store) -> int:
    with store.transaction() as session:
        return (
            session.scalar(
                select(func.count(AuditEntry.id)).where(AuditEntry.action == "records.import")
            )
            or 0
        )


def test_a_bad_workbook_shows_its_row_error_and_writes_nothing(
    client_as: Callable[[Role], SessionClient], web_store: Store, exported: Path
) -> None:
    own = usccs(web_store)["park"]
    before, audited = _names(web_store), _imports(web_store)
    content = _enterprise_book(
        exported, set(own), {"企业名称": "改过的名称", "成立日期": "不是日期"}
    )
    client = client_as(Role.PARK)
    answer = _upload(client, "/import", content)
    assert answer.status_code == 422
    assert "文件未导入，数据库没有任何改动" in answer.text
    assert "<td>成立日期</td><td>不是日期</td>" in answer.text
    assert "<td>2</td>" in answer.text  # the Excel row of the problem
    fragment = client.post(
        "/import",
        files={"file": ("企业.xlsx", content, XLSX)},
        headers={"X-CSRF-Token": client.csrf, "HX-Request": "true"},
    )
    assert fragment.status_code == 422 and "<html" not in fragment.text
    assert 'role="alert"' in fragment.text
    assert _names(web_store) == before and _imports(web_store) == audited
    api = client.post(
        "/api/v1/import",
        files={"file": ("企业.xlsx", content, XLSX)},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert api.status_code == 422
    body = api.json()
    assert body["imported"] is False
    assert {p["row"] for p in body["problems"]} == {2}


def test_a_good_workbook_is_imported_and_audited(
    client_as: Callable[[Role], SessionClient], web_store: Store, exported: Path
) -> None:
    own = usccs(web_store)["park"]
    audited = _imports(web_store)
    content = _enterprise_book(exported, set(own))
    answer = _upload(client_as(Role.PARK), "/import", content)
    assert answer.status_code == 200, answer.text
    assert "导入完成" in answer.text
    assert _imports(web_store) == audited + 1


def test_rows_outside_the_scope_are_refused(
    client_as: Callable[[Role], SessionClient], web_store: Store, exported: Path
) -> None:
    places = usccs(web_store)
    before = _names(web_store)
    content = _enterprise_book(exported, {places["zone_other_park"][0]}, {"企业名称": "别人的企业"})
    answer = _upload(client_as(Role.PARK), "/api/v1/import", content)
    assert answer.status_code == 422
    assert "不在您的管辖范围内" in answer.text
    assert _names(web_store) == before


def test_oversized_and_foreign_uploads_are_refused(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    client = client_as(Role.ZONE)
    before = _names(web_store)
    huge = b"0" * (21 * 1024 * 1024)
    answer = _upload(client, "/api/v1/import", huge)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
    assert _upload(client, "/import", huge).status_code == 413
    text = _upload(client, "/api/v1/import", b"MZ\x90\x00", name="run.exe")
    assert text.status_code == 422 and "只接受" in text.text
    broken = _upload(client, "/import", b"not a zip at all", name="企业.xlsx")
    assert broken.status_code == 422 and "文件已损坏" in broken.text
    assert _names(web_store) == before


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.UNIT, Role.ENTERPRISE])
def test_import_is_for_zone_and_park_officers(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    client = client_as(role)
    assert client.get("/import").status_code == 403
    assert _upload(client, "/api/v1/import", b"x").status_code == 403


def _exported_rows(content: bytes) -> dict[str, list[dict[str, Any]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    found: dict[str, list[dict[str, Any]]] = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]
    return found


def _places(store: Store) -> dict[str, tuple[str, str]]:
    with store.transaction() as session:
        return {
            uscc: (zone, park)
            for uscc, zone, park in session.execute(
                select(Enterprise.uscc, Zone.code, Park.code)
                .join(Park, Enterprise.park_id == Park.id)
                .join(Zone, Park.zone_id == Zone.id)
            )
        }


def test_a_park_officers_export_holds_no_row_outside_the_park(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    client = client_as(Role.PARK)
    assert "导出本账号范围内的数据" in client.get("/import").text
    answer = client.get("/export.xlsx")
    assert answer.status_code == 200
    sheets = _exported_rows(answer.content)
    places = _places(web_store)
    mine = {uscc for uscc, place in places.items() if place == (DEMO_ZONE, DEMO_PARK)}
    assert mine and len(mine) < len(places)
    usccs_in = {row["统一社会信用代码"] for row in sheets[EnterpriseRow.sheet_name]}
    assert usccs_in == mine
    for name, rows in sheets.items():
        for row in rows:
            if "统一社会信用代码" in row and row["统一社会信用代码"] is not None:
                assert row["统一社会信用代码"] in mine, (name, row)
    # The zone's own sheets are a zone officer's: the park officer gets their headers only.
    assert sheets[ZoneRow.sheet_name] == [] and sheets[ParkRow.sheet_name] == []
    assert any(sheets[YearlyFiguresRow.sheet_name])


def test_a_zone_officers_export_holds_the_zone_and_only_it(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    sheets = _exported_rows(client_as(Role.ZONE).get("/export.xlsx").content)
    places = _places(web_store)
    mine = {uscc for uscc, (zone, _park) in places.items() if zone == DEMO_ZONE}
    assert mine and len(mine) < len(places)
    assert {row["统一社会信用代码"] for row in sheets[EnterpriseRow.sheet_name]} == mine
    assert [row["高新区代码"] for row in sheets[ZoneRow.sheet_name]] == [DEMO_ZONE]
    assert {row["高新区代码"] for row in sheets[ParkRow.sheet_name]} == {DEMO_ZONE}


def test_a_park_officers_export_imports_again_unchanged(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    client = client_as(Role.PARK)
    before = _names(web_store)
    answer = _upload(client, "/api/v1/import", client.get("/export.xlsx").content)
    assert answer.status_code == 200, answer.text
    assert all(
        changes.startswith("新增0条，修改0条") for changes in answer.json()["changes"].values()
    )
    assert _names(web_store) == before


@pytest.mark.parametrize("role", [Role.UNIT, Role.ENTERPRISE])
def test_export_is_for_officers(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    assert client_as(role).get("/export.xlsx").status_code == 403
