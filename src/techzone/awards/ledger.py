"""Recording a year's entitlements: upserted by id, so recording again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from techzone.glossary import yuan
from techzone.model import Entitlement


def record(session: Session, found: pl.DataFrame, year: int) -> int:
    """Upsert ``found`` into the ledger; return how many entitlements it holds for the year."""
    table = Entitlement.__table__
    assert isinstance(table, Table)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "id": row["entitlement_id"],
            "policy_id": row["policy_id"],
            "uscc": row["uscc"],
            "trigger_id": row["trigger_id"],
            "trigger_date": row["trigger_date"],
            "year": year,
            "status": row["status"],
            "amount_min": yuan(row["amount_min"]),
            "amount_max": yuan(row["amount_max"]),
            "planned": yuan(row["planned"]),
            "stacking_note": row["stacking_note"],
            "recorded_at": now,
        }
        for row in found.iter_rows(named=True)
    ]
    if rows:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table)
        updated = {name: statement.excluded[name] for name in rows[0] if name != "id"}
        session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=updated), rows)
    return session.query(Entitlement).filter(Entitlement.year == year).count()
