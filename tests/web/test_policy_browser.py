"""In headless Chromium: download the weekly report; 政策清单, 预算 (with a reform run), 园区 and
the evaluation pass axe-core, each with a screenshot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from techzone.access import Role

Axe = Callable[[Any], list[dict[str, Any]]]
Shot = Callable[[Any, str], Path]


def test_download_the_weekly_report(
    page_as: Callable[[Role], Any], axe_check: Axe, screenshot: Shot, tmp_path: Path
) -> None:
    page = page_as(Role.ZONE)
    page.get_by_role("link", name="周报").click()
    page.wait_for_url("**/weekly")
    page.get_by_label("周（如 2026-W47）").fill("2026-W10")
    page.get_by_role("button", name="生成周报").click()
    page.get_by_role("heading", name="一、总体情况").wait_for()
    axe_check(page)
    screenshot(page, "weekly-zone")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="下载 Word（.docx）").click()
    download = waiting.value
    assert download.suggested_filename == "周报告-2026-W10.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    with page.expect_download() as waiting:
        page.get_by_role("link", name="下载 Excel（.xlsx）").click()
    assert waiting.value.suggested_filename == "周报告-2026-W10.xlsx"


def test_policies_and_a_policy(
    page_as: Callable[[Role], Any], axe_check: Axe, screenshot: Shot
) -> None:
    page = page_as(Role.ENTERPRISE)
    page.goto("/policies")
    page.get_by_label("出资层级").select_option("zone")
    page.get_by_text("国家科学技术奖主要完成单位奖补").wait_for()
    axe_check(page)
    screenshot(page, "policies-enterprise")
    page.get_by_role("link", name="国家科学技术奖主要完成单位奖补").click()
    page.get_by_role("heading", name="参数及历次调整").wait_for()
    axe_check(page)
    screenshot(page, "policy-detail")


def test_budget_with_a_reform(
    page_as: Callable[[Role], Any], axe_check: Axe, screenshot: Shot
) -> None:
    page = page_as(Role.ZONE)
    page.goto("/budget?year=2025")
    page.get_by_label("第1项参数").select_option("gansu_zone_measures.new_hnte_award")
    page.get_by_label("第1项新值").fill("300000")
    page.get_by_role("button", name="测算").click()
    page.get_by_text("基线", exact=False).first.wait_for()
    page.get_by_role("heading", name="改革方案：改革方案（2025年）").wait_for()
    axe_check(page)
    screenshot(page, "budget-reform-zone")
    page.get_by_label("第1项新值").fill("-5")
    page.get_by_role("button", name="测算").click()
    page.get_by_role("alert").wait_for()
    assert "不能为负数" in page.get_by_role("alert").inner_text()


def test_zones_and_the_evaluation(
    page_as: Callable[[Role], Any], axe_check: Axe, screenshot: Shot
) -> None:
    page = page_as(Role.PROVINCE)
    page.goto("/zones?year=2025")
    axe_check(page)
    screenshot(page, "zones-province")
    page.get_by_role("link", name="白银高新区").click()
    page.get_by_role("heading", name="目标进度与预测").wait_for()
    axe_check(page)
    screenshot(page, "zone-detail")
    page.goto("/zones/evaluation?year=2025")
    page.get_by_role("heading", name="本评价依据的方法和参数").first.wait_for()
    axe_check(page)
    screenshot(page, "zones-evaluation-province")
