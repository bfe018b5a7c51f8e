"""The audit log is append-only in the database itself and commits with the change it records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from techzone import audit
from techzone.model import AuditEntry
from techzone.store import Store


def test_an_entry_is_kept_with_before_and_after_as_plain_values(store: Store) -> None:
    actor = audit.Actor(name="zhang", source="10.0.0.8", role="zone")
    with store.transaction() as session:
        audit.record(
            session,
            actor,
            "record.update",
            "enterprise",
            "91620100MA00000001",
            before={"amount": Decimal("200000.00")},
            after={"amount": Decimal("50000.00")},
            reason="复核更正",
        )
    with store.transaction() as session:
        (entry,) = audit.entries(session, key="91620100MA00000001")
        assert (entry.actor, entry.source, entry.role) == ("zhang", "10.0.0.8", "zone")
        assert entry.before == {"amount": "200000.00"}
        assert entry.after == {"amount": "50000.00"}


def test_a_rolled_back_change_leaves_no_audit_row(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        audit.record(session, audit.Actor.command_line(), "record.update", "enterprise", "x")
        raise RuntimeError("the change failed")
    with store.transaction() as session:
        assert audit.entries(session) == []


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_the_database_refuses_to_rewrite_history(store: Store, statement: str) -> None:
    with store.transaction() as session:
        audit.record(session, audit.Actor.command_line(), "account.add", "account", "li")
    change = (
        update(AuditEntry).values(actor="someone else")
        if statement == "update"
        else delete(AuditEntry)
    )
    with pytest.raises(DBAPIError, match="审计日志只能追加"), store.transaction() as session:
        session.execute(change)
    with store.transaction() as session:
        assert session.execute(text("SELECT actor FROM audit_log")).scalars().all() != [
            "someone else"
        ]
        assert len(audit.entries(session)) == 1


def test_migration_0017_keeps_the_log_append_only_both_ways(store: Store) -> None:
    """Adding (and, downgraded, dropping) the zone column must not lose the triggers: a batch
    copy of the table on SQLite would have."""
    import sqlalchemy as sa

    from techzone.store.database import migrate
    from tests.store.test_name_trigram_migration import migrate_down

    with store.transaction() as session:
        audit.record(session, audit.Actor.command_line(), "account.add", "account", "li", zone="Z")
    migrate_down(store.engine, "0016_notice_contact")
    with store.engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("audit_log")}
    assert "zone" not in columns
    for attempt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="审计日志只能追加"), store.engine.begin() as db:
            db.execute(text(attempt))
    migrate(store.engine)
    with store.transaction() as session:
        (kept,) = audit.entries(session)
        assert (kept.entity_key, kept.zone) == ("li", None)
    with pytest.raises(DBAPIError, match="审计日志只能追加"), store.transaction() as session:
        session.execute(update(AuditEntry).values(zone="Z"))
