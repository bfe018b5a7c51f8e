"""Zone indicators for the two tiers above 小巨人: holders at the year's end, counted like HNTE."""

from __future__ import annotations

from datetime import date

from techzone.store import Store
from techzone.zones.indicators import zone_indicators
from tests.cultivation.factory import ZONE, enterprise, qualification, write


def test_key_little_giants_and_champions_held_at_the_year_end(sqlite_store: Store) -> None:
    key, champion = "重点小巨人企业", "制造业单项冠军企业"
    write(
        sqlite_store,
        *(enterprise(n) for n in range(1, 8)),
        # 重点"小巨人" records no term (148号 gives a support period, not a validity).
        qualification(1, key, "ZDXJR-2024-1", date(2024, 9, 1), None),
        # Issued after the year's end: not held on 2025-12-31.
        qualification(2, key, "ZDXJR-2026-2", date(2026, 1, 1), None),
        # 单项冠军: valid through the year's end (both sides of the last day).
        qualification(3, champion, "DXGJ-2023-3", date(2023, 1, 1), date(2025, 12, 31)),
        qualification(4, champion, "DXGJ-2022-4", date(2022, 12, 1), date(2025, 12, 30), "已过期"),
        # Revoked during the year, and a failed application: neither held.
        qualification(
            5,
            champion,
            "DXGJ-2024-5",
            date(2024, 1, 1),
            date(2026, 12, 31),
            "已撤销",
            revoked_on=date(2025, 6, 1),
        ),
        qualification(6, champion, "DXGJ-2025-6", date(2025, 3, 1), None, "未通过"),
        # Revoked only after the year's end: still held on 2025-12-31.
        qualification(
            7,
            champion,
            "DXGJ-2024-7",
            date(2024, 1, 1),
            date(2026, 12, 31),
            "已撤销",
            revoked_on=date(2026, 2, 1),
        ),
    )
    with sqlite_store.transaction() as session:
        (row,) = zone_indicators(session, [2025], ZONE)
    assert row.values["key_little_giant_total"] == 1
    assert row.values["mfg_champion_total"] == 2
    assert row.values["hnte_total"] == 0
