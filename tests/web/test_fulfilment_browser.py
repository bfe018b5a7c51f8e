"""Issue #15's acceptance in a real headless Chromium: an enterprise user uploads a file and
confirms its case; the chain's officers approve it (园区专员 → 高新区管理员 → 责任单位); the 公示
page shows it; after the period the payment export contains it. axe-core on every page."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import openpyxl

from techzone.access import Role, Scope
from techzone.accounts.demo import demo_enterprise
from techzone.fulfilment.cases import get_case
from techzone.store import Store
from tests.web.fulfilment_support import make_cases, set_day
from tests.web.test_fulfilment_office import AFTER, PUBLISHED

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_confirm_upload_approve_publicise_and_export_in_the_browser(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
    web_store: Store,
    clock: Any,
    tmp_path: Path,
) -> None:
    with web_store.transaction() as session:
        uscc = demo_enterprise(session)
    made = make_cases(web_store, uscc=uscc)
    set_day(clock, PUBLISHED)

    page = page_as(Role.ENTERPRISE)
    page.get_by_role("link", name="收件箱").first.click()
    page.wait_for_url("**/fulfilment/inbox")
    assert page.get_by_text(made.name).first.is_visible()
    axe_check(page)
    screenshot(page, "fulfilment-inbox-enterprise")
    page.goto(f"/fulfilment/cases/{made.auto}")
    page.get_by_label("材料名称").fill("营业执照")
    page.get_by_label("文件").set_input_files(
        files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传", exact=True).click()
    page.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert page.get_by_role("cell", name="营业执照", exact=True).is_visible()
    page.get_by_label("开户银行").fill("中国银行白银分行")
    page.get_by_label("银行账号").fill("6216610000001234567")
    page.get_by_label("本企业承诺所填信息真实", exact=False).check()
    axe_check(page)
    screenshot(page, "fulfilment-case-enterprise")
    page.get_by_role("button", name="确认提交").click()
    page.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert page.get_by_text("企业确认：确认收款账户并同意兑现").is_visible()

    for role, name in ((Role.PARK, "park"), (Role.ZONE, "zone"), (Role.UNIT, "unit")):
        officer = page_as(role)
        officer.goto("/fulfilment?mine=true")
        officer.get_by_role("link", name=str(made.auto), exact=True).click()
        officer.wait_for_url(f"**/fulfilment/cases/{made.auto}")
        axe_check(officer)
        screenshot(officer, f"fulfilment-review-{name}")
        officer.get_by_role("button", name="审核通过", exact=True).click()
        officer.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert officer.get_by_text("审核通过，金额200,000.00元").first.is_visible()

    zone = page_as(Role.ZONE)
    zone.goto("/fulfilment/notices")
    axe_check(zone)
    screenshot(zone, "fulfilment-notices-zone")
    zone.get_by_label("受理单位（必填）").fill("白银高新区管委会科技发展局")
    zone.get_by_label("联系电话").fill("0943-1234567")
    zone.get_by_role("button", name="发布公示").click()
    zone.wait_for_url("**/public/notices/**")
    assert zone.get_by_role("cell", name=made.name, exact=True).is_visible()
    assert zone.get_by_text("0943-1234567", exact=True).is_visible()
    assert zone.get_by_text(made.uscc).count() == 0
    public_address = zone.url
    axe_check(zone)
    screenshot(zone, "fulfilment-public-notice")

    set_day(clock, AFTER)
    zone = page_as(Role.ZONE)
    zone.goto("/fulfilment/notices")
    number = unquote(public_address.rsplit("/", 1)[1])
    row = zone.get_by_role("row").filter(has_text=number)
    row.get_by_role("button", name="结束公示").click()
    zone.wait_for_url("**/fulfilment/notices")
    with web_store.transaction() as session:
        assert get_case(session, Scope.everything(), made.auto).state == "to_pay"
    zone.goto("/fulfilment/payments")
    axe_check(zone)
    screenshot(zone, "fulfilment-payments-zone")
    zone.get_by_label("出资层级").select_option("province")
    with zone.expect_download() as started:
        zone.get_by_role("button", name="导出支付批次").click()
    saved = tmp_path / "batch.xlsx"
    started.value.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert any(row[1] == str(made.auto) and row[2] == made.name for row in rows[1:])


def test_the_holiday_arrangement_is_checked_in_the_browser(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
) -> None:
    notices = Path(__file__).parents[1] / "fulfilment" / "notices"
    zone = page_as(Role.ZONE)
    zone.goto("/fulfilment/holidays")
    axe_check(zone)
    zone.get_by_label("通知全文").fill((notices / "example-2027.txt").read_text(encoding="utf-8"))
    zone.get_by_role("button", name="核对").click()
    zone.wait_for_load_state()
    read = zone.get_by_role("table").filter(has_text="读自通知")
    assert "2月20日" in read.inner_text()
    assert "尚未录入其他年度" in zone.content()  # 核对 wrote nothing
    axe_check(zone)
    screenshot(zone, "fulfilment-holidays-zone")


def test_a_paid_case_is_recovered_in_the_browser(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
    web_store: Store,
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
) -> None:
    from tests.web.test_fulfilment_recovery import paid

    made = make_cases(web_store)
    paid(made, clock, client_as, fresh_client)
    zone = page_as(Role.ZONE)
    zone.goto(f"/fulfilment/cases/{made.auto}")
    axe_check(zone)
    zone.get_by_label("追回原因").fill("资格被撤销")
    zone.get_by_role("button", name="启动追回").click()
    zone.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert zone.get_by_text("已启动追回200,000.00元，已通知企业").is_visible()
    axe_check(zone)
    screenshot(zone, "fulfilment-recovery-zone")
    zone.get_by_label("退回金额（元）").fill("200000")
    zone.get_by_label("凭证号").fill("TH-1")
    zone.get_by_role("button", name="登记", exact=True).click()
    zone.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert zone.get_by_text("已登记退回200,000.00元，已全部追回").is_visible()
    with web_store.transaction() as session:
        assert get_case(session, Scope.everything(), made.auto).state == "recovered"


def test_a_case_paid_short_shows_its_rest_and_sends_it_to_a_later_batch_in_the_browser(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
    web_store: Store,
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
) -> None:
    from tests.web.test_fulfilment_recovery import in_batch

    made = make_cases(web_store)
    in_batch(made, clock, client_as, fresh_client)
    zone = page_as(Role.ZONE)
    zone.goto(f"/fulfilment/cases/{made.auto}")
    zone.get_by_label("凭证号").fill("PZ-1")
    zone.get_by_label("实付金额（元）").fill("150000")
    zone.get_by_label("已与财政核实：财政实付少于批准金额").check()
    zone.get_by_label("少付原因").fill("资金不足按比例核减")
    zone.get_by_role("button", name="登记", exact=True).click()
    zone.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert zone.get_by_text("已登记支付；未付余额50,000.00元，可补拨或不再拨付").is_visible()
    assert zone.get_by_role("row", name="未付余额（元）").is_visible()
    axe_check(zone)
    screenshot(zone, "fulfilment-unpaid-rest-zone")
    zone.get_by_label("补拨原因").fill("资金到位")
    zone.get_by_role("button", name="列入补拨").click()
    zone.wait_for_url(f"**/fulfilment/cases/{made.auto}?done=*")
    assert zone.get_by_text("补拨50,000.00元待列入支付批次").first.is_visible()
    axe_check(zone)
    with web_store.transaction() as session:
        case = get_case(session, Scope.everything(), made.auto)
        assert (case.state, case.unpaid, case.topup) == (
            "paid",
            Decimal("50000.00"),
            Decimal("50000.00"),
        )
