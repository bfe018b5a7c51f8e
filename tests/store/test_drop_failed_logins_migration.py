"""Migration 0021 drops ``account.failed_logins`` (unread since 0020 counts failures per address):
the accounts, their sessions and their address failures survive it; downgrade gives the column
back (0 on every row); on both stores."""

from __future__ import annotations

import sqlalchemy as sa

from techzone.store.database import create_store_engine, migrate
from tests.store.test_name_trigram_migration import migrate_down


def _columns(engine: sa.Engine) -> set[str]:
    with engine.connect() as db:
        return {column["name"] for column in sa.inspect(db).get_columns("account")}


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as db:
        return int(db.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)


def test_drop_keeps_accounts_sessions_and_failures(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    migrate(engine, "0020_login_failure")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO account (id, username, password_hash, role, zone, disabled,"
            " failed_logins, locked_until, created_at) VALUES (1, 'officer', 'h', 'zone',"
            " 'GS-BY', false, 3, '2026-06-30 09:15:00', '2026-01-01 00:00:00')"
        ))  # fmt: skip
        db.execute(sa.text(
            "INSERT INTO web_session (token_hash, account_id, csrf_token, created_at,"
            " last_seen_at, expires_at) VALUES ('t', 1, 'c', '2026-06-30 09:00:00',"
            " '2026-06-30 09:00:00', '2026-06-30 21:00:00')"
        ))  # fmt: skip
        db.execute(sa.text(
            "INSERT INTO login_failure (account_id, address, failed_at) VALUES"
            " (1, '198.51.100.7', '2026-06-30 09:00:00')"
        ))  # fmt: skip
    migrate(engine, "0021_drop_failed_logins")
    assert "failed_logins" not in _columns(engine)
    assert {"username", "locked_until", "verification"} <= _columns(engine)
    with engine.connect() as db:
        account = db.execute(sa.text("SELECT username, locked_until FROM account")).one()
    assert account[0] == "officer" and account[1] is not None
    # Dropping the column in place touches no row: nothing cascades from the account.
    assert _count(engine, "web_session") == 1
    assert _count(engine, "login_failure") == 1
    migrate_down(engine, "0020_login_failure")
    assert "failed_logins" in _columns(engine)
    with engine.connect() as db:
        assert db.execute(sa.text("SELECT username, failed_logins FROM account")).one() == (
            "officer",
            0,
        )
    assert _count(engine, "web_session") == 1
    migrate(engine)
    assert "failed_logins" not in _columns(engine)
    engine.dispose()
