"""Browser fixtures: a live server, Debian's chromium through Playwright, axe-core, screenshots.

Playwright never downloads a browser here (no ``playwright install``): it drives the system's
``/usr/bin/chromium`` through ``executable_path``; ``make test`` installs it
(scripts/ensure-chromium). Without it the browser tests skip and say why.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn
from fastapi import FastAPI

from techzone.access import Role
from techzone.web.assets import VENDOR

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from techzone.accounts.demo import DemoAccount

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Impacts axe-core reports that fail a test; "moderate" and "minor" findings are printed only.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@pytest.fixture(scope="module")
def live_server(web_app: FastAPI) -> Iterator[str]:
    """The test file's app under uvicorn on a free loopback port, in a thread; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("测试用网页服务未能启动")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"没有 {CHROMIUM}：浏览器测试跳过（make test 会用 scripts/ensure-chromium 安装）"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page_as(
    browser: Browser, live_server: str, demo_accounts: dict[Role, DemoAccount]
) -> Iterator[Callable[[Role], Page]]:
    """``page_as(Role.ZONE)``: a new browser context logged in through the login form."""
    contexts: list[Any] = []

    def make(role: Role) -> Page:
        # bypass_csp: axe-core is injected as an inline script, which the site's policy refuses.
        context = browser.new_context(
            base_url=live_server,
            locale="zh-CN",
            bypass_csp=True,
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        account = demo_accounts[role]
        page.goto("/login")
        page.get_by_label("用户名").fill(account.username)
        page.get_by_label("密码").fill(account.password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server}/")
        return page

    yield make
    for context in contexts:
        context.close()


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page (the local copy, never a CDN)."""
    source = VENDOR / "axe.min.js"
    if not source.is_file():
        pytest.skip("没有 axe.min.js：请先运行 make install（npm 取得 axe-core）")
    page.add_script_tag(path=str(source))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def _axe_check(page: Page) -> list[dict[str, Any]]:
    violations = run_axe(page)
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    for violation in violations:
        print(f"axe {violation.get('impact')}: {violation['id']} — {violation['help']}")
    assert not blocking, "无障碍检查（axe-core）发现严重问题：" + "; ".join(
        f"{v['id']}（{v['impact']}）: {v['help']} @ "
        + ", ".join(str(node.get("target")) for node in v.get("nodes", [])[:3])
        for v in blocking
    )
    return violations


@pytest.fixture
def axe_check() -> Callable[[Page], list[dict[str, Any]]]:
    """``axe_check(page)``: fails on any serious or critical axe-core violation."""
    return _axe_check


@pytest.fixture
def screenshot(artifacts: Path) -> Callable[[Page, str], Path]:
    """``screenshot(page, "audit-zone")``: a full-page PNG in test-artifacts/screenshots/."""
    folder = artifacts / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
