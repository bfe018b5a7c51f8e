"""审计: administrators read the audit log a page at a time and export it; others may not."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import load_workbook

from techzone import audit
from techzone.access import Role
from techzone.accounts import Binding, create_account
from techzone.store import Store
from tests.web.conftest import TEST_ACTOR, SessionClient


def test_only_administrators_see_the_audit_log(
    client_as: Callable[[Role], SessionClient],
) -> None:
    for role in (Role.PARK, Role.UNIT, Role.ENTERPRISE):
        client = client_as(role)
        assert client.get("/audit").status_code == 403
        assert client.get("/audit/export.xlsx").status_code == 403
    for role in (Role.PROVINCE, Role.ZONE):
        page = client_as(role).get("/audit")
        assert page.status_code == 200 and "审计日志" in page.text


def test_zone_administrator_reads_only_their_zones_accounts(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    with web_store.transaction() as session:
        create_account(
            session, TEST_ACTOR, "other-zone-officer", "long-enough-1", Role.ZONE,
            Binding(zone="GS-LZ"),
        )  # fmt: skip
        create_account(
            session, TEST_ACTOR, "guangxi-officer", "long-enough-1", Role.ZONE,
            Binding(zone="GX-LZ"),
        )  # fmt: skip
    province = client_as(Role.PROVINCE).get("/audit").text
    zone = client_as(Role.ZONE).get("/audit").text
    assert "other-zone-officer" in province
    assert "guangxi-officer" not in province  # another province's account
    assert "other-zone-officer" not in zone
    assert "demo-zone" in zone and "登录" in zone


def test_paging_and_the_htmx_fragment(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    with web_store.transaction() as session:
        for number in range(60):
            audit.record(session, TEST_ACTOR, "record.update", "enterprise", f"K{number:03d}")
    client = client_as(Role.PROVINCE)
    first = client.get("/audit")
    assert "K059" in first.text and "K000" not in first.text
    assert 'href="/audit?page=2"' in first.text
    second = client.get("/audit?page=2", headers={"HX-Request": "true"})
    assert "<html" not in second.text  # only the rows, swapped into the page
    assert "第2页" in second.text
    assert client.get("/audit?page=0").status_code == 422


def test_export_is_a_workbook_with_formulas_kept_as_text(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    with web_store.transaction() as session:
        audit.record(
            session, TEST_ACTOR, "record.update", "enterprise", "=HYPERLINK(1)", reason="+1"
        )
    answer = client_as(Role.PROVINCE).get("/audit/export.xlsx")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间（北京时间）" and rows[0][4] == "操作"
    hostile = next(row for row in rows if row[6] == "=HYPERLINK(1)")
    assert hostile[9] == "+1"
    cell = next(c for c in sheet["G"] if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"  # text, never a formula


def test_changes_are_shown_in_officers_words(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    with web_store.transaction() as session:
        create_account(
            session, TEST_ACTOR, "words-check", "long-enough-1", Role.PARK,
            Binding(zone="GS-BY", park="HX"),
        )  # fmt: skip
    page = client_as(Role.PROVINCE).get("/audit").text
    assert "用户名：words-check；角色：园区专员；高新区：GS-BY；园区：HX；已停用：否" in page
    assert '"disabled"' not in page and "null" not in page
