"""Accounts in the core: creation rules, scope, password changes, lockout, audit, on both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.accounts import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    MIN_PASSWORD_LENGTH,
    AccountError,
    Binding,
    authenticate,
    create_account,
    find_session,
    list_accounts,
    open_session,
    parse_role,
    reset_password,
    scope_of,
    set_disabled,
)
from techzone.accounts.passwords import hash_password
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.model import Account, AuditEntry, LoginFailure
from techzone.store import Store

ACTOR = Actor(name="管理员", source="测试")
NOW = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo(sqlite_store: Store) -> Store:
    load_demo(sqlite_store, enterprises=10, seed=1)
    return sqlite_store


def _actions(session: Session, username: str) -> list[str]:
    return list(
        session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity_key == username)
            .order_by(AuditEntry.id)
        )
    )


def test_role_by_label_or_code() -> None:
    assert parse_role("高新区管理员") is Role.ZONE
    assert parse_role(" park ") is Role.PARK
    with pytest.raises(AccountError, match="没有「管理员」这种角色"):
        parse_role("管理员")


def test_create_binds_the_scope_and_audits_without_the_password(demo: Store) -> None:
    with demo.transaction() as session:
        account = create_account(
            session,
            ACTOR,
            "lanzhou-park",
            "s3cret-pass",
            Role.PARK,
            Binding(zone="GS-BY", park="HX"),
        )
        assert scope_of(account) == Scope(role=Role.PARK, zone="GS-BY", park="HX")
        assert account.password_hash.startswith("$argon2id$")
        entry = session.scalar(select(AuditEntry).where(AuditEntry.entity_key == "lanzhou-park"))
        assert entry is not None and entry.action == "account.create"
        assert entry.after is not None and entry.after["park"] == "HX"
        assert "s3cret-pass" not in str(entry.after) and "password_hash" not in entry.after


def test_a_zone_and_park_code_typed_in_lowercase_bind_the_stored_codes(demo: Store) -> None:
    # 「user add … --zone gs-by」 was refused while every other --zone reads any case; the
    # account must hold the stored code, or its scope would match nothing.
    with demo.transaction() as session:
        account = create_account(
            session, ACTOR, "lower-park", "s3cret-pass", Role.PARK, Binding(zone="gs-by", park="hx")
        )
        assert scope_of(account) == Scope(role=Role.PARK, zone="GS-BY", park="HX")


@pytest.mark.parametrize(
    ("role", "binding", "message"),
    [
        (Role.ZONE, Binding(), "必须指定高新区代码"),
        (Role.PARK, Binding(zone="GS-BY"), "必须指定园区代码"),
        (Role.PROVINCE, Binding(province="火星省"), "没有属于「火星省」的高新区"),
        (Role.ZONE, Binding(zone="NOPE"), "没有代码为「NOPE」的高新区"),
        (Role.PARK, Binding(zone="GS-BY", park="ZZ"), "没有代码为「ZZ」的园区"),
        (Role.ENTERPRISE, Binding(uscc="123"), "统一社会信用代码"),
        (Role.UNIT, Binding(unit="  "), "必须指定责任单位"),
    ],
)
def test_create_refuses_a_scope_that_does_not_exist(
    demo: Store, role: Role, binding: Binding, message: str
) -> None:
    with demo.transaction() as session, pytest.raises(AccountError, match=message):
        create_account(session, ACTOR, "someone", "long-enough-1", role, binding)
    with demo.transaction() as session:
        assert list_accounts(session) == []


def test_create_refuses_weak_passwords_and_taken_names(demo: Store) -> None:
    short = "x" * (MIN_PASSWORD_LENGTH - 1)
    with demo.transaction() as session:
        with pytest.raises(AccountError, match=f"至少需要{MIN_PASSWORD_LENGTH}个字符"):
            create_account(session, ACTOR, "alice", short, Role.ZONE, Binding(zone="GS-BY"))
        create_account(
            session, ACTOR, "alice", "x" * MIN_PASSWORD_LENGTH, Role.ZONE, Binding(zone="GS-BY")
        )
        with pytest.raises(AccountError, match="已被使用"):
            create_account(
                session, ACTOR, "alice", "another-pass", Role.ZONE, Binding(zone="GS-BY")
            )
        with pytest.raises(AccountError, match="不能与用户名相同"):
            create_account(session, ACTOR, "bobbybob", "BobbyBob", Role.ZONE, Binding(zone="GS-BY"))
        with pytest.raises(AccountError, match="用户名须为"):
            create_account(session, ACTOR, "a b", "long-enough-1", Role.ZONE, Binding(zone="GS-BY"))


def _zone_account(store: Store, username: str = "officer") -> None:
    with store.transaction() as session:
        create_account(session, ACTOR, username, "right-password", Role.ZONE, Binding(zone="GS-BY"))


def test_lockout_boundary_and_expiry(store: Store) -> None:
    load_demo(store, enterprises=3, seed=1)
    _zone_account(store)
    for attempt in range(1, MAX_FAILED_LOGINS):
        with store.transaction() as session:
            assert authenticate(session, "officer", "wrong", now=NOW, source="t").account is None
            failures = session.scalars(select(LoginFailure.locked_until)).all()
            assert len(failures) == attempt and set(failures) == {None}
    with store.transaction() as session:
        authenticate(session, "officer", "wrong", now=NOW, source="t")
    with store.transaction() as session:
        just_before = NOW + LOCKOUT - timedelta(microseconds=1)
        refused = authenticate(session, "officer", "right-password", now=just_before, source="t")
        assert refused.account is None and refused.refusal is not None and "锁定" in refused.refusal
    with store.transaction() as session:
        # The lock lasts LOCKOUT from the failure that set it, and not a moment longer.
        assert authenticate(
            session, "officer", "right-password", now=NOW + LOCKOUT, source="t"
        ).account
        assert _actions(session, "officer")[-2:] == ["account.lock", "account.login"]


def test_reset_lifts_a_lock_and_ends_sessions(sqlite_store: Store) -> None:
    load_demo(sqlite_store, enterprises=3, seed=1)
    _zone_account(sqlite_store)
    with sqlite_store.transaction() as session:
        outcome = authenticate(session, "officer", "right-password", now=NOW, source="t")
        assert outcome.account is not None
        opened = open_session(session, outcome.account, now=NOW)
    with sqlite_store.transaction() as session:
        for _ in range(MAX_FAILED_LOGINS):
            authenticate(session, "officer", "wrong", now=NOW, source="t")
        reset_password(session, ACTOR, "officer", "new-password-2", reason="忘记密码")
    with sqlite_store.transaction() as session:
        assert find_session(session, opened.token, now=NOW) is None
        assert authenticate(session, "officer", "new-password-2", now=NOW, source="t").account
        assert (
            authenticate(session, "officer", "right-password", now=NOW, source="t").account is None
        )
        assert "account.reset_password" in _actions(session, "officer")


def test_disable_and_enable_are_audited(sqlite_store: Store) -> None:
    load_demo(sqlite_store, enterprises=3, seed=1)
    _zone_account(sqlite_store)
    with sqlite_store.transaction() as session:
        set_disabled(session, ACTOR, "officer", True, reason="离职")
        refused = authenticate(session, "officer", "right-password", now=NOW, source="t")
        assert refused.account is None and refused.refusal == "该账号已停用，请联系管理员"
        set_disabled(session, ACTOR, "officer", False)
        assert authenticate(session, "officer", "right-password", now=NOW, source="t").account
        assert _actions(session, "officer")[1:3] == ["account.disable", "account.enable"]
        with pytest.raises(AccountError, match="没有用户名为「ghost」的账号"):
            set_disabled(session, ACTOR, "ghost", True)


def test_an_old_hash_is_upgraded_at_login(sqlite_store: Store) -> None:
    from argon2 import PasswordHasher

    load_demo(sqlite_store, enterprises=3, seed=1)
    _zone_account(sqlite_store)
    with sqlite_store.transaction() as session:
        account = session.scalar(select(Account).where(Account.username == "officer"))
        assert account is not None
        account.password_hash = PasswordHasher(time_cost=1, memory_cost=16, parallelism=1).hash(
            "right-password"
        )
        old = account.password_hash
        assert authenticate(session, "officer", "right-password", now=NOW, source="t").account
        assert account.password_hash != old
        assert account.password_hash.split("$")[3] == hash_password("x").split("$")[3]


def test_the_core_never_imports_a_face() -> None:
    import subprocess
    import sys

    code = (
        "import sys, techzone.accounts, techzone.accounts.demo, techzone.accounts.audit_view; "
        "faces = [m for m in sys.modules if m.startswith(('techzone.web', 'techzone.cli', "
        "'fastapi'))]; print(faces); sys.exit(1 if faces else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sessions_expire_idle_and_absolute_on_both_stores(store: Store) -> None:
    from techzone.accounts import ABSOLUTE_LIFETIME, IDLE_TIMEOUT, close_session

    load_demo(store, enterprises=3, seed=1)
    _zone_account(store)
    with store.transaction() as session:
        account = session.scalar(select(Account).where(Account.username == "officer"))
        assert account is not None
        opened = open_session(session, account, now=NOW)
        other = open_session(session, account, now=NOW)
    assert opened.token != other.token and opened.csrf_token != other.csrf_token
    moment = NOW
    with store.transaction() as session:
        # Seen just before the idle limit, again and again: alive until the absolute limit.
        while moment + IDLE_TIMEOUT - timedelta(seconds=1) < NOW + ABSOLUTE_LIFETIME:
            moment += IDLE_TIMEOUT - timedelta(seconds=1)
            found = find_session(session, opened.token, now=moment)
            assert found is not None and found.account.username == "officer"
        assert find_session(session, opened.token, now=NOW + ABSOLUTE_LIFETIME) is None
        # Never seen again: ends at the idle limit, not a moment later.
        assert find_session(session, other.token, now=NOW + IDLE_TIMEOUT) is None
    with store.transaction() as session:
        third = open_session(session, account, now=NOW)
        close_session(session, third.token)
        assert find_session(session, third.token, now=NOW) is None
        assert find_session(session, "not-a-token", now=NOW) is None
