"""The connection pool: connections kept between requests, tested only after lying idle, and
the login's lookup run without a transaction — with the same answers as before."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, event, func, select, text

from techzone.access import Role
from techzone.accounts import IDLE_TIMEOUT, live_session, open_session
from techzone.accounts.sessions import TOUCH_INTERVAL
from techzone.model import Account, WebSession
from techzone.store import Store, database, open_store
from tests.postgres import PostgresServer

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_numbers = itertools.count()


@pytest.fixture
def pg_store(postgres: PostgresServer) -> Iterator[Store]:
    store = open_store(postgres.create_database(f"techzone_pool_{next(_numbers)}"))
    try:
        yield store
    finally:
        store.dispose()


def _backend(store: Store) -> int:
    with store.transaction() as session:
        pid = session.scalar(text("SELECT pg_backend_pid()"))
    assert isinstance(pid, int)
    return pid


@pytest.mark.postgres
def test_connections_given_back_are_kept_for_the_next_requests(pg_store: Store) -> None:
    opened: list[object] = []
    event.listen(pg_store.engine.pool, "connect", lambda *_: opened.append(1))

    def many_at_once() -> None:
        # More at once than SQLAlchemy's default pool keeps (5).
        held = [pg_store.engine.connect() for _ in range(database.POOL_SIZE)]
        for connection in held:
            connection.close()

    many_at_once()
    assert opened  # some were opened then
    opened.clear()
    many_at_once()
    assert opened == []  # and all of them kept


@pytest.mark.postgres
def test_a_connection_that_died_while_idle_is_replaced_before_use(
    pg_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pid(connection: Connection) -> int:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())

    idle, other = pg_store.engine.connect(), pg_store.engine.connect()
    dead = pid(idle)
    idle.close()  # back in the pool
    # The other connection ends the idle one's server process, as a server restart would.
    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead})
    other.close()
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)
    both = [pg_store.engine.connect(), pg_store.engine.connect()]
    # No error: the dead one was tested, found dead and replaced.
    assert dead not in [pid(connection) for connection in both]
    for connection in both:
        connection.close()


@pytest.mark.postgres
def test_a_connection_used_a_moment_ago_is_not_tested_again(
    pg_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _backend(pg_store)
    pings: list[object] = []
    dialect = pg_store.engine.dialect

    def ping(connection: object) -> bool:
        pings.append(connection)
        return True

    monkeypatch.setattr(dialect, "do_ping", ping)
    _backend(pg_store)
    assert pings == []
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)
    _backend(pg_store)
    assert len(pings) == 1


def test_the_lookup_outside_a_transaction_renews_and_ends_sessions_as_before(
    store: Store,
) -> None:
    with store.transaction() as session:
        account = Account(
            username="pool",
            password_hash="-",
            role=Role.ZONE.value,
            disabled=False,
            created_at=NOW,
            zone="GS-LZ",
        )
        session.add(account)
        session.flush()
        token = open_session(session, account, now=NOW).token

    def seen() -> tuple[datetime, datetime] | None:
        with store.transaction() as session:
            row = session.execute(select(WebSession.last_seen_at, WebSession.expires_at)).first()
        return None if row is None else (row[0].replace(tzinfo=UTC), row[1].replace(tzinfo=UTC))

    # Within the touch interval: found, nothing written.
    with store.autocommit() as session:
        assert live_session(session, token, now=NOW + TOUCH_INTERVAL / 2) is not None
    assert seen() == (NOW, NOW + IDLE_TIMEOUT)
    # At it: the renewal is written, and kept without a transaction's commit.
    later = NOW + TOUCH_INTERVAL
    with store.autocommit() as session:
        assert live_session(session, token, now=later) is not None
    assert seen() == (later, later + IDLE_TIMEOUT)
    # Expired: not found, and deleted.
    with store.autocommit() as session:
        assert live_session(session, token, now=later + IDLE_TIMEOUT) is None
    assert seen() is None
    with store.transaction() as session:
        assert session.scalar(select(func.count(WebSession.id))) == 0
