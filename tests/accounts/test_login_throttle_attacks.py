"""Second review of the unknown-username lock and the registration bound (webguard2): a prober
who shares an officer's address and types the officer's name another way, the work a known and
an unknown username cost at every try, and the two kinds of address attempts kept apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from techzone.access import Role
from techzone.accounts import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    AccountError,
    Binding,
    authenticate,
    create_account,
)
from techzone.accounts import service as accounts_service
from techzone.accounts.passwords import verify_password
from techzone.accounts.registration import (
    MAX_REGISTER_REFUSALS,
    REGISTER_WINDOW,
    count_registration,
)
from techzone.accounts.service import WRONG_CREDENTIALS
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.model import AddressAttempt, AuditEntry, LoginFailure
from techzone.store import Store

ACTOR = Actor(name="管理员", source="测试")
NOW = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
PASSWORD = "right-password"
OFFICE = "198.51.100.7"  # one NAT address: the officer and the prober behind it
TICK = timedelta(microseconds=1)


def _officer(store: Store) -> None:
    load_demo(store, enterprises=1, seed=1)
    with store.transaction() as session:
        create_account(session, ACTOR, "officer", PASSWORD, Role.ZONE, Binding(zone="GS-BY"))


def _try(store: Store, username: str, password: str, at: datetime) -> str | None:
    with store.transaction() as session:
        outcome = authenticate(session, username, password, now=at, source=OFFICE)
        return None if outcome.account is not None else outcome.refusal


def test_the_officer_s_name_typed_another_way_locks_only_that_spelling(store: Store) -> None:
    # Other letters (case, full-width, a zero-width space) name no account: each is a username
    # of its own, locked on its own, and the officer at the same address is not held by it.
    _officer(store)
    lookalikes = ("OFFICER", "Officer", "ｏｆｆｉｃｅｒ", "officer\u200b")
    for typed in lookalikes:
        for _ in range(MAX_FAILED_LOGINS):
            assert _try(store, typed, "wrong", NOW) == WRONG_CREDENTIALS
        assert "锁定" in (_try(store, typed, "wrong", NOW) or "")
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
        assert not session.scalars(select(AuditEntry.action)).all().count("account.lock")
    assert _try(store, "officer", PASSWORD, NOW) is None
    # A full-width space around the name is stripped as an ASCII one is: the officer's own
    # count, never a second key that would let one address try the account twice as often.
    for _ in range(MAX_FAILED_LOGINS):
        assert _try(store, "\u3000officer\u3000", "wrong", NOW) == WRONG_CREDENTIALS
    assert "锁定" in (_try(store, "officer", PASSWORD, NOW) or "")
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == MAX_FAILED_LOGINS
        kept = session.scalars(select(AddressAttempt.username).distinct()).all()
    assert sorted(name or "" for name in kept) == sorted(lookalikes)


def test_a_known_and_an_unknown_name_check_a_password_at_the_same_tries(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The time an answer takes is the password check's (Argon2): both names check one at
    # every try the password is looked at, and none while locked, the lock's end included.
    _officer(sqlite_store)
    checked: list[str | None] = []

    def counting(stored: str | None, password: str) -> bool:
        checked.append(stored)
        return verify_password(stored, password)

    monkeypatch.setattr(accounts_service, "verify_password", counting)
    fifth = NOW + timedelta(minutes=3)
    moments = [NOW] * (MAX_FAILED_LOGINS - 1) + [fifth, fifth, fifth + LOCKOUT - TICK]
    moments += [fifth + LOCKOUT, fifth + LOCKOUT]
    work: dict[str, list[int]] = {}
    for username in ("officer", "nobody"):
        work[username] = []
        for at in moments:
            before = len(checked)
            _try(sqlite_store, username, "wrong", at)
            work[username].append(len(checked) - before)
    assert work["officer"] == work["nobody"] == [1] * MAX_FAILED_LOGINS + [0, 0, 1, 1]


def test_login_attempts_and_registrations_neither_count_nor_clear_each_other(
    store: Store,
) -> None:
    # An unknown name's cleanup (rows older than LOCKOUT) must not take registrations still
    # within their hour, nor a registration's count include failed logins.
    def register(at: datetime) -> str | None:
        try:
            with store.transaction() as session:
                count_registration(session, source=OFFICE, now=at)
        except AccountError as error:
            return str(error)
        return None

    for _ in range(MAX_REGISTER_REFUSALS):
        assert register(NOW) is None  # never marked done: refused ones
    later = NOW + 2 * LOCKOUT
    assert _try(store, "nobody", "wrong", later) == WRONG_CREDENTIALS
    assert "从本处提交的注册过多" in (register(later) or "")
    assert register(NOW + REGISTER_WINDOW) is None
    with store.transaction() as session:
        kinds = session.scalars(select(AddressAttempt.kind).order_by(AddressAttempt.at)).all()
    assert kinds == ["login", "register"]
