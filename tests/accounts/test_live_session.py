"""The web's one-query session lookup (``live_session``) against ``find_session`` with
``describe_scope`` and ``scope_of``, which it replaced on every request: the same caller, the same
reach in words, the same expiry, and the last-seen time written at most once a minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from techzone.access import Role
from techzone.accounts import (
    ABSOLUTE_LIFETIME,
    IDLE_TIMEOUT,
    describe_scope,
    find_session,
    live_session,
    open_session,
    scope_of,
)
from techzone.accounts.sessions import TOUCH_INTERVAL
from techzone.demo.load import load_demo
from techzone.model import Account, Park, WebSession, Zone
from techzone.store import Store

NOW = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)


def _account(store: Store, username: str, role: Role, **binding: str) -> str:
    """A session token for a new account bound as given (no checks: unknown codes too)."""
    with store.transaction() as session:
        account = Account(
            username=username,
            password_hash="-",
            role=role.value,
            disabled=False,
            created_at=NOW,
            **binding,
        )
        session.add(account)
        session.flush()
        return open_session(session, account, now=NOW).token


def _row(store: Store, token: str) -> WebSession | None:
    with store.transaction() as session:
        found = find_session(session, token, now=NOW)  # no renewal: seen at NOW
        if found is None:
            return None
        session.expunge(found)
        return found


def test_same_caller_and_reach_as_the_account_and_its_places(store: Store) -> None:
    load_demo(store, enterprises=3, seed=1)
    with store.transaction() as session:
        zone, park = session.execute(
            select(Zone.code, Park.code).join(Park, Park.zone_id == Zone.id).limit(1)
        ).one()
        province = session.scalar(select(Zone.province).where(Zone.code == zone))
    assert province is not None
    bindings: dict[str, tuple[Role, dict[str, str]]] = {
        "all": (Role.PROVINCE, {}),
        "province": (Role.PROVINCE, {"province": province}),
        "zone": (Role.ZONE, {"zone": zone}),
        "park": (Role.PARK, {"zone": zone, "park": park}),
        "unknown-zone": (Role.ZONE, {"zone": "XX-NONE"}),
        "unknown-park": (Role.PARK, {"zone": zone, "park": "NONE"}),
        "unit": (Role.UNIT, {"zone": zone, "unit": "科技局"}),
    }
    tokens = {name: _account(store, name, role, **b) for name, (role, b) in bindings.items()}
    reaches = set()
    for name, token in tokens.items():
        with store.transaction() as session:
            live = live_session(session, token, now=NOW)
            found = find_session(session, token, now=NOW)
            assert live is not None and found is not None, name
            account = found.account
            assert live.account_id == account.id and live.username == name
            assert live.role is Role(account.role)
            assert live.scope == scope_of(account)
            assert live.reach == describe_scope(session, account)
            assert live.csrf_token == found.csrf_token
            reaches.add(live.reach)
    assert len(reaches) == len(bindings)  # the names differ, so a mix-up would show
    with store.transaction() as session:
        assert live_session(session, "not-a-token", now=NOW) is None


def test_expiry_idle_and_absolute_and_the_row_deleted(store: Store) -> None:
    idle = _account(store, "idle", Role.PROVINCE)
    almost = _account(store, "almost", Role.PROVINCE)
    kept = _account(store, "kept", Role.PROVINCE)
    with store.transaction() as session:
        # Seen just before each idle limit, again and again: alive until the absolute limit.
        moment = NOW
        while moment + IDLE_TIMEOUT - timedelta(seconds=1) < NOW + ABSOLUTE_LIFETIME:
            moment += IDLE_TIMEOUT - timedelta(seconds=1)
            assert live_session(session, kept, now=moment) is not None
        assert live_session(session, kept, now=NOW + ABSOLUTE_LIFETIME) is None
        # Never seen since login: alive a second before the idle limit, ended at it.
        assert live_session(session, almost, now=NOW + IDLE_TIMEOUT - timedelta(seconds=1))
        assert live_session(session, idle, now=NOW + IDLE_TIMEOUT) is None
    assert _row(store, idle) is None and _row(store, kept) is None
    assert _row(store, almost) is not None
    with store.transaction() as session:
        assert list(session.scalars(select(Account.username).join(WebSession))) == ["almost"]


def test_disabled_account_loses_its_session(store: Store) -> None:
    token = _account(store, "officer", Role.PROVINCE)
    with store.transaction() as session:
        account = session.scalar(select(Account).where(Account.username == "officer"))
        assert account is not None
        account.disabled = True
    with store.transaction() as session:
        assert live_session(session, token, now=NOW) is None
    with store.transaction() as session:
        assert session.scalar(select(WebSession.id)) is None


def test_last_seen_written_at_most_once_a_minute(store: Store) -> None:
    token = _account(store, "officer", Role.PROVINCE)
    before = TOUCH_INTERVAL - timedelta(seconds=1)
    with store.transaction() as session:
        assert live_session(session, token, now=NOW + before) is not None
    row = _row(store, token)
    assert row is not None
    assert row.last_seen_at.replace(tzinfo=UTC) == NOW  # not written
    assert row.expires_at.replace(tzinfo=UTC) == NOW + IDLE_TIMEOUT
    with store.transaction() as session:
        assert live_session(session, token, now=NOW + TOUCH_INTERVAL) is not None
    row = _row(store, token)
    assert row is not None
    assert row.last_seen_at.replace(tzinfo=UTC) == NOW + TOUCH_INTERVAL
    assert row.expires_at.replace(tzinfo=UTC) == NOW + TOUCH_INTERVAL + IDLE_TIMEOUT
    # The idle limit counts from the last write: a request between writes does not move it.
    with store.transaction() as session:
        seen = NOW + TOUCH_INTERVAL + before
        assert live_session(session, token, now=seen) is not None
        assert live_session(session, token, now=NOW + TOUCH_INTERVAL + IDLE_TIMEOUT) is None
