"""/api/v1 for fulfilment: the same core calls as the pages, JSON errors with a stable code,
and isolation (a case outside the caller's scope is 404 on every route that names it)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from techzone.access import Role
from techzone.accounts import Binding
from techzone.accounts.demo import DEMO_ZONE
from tests.web.fulfilment_support import CONTACT, Made, new_cases, set_day, take_to_approved
from tests.web.test_fulfilment_office import AFTER, PUBLISHED

__all__ = ["new_cases"]

BODY = {"bank_name": "中国银行白银分行", "bank_account": "6216610000001234567", "consent": True}
PDF = b"%PDF-1.4\n%%EOF\n"
# What any case route's body may need, so that only the scope decides the answer.
ANY_BODY = {"reason": "x", "amount": "1", "paid_on": "2026-01-05", "voucher": "x"}


def post(client: Any, url: str, body: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return client.post(url, json=body, headers={"X-CSRF-Token": client.csrf}, **kwargs)


def test_list_and_read_a_case(
    new_cases: Callable[..., Made], fresh_client: Callable[..., Any]
) -> None:
    made, other = new_cases(), new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    listed = client.get("/api/v1/cases")
    assert listed.status_code == 200
    ids = {row["id"] for row in listed.json()}
    assert ids == {made.auto, made.apply}
    one = client.get(f"/api/v1/cases/{made.auto}").json()
    assert one["track_label"] == "免申即享" and one["amount_max"] == "200000.00"
    assert one["chain"] == ["园区初审", "高新区审核", "财政复核"]
    assert one["actions"] == ["materials", "confirm", "decline"]
    assert one["history"][0]["note"].startswith("匹配建案")
    missing = client.get(f"/api/v1/cases/{other.auto}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/cases?state=nonsense").status_code == 422


def test_confirm_approve_and_the_errors(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
) -> None:
    made = new_cases()
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    bad = post(enterprise, f"/api/v1/cases/{made.auto}/confirm", {**BODY, "bank_account": "1"})
    assert bad.status_code == 422
    assert bad.json()["error"] == {"code": "refused", "message": "银行账号须为8到30位数字"}
    done = post(enterprise, f"/api/v1/cases/{made.auto}/confirm", BODY)
    assert done.status_code == 200 and done.json()["case"]["state"] == "in_review"
    again = post(enterprise, f"/api/v1/cases/{made.auto}/confirm", BODY)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    zone = client_as(Role.ZONE)
    assert post(zone, f"/api/v1/cases/{made.auto}/approve", {}).status_code == 409
    park = client_as(Role.PARK)
    step = post(park, f"/api/v1/cases/{made.auto}/approve", {"reason": "齐全"})
    assert step.status_code == 200 and step.json()["case"]["step"] == "高新区审核"
    # Without the CSRF header a change is refused.
    assert zone.post(f"/api/v1/cases/{made.auto}/approve", json={}).status_code == 403


def test_discretionary_amount_return_reject_decline_materials(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
) -> None:
    made = new_cases()
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    uploaded = enterprise.post(
        f"/api/v1/cases/{made.apply}/materials",
        data={"label": "研发费用专项审计报告"},
        files={"file": ("审计报告.pdf", PDF, "application/pdf")},
        headers={"X-CSRF-Token": enterprise.csrf},
    )
    assert uploaded.status_code == 200, uploaded.text
    assert post(enterprise, f"/api/v1/cases/{made.apply}/confirm", BODY).status_code == 200
    park = client_as(Role.PARK)
    over = post(park, f"/api/v1/cases/{made.apply}/approve", {"amount": "600000", "reason": "x"})
    assert over.status_code == 422 and "不在应享范围" in over.json()["error"]["message"]
    returned = post(park, f"/api/v1/cases/{made.apply}/return", {"reason": "补充研发台账"})
    assert returned.status_code == 200 and returned.json()["case"]["state"] == "returned"
    declined = post(enterprise, f"/api/v1/cases/{made.apply}/decline", {"reason": "不再申请"})
    assert declined.json()["case"]["state"] == "declined"
    assert post(enterprise, f"/api/v1/cases/{made.auto}/confirm", BODY).status_code == 200
    rejected = post(park, f"/api/v1/cases/{made.auto}/reject", {"reason": "重复申报"})
    assert rejected.json()["case"]["state"] == "rejected"
    assert post(park, f"/api/v1/cases/{made.auto}/reject", {}).status_code == 422


def test_notices_payments_and_funds(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    clock: Any,
    anonymous: Any,
) -> None:
    made = new_cases()
    set_day(clock, PUBLISHED)
    take_to_approved(made.auto, fresh_client(Role.ENTERPRISE, made.binding()), client_as)
    zone = client_as(Role.ZONE)
    # A notice must say who receives objections: refused in words, nothing published.
    for contact in (None, {"unit": "科技发展局"}, {**CONTACT, "phone": "<b>0943</b>"}):
        refused = post(zone, "/api/v1/notices", {"case_ids": [made.auto], "contact": contact})
        error = refused.json()["error"]
        assert refused.status_code == 422 and error["code"] == "refused", refused.text
        assert "异议" in error["message"] or "联系电话" in error["message"]
    assert zone.get(f"/api/v1/cases/{made.auto}").json()["state"] == "approved"
    notice = post(
        zone,
        "/api/v1/notices",
        {"case_ids": [made.auto], "working_days": 5, "contact": CONTACT},
    )
    assert notice.status_code == 200, notice.text
    number = notice.json()["number"]
    assert notice.json()["closes_on"] == "2026-06-08"
    listed = {n["number"]: n for n in zone.get("/api/v1/notices").json()}
    assert listed[number]["contact"] == {"address": "", "email": "", **CONTACT}
    public = anonymous.get(f"/api/v1/notices/{number}/public").json()
    assert {
        "name": made.name,
        "policy": public["rows"][0]["policy"],
        "amount": "200000.00",
        "status": None,
        "withdrawn": False,
    } in public["rows"]
    again = post(zone, "/api/v1/notices", {"case_ids": [made.auto], "contact": CONTACT})
    assert again.status_code == 422 and "不是「审核通过待公示」" in again.text
    assert client_as(Role.ENTERPRISE).get("/api/v1/notices").status_code == 403
    set_day(clock, AFTER)
    zone = client_as(Role.ZONE)
    zone.form_post(f"/fulfilment/notices/{number}/close")
    exported = post(zone, "/api/v1/payments/export", {"payer": "province"})
    assert exported.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True)
    )
    assert any(row[1] == str(made.auto) for row in rows[1:])
    assert post(zone, "/api/v1/payments/export", {"payer": "province"}).status_code == 422
    book = openpyxl.Workbook()
    book.active.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    book.active.append([str(made.auto), 200000, "2026-06-09", "API-1"])
    buffer = io.BytesIO()
    book.save(buffer)
    settled = zone.post(
        "/api/v1/payments/import",
        files={"file": ("回单.xlsx", buffer.getvalue(), "application/octet-stream")},
        headers={"X-CSRF-Token": zone.csrf},
    )
    assert settled.status_code == 200 and "已登记支付1条" in settled.json()["message"]
    assert zone.get(f"/api/v1/cases/{made.auto}").json()["state"] == "paid"
    funds = zone.get("/api/v1/funds?year=2026")
    assert funds.status_code == 200 and isinstance(funds.json(), list)
    assert client_as(Role.PARK).get("/api/v1/funds").status_code == 403


def _routes(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, also those of routers FastAPI keeps included as one entry."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _routes(route.original_router.routes)
    return found


def _case_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for route in _routes(app.routes)
        if "{case_id}" in route.path
        for method in (route.methods or ())
        if method in ("GET", "POST")
    )


def test_every_route_naming_a_case_is_404_outside_the_scope(
    web_app: FastAPI,
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
) -> None:
    made = new_cases()
    strangers = [
        fresh_client(Role.ENTERPRISE, new_cases().binding()),
        fresh_client(Role.PARK, Binding(zone=DEMO_ZONE, park="XQ")),
        fresh_client(Role.ZONE, Binding(zone="GS-LZ")),
    ]
    routes = _case_routes(web_app)
    assert len(routes) >= 14
    for client in strangers:
        for method, path in routes:
            url = path.replace("{case_id}", str(made.auto))
            if method == "GET":
                answer = client.get(url)
            elif "materials" in path:
                answer = client.post(
                    url,
                    data={"label": "x", "csrf_token": client.csrf},
                    files={"file": ("a.pdf", PDF, "application/pdf")},
                )
            else:
                answer = client.post(
                    url,
                    data={
                        "csrf_token": client.csrf,
                        "reason": "x",
                        "bank_name": "中国银行",
                        "bank_account": "6216610000001234567",
                        "consent": "true",
                        "text": "x",
                        "paid_on": "2026-01-05",
                        "voucher": "x",
                    },
                    follow_redirects=False,
                )
                if path.startswith("/api/"):
                    answer = post(client, url, {**BODY, **ANY_BODY})
            assert answer.status_code == 404, (client, method, path, answer.text[:200])


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.UNIT])
def test_roles_without_enterprise_actions(
    role: Role,
    new_cases: Callable[..., Made],
    client_as: Callable[[Role], Any],
) -> None:
    made = new_cases()
    client = client_as(role)
    # A 责任单位 is assigned a case only once it reaches its review step: before, not found.
    seen = 200 if role is Role.PROVINCE else 404
    assert client.get(f"/api/v1/cases/{made.auto}").status_code == seen
    answer = post(client, f"/api/v1/cases/{made.auto}/confirm", BODY)
    assert answer.status_code == (403 if role is Role.PROVINCE else 404)
