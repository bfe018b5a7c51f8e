"""Second review of who sees and changes what (session 11): the gaps it found, each guarded.

The route-wide matrix (every route refuses a visitor; a record id outside the scope is not
found) is tests/web/test_isolation_matrix.py; these are what it cannot see: figures a role's
scope does not reach, and a role acting where the same act by hand is refused to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from techzone.access import Role, Scope
from techzone.registry.dashboard import dashboard
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.fulfilment_support import new_cases, set_day

__all__ = ["new_cases"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_departments_home_holds_no_zone_wide_figure(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    """A 责任单位 reaches the applications and tasks assigned to it (issue #14), not its zone's
    enterprises: no targets, funnel, expiring certificates or award totals of the zone."""
    zone = client_as(Role.ZONE).get("/api/v1/dashboard", params={"targets": "false"}).json()
    assert sum(step["total"] for step in zone["funnel"]) > 0  # the zone has figures to leak
    unit = client_as(Role.UNIT)
    body = unit.get("/api/v1/dashboard").json()  # targets asked for too
    assert body["level"] == "unit"
    assert body["targets"] == []
    assert [step["total"] for step in body["funnel"]] == [0, 0, 0, 0]
    assert all(window["total"] == 0 for window in body["expiring"])
    assert body["awards"] == []
    page = unit.get("/").text
    assert "/dashboard/targets" not in page and "梯度培育漏斗" not in page
    assert "即将到期的资格证书" not in page and "应兑现奖励" not in page
    assert "申报（按批次与状态）" in page
    assert "的目标、现值与预测" not in unit.get("/dashboard/targets").text
    # A department bound to no zone (a province's office named in several zones' chains)
    # reaches no register-wide figure either.
    with web_store.transaction() as session:
        wide = dashboard(session, Scope(role=Role.UNIT, unit="某厅"), date(2026, 6, 1))
    assert wide.targets == [] and wide.awards == []
    assert sum(step.total for step in wide.funnel) == 0


def _returned(case_id: int, amount: int, voucher: str) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([str(case_id), amount, "2026-06-09", voucher])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_only_the_zone_administrator_records_what_the_finance_office_paid(
    new_cases: Callable[..., Any],
    clock: Any,
    client_as: Callable[[Role], SessionClient],
    fresh_client: Callable[..., SessionClient],
    web_store: Store,
) -> None:
    """登记支付 by hand is the zone administrator's (``worklist.actions``), and so are recovery
    and a rest left owed; the returned sheet records the same payments (with 多付 a recovery,
    with 少付 a rest owed): a park officer exports its park's batch but records no payment."""
    from tests.web.test_fulfilment_office import AFTER, published, state

    made = new_cases()
    _, location = published(made, clock, client_as, fresh_client)
    set_day(clock, AFTER)
    park = client_as(Role.PARK)
    assert park.form_post(f"/fulfilment/notices/{location.rsplit('/', 1)[1]}/close").is_success
    assert park.form_post("/fulfilment/payments/export", {"payer": "province"}).is_success
    assert state(web_store, made.auto) == "in_batch"
    assert "导入财政回单" not in park.get("/fulfilment/payments").text
    sheet = ("回单.xlsx", _returned(made.auto, 200000, "PZ-PARK"), XLSX)
    page = park.post(
        "/fulfilment/payments/import", data={"csrf_token": park.csrf}, files={"file": sheet}
    )
    assert page.status_code == 403 and "没有权限" in page.text
    api = park.post(
        "/api/v1/payments/import", headers={"X-CSRF-Token": park.csrf}, files={"file": sheet}
    )
    assert api.status_code == 403 and api.json()["error"]["code"] == "forbidden"
    assert state(web_store, made.auto) == "in_batch"
    zone = client_as(Role.ZONE)
    assert "导入财政回单" in zone.get("/fulfilment/payments").text
    done = zone.post(
        "/fulfilment/payments/import", data={"csrf_token": zone.csrf}, files={"file": sheet}
    )
    assert done.status_code == 200 and state(web_store, made.auto) == "paid"
