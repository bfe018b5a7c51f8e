"""Migration 0020 (failed logins per account and address) on a store that already holds an
account: the account and its lock survive, the new table takes failures and cascades with its
account; downgrade removes the table and upgrade makes it again; on both stores."""

from __future__ import annotations

import sqlalchemy as sa

from techzone.store.database import create_store_engine, migrate
from tests.store.test_name_trigram_migration import migrate_down


def _tables(engine: sa.Engine) -> set[str]:
    with engine.connect() as db:
        return set(sa.inspect(db).get_table_names())


def test_up_and_down_keep_the_accounts(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    migrate(engine, "0019_case_unpaid_rest")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO account (id, username, password_hash, role, zone, disabled,"
            " failed_logins, locked_until, created_at) VALUES (1, 'officer', 'h', 'zone',"
            " 'GS-BY', false, 3, '2026-06-30 09:15:00', '2026-01-01 00:00:00')"
        ))  # fmt: skip
    assert "login_failure" not in _tables(engine)
    # Up to 0020 only: 0021 drops the column read below.
    migrate(engine, "0020_login_failure")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO login_failure (account_id, address, failed_at) VALUES"
            " (1, '198.51.100.7', '2026-06-30 09:00:00')"
        ))  # fmt: skip
        account = db.execute(
            sa.text("SELECT username, failed_logins, locked_until FROM account")
        ).one()
        indexes = {index["name"] for index in sa.inspect(db).get_indexes("login_failure")}
    assert account[:2] == ("officer", 3) and account[2] is not None
    assert "ix_login_failure_account_address" in indexes
    migrate_down(engine, "0019_case_unpaid_rest")
    assert "login_failure" not in _tables(engine)
    with engine.connect() as db:
        assert db.scalar(sa.text("SELECT count(*) FROM account")) == 1
    migrate(engine)
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO login_failure (account_id, address, failed_at) VALUES"
            " (1, '198.51.100.7', '2026-06-30 09:00:00')"
        ))  # fmt: skip
        # An account deleted takes its failures with it.
        db.execute(sa.text("DELETE FROM account"))
        assert db.scalar(sa.text("SELECT count(*) FROM login_failure")) == 0
    engine.dispose()
