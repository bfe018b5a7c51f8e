"""Failed logins counted per account and client address (issue #14): one address's failures lock
that address only; many addresses together lock the account; on both stores where it matters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from techzone.access import Role
from techzone.accounts import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    MAX_FAILED_LOGINS_ACCOUNT,
    Binding,
    authenticate,
    create_account,
    reset_password,
)
from techzone.accounts.service import (
    WRONG_CREDENTIALS,
    account_state,
    address_locks,
    find_account,
    throttle_address,
)
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.model import Account, AddressAttempt, AuditEntry, LoginFailure
from techzone.store import Store

ACTOR = Actor(name="管理员", source="测试")
NOW = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
PASSWORD = "right-password"
HOME, ELSEWHERE, THIRD = "198.51.100.7", "203.0.113.9", "192.0.2.33"
TICK = timedelta(microseconds=1)


def _officer(store: Store) -> None:
    load_demo(store, enterprises=3, seed=1)
    with store.transaction() as session:
        create_account(session, ACTOR, "officer", PASSWORD, Role.ZONE, Binding(zone="GS-BY"))


def _try(
    store: Store, password: str, source: str, at: datetime, username: str = "officer"
) -> str | None:
    """The refusal, or None when the login succeeds."""
    with store.transaction() as session:
        outcome = authenticate(session, username, password, now=at, source=source)
        return None if outcome.account is not None else outcome.refusal


def _fail(store: Store, source: str, at: datetime, times: int = 1) -> None:
    for _ in range(times):
        assert _try(store, "wrong", source, at) == WRONG_CREDENTIALS


def test_one_address_is_locked_and_another_still_logs_in(store: Store) -> None:
    _officer(store)
    _fail(store, ELSEWHERE, NOW, MAX_FAILED_LOGINS - 1)
    # The fifth failure within the window, a moment before it closes, locks that address.
    fifth = NOW + LOCKOUT - TICK
    _fail(store, ELSEWHERE, fifth)
    refusal = _try(store, PASSWORD, ELSEWHERE, fifth)
    assert refusal is not None and "锁定" in refusal
    # The officer at another address is not kept out, and that success lifts no one else's lock.
    assert _try(store, PASSWORD, HOME, fifth) is None
    refusal = _try(store, PASSWORD, ELSEWHERE, fifth + LOCKOUT - TICK)
    assert refusal is not None and "锁定" in refusal
    # The lock lasts LOCKOUT from the failure that set it, and not a moment longer.
    assert _try(store, PASSWORD, ELSEWHERE, fifth + LOCKOUT) is None


def test_five_failures_lock_only_within_the_window(store: Store) -> None:
    _officer(store)
    _fail(store, ELSEWHERE, NOW, MAX_FAILED_LOGINS - 1)
    # The fifth exactly LOCKOUT after the first four: those no longer count.
    _fail(store, ELSEWHERE, NOW + LOCKOUT)
    _fail(store, ELSEWHERE, NOW + LOCKOUT, MAX_FAILED_LOGINS - 2)
    # Four in the window now: the right password still works.
    assert _try(store, PASSWORD, ELSEWHERE, NOW + LOCKOUT) is None
    with store.transaction() as session:
        # Old rows are gone as the account is tried again; the success cleared the address.
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_a_success_clears_its_own_address_only(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    _fail(sqlite_store, HOME, NOW, MAX_FAILED_LOGINS - 1)
    _fail(sqlite_store, ELSEWHERE, NOW, MAX_FAILED_LOGINS - 1)
    assert _try(sqlite_store, PASSWORD, HOME, NOW) is None
    _fail(sqlite_store, HOME, NOW, MAX_FAILED_LOGINS - 1)
    assert _try(sqlite_store, PASSWORD, HOME, NOW) is None
    # ELSEWHERE kept its four: one more locks it.
    _fail(sqlite_store, ELSEWHERE, NOW)
    refusal = _try(sqlite_store, PASSWORD, ELSEWHERE, NOW)
    assert refusal is not None and "锁定" in refusal


def test_many_addresses_together_lock_the_account(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    guessers = [f"10.0.0.{number}" for number in range(1, 10)]
    full, rest = divmod(MAX_FAILED_LOGINS_ACCOUNT - 1, MAX_FAILED_LOGINS)
    for guesser in guessers[:full]:
        _fail(sqlite_store, guesser, NOW, MAX_FAILED_LOGINS)
    _fail(sqlite_store, guessers[full], NOW, rest)
    # One failure short of the account's bound: the officer still logs in from home.
    assert _try(sqlite_store, PASSWORD, HOME, NOW) is None
    _fail(sqlite_store, guessers[full + 1], NOW)
    refusal = _try(sqlite_store, PASSWORD, HOME, NOW + LOCKOUT - TICK)
    assert refusal is not None and "该账号" in refusal and "锁定" in refusal
    assert _try(sqlite_store, PASSWORD, HOME, NOW + LOCKOUT) is None


def test_failures_and_locks_are_audited_with_the_address(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    _fail(sqlite_store, ELSEWHERE, NOW, MAX_FAILED_LOGINS)
    with sqlite_store.transaction() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.source)
            .where(AuditEntry.entity_key == "officer", AuditEntry.action != "account.create")
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(entry) for entry in entries] == [("account.login_failed", ELSEWHERE)] * (
        MAX_FAILED_LOGINS - 1
    ) + [("account.lock", ELSEWHERE)]


def test_a_password_reset_lifts_every_lock(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    _fail(sqlite_store, ELSEWHERE, NOW, MAX_FAILED_LOGINS)
    with sqlite_store.transaction() as session:
        reset_password(session, ACTOR, "officer", "new-password-2", reason="忘记密码")
    assert _try(sqlite_store, "new-password-2", ELSEWHERE, NOW) is None


@pytest.mark.parametrize(
    ("source", "counted_as"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("testclient", "testclient"),
    ],
)
def test_an_ipv6_subscriber_counts_as_one_address(source: str, counted_as: str) -> None:
    assert throttle_address(source) == counted_as


def test_the_addresses_of_one_ipv6_network_share_a_lock(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    for host in range(1, MAX_FAILED_LOGINS + 1):
        _fail(sqlite_store, f"2001:db8:1:2::{host}", NOW)
    refusal = _try(sqlite_store, PASSWORD, "2001:db8:1:2::99", NOW)
    assert refusal is not None and "锁定" in refusal
    assert _try(sqlite_store, PASSWORD, "2001:db8:1:3::1", NOW) is None


def test_the_demo_accounts_come_back_unlocked(sqlite_store: Store) -> None:
    from techzone.accounts.demo import create_demo_accounts

    load_demo(sqlite_store, enterprises=3, seed=1)
    with sqlite_store.transaction() as session:
        (zone,) = [made for made in create_demo_accounts(session, ACTOR) if made.role is Role.ZONE]
    with sqlite_store.transaction() as session:
        for _ in range(MAX_FAILED_LOGINS):
            authenticate(session, zone.username, "wrong", now=NOW, source=ELSEWHERE)
    with sqlite_store.transaction() as session:
        create_demo_accounts(session, ACTOR)
    with sqlite_store.transaction() as session:
        outcome = authenticate(session, zone.username, zone.password, now=NOW, source=ELSEWHERE)
        assert outcome.account is not None


def test_the_username_typed_another_way_is_no_way_round_a_lock(store: Store) -> None:
    # Failures are counted on the account found, so spaces around the name count on the same
    # account; a name in other letters is no account at all, even with the right password.
    _officer(store)
    for typed in (" officer", "officer ", "\tofficer", " officer ", "officer"):
        with store.transaction() as session:
            refused = authenticate(session, typed, "wrong", now=NOW, source=ELSEWHERE).refusal
        assert refused == WRONG_CREDENTIALS
    for typed in ("officer", " officer "):
        refusal = _try_as(store, typed, ELSEWHERE)
        assert refusal is not None and "锁定" in refusal
    assert _try_as(store, "OFFICER", ELSEWHERE) == WRONG_CREDENTIALS
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == MAX_FAILED_LOGINS


def _try_as(store: Store, username: str, source: str) -> str | None:
    with store.transaction() as session:
        outcome = authenticate(session, username, PASSWORD, now=NOW, source=source)
        return None if outcome.account is not None else outcome.refusal


def test_an_unknown_username_meets_the_same_count_and_answer(store: Store) -> None:
    # An account and a username no account has, tried alike from one address: every answer is
    # the same, the lock included, at the same try and for the same time.
    _officer(store)
    moments = [NOW] * (MAX_FAILED_LOGINS - 1) + [NOW + LOCKOUT - TICK]
    answers: dict[str, list[str | None]] = {"officer": [], "nobody": []}
    for username, said in answers.items():
        for at in moments:
            said.append(_try(store, "wrong", ELSEWHERE, at, username))
        fifth = moments[-1]
        for at in (fifth, fifth + LOCKOUT - TICK, fifth + LOCKOUT):
            said.append(_try(store, "wrong", ELSEWHERE, at, username))
    assert answers["officer"] == answers["nobody"]
    told = answers["nobody"]
    assert told[:MAX_FAILED_LOGINS] == [WRONG_CREDENTIALS] * MAX_FAILED_LOGINS
    assert all("锁定" in (answer or "") for answer in told[MAX_FAILED_LOGINS:-1])
    # The lock ends LOCKOUT after the fifth failure, as an account's does.
    assert told[-1] == WRONG_CREDENTIALS
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 1


def test_an_unknown_username_is_counted_per_address_and_within_the_window(
    sqlite_store: Store,
) -> None:
    _fail(sqlite_store, ELSEWHERE, NOW, MAX_FAILED_LOGINS - 1)  # "officer" exists nowhere here
    # The fifth exactly LOCKOUT after the first four: those no longer count.
    _fail(sqlite_store, ELSEWHERE, NOW + LOCKOUT)
    assert _try(sqlite_store, "wrong", ELSEWHERE, NOW + LOCKOUT) == WRONG_CREDENTIALS
    _fail(sqlite_store, ELSEWHERE, NOW + LOCKOUT, MAX_FAILED_LOGINS - 2)
    refusal = _try(sqlite_store, "wrong", ELSEWHERE, NOW + LOCKOUT)
    assert refusal is not None and "锁定" in refusal
    # Another address, and another username from the same address, are not held by it.
    assert _try(sqlite_store, "wrong", HOME, NOW + LOCKOUT) == WRONG_CREDENTIALS
    assert _try(sqlite_store, "wrong", ELSEWHERE, NOW + LOCKOUT, "somebody") == WRONG_CREDENTIALS
    # Rows that neither count nor lock go as names are tried again.
    _fail(sqlite_store, THIRD, NOW + 3 * LOCKOUT)
    with sqlite_store.transaction() as session:
        left = session.scalars(select(AddressAttempt.address)).all()
    assert left == [THIRD]


def _state(store: Store, at: datetime) -> str:
    with store.transaction() as session:
        account = find_account(session, "officer")
        assert account is not None
        return account_state(account, address_locks(session, at).get(account.id), at)


def test_the_list_says_which_locks_hold(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    assert _state(sqlite_store, NOW) == "正常"
    # Two addresses locked out, the second a minute later: 09:16 UTC is 17:16 Beijing time.
    _fail(sqlite_store, ELSEWHERE, NOW, MAX_FAILED_LOGINS)
    later = NOW + timedelta(minutes=1)
    _fail(sqlite_store, THIRD, later, MAX_FAILED_LOGINS)
    # A locked address tried again adds no row that counts it twice.
    _try(sqlite_store, "wrong", THIRD, later)
    assert _state(sqlite_store, later) == "2个地址已锁定至17:16"
    assert _state(sqlite_store, NOW + LOCKOUT - TICK) == "2个地址已锁定至17:16"
    assert _state(sqlite_store, NOW + LOCKOUT) == "1个地址已锁定至17:16"
    assert _state(sqlite_store, later + LOCKOUT) == "正常"


def test_the_list_says_an_account_wide_lock_apart(sqlite_store: Store) -> None:
    _officer(sqlite_store)
    guessers = [f"192.0.2.{host}" for host in range(1, 5)]
    for guesser in guessers:
        _fail(sqlite_store, guesser, NOW, MAX_FAILED_LOGINS)
    # The 20th failure locked the account and not its own address (the account lock came
    # first); the three addresses locked before it are said too.
    assert _state(sqlite_store, NOW) == "账号已锁定至17:15；3个地址已锁定至17:15"
    assert _state(sqlite_store, NOW + LOCKOUT) == "曾被锁定"
