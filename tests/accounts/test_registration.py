"""Registration by USCC in the core, on both stores: pending cannot log in, an officer of the
enterprise's zone or park decides, others cannot; each step audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from techzone.access import Role, Scope
from techzone.accounts import AccountError, authenticate
from techzone.accounts.registration import (
    MAX_REGISTER_ATTEMPTS,
    MAX_REGISTER_REFUSALS,
    REGISTER_WINDOW,
    count_registration,
    decide_registration,
    invite_enterprise,
    register_enterprise,
    registrations,
)
from techzone.audit import Actor
from techzone.demo.load import load_demo
from techzone.model import Account, AddressAttempt, AuditEntry, Enterprise, Park, Zone
from techzone.model.codes import Ownership
from techzone.store import Store

NOW = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
OFFICER = Actor(name="officer", source="测试", role="zone")
PASSWORD = "enterprise-pass-1"


def _enterprises(store: Store) -> list[tuple[str, str, str]]:
    with store.transaction() as session:
        rows = session.execute(
            select(Enterprise.uscc, Zone.code, Park.code)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .order_by(Enterprise.uscc)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def test_register_decide_and_log_in(store: Store) -> None:
    load_demo(store, enterprises=12, seed=3)
    uscc, zone, park = _enterprises(store)[0]
    other_zone = next(z for _, z, _ in _enterprises(store) if z != zone)
    with store.transaction() as session:
        account = register_enterprise(session, "firm-a", PASSWORD, uscc, source="测试", now=NOW)
        assert account.verification == "pending"
        assert (account.zone, account.uscc) == (zone, uscc)
    with store.transaction() as session:
        login = authenticate(session, "firm-a", PASSWORD, now=NOW, source="测试")
        assert login.account is None and "待审核" in (login.refusal or "")
        assert [r.username for r in registrations(session, Scope(role=Role.ZONE, zone=zone))] == [
            "firm-a"
        ]
        assert registrations(session, Scope(role=Role.ZONE, zone=other_zone)) == []
        with pytest.raises(AccountError, match="管辖范围"):
            decide_registration(
                session, OFFICER, Scope(role=Role.ZONE, zone=other_zone), "firm-a", True
            )
    with store.transaction() as session, pytest.raises(AccountError, match="审核"):
        decide_registration(
            session, OFFICER, Scope(role=Role.PROVINCE, province="甘肃省"), "firm-a", True
        )
    with store.transaction() as session:
        decide_registration(
            session, OFFICER, Scope(role=Role.PARK, zone=zone, park=park), "firm-a", True
        )
    with store.transaction() as session:
        assert authenticate(session, "firm-a", PASSWORD, now=NOW, source="测试").account is not None
        actions = list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity_key == "firm-a")
                .order_by(AuditEntry.id)
            )
        )
    assert actions[:3] == ["account.create", "account.register", "account.verify"]


def test_a_code_the_register_does_not_hold_is_answered_as_any_other(store: Store) -> None:
    # Refusing it told anyone which firms are in a zone's register (an enumeration).
    load_demo(store, enterprises=3, seed=3)
    unknown = "91110000600037341L"
    held_uscc, held_zone, _ = _enterprises(store)[0]
    with store.transaction() as session:
        held = register_enterprise(session, "firm-held", PASSWORD, held_uscc, source="测试")
        absent = register_enterprise(session, "firm-absent", PASSWORD, unknown, source="测试")
        assert (held.verification, absent.verification) == ("pending", "pending")
        assert (held.zone, absent.zone, absent.uscc) == (held_zone, None, unknown)
        # The malformed code is refused: its check digit is public arithmetic, no register's.
        with pytest.raises(AccountError, match="统一社会信用代码"):
            register_enterprise(session, "firm-c", PASSWORD, "91110000600037341X", source="测试")
    with store.transaction() as session:
        refusals = {
            name: authenticate(session, name, PASSWORD, now=NOW, source="测试").refusal
            for name in ("firm-held", "firm-absent")
        }
        assert refusals["firm-held"] == refusals["firm-absent"] and "待审核" in (
            refusals["firm-held"] or ""
        )
        zones = set(session.scalars(select(Zone.code)))
        listed = {
            r.username
            for zone in zones
            for r in registrations(session, Scope(role=Role.ZONE, zone=zone))
        }
        assert listed == {"firm-held"}
        # Entered in the register later: its zone's officers see the request and decide it.
        park_id = session.scalar(select(Enterprise.park_id).where(Enterprise.uscc == held_uscc))
        session.add(
            Enterprise(uscc=unknown, name="后登记企业", park_id=park_id,
                       registered_on=NOW.date(), ownership=Ownership.PRIVATE)
        )  # fmt: skip
        session.flush()
        scope = Scope(role=Role.ZONE, zone=held_zone)
        assert {r.username for r in registrations(session, scope)} == {"firm-held", "firm-absent"}
        decided = decide_registration(session, OFFICER, scope, "firm-absent", True)
        assert (decided.verification, decided.zone) == (None, held_zone)


def test_the_officer_sees_the_accounts_an_enterprise_already_has(store: Store) -> None:
    load_demo(store, enterprises=3, seed=3)
    uscc, zone, _ = _enterprises(store)[0]
    with store.transaction() as session:
        invite_enterprise(
            session, OFFICER, Scope(role=Role.ZONE, zone=zone), "firm-first", PASSWORD, uscc
        )
        # The public answer to a second registration is the same as to the first.
        again = register_enterprise(session, "firm-again", PASSWORD, uscc, source="测试")
        assert again.verification == "pending"
        (listed,) = registrations(session, Scope(role=Role.ZONE, zone=zone))
        assert (listed.username, listed.others) == ("firm-again", ("firm-first",))


def test_invite_only_in_scope(store: Store) -> None:
    load_demo(store, enterprises=12, seed=3)
    uscc, zone, _ = _enterprises(store)[0]
    other_zone = next(z for _, z, _ in _enterprises(store) if z != zone)
    with store.transaction() as session:
        with pytest.raises(AccountError, match="管辖范围"):
            invite_enterprise(
                session, OFFICER, Scope(role=Role.ZONE, zone=other_zone), "firm-c", PASSWORD, uscc
            )
        made = invite_enterprise(
            session, OFFICER, Scope(role=Role.ZONE, zone=zone), "firm-c", PASSWORD, uscc, now=NOW
        )
        assert made.verification is None


OFFICE, ELSEWHERE = "198.51.100.7", "203.0.113.9"
TICK = timedelta(microseconds=1)


def _attempt(store: Store, username: str, uscc: str, source: str, at: datetime) -> str | None:
    """A registration as the web form makes it: counted in a transaction of its own, then made
    in another; the refusal, or None when the request is taken."""
    try:
        with store.transaction() as session:
            attempt = count_registration(session, source=source, now=at)
        with store.transaction() as session:
            register_enterprise(
                session, username, PASSWORD, uscc, source=source, now=at, attempt=attempt
            )
    except AccountError as error:
        return str(error)
    return None


def _accounts(store: Store) -> int:
    with store.transaction() as session:
        return len(session.scalars(select(Account.id)).all())


def test_refused_registrations_are_counted_per_address(store: Store) -> None:
    load_demo(store, enterprises=3, seed=3)
    uscc = _enterprises(store)[0][0]
    assert _attempt(store, "firm-0", uscc, OFFICE, NOW) is None
    # Probing usernames: each refusal rolls back its registration, and is counted all the same.
    first = NOW + timedelta(minutes=1)
    for number in range(MAX_REGISTER_REFUSALS):
        at = first if number == 0 else NOW + timedelta(minutes=2)
        assert _attempt(store, "firm-0", uscc, OFFICE, at) == "用户名「firm-0」已被使用"
    later = NOW + timedelta(minutes=3)
    refusal = _attempt(store, "firm-new", uscc, OFFICE, later)
    # Until the first refusal leaves the hour: 10:01 UTC, 18:01 Beijing time.
    assert refusal is not None and "从本处提交的注册过多" in refusal and "18:01" in refusal
    assert _attempt(store, "firm-new", uscc, OFFICE, first + REGISTER_WINDOW - TICK) == refusal
    # Another address is not held by it.
    assert _attempt(store, "firm-there", uscc, ELSEWHERE, later) is None
    assert _attempt(store, "firm-new", uscc, OFFICE, first + REGISTER_WINDOW) is None
    assert _accounts(store) == 3


def test_a_training_session_of_thirty_firms_is_never_stopped(sqlite_store: Store) -> None:
    load_demo(sqlite_store, enterprises=3, seed=3)
    uscc = _enterprises(sqlite_store)[0][0]
    # Thirty firms from one office's address within the hour, each after one mistake (the
    # username another firm took): every one registers.
    firms = MAX_REGISTER_ATTEMPTS // 2
    assert firms == MAX_REGISTER_REFUSALS == 30
    for number in range(firms):
        at = NOW + timedelta(minutes=number)
        if number:
            assert _attempt(sqlite_store, "firm-0", uscc, OFFICE, at) is not None
        assert _attempt(sqlite_store, f"firm-{number}", uscc, OFFICE, at) is None
    assert _accounts(sqlite_store) == firms
    # That was 59 attempts, 29 refused: one more refused attempt is still taken (and refused by
    # the register), then the address is at both bounds: it waits for its first refusal (09:01
    # UTC) to leave the hour, 18:01 Beijing time, although its first attempt left at 18:00.
    last = NOW + timedelta(minutes=firms)
    assert _attempt(sqlite_store, "firm-0", uscc, OFFICE, last) == "用户名「firm-0」已被使用"
    refusal = _attempt(sqlite_store, "firm-x", uscc, OFFICE, last)
    assert refusal is not None and "18:01" in refusal
    first_refusal = NOW + timedelta(minutes=1)
    assert _attempt(sqlite_store, "firm-x", uscc, OFFICE, NOW + REGISTER_WINDOW) == refusal
    moment = first_refusal + REGISTER_WINDOW
    assert _attempt(sqlite_store, "firm-x", uscc, OFFICE, moment - TICK) == refusal
    assert _attempt(sqlite_store, "firm-x", uscc, OFFICE, moment) is None
    # The attempts bound alone: successes only, no refusal among them.
    with sqlite_store.transaction() as session:
        session.execute(delete(AddressAttempt))
    start = NOW + 2 * REGISTER_WINDOW
    for number in range(MAX_REGISTER_ATTEMPTS):
        assert _attempt(sqlite_store, f"busy-{number}", uscc, OFFICE, start) is None
    assert "从本处提交的注册过多" in (_attempt(sqlite_store, "busy-x", uscc, OFFICE, start) or "")


def test_attempts_left_over_are_deleted(sqlite_store: Store) -> None:
    load_demo(sqlite_store, enterprises=3, seed=3)
    uscc = _enterprises(sqlite_store)[0][0]
    assert _attempt(sqlite_store, "firm-a", uscc, OFFICE, NOW) is None
    assert _attempt(sqlite_store, "firm-b", uscc, ELSEWHERE, NOW + REGISTER_WINDOW) is None
    with sqlite_store.transaction() as session:
        left = session.execute(select(AddressAttempt.address, AddressAttempt.failed)).all()
    assert [tuple(row) for row in left] == [(ELSEWHERE, False)]
