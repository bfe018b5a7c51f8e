"""In a real headless Chromium: a self-assessment with half the answers, the next question
answered where it is shown, the result sharper; registering by USCC shows 待审核."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from techzone.web.assets import VENDOR


@pytest.fixture
def visitor(browser: Any, live_server: str) -> Iterator[Any]:
    if not (VENDOR / "htmx.min.js").is_file():
        pytest.skip("没有 htmx.min.js：请先运行 make install（npm 取得 htmx）")
    # bypass_csp: axe-core is injected as an inline script, which the site's policy refuses.
    context = browser.new_context(
        base_url=live_server,
        locale="zh-CN",
        bypass_csp=True,
        viewport={"width": 1400, "height": 900},
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def _undecided(page: Any) -> int:
    text = page.locator(".summary").inner_text()
    found = re.search(r"待定 (\d+) 项", text)
    assert found is not None, text
    return int(found.group(1))


def _settled(page: Any, action: Callable[[], object]) -> None:
    """Do ``action`` and wait for htmx's answer to be swapped in."""
    with page.expect_response(
        lambda r: r.url.endswith("/self-assessment") and r.request.method == "POST"
    ):
        action()
    page.wait_for_load_state("networkidle")


def test_half_the_answers_then_the_next_question(
    visitor: Any,
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
) -> None:
    page = visitor
    page.goto("/self-assessment")
    assert page.get_by_role("heading", name="企业自评").is_visible()
    all_open = _undecided(page)
    _settled(page, lambda: page.get_by_label("技术领域").select_option("新材料"))
    _settled(page, lambda: page.get_by_label("成立日期").fill("2019-05-10"))
    _settled(page, lambda: page.get_by_label("所在省份（如 甘肃省）").fill("甘肃省"))
    _settled(page, lambda: page.locator("#resident").select_option("true"))
    _settled(page, lambda: page.locator("#f-2025-employees").fill("140"))
    _settled(page, lambda: page.locator("#f-2025-tech_staff").fill("25"))
    _settled(page, lambda: page.locator("#ip-state").select_option("none"))
    half = _undecided(page)
    assert half <= all_open
    result = page.locator("#result")
    assert result.get_by_text("待定", exact=True).first.is_visible()
    assert result.get_by_text("缺少数据").first.is_visible()
    question = page.locator("#next-question")
    assert question.get_by_role("heading", name="下一个问题").is_visible()
    asked = question.locator("strong").inner_text()
    screenshot(page, "self-assessment-half")
    axe_check(page)

    # Answer it where it is shown: the copy of the form's field in the question's box.
    answer = question.locator("select, input").first
    assert answer.count() == 1, f"the question {asked} cannot be answered in place"
    if answer.evaluate("e => e.tagName") == "SELECT":
        options = answer.locator("option").all()
        value = options[-1].get_attribute("value") or ""
        _settled(page, lambda: answer.select_option(value))
    else:
        _settled(page, lambda: (answer.fill("100"), answer.dispatch_event("change")))
    page.wait_for_function(
        "asked => document.querySelector('#next-question strong')?.innerText !== asked", arg=asked
    )
    assert _undecided(page) <= half
    screenshot(page, "self-assessment-answered")
    axe_check(page)


def test_register_by_uscc_and_see_pending(
    visitor: Any,
    web_store: Any,
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
) -> None:
    from techzone.accounts.demo import demo_enterprise

    with web_store.transaction() as session:
        uscc = demo_enterprise(session)
    page = visitor
    page.goto("/login")
    page.get_by_role("link", name="企业注册（统一社会信用代码）").click()
    page.wait_for_url("**/register")
    axe_check(page)
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_label("用户名").fill("browser-firm")
    page.get_by_label("密码", exact=True).fill("browser-firm-pass")
    page.get_by_label("再次输入密码").fill("browser-firm-pass")
    page.get_by_role("button", name="提交注册").click()
    # The answer is a new page at the same address: wait for it (the password is hashed first).
    page.get_by_role("heading", name="注册申请已提交").wait_for()
    assert page.get_by_role("heading", name="注册申请已提交").is_visible()
    assert page.get_by_role("status").get_by_text("待审核").is_visible()
    axe_check(page)
    screenshot(page, "register-pending")


def test_upload_the_template_filled_and_read_the_verdicts(
    visitor: Any,
    axe_check: Callable[[Any], list[dict[str, Any]]],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    from tests.io.factory import sample, write_xlsx
    from tests.io.test_profile_file import _book

    book = _book()
    path = write_xlsx(tmp_path / "本企业.xlsx", book)
    visitor.goto("/self-assessment")
    visitor.get_by_label("选择文件").set_input_files(str(path))
    visitor.get_by_role("button", name="上传并评估").click()
    visitor.get_by_role("status").filter(has_text="已按上传的文件").wait_for()
    assert visitor.get_by_role("table", name="各项资质").is_visible()
    assert visitor.get_by_label("企业名称").input_value() == book["企业"][0]["企业名称"]
    axe_check(visitor)
    screenshot(visitor, "self-assessment-uploaded")
    bad = write_xlsx(tmp_path / "两家.xlsx", sample(2))
    visitor.get_by_label("选择文件").set_input_files(str(bad))
    visitor.get_by_role("button", name="上传并评估").click()
    alert = visitor.get_by_role("alert").filter(has_text="未能评估")
    alert.wait_for()
    assert visitor.get_by_role("table", name="问题清单（全部改正后重新上传）").is_visible()
    assert "自评一次评一家企业" in visitor.content()
