"""A refusal answered to htmx: its 4xx status with the Chinese sentence as the fragment for the
target, and in the browser (static/htmx_errors.js) the sentence shown where the answer goes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from techzone.access import Role
from tests.web.conftest import SessionClient

HTMX = {"HX-Request": "true"}


def test_a_core_refusal_to_htmx_is_a_422_fragment(
    client_as: Callable[[Role], SessionClient],
) -> None:
    answer = client_as(Role.ZONE).get("/enterprises?expiring_within=5000", headers=HTMX)
    assert answer.status_code == 422
    assert "<html" not in answer.text and 'role="alert"' in answer.text
    assert "1098" in answer.text  # the core's own sentence names the bound


def test_a_record_outside_the_scope_to_htmx_is_a_404_fragment(
    client_as: Callable[[Role], SessionClient],
) -> None:
    answer = client_as(Role.PARK).get("/enterprises/91620400000000000X", headers=HTMX)
    assert answer.status_code == 404
    assert "<html" not in answer.text and "不在您的查看范围内" in answer.text


def test_the_page_loads_the_script_that_swaps_refusals(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    assert '<script src="/static/htmx_errors.js" defer></script>' in client.get("/").text
    script = client.get("/static/htmx_errors.js")
    assert script.status_code == 200 and "shouldSwap = true" in script.text


def test_a_refused_week_is_shown_in_the_browser(
    page_as: Callable[[Role], Any],
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
) -> None:
    page = page_as(Role.ZONE)
    page.goto("/weekly")
    statuses: list[int] = []
    page.on(
        "response",
        lambda response: statuses.append(response.status) if "/weekly?" in response.url else None,
    )
    page.get_by_label("周（如 2026-W47）").fill("2026-W60")
    page.get_by_role("button", name="生成周报").click()
    alert = page.locator("#weekly-report").get_by_role("alert")
    alert.wait_for()
    assert "2026年没有第60周" in alert.inner_text()
    assert statuses == [422]
    assert page.get_by_label("周（如 2026-W47）").input_value() == "2026-W60"
    axe_check(page)
    screenshot(page, "weekly-refused-zone")
