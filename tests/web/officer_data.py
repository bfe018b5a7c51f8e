"""Enterprises of the web tests' demo by place, for isolation checks (read straight from the
store, not through the code under test)."""

from __future__ import annotations

from sqlalchemy import select

from techzone.accounts.demo import DEMO_PARK, DEMO_ZONE
from techzone.model import Enterprise, Park, Zone
from techzone.store import Store


def usccs(store: Store) -> dict[str, list[str]]:
    """USCCs by place: ``park`` (the demo park), ``zone_other_park``, ``other_zone``."""
    found: dict[str, list[str]] = {"park": [], "zone_other_park": [], "other_zone": []}
    with store.transaction() as session:
        rows = session.execute(
            select(Enterprise.uscc, Zone.code, Park.code)
            .join(Park, Enterprise.park_id == Park.id)
            .join(Zone, Park.zone_id == Zone.id)
            .order_by(Enterprise.uscc)
        )
        for uscc, zone, park in rows:
            if zone != DEMO_ZONE:
                found["other_zone"].append(uscc)
            elif park == DEMO_PARK:
                found["park"].append(uscc)
            else:
                found["zone_other_park"].append(uscc)
    return found
