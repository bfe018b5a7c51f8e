"""The core's existing reads take a Scope: rows outside it are never read."""

from __future__ import annotations

import pytest

from techzone.access import Scope
from techzone.cultivation.applications import find_applications
from techzone.rules.records import UnknownEnterprise, read_records
from techzone.store import Store
from tests.registry.conftest import PARK, PROVINCE, ZONE, uscc


@pytest.mark.parametrize("columnar", [True, False])
def test_read_records_park_scope(register: Store, columnar: bool) -> None:
    with register.transaction() as session:
        records = read_records(session, scope=PARK, columnar=columnar)
    assert sorted(records.enterprises["uscc"]) == sorted([uscc(1), uscc(5)])
    assert set(records.qualifications["uscc"]) <= {uscc(1), uscc(5)}
    assert set(records.enterprises["park"]) == {"甲一园"}


def test_read_records_province_scope_never_another_province(register: Store) -> None:
    with register.transaction() as session:
        records = read_records(session, scope=PROVINCE)
    assert set(records.enterprises["zone_code"]) == {"GS-A", "GS-B"}
    assert set(records.enterprises["province"]) == {"甘肃省"}


def test_a_named_enterprise_outside_the_scope_is_unknown(register: Store) -> None:
    with register.transaction() as session, pytest.raises(UnknownEnterprise):
        read_records(session, uscc=uscc(3), scope=ZONE)
    with register.transaction() as session:
        inside = read_records(session, uscc=uscc(2), scope=ZONE)
        # The command line's arguments alone still work as before.
        plain = read_records(session, zone="GS-B")
    assert list(inside.enterprises["uscc"]) == [uscc(2)]
    assert list(plain.enterprises["uscc"]) == [uscc(3)]


def test_applications_listing_is_scoped(register: Store) -> None:
    with register.transaction() as session:
        province = {a.uscc for a in find_applications(session, scope=PROVINCE)}
        park = {a.uscc for a in find_applications(session, scope=PARK)}
        unit = find_applications(session, scope=Scope(unit="其他单位"))
    assert province == {uscc(1), uscc(3)}
    assert park == {uscc(1)}
    assert unit == []


def test_two_different_restrictions_admit_nothing(register: Store) -> None:
    with register.transaction() as session:
        conflicting = read_records(session, zone="GS-B", scope=ZONE, columnar=False)
    assert conflicting.enterprises.is_empty()
