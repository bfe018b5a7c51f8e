"""Fixtures for the web application's tests, for every page's tests to reuse.

- ``web_app``: one app per test file over its own SQLite store holding a small demo and one demo
  account per role (``DEMO_ACCOUNTS``); its clock is ``clock`` (reset for each test). The demo is
  built once per session and each file gets a copy of it (``web_template``): what one file writes
  (audit entries, accounts, cases) no other file sees, so a file meets the same data whichever
  files ran before it on its worker (``make test`` hands files to two workers as they free up).
- ``client_as(role)``: a TestClient logged in as that role's demo account; ``anonymous``: one
  not logged in. ``SessionClient.csrf`` is the session's CSRF token, ``form_post`` sends it.
- ``fresh_account(role[, binding])``: a new account of one's own (to lock or disable it);
  ``fresh_client(role[, binding])``: a client logged in as one (another zone: isolation tests).
- Browser: ``live_server`` (uvicorn on a free loopback port, in a thread), ``browser`` (Debian's
  chromium through Playwright, skipped with the reason when absent), ``page_as(role)``,
  ``axe_check(page)`` and ``screenshot(page, name)`` (tests/web/browser.py).
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from techzone.access import Role
from techzone.accounts import Binding, create_account
from techzone.accounts.demo import (
    DEMO_PARK,
    DEMO_ZONE,
    DemoAccount,
    create_demo_accounts,
    demo_enterprise,
)
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.store import Store, open_store
from techzone.web import WebSettings, create_app
from tests.support_accounts import Clock, cheap_hashing

DEMO_ENTERPRISES = 40
TEST_ACTOR = Actor(name="测试", source="测试")

# The browser fixtures live in their own module; importing them here is what registers them.
from tests.web.browser import axe_check, browser, live_server, page_as, screenshot  # noqa: E402

__all__ = ["axe_check", "browser", "live_server", "page_as", "screenshot"]


@pytest.fixture(scope="session", autouse=True)
def _cheap_argon2() -> None:
    cheap_hashing()


@pytest.fixture(autouse=True)
def _no_answers_kept() -> None:
    """Each test sees its own self-assessments made, not answers another test was given."""
    from techzone.web.selfassess import _ANSWERS

    _ANSWERS.clear()


@pytest.fixture(scope="session")
def web_clock() -> Clock:
    return Clock()


@pytest.fixture
def clock(web_clock: Clock) -> Iterator[Clock]:
    """The web app's clock, back to real time after the test."""
    web_clock.offset = type(web_clock.offset)()
    yield web_clock
    web_clock.offset = type(web_clock.offset)()


@pytest.fixture(scope="session")
def web_template(
    tmp_path_factory: pytest.TempPathFactory, _cheap_argon2: None
) -> tuple[Path, dict[Role, DemoAccount]]:
    """The demo and its accounts, built once per session into a file each test file copies (a
    copy takes milliseconds; building the demo again for every file would not)."""
    path = tmp_path_factory.mktemp("web-template") / "techzone.sqlite"
    store = open_store(f"sqlite:///{path}")
    try:
        load_demo(store, enterprises=DEMO_ENTERPRISES, seed=7)
        with store.transaction() as session:
            made = create_demo_accounts(session, TEST_ACTOR)
    finally:
        store.dispose()
    return path, {account.role: account for account in made}


@pytest.fixture(scope="module")
def web_store_url(
    web_template: tuple[Path, dict[Role, DemoAccount]], tmp_path_factory: pytest.TempPathFactory
) -> str:
    path = tmp_path_factory.mktemp("web") / "techzone.sqlite"
    shutil.copyfile(web_template[0], path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def web_store(web_store_url: str) -> Iterator[Store]:
    store = open_store(web_store_url)
    try:
        yield store
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def demo_accounts(
    web_template: tuple[Path, dict[Role, DemoAccount]], web_store: Store
) -> dict[Role, DemoAccount]:
    return web_template[1]


@pytest.fixture(scope="module")
def web_app(web_store: Store, web_store_url: str, web_clock: Clock, demo_accounts: Any) -> FastAPI:
    return create_app(WebSettings(database_url=web_store_url, clock=web_clock), store=web_store)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class SessionClient(TestClient):
    """A TestClient that knows its session's CSRF token."""

    @property
    def csrf(self) -> str:
        found = _CSRF.search(self.get("/").text)
        assert found is not None, "not logged in: no CSRF token on the home page"
        return found.group(1)

    def form_post(self, url: str, data: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf}, **kwargs)


def log_in(client: TestClient, username: str, password: str) -> Any:
    """Post the login form as a browser would: the form's own token and cookie first."""
    page = client.get("/login")
    found = _CSRF.search(page.text)
    assert found is not None
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": found.group(1)},
        follow_redirects=False,
    )


@pytest.fixture
def anonymous(web_app: FastAPI, clock: Clock) -> Iterator[SessionClient]:
    with SessionClient(web_app) as client:
        yield client


@pytest.fixture
def client_as(
    web_app: FastAPI, demo_accounts: dict[Role, DemoAccount], clock: Clock
) -> Iterator[Callable[[Role], SessionClient]]:
    """``client_as(Role.ZONE)``: a client logged in as that role's demo account."""
    opened: list[SessionClient] = []

    def make(role: Role) -> SessionClient:
        account = demo_accounts[role]
        client = SessionClient(web_app)
        client.__enter__()
        opened.append(client)
        answer = log_in(client, account.username, account.password)
        assert answer.status_code == 303, answer.text
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


_numbers = itertools.count(1)

FRESH_PASSWORD = "fresh-password-1"


@pytest.fixture
def fresh_account(web_store: Store) -> Callable[..., str]:
    """``fresh_account(Role.PARK)``: a new account and its username (password FRESH_PASSWORD).

    Bound in the demo zone (GS-BY, park HX, its first enterprise) unless ``binding`` says
    otherwise, e.g. ``fresh_account(Role.ZONE, Binding(zone="GX-LZ"))`` for another zone."""

    def make(role: Role = Role.ZONE, binding: Binding | None = None) -> str:
        username = f"t{next(_numbers)}-{role.value}"
        with web_store.transaction() as session:
            if binding is None:
                binding = {
                    Role.PROVINCE: Binding(province="甘肃省"),
                    Role.ZONE: Binding(zone=DEMO_ZONE),
                    Role.PARK: Binding(zone=DEMO_ZONE, park=DEMO_PARK),
                    Role.UNIT: Binding(zone=DEMO_ZONE, unit="测试单位"),
                    Role.ENTERPRISE: Binding(zone=DEMO_ZONE, uscc=demo_enterprise(session)),
                }[role]
            create_account(session, TEST_ACTOR, username, FRESH_PASSWORD, role, binding)
        return username

    return make


@pytest.fixture
def fresh_client(
    web_app: FastAPI, fresh_account: Callable[..., str], clock: Clock
) -> Iterator[Callable[..., SessionClient]]:
    """``fresh_client(Role.ZONE, Binding(zone="GX-LZ"))``: a client logged in as a new account
    (for isolation tests: the same route seen from another zone, park or enterprise)."""
    opened: list[SessionClient] = []

    def make(role: Role = Role.ZONE, binding: Binding | None = None) -> SessionClient:
        username = fresh_account(role, binding)
        client = SessionClient(web_app)
        client.__enter__()
        opened.append(client)
        answer = log_in(client, username, FRESH_PASSWORD)
        assert answer.status_code == 303, answer.text
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository's root (gitignored): screenshots and the like."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
