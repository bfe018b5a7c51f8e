"""Migration 0013 on a store that already holds pools and cases: each pool takes the one owner
its cases show (none where they show several or none); links and ids survive, on both stores."""

from __future__ import annotations

import sqlalchemy as sa

from techzone.store.database import create_store_engine, migrate


def test_existing_pools_take_the_owner_their_cases_show(empty_url: str) -> None:
    engine = create_store_engine(empty_url)
    migrate(engine, "0012_registration")
    with engine.begin() as db:
        db.execute(sa.text(
            "INSERT INTO zone (id, code, name, level, province, city, focus_industries) VALUES "
            "(1, 'GS-BY', '白银高新区', 'national', '甘肃省', '白银市', '[]')"
        ))  # fmt: skip
        db.execute(sa.text(
            "INSERT INTO fund_pool (id, key, year, payer, budget, warn_percent, updated_at,"
            " updated_by) VALUES (1, 'k', 2025, 'zone', 100, 90, '2026-01-01', 'x'),"
            " (2, 'k', 2026, 'zone', 100, 90, '2026-01-01', 'x'),"
            " (3, 'p', 2025, 'province', 100, 90, '2026-01-01', 'x'),"
            " (4, 'q', 2025, 'zone', 100, 90, '2026-01-01', 'x')"
        ))  # fmt: skip
        cases = [("GS-BY", 1), ("GS-BY", 2), ("GS-LZ", 2), ("GS-BY", 3)]
        for number, (zone, pool) in enumerate(cases, start=1):
            db.execute(sa.text(
                "INSERT INTO entitlement (id, policy_id, uscc, trigger_id, trigger_date, year,"
                " status, recorded_at, version) VALUES (:id, 'k', 'u', 't', '2025-01-01', 2025,"
                " 'eligible', '2026-01-01', 1)"
            ), {"id": f"e{number}"})  # fmt: skip
            db.execute(sa.text(
                "INSERT INTO fulfilment_case (id, entitlement_id, policy_id, uscc, name, province,"
                " zone, payer, year, track, track_reason, state, step, ledger_version, consent,"
                " entitled_on, updated_at, pool_id) VALUES (:id, :e, 'k', 'u', 'n', '甘肃省',"
                " :zone, 'zone', 2025, 'auto', 'r', 'approved', 0, 1, false, '2026-01-01',"
                " '2026-01-01', :pool)"
            ), {"id": number, "e": f"e{number}", "zone": zone, "pool": pool})  # fmt: skip
    migrate(engine)
    with engine.begin() as db:
        owners = db.execute(sa.text("SELECT id, owner FROM fund_pool ORDER BY id")).all()
        linked = db.execute(
            sa.text("SELECT id, pool_id, city FROM fulfilment_case ORDER BY id")
        ).all()
    engine.dispose()
    # 1: one zone's cases; 2: two zones' (unknown, refused until set again); 3: the province's;
    # 4: no case to tell.
    assert [tuple(row) for row in owners] == [(1, "GS-BY"), (2, ""), (3, "甘肃省"), (4, "")]
    assert [tuple(row) for row in linked] == [
        (1, 1, "白银市"),
        (2, 2, "白银市"),
        (3, 2, None),
        (4, 3, "白银市"),
    ]
