"""Zone-wide reads in a caller's scope: indicators, targets and the evaluation read only the zones
a province or a zone reaches; a park's or an enterprise's scope reaches no whole zone."""

from __future__ import annotations

import pytest

from techzone.access import Role, Scope
from techzone.rules.records import UnknownZone
from techzone.store import Store
from techzone.zones.evaluation import annual_evaluation
from techzone.zones.indicators import zone_indicators
from techzone.zones.progress import target_status
from tests.registry.conftest import PARK, PROVINCE, ZONE

YEAR = 2025


def _codes(register: Store, scope: Scope | None) -> list[str]:
    with register.transaction() as session:
        return [row.zone for row in zone_indicators(session, [YEAR], scope=scope)]


def test_each_scope_reads_its_zones(register: Store) -> None:
    assert _codes(register, None) == ["GS-A", "GS-B", "SX-C"]
    assert _codes(register, PROVINCE) == ["GS-A", "GS-B"]
    assert _codes(register, ZONE) == ["GS-A"]
    assert _codes(register, PARK) == []
    assert _codes(register, Scope(role=Role.ENTERPRISE, zone="GS-A", uscc="X")) == []


def test_a_zone_named_outside_the_scope_is_unknown(register: Store) -> None:
    with register.transaction() as session:
        with pytest.raises(UnknownZone):
            zone_indicators(session, [YEAR], "GS-B", scope=ZONE)
        with pytest.raises(UnknownZone):
            target_status(session, YEAR, "GS-B", scope=ZONE)
        assert zone_indicators(session, [YEAR], "GS-B", scope=PROVINCE)[0].zone == "GS-B"


def test_the_evaluation_keeps_the_scopes_zones(register: Store) -> None:
    with register.transaction() as session:
        whole = annual_evaluation(session, YEAR)
        mine = annual_evaluation(session, YEAR, scope=ZONE)
        other = annual_evaluation(session, YEAR, scope=Scope(province="陕西省"))
    assert {row.zone for row in mine.indicators} == {"GS-A"}
    assert mine.results, "甘肃's provincial scheme covers 甲高新区 (省级)"
    for result in mine.results:
        assert set(result.standings) <= {"GS-A"}
        assert all(row.zone == "GS-A" for row in result.ranking)
        assert all(c.zone == "GS-A" for c in result.consequences)
    # No scheme covers 陕西省: nothing of 甘肃's evaluation reaches it.
    assert other.results == [] and len(whole.results) >= len(mine.results)
