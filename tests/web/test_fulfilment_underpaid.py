"""A case the finance office paid short, through the page and the API: the officer records what
was paid (check box and reason), the rest owed shows on the case, and only the zone's
administrator sends it to a later batch (补拨) or closes it (余额不再拨付) — the same core calls as
``techzone payments pay --underpaid``, ``payments follow-up`` and ``payments close-rest``.

The case is 甘肃 措施10's 20万元 (免申即享, paid by the province), paid 15万 for want of funds.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from techzone.access import Role
from techzone.store import Store
from tests.web.fulfilment_support import Made, new_cases
from tests.web.test_fulfilment_api import post
from tests.web.test_fulfilment_office import AFTER
from tests.web.test_fulfilment_recovery import case_of, in_batch

__all__ = ["new_cases"]

WHY = "资金不足按比例核减"


def paid_short(made: Made, clock: Any, client_as: Any, fresh_client: Any) -> Any:
    zone = in_batch(made, clock, client_as, fresh_client)
    answer = zone.form_post(
        f"/fulfilment/cases/{made.auto}/pay",
        {
            "paid_on": AFTER.isoformat(),
            "voucher": "PZ-1",
            "amount": "150000",
            "underpaid": "true",
            "reason": WHY,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return zone


def test_a_payment_short_is_recorded_on_the_page_with_its_confirmation_and_reason(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = in_batch(made, clock, client_as, fresh_client)
    url = f"/fulfilment/cases/{made.auto}"
    page = zone.get(url)
    assert "财政实付少于批准金额" in page.text and 'name="reason"' in page.text
    short = {"paid_on": AFTER.isoformat(), "voucher": "PZ-1", "amount": "150000"}
    refused = zone.form_post(f"{url}/pay", short)
    assert refused.status_code == 422 and "确认「财政实付少于批准金额」" in refused.text
    unexplained = zone.form_post(f"{url}/pay", {**short, "underpaid": "true"})
    assert unexplained.status_code == 422 and "须写明原因" in unexplained.text
    assert case_of(web_store, made.auto).state == "in_batch"
    done = zone.form_post(
        f"{url}/pay", {**short, "underpaid": "true", "reason": WHY}, follow_redirects=True
    )
    assert done.status_code == 200
    assert "已登记支付；未付余额50,000.00元，可补拨或不再拨付" in done.text
    assert "未付余额（元）" in done.text and WHY in done.text
    # What was paid is not shown as if it were the amount approved.
    assert "已付金额（元）" in done.text and "核定金额（元）</th>" not in done.text
    assert f'action="{url}/follow-up"' in done.text and f'action="{url}/close-rest"' in done.text
    case = case_of(web_store, made.auto)
    assert (case.state, case.amount, case.unpaid) == (
        "paid",
        Decimal("150000.00"),
        Decimal("50000.00"),
    )


def test_only_the_zone_follows_up_the_rest_never_a_fen_more_than_owed(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = paid_short(made, clock, client_as, fresh_client)
    url = f"/fulfilment/cases/{made.auto}"
    # A park officer sees the case and the rest, not the actions.
    park = client_as(Role.PARK)
    seen = park.get(url)
    assert "未付余额（元）" in seen.text and f'action="{url}/follow-up"' not in seen.text
    denied = park.form_post(f"{url}/follow-up", {"reason": "资金到位"})
    assert denied.status_code == 409 and "补拨未付余额" in denied.text
    over = zone.form_post(f"{url}/follow-up", {"reason": "资金到位", "amount": "50000.01"})
    assert over.status_code == 422 and "高于未付余额50,000.00元" in over.text
    assert case_of(web_store, made.auto).topup is None
    done = zone.form_post(
        f"{url}/follow-up", {"reason": "资金到位", "amount": "50000"}, follow_redirects=True
    )
    assert "补拨50,000.00元待列入支付批次" in done.text
    assert case_of(web_store, made.auto).topup == Decimal("50000.00")
    # The next batch takes it; the case page then records the follow-up's payment.
    assert zone.form_post("/fulfilment/payments/export", {"payer": "province"}).is_success
    page = zone.get(url)
    assert "登记补拨支付（补拨50,000.00元）" in page.text
    paid = zone.form_post(
        f"{url}/pay", {"paid_on": AFTER.isoformat(), "voucher": "PZ-2"}, follow_redirects=True
    )
    assert paid.status_code == 200 and "已登记支付" in paid.text
    case = case_of(web_store, made.auto)
    assert (case.state, case.amount, case.unpaid, case.topup) == (
        "paid",
        Decimal("200000.00"),
        None,
        None,
    )


def test_the_api_closes_the_rest_with_a_reason(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = paid_short(made, clock, client_as, fresh_client)
    api = f"/api/v1/cases/{made.auto}"
    shown = zone.get(api).json()
    assert shown["unpaid"] == "50000.00" and {"follow_up", "close_rest"} <= set(shown["actions"])
    refused = post(zone, f"{api}/close-rest", {"reason": " "})
    assert refused.status_code == 422 and "须写明原因" in refused.json()["error"]["message"]
    over = post(zone, f"{api}/follow-up", {"reason": "资金到位", "amount": "50000.01"})
    assert over.status_code == 422
    closed = post(zone, f"{api}/close-rest", {"reason": "财政不再安排资金"})
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["message"] == "未付余额50,000.00元不再拨付"
    assert body["case"]["unpaid"] is None and "close_rest" not in body["case"]["actions"]
    again = post(zone, f"{api}/close-rest", {"reason": "再次"})
    assert again.status_code == 409
    assert case_of(web_store, made.auto).unpaid is None


def _returned(case_id: int, amount: float, voucher: str) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    page = book.active
    assert page is not None
    page.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    page.append([str(case_id), amount, AFTER.isoformat(), voucher])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_import_form_and_the_api_record_a_row_paid_short_with_the_reason(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = in_batch(made, clock, client_as, fresh_client)
    assert 'name="underpaid"' in zone.get("/fulfilment/payments").text
    sheet = _returned(made.auto, 150000, "PZ-1")
    refused = zone.post(
        "/fulfilment/payments/import",
        data={"csrf_token": zone.csrf, "underpaid": "true"},
        files={"file": ("回单.xlsx", sheet, XLSX)},
    )
    assert refused.status_code == 422 and "须写明原因" in refused.text
    assert case_of(web_store, made.auto).state == "in_batch"
    done = zone.post(
        "/fulfilment/payments/import",
        data={"csrf_token": zone.csrf, "underpaid": "true", "reason": WHY},
        files={"file": ("回单.xlsx", sheet, XLSX)},
    )
    assert done.status_code == 200 and "未付余额合计50,000.00元" in done.text
    # The follow-up through the API, then its row returned through the API's import.
    followed = post(zone, f"/api/v1/cases/{made.auto}/follow-up", {"reason": "资金到位"})
    assert followed.status_code == 200, followed.text
    assert followed.json()["case"]["topup"] == "50000.00"
    assert "补拨未付余额" in zone.get("/fulfilment/payments").text
    assert zone.form_post("/fulfilment/payments/export", {"payer": "province"}).is_success
    over = zone.post(
        "/api/v1/payments/import",
        files={"file": ("回单.xlsx", _returned(made.auto, 50000.01, "PZ-2"), XLSX)},
        headers={"X-CSRF-Token": zone.csrf},
    )
    assert over.status_code == 422 and "补拨金额" in over.json()["error"]["message"]
    short = zone.post(
        "/api/v1/payments/import",
        data={"underpaid": "true", "reason": "财政二次核减"},
        files={"file": ("回单.xlsx", _returned(made.auto, 40000, "PZ-2"), XLSX)},
        headers={"X-CSRF-Token": zone.csrf},
    )
    assert short.status_code == 200, short.text
    assert "未付余额合计10,000.00元" in short.json()["message"]
    case = case_of(web_store, made.auto)
    assert (case.amount, case.unpaid, case.topup) == (
        Decimal("190000.00"),
        Decimal("10000.00"),
        None,
    )
