"""In a real headless Chromium: each role logs in, sees its home page, passes axe-core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from techzone.access import Role
from techzone.web.assets import VENDOR
from techzone.web.navigation import sections_for


@pytest.mark.parametrize("role", list(Role))
def test_log_in_see_the_home_page_accessibly(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
    role: Role,
) -> None:
    page = page_as(role)
    assert page.get_by_role("heading", name="首页").is_visible()
    assert page.get_by_text(role.label).first.is_visible()
    axe_check(page)
    assert screenshot(page, f"home-{role.value}").stat().st_size > 0


def test_audit_page_in_the_browser(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
) -> None:
    page = page_as(Role.PROVINCE)
    page.get_by_role("link", name="审计").click()
    page.wait_for_url("**/audit")
    assert page.get_by_role("heading", name="审计日志").is_visible()
    axe_check(page)
    screenshot(page, "audit-province")


def test_login_page_is_accessible(
    browser: Any,
    live_server: str,
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
) -> None:
    context = browser.new_context(base_url=live_server, locale="zh-CN", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/login")
        axe_check(page)
        screenshot(page, "login")
    finally:
        context.close()


def test_htmx_sends_the_csrf_token_with_a_change(page_as: Callable[[Role], Any]) -> None:
    if not (VENDOR / "htmx.min.js").is_file():
        pytest.skip("没有 htmx.min.js：请先运行 make install（npm 取得 htmx）")
    page = page_as(Role.PARK)
    assert page.evaluate("typeof htmx") == "object"  # the vendored copy, served locally
    assert page.request.get("/api/v1/me").status == 200
    with page.expect_response("**/logout") as answer:
        page.evaluate("htmx.ajax('POST', '/logout', {source: 'body', swap: 'none'})")
    assert answer.value.status in (200, 303)
    assert page.request.get("/api/v1/me").status == 401


# Every role: a page a section adds later is checked for each role whose menu shows it.
@pytest.mark.parametrize("role", list(Role))
def test_every_menu_page_is_accessible_with_a_screenshot(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
    role: Role,
) -> None:
    """Each section the role's menu shows, as that role sees it (placeholders until built)."""
    page = page_as(role)
    for section in sections_for(role):
        answer = page.goto(section.path)
        assert answer is not None and answer.ok, (section.path, answer and answer.status)
        assert page.get_by_role("heading", level=1).first.is_visible(), section.label
        axe_check(page)
        name = section.path.strip("/").replace("/", "-") or "home"
        screenshot(page, f"{name}-{role.value}")
