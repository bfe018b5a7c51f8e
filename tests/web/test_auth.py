"""Logging in and out, lockout, CSRF and session expiry, through the application."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from techzone.access import Role
from techzone.accounts import (
    ABSOLUTE_LIFETIME,
    IDLE_TIMEOUT,
    LOCKOUT,
    MAX_FAILED_LOGINS,
    set_disabled,
)
from techzone.accounts.demo import DemoAccount
from techzone.model import Account, AuditEntry, WebSession
from techzone.store import Store
from techzone.web import WebSettings, create_app
from techzone.web.errors import CsrfRejected
from tests.support_accounts import Clock
from tests.web.conftest import FRESH_PASSWORD, TEST_ACTOR, SessionClient, log_in


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_sees_its_menu(
    client_as: Callable[[Role], SessionClient], role: Role
) -> None:
    client = client_as(role)
    home = client.get("/")
    assert home.status_code == 200
    assert role.label in home.text
    assert "退出登录" in home.text
    me = client.get("/api/v1/me").json()
    assert me["role"] == role.value
    assert me["role_label"] == role.label
    assert me["writes"] is (role is not Role.PROVINCE)
    # The audit menu is for administrators only.
    assert ('href="/audit"' in home.text) is (role in {Role.PROVINCE, Role.ZONE})


def test_scope_comes_from_the_account(client_as: Callable[[Role], SessionClient]) -> None:
    park = client_as(Role.PARK).get("/api/v1/me").json()["scope"]
    assert park["zone"] == "GS-BY" and park["park"] == "HX" and park["uscc"] is None
    enterprise = client_as(Role.ENTERPRISE).get("/api/v1/me").json()["scope"]
    assert enterprise["uscc"] is not None and len(enterprise["uscc"]) == 18


def test_wrong_password_is_refused_without_saying_which_part(
    anonymous: SessionClient, demo_accounts: dict[Role, object]
) -> None:
    wrong = log_in(anonymous, "demo-zone", "not-the-password")
    unknown = log_in(anonymous, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert "techzone_session" not in anonymous.cookies
    assert anonymous.get("/api/v1/me").status_code == 401


def test_lockout_after_the_limit_and_unlock_after_the_period(
    anonymous: SessionClient, fresh_account: Callable[[Role], str], clock: Clock
) -> None:
    username = fresh_account(Role.ZONE)
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert log_in(anonymous, username, "wrong-password").status_code == 401
    # One failure short of the limit: the right password still works.
    assert log_in(anonymous, username, FRESH_PASSWORD).status_code == 303
    anonymous.cookies.clear()
    for _ in range(MAX_FAILED_LOGINS):
        log_in(anonymous, username, "wrong-password")
    locked = log_in(anonymous, username, FRESH_PASSWORD)
    assert locked.status_code == 401 and "锁定" in locked.text
    clock.advance(LOCKOUT - timedelta(seconds=1))
    assert log_in(anonymous, username, FRESH_PASSWORD).status_code == 401
    clock.advance(timedelta(seconds=2))
    assert log_in(anonymous, username, FRESH_PASSWORD).status_code == 303


def test_an_unknown_username_is_locked_as_an_account_is(
    anonymous: SessionClient, fresh_account: Callable[[Role], str], web_store: Store
) -> None:
    # Whoever tries names cannot tell an account from its lock: both lock at the same try.
    known, unknown = fresh_account(Role.ZONE), "nobody-at-all"
    pages = {}
    for username in (known, unknown):
        tries = [log_in(anonymous, username, "wrong-password") for _ in range(MAX_FAILED_LOGINS)]
        assert [answer.status_code for answer in tries] == [401] * MAX_FAILED_LOGINS
        assert all("锁定" not in answer.text for answer in tries)
        pages[username] = log_in(anonymous, username, "wrong-password")
    assert pages[known].status_code == pages[unknown].status_code == 401
    assert "锁定" in pages[unknown].text
    assert pages[known].text.count("锁定") == pages[unknown].text.count("锁定")
    with web_store.transaction() as session:
        assert session.scalar(select(Account.id).where(Account.username == unknown)) is None


def test_a_locked_address_keeps_no_one_else_out(
    web_app: FastAPI, fresh_account: Callable[[Role], str], clock: Clock
) -> None:
    # Behind a proxy as `techzone serve` runs it: the client's address is the forwarded one,
    # believed from the named proxy only.
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from techzone.cli.serve import DEFAULT_TRUSTED_PROXIES, parse_trusted_proxies

    # Typed for uvicorn's own ASGI types and Starlette's: the same protocol, spelt twice.
    served: Any = ProxyHeadersMiddleware(
        cast(Any, web_app), parse_trusted_proxies(DEFAULT_TRUSTED_PROXIES)
    )

    def client(forwarded_for: str, via: str = "127.0.0.1") -> SessionClient:
        return SessionClient(
            served, client=(via, 50000), headers={"X-Forwarded-For": forwarded_for}
        )

    username = fresh_account(Role.ZONE)
    with client("203.0.113.9") as guesser, client("198.51.100.7") as officer:
        for _ in range(MAX_FAILED_LOGINS):
            assert log_in(guesser, username, "wrong-password").status_code == 401
        locked = log_in(guesser, username, FRESH_PASSWORD)
        assert locked.status_code == 401 and "锁定" in locked.text
        assert log_in(officer, username, FRESH_PASSWORD).status_code == 303
    # A client that is no proxy cannot pass for another address by writing the header.
    with client("198.51.100.7", via="203.0.113.9") as spoofer:
        assert "锁定" in log_in(spoofer, username, FRESH_PASSWORD).text


def test_lock_and_failures_are_audited(
    anonymous: SessionClient, fresh_account: Callable[[Role], str], web_store: Store
) -> None:
    username = fresh_account(Role.PARK)
    for _ in range(MAX_FAILED_LOGINS):
        log_in(anonymous, username, "wrong-password")
    with web_store.transaction() as session:
        actions = list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity_key == username)
                .order_by(AuditEntry.id)
            )
        )
    assert actions == ["account.create"] + ["account.login_failed"] * (MAX_FAILED_LOGINS - 1) + [
        "account.lock"
    ]


def test_disabled_account_cannot_log_in_and_loses_its_session(
    web_store: Store,
    fresh_account: Callable[[Role], str],
    client_as: Callable[[Role], SessionClient],
    anonymous: SessionClient,
) -> None:
    username = fresh_account(Role.ZONE)
    assert log_in(anonymous, username, FRESH_PASSWORD).status_code == 303
    assert anonymous.get("/api/v1/me").status_code == 200
    with web_store.transaction() as session:
        set_disabled(session, TEST_ACTOR, username, True)
    assert anonymous.get("/api/v1/me").status_code == 401
    refused = log_in(anonymous, username, FRESH_PASSWORD)
    assert refused.status_code == 401 and "已停用" in refused.text


def test_csrf_token_is_required_for_changes(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    assert client.post("/logout", follow_redirects=False).status_code == 403
    wrong = client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert wrong.status_code == 403
    assert client.get("/api/v1/me").status_code == 200  # still logged in
    by_header = client.post(
        "/logout", headers={"X-CSRF-Token": client.csrf}, follow_redirects=False
    )
    assert by_header.status_code == 303


def test_api_changes_need_the_token_in_a_header(
    web_store: Store, web_store_url: str, demo_accounts: dict[Role, DemoAccount], clock: Clock
) -> None:
    app = create_app(WebSettings(database_url=web_store_url, clock=clock), store=web_store)
    app.router.add_api_route("/api/v1/echo", lambda: {"ok": True}, methods=["POST"])
    with SessionClient(app) as client:
        anonymous = client.post("/api/v1/echo", json={})
        assert anonymous.status_code == 401
        assert anonymous.json()["error"]["code"] == "unauthenticated"
        account = demo_accounts[Role.ZONE]
        log_in(client, account.username, account.password)
        refused = client.post("/api/v1/echo", json={})
        assert refused.status_code == 403
        assert refused.json() == {
            "error": {"code": "csrf_rejected", "message": CsrfRejected.message}
        }
        accepted = client.post("/api/v1/echo", json={}, headers={"X-CSRF-Token": client.csrf})
        assert accepted.status_code == 200 and accepted.json() == {"ok": True}


def test_login_form_needs_its_own_token(anonymous: SessionClient) -> None:
    anonymous.get("/login")
    answer = anonymous.post("/login", data={"username": "demo-zone", "password": "demo-zone-2026"})
    assert answer.status_code == 403


def test_logout_ends_the_session_on_the_server(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    client = client_as(Role.PARK)
    token = client.cookies["techzone_session"]
    assert client.form_post("/logout", follow_redirects=False).status_code == 303
    # The same cookie, replayed, opens nothing: the session is gone from the database.
    client.cookies.set("techzone_session", token)
    assert client.get("/api/v1/me").status_code == 401


def test_idle_session_expires(client_as: Callable[[Role], SessionClient], clock: Clock) -> None:
    client = client_as(Role.ZONE)
    clock.advance(IDLE_TIMEOUT - timedelta(minutes=2))
    assert client.get("/api/v1/me").status_code == 200  # activity renews the idle time
    clock.advance(IDLE_TIMEOUT - timedelta(minutes=2))
    assert client.get("/api/v1/me").status_code == 200
    clock.advance(IDLE_TIMEOUT + timedelta(seconds=1))
    assert client.get("/api/v1/me").status_code == 401


def test_session_ends_after_its_absolute_lifetime(
    client_as: Callable[[Role], SessionClient], clock: Clock
) -> None:
    client = client_as(Role.ZONE)
    step = IDLE_TIMEOUT - timedelta(minutes=5)
    elapsed = timedelta()
    while elapsed + step < ABSOLUTE_LIFETIME:
        clock.advance(step)
        elapsed += step
        assert client.get("/api/v1/me").status_code == 200
    clock.advance(ABSOLUTE_LIFETIME - elapsed + timedelta(seconds=1))
    assert client.get("/api/v1/me").status_code == 401


def test_expired_sessions_are_swept_at_login(
    client_as: Callable[[Role], SessionClient], web_store: Store, clock: Clock
) -> None:
    client_as(Role.UNIT)
    clock.advance(ABSOLUTE_LIFETIME + timedelta(minutes=1))
    client_as(Role.UNIT)
    with web_store.transaction() as session:
        expiries = list(session.scalars(select(WebSession.expires_at)))
    now = clock()
    assert all(e.replace(tzinfo=now.tzinfo) > now for e in expiries)


def test_unauthenticated_page_redirects_to_login(anonymous: SessionClient) -> None:
    answer = anonymous.get("/enterprises", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/enterprises"


def test_login_returns_to_the_page_asked_for_but_never_off_site(
    anonymous: SessionClient, demo_accounts: dict[Role, object]
) -> None:
    for target, landing in (("/audit", "/audit"), ("//evil.example/", "/"), ("http://x/", "/")):
        anonymous.cookies.clear()
        page = anonymous.get("/login")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        answer = anonymous.post(
            "/login",
            data={
                "username": "demo-zone",
                "password": "demo-zone-2026",
                "csrf_token": token,
                "next": target,
            },
            follow_redirects=False,
        )
        assert answer.headers["location"] == landing


def test_session_cookie_flags(anonymous: SessionClient) -> None:
    answer = log_in(anonymous, "demo-zone", "demo-zone-2026")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http and no setting asking for it


def test_secure_cookie_over_https(web_app: object, demo_accounts: object) -> None:
    from fastapi import FastAPI

    assert isinstance(web_app, FastAPI)
    with SessionClient(web_app, base_url="https://testserver") as client:
        answer = log_in(client, "demo-zone", "demo-zone-2026")
        assert "Secure" in answer.headers["set-cookie"]


@pytest.mark.parametrize("role", list(Role))
def test_fresh_accounts_of_every_role_log_in(
    anonymous: SessionClient, fresh_account: Callable[[Role], str], role: Role
) -> None:
    username = fresh_account(role)
    assert log_in(anonymous, username, FRESH_PASSWORD).status_code == 303
    assert anonymous.get("/api/v1/me").json()["role"] == role.value


def test_fresh_client_in_another_zone(fresh_client: Callable[..., SessionClient]) -> None:
    from techzone.accounts import Binding

    me = fresh_client(Role.ZONE, Binding(zone="GX-LZ")).get("/api/v1/me").json()
    assert me["scope"]["zone"] == "GX-LZ"
