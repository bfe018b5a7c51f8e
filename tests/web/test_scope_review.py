"""Second review of who sees and changes what (session 11): the gaps it found, each guarded.

The route-wide matrix (every route refuses a visitor; a record id outside the scope is not
found) is tests/web/test_isolation_matrix.py; these are what it cannot see: figures a role's
scope does not reach, and a role acting where the same act by hand is refused to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from techzone.access import Role, Scope
from techzone.accounts import Binding
from techzone.accounts.demo import DEMO_ZONE
from techzone.registry.dashboard import dashboard
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.fulfilment_support import OTHER_PARK, new_cases, set_day

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


def test_a_case_on_its_way_to_payment_is_closed_to_other_scopes(
    new_cases: Callable[..., Any],
    clock: Any,
    client_as: Callable[[Role], SessionClient],
    fresh_client: Callable[..., SessionClient],
    web_store: Store,
) -> None:
    """What no record id in a path names: an objection (its id, and the case in the form), a
    notice by number, a returned payment sheet naming the case. Another park's or zone's
    officer is answered 404 (or the sheet refused) in Chinese and nothing changes.

    And 登记支付 by hand is the zone administrator's (``worklist.actions``), as are recovery and
    a rest left owed; the returned sheet records the same (with 多付 a recovery, with 少付 a
    rest owed): a park officer exports its park's batch but records no payment."""
    from tests.web.test_fulfilment_office import AFTER, PUBLISHED, published, state

    made, theirs = new_cases(), new_cases(OTHER_PARK)
    _, location = published(made, clock, client_as, fresh_client)
    number = location.rsplit("/", 1)[1]
    park = client_as(Role.PARK)
    held = park.form_post(
        f"/fulfilment/cases/{made.auto}/object",
        {"text": "研发人员不足", "received_on": str(PUBLISHED)},
        follow_redirects=False,
    )
    assert held.status_code == 303
    page = park.get(f"/fulfilment/cases/{made.auto}").text
    found = re.search(r'action="/fulfilment/objections/(\d+)/resolve"', page)
    assert found is not None
    strangers = [
        fresh_client(Role.PARK, Binding(zone=DEMO_ZONE, park=OTHER_PARK)),
        fresh_client(Role.ZONE, Binding(zone="GS-LZ")),
    ]
    for stranger in strangers:
        for named in (made.auto, theirs.auto):
            upheld = stranger.form_post(
                f"/fulfilment/objections/{found.group(1)}/resolve",
                {"case_id": str(named), "upheld": "true", "resolution": "异议成立"},
            )
            if named == made.auto:
                assert upheld.status_code == 404 and "未找到该记录" in upheld.text
            else:  # named with a case of its own, it is told about that case alone
                assert upheld.status_code in (404, 409)
            assert "Traceback" not in upheld.text
        assert stranger.get(f"/fulfilment/notices/{number}.docx").status_code == 404
        assert stranger.form_post(f"/fulfilment/notices/{number}/close").status_code == 404
    assert state(web_store, made.auto) == "on_hold"
    dismissed = park.form_post(
        f"/fulfilment/objections/{found.group(1)}/resolve",
        {"case_id": str(made.auto), "resolution": "经核实人员符合"},
        follow_redirects=False,
    )
    assert dismissed.status_code == 303 and state(web_store, made.auto) == "publicised"
    set_day(clock, AFTER)
    park = client_as(Role.PARK)
    assert park.form_post(f"/fulfilment/notices/{number}/close").is_success
    assert park.form_post("/fulfilment/payments/export", {"payer": "province"}).is_success
    assert state(web_store, made.auto) == "in_batch"
    sheet = ("回单.xlsx", _returned(made.auto, 200000, "PZ-SCOPE"), XLSX)
    other_zone = fresh_client(Role.ZONE, Binding(zone="GS-LZ"))
    refused = other_zone.post(
        "/fulfilment/payments/import",
        data={"csrf_token": other_zone.csrf},
        files={"file": sheet},
    )
    assert refused.status_code == 422 and f"{made.auto}不是本系统的案件" in refused.text
    assert "导入财政回单" not in park.get("/fulfilment/payments").text
    page_answer = park.post(
        "/fulfilment/payments/import", data={"csrf_token": park.csrf}, files={"file": sheet}
    )
    assert page_answer.status_code == 403 and "没有权限" in page_answer.text
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


def test_another_sessions_token_is_refused(
    client_as: Callable[[Role], SessionClient], fresh_client: Callable[..., SessionClient]
) -> None:
    """A token is its session's: one read from another account's page (or this account's
    other session) changes nothing here."""
    theirs = client_as(Role.ZONE).csrf
    mine = fresh_client(Role.ZONE)
    form = mine.post("/logout", data={"csrf_token": theirs}, follow_redirects=False)
    header = mine.post("/api/v1/notices", headers={"X-CSRF-Token": theirs}, json={})
    assert form.status_code == header.status_code == 403
    assert header.json()["error"]["code"] == "csrf_rejected"
    assert mine.get("/api/v1/me").status_code == 200  # still logged in
