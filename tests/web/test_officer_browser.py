"""In a real headless Chromium: find an enterprise and open an assessment's explanation, move an
application and see an illegal move refused, upload a bad workbook and read its error. Every page
is checked with axe-core and kept as a screenshot."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from techzone.access import Role
from techzone.cultivation.applications import open_application
from techzone.io.sheets import EnterpriseRow
from techzone.model.codes import QualificationKind
from techzone.store import Store
from tests.web.officer_data import usccs

Page = Any


def test_find_an_enterprise_and_open_an_explanation(
    page_as: Callable[[Role], Page],
    axe_check: Callable[[Page], list[dict[str, Any]]],
    screenshot: Callable[[Page, str], Path],
    web_store: Store,
) -> None:
    uscc = usccs(web_store)["zone_other_park"][0]
    page = page_as(Role.ZONE)
    page.get_by_role("link", name="企业", exact=True).click()
    page.wait_for_url("**/enterprises")
    axe_check(page)
    screenshot(page, "enterprises-zone")
    page.get_by_label("名称或信用代码").fill(uscc)
    page.get_by_role("button", name="查询").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#results tbody tr').length === n", arg=1
    )
    page.locator("#results tbody a").first.click()
    page.wait_for_url(f"**/enterprises/{uscc}")
    assert page.get_by_role("heading", name="资质评估").is_visible()
    first = page.locator("details.assessment").first
    first.locator("summary").first.click()
    criterion = first.locator("details.criterion").first
    criterion.locator("summary").click()
    assert criterion.locator("blockquote").is_visible()  # the quoted clause
    axe_check(page)
    screenshot(page, "dossier-zone")


def test_move_an_application_and_see_an_illegal_move_refused(
    page_as: Callable[[Role], Page],
    axe_check: Callable[[Page], list[dict[str, Any]]],
    screenshot: Callable[[Page, str], Path],
    web_store: Store,
) -> None:
    uscc = usccs(web_store)["park"][0]
    with web_store.transaction() as session:
        number = open_application(
            session,
            uscc,
            QualificationKind.GAZELLE,
            2027,
            "白银高新区科技发展局",
            "测试",
            date(2026, 11, 1),
        ).id
    page = page_as(Role.PARK)
    page.goto("/applications?year=2027")
    axe_check(page)
    row = page.locator("tr", has=page.locator(f'form[action="/applications/{number}/status"]'))
    row.get_by_role("button", name="变更").click()  # the next status is chosen by default
    page.get_by_text(f"申请{number}").first.wait_for()
    assert page.get_by_role("status").first.inner_text().endswith("已变更为「辅导」")
    row = page.locator("tr", has=page.locator(f'form[action="/applications/{number}/status"]'))
    row.get_by_label(f"申请{number}的新状态").select_option(label="公示")
    row.get_by_role("button", name="变更").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "跳过了" in alert.inner_text()
    axe_check(page)
    screenshot(page, "applications-refused-park")


def test_upload_a_bad_workbook_and_read_its_error(
    page_as: Callable[[Role], Page],
    axe_check: Callable[[Page], list[dict[str, Any]]],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = EnterpriseRow.sheet_name
    header = EnterpriseRow.headers()
    sheet.append(header)
    sheet.append(["123" if name == "统一社会信用代码" else None for name in header])
    path = tmp_path / "错误的企业表.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    page = page_as(Role.ZONE)
    page.goto("/import")
    axe_check(page)
    page.get_by_label("选择文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "文件未导入" in alert.inner_text()
    problems = page.get_by_role("table", name="问题清单（全部改正后重新上传）")
    assert problems.is_visible()
    row = problems.get_by_role("row").filter(has_text="123").first
    assert row.get_by_role("cell").nth(1).inner_text() == "2"  # the Excel row of the value
    axe_check(page)
    screenshot(page, "import-refused-zone")
