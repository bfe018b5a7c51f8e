"""Migration 0022 (attempts counted per client address where no account holds the count): the
table takes a registration attempt and an unknown username's failure with its indexes; downgrade
removes it and upgrade makes it again; on both stores."""

from __future__ import annotations

import sqlalchemy as sa

from techzone.store.database import create_store_engine, migrate
from tests.store.test_name_trigram_migration import migrate_down


def _tables(engine: sa.Engine) -> set[str]:
    with engine.connect() as db:
        return set(sa.inspect(db).get_table_names())


def test_up_and_down(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    migrate(engine, "0021_drop_failed_logins")
    assert "address_attempt" not in _tables(engine)
    migrate(engine, "0022_address_attempt")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO address_attempt (kind, address, username, at, failed) VALUES"
            " ('register', '198.51.100.7', NULL, '2026-06-30 09:00:00', true),"
            " ('login', '2001:db8:1:2::/64', 'nobody', '2026-06-30 09:00:00', true)"
        ))  # fmt: skip
        assert db.scalar(sa.text("SELECT count(*) FROM address_attempt")) == 2
        indexes = {index["name"] for index in sa.inspect(db).get_indexes("address_attempt")}
    assert {"ix_address_attempt_kind_address", "ix_address_attempt_at"} <= indexes
    migrate_down(engine, "0021_drop_failed_logins")
    assert "address_attempt" not in _tables(engine)
    migrate(engine)
    assert "address_attempt" in _tables(engine)
    engine.dispose()


def test_down_past_0021_and_up_again_keeps_sessions_and_failures(
    empty_url: str,
) -> None:
    # A database at the head holding an open session, a failure whose lock is under way and
    # attempts of both kinds: down to 0020 and up again, only the attempts (0022's own table)
    # go; the officer stays logged in and the lock stays.
    engine = create_store_engine(empty_url)
    migrate(engine, "0022_address_attempt")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO account (id, username, password_hash, role, zone, disabled,"
            " locked_until, created_at) VALUES (1, 'officer', 'h', 'zone', 'GS-BY', false,"
            " NULL, '2026-01-01 00:00:00')"
        ))  # fmt: skip
        db.execute(sa.text(
            "INSERT INTO web_session (token_hash, account_id, csrf_token, created_at,"
            " last_seen_at, expires_at) VALUES ('t', 1, 'c', '2026-06-30 09:00:00',"
            " '2026-06-30 09:00:00', '2026-06-30 21:00:00')"
        ))  # fmt: skip
        db.execute(sa.text(
            "INSERT INTO login_failure (account_id, address, failed_at, locked_until) VALUES"
            " (1, '198.51.100.7', '2026-06-30 09:00:00', '2026-06-30 09:15:00')"
        ))  # fmt: skip
        db.execute(sa.text(
            "INSERT INTO address_attempt (kind, address, username, at, failed) VALUES"
            " ('login', '198.51.100.7', 'nobody', '2026-06-30 09:00:00', true)"
        ))  # fmt: skip
    migrate_down(engine, "0020_login_failure")
    migrate(engine)
    with engine.connect() as db:
        assert db.scalar(sa.text("SELECT count(*) FROM web_session")) == 1
        assert db.scalar(sa.text("SELECT username FROM account")) == "officer"
        assert db.execute(sa.text("SELECT address, locked_until FROM login_failure")).one()[1]
        assert db.scalar(sa.text("SELECT count(*) FROM address_attempt")) == 0
    engine.dispose()
